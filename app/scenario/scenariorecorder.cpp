#include "scenariorecorder.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Sockscope::ScenarioRecorder {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ScenarioRecorder)
};

using Kind = ScenarioStep::Kind;

bool isOpen(const LogEvent &e)
{
    return e.direction == Direction::Lifecycle && e.type == EventType::Open;
}

// Headers a connect step should send again: what the user set, not what the protocol adds,
// and never a secret one.
bool replayable(const ConnectionFacts::Header &h)
{
    const QString name = h.name.toLower();
    return !h.secret && !name.startsWith(u"sec-websocket") && name != u"host" && name != u"upgrade"
        && name != u"connection" && name != u"origin";
}

ScenarioStep expectFor(const LogEvent &e, const QStringList &jsonFields)
{
    ScenarioStep step;
    step.kind = Kind::Expect;
    if (e.type == EventType::Binary) {
        step.match.kind = MessageMatch::Kind::Bytes;
        step.match.bytes = e.data;
        return step;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(e.data);
    for (const QString &field : jsonFields) {
        const QJsonValue v = MessageMatch::valueAt(e.data, field);
        if (doc.isObject() && !v.isUndefined()) {
            step.match.kind = MessageMatch::Kind::JsonEquals;
            step.match.pattern = field;
            step.match.equals = v;
            return step;
        }
    }
    step.match.kind = MessageMatch::Kind::Exact;
    step.match.pattern = QString::fromUtf8(e.data);
    return step;
}

ScenarioStep sendFor(const LogEvent &e)
{
    ScenarioStep step;
    step.kind = Kind::Send;
    if (e.type == EventType::Binary) {
        step.payload = ScenarioStep::Payload::Hex;
        step.data = QString::fromLatin1(e.data.toHex());
        return step;
    }
    // JSON stays JSON in the file, so the step reads as the message did; only when it would
    // go out byte for byte the same.
    const QJsonDocument doc = QJsonDocument::fromJson(e.data);
    if ((doc.isObject() || doc.isArray()) && doc.toJson(QJsonDocument::Compact) == e.data) {
        step.payload = ScenarioStep::Payload::Json;
        step.json = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        return step;
    }
    step.payload = ScenarioStep::Payload::Text;
    step.data = QString::fromUtf8(e.data);
    return step;
}
} // namespace

Result<Scenario> fromConversation(const std::vector<LogEvent> &events, const Options &options)
{
    Scenario scenario;
    scenario.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    scenario.name = options.name.isEmpty() ? Tr::tr("Recorded conversation") : options.name;
    auto begin = std::find_if(events.begin(), events.end(), isOpen);
    ScenarioStep connect;
    connect.kind = Kind::Connect;
    connect.url = options.url;
    if (begin != events.end()) {
        if (const auto &facts = begin->facts) {
            if (!facts->url.isEmpty())
                connect.url = facts->url;
            if (!facts->subprotocol.isEmpty())
                connect.subprotocols = {facts->subprotocol};
            // By name, once each, as a step's "headers" object holds them.
            QMap<QString, QString> headers;
            for (const ConnectionFacts::Header &h : facts->requestHeaders) {
                if (replayable(h) && !headers.contains(h.name))
                    headers.insert(h.name, h.value);
            }
            for (auto it = headers.cbegin(); it != headers.cend(); ++it)
                connect.headers.append({it.key(), it.value()});
        }
        ++begin;
    } else {
        begin = events.begin();
    }
    if (connect.url.isEmpty())
        return Result<Scenario>::failure(
            Tr::tr("The log does not say where it connected; give the URL."));
    scenario.steps << connect;

    qint64 last = begin != events.end() ? begin->timestampMs : 0;
    for (auto it = begin; it != events.end() && !isOpen(*it); ++it) {
        const LogEvent &e = *it;
        const bool message = e.type == EventType::Text || e.type == EventType::Binary;
        if (e.direction == Direction::Sent && (message || e.type == EventType::Ping)) {
            if (options.keepTiming && e.timestampMs - last >= 10) {
                ScenarioStep wait;
                wait.kind = Kind::Wait;
                wait.ms = int(std::min<qint64>(e.timestampMs - last, 3'600'000));
                scenario.steps << wait;
            }
            last = e.timestampMs;
            if (e.type == EventType::Ping) {
                ScenarioStep ping;
                ping.kind = Kind::Ping;
                ping.data = QString::fromUtf8(e.data);
                if (!e.automatic)
                    scenario.steps << ping;
            } else {
                scenario.steps << sendFor(e);
            }
        } else if (e.direction == Direction::Received && message) {
            scenario.steps << expectFor(e, options.jsonFields);
        } else if (e.type == EventType::Close) {
            ScenarioStep close;
            close.kind = e.direction == Direction::Sent ? Kind::Close : Kind::ExpectClose;
            close.code = e.closeCode;
            const bool expressible = close.code >= 1000 && close.code <= 4999;
            if (e.direction == Direction::Sent) {
                close.reason = QString::fromUtf8(e.data);
                if (!expressible)
                    close.code = 1000;
            } else if (e.direction == Direction::Lifecycle || !expressible) {
                close.code = 0; // it dropped, or a code no close can have: any close will do
            }
            scenario.steps << close;
            break;
        }
    }
    if (scenario.steps.size() == 1)
        return Result<Scenario>::failure(
            Tr::tr("The log has no messages to make a scenario from."));
    return scenario;
}

QStringList jsonFieldsIn(const std::vector<LogEvent> &events)
{
    QHash<QString, int> counts;
    QStringList order;
    for (const LogEvent &e : events) {
        if (e.direction != Direction::Received || e.type != EventType::Text)
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(e.data);
        if (!doc.isObject())
            continue;
        for (const QString &key : doc.object().keys()) {
            if (!counts.contains(key))
                order << key;
            ++counts[key];
        }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](const QString &a, const QString &b) { return counts[a] > counts[b]; });
    return order;
}

} // namespace Sockscope::ScenarioRecorder
