#include "scenario.h"

#include "server/messagetemplate.h"

#include <QCoreApplication>
#include <QUuid>

#include <array>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Scenario)
};

using Kind = ScenarioStep::Kind;
using Payload = ScenarioStep::Payload;

constexpr std::array kKinds = {
    std::pair {Kind::Connect, "connect"},
    std::pair {Kind::Send, "send"},
    std::pair {Kind::Expect, "expect"},
    std::pair {Kind::Capture, "capture"},
    std::pair {Kind::Ping, "ping"},
    std::pair {Kind::Wait, "wait"},
    std::pair {Kind::Close, "close"},
    std::pair {Kind::ExpectClose, "expectClose"},
    std::pair {Kind::Serve, "serve"},
    std::pair {Kind::ExpectServerReceived, "expectServerReceived"},
    std::pair {Kind::Emit, "emit"},
};

constexpr std::array kPayloads = {
    std::pair {Payload::Text, "text"},       std::pair {Payload::Json, "json"},
    std::pair {Payload::Hex, "hex"},         std::pair {Payload::Base64, "base64"},
    std::pair {Payload::Snippet, "snippet"},
};

// Whether a kind acts on one of the run's sockets (and so takes "socket").
bool usesSocket(Kind kind)
{
    return kind != Kind::Wait && kind != Kind::Serve && kind != Kind::ExpectServerReceived;
}

// The keys each kind reads, beside "kind" and "name".
QStringList keysOf(Kind kind)
{
    QStringList keys;
    switch (kind) {
    case Kind::Connect:
        keys = {u"connection"_s, u"url"_s,      u"subprotocols"_s, u"headers"_s,
                u"reconnect"_s,  u"socketIo"_s, u"auth"_s};
        break;
    case Kind::Emit:
        keys = {u"event"_s, u"args"_s, u"namespace"_s, u"ack"_s};
        break;
    case Kind::Send:
        keys = {u"text"_s, u"json"_s, u"hex"_s, u"base64"_s, u"snippet"_s};
        break;
    case Kind::Expect:
        keys = {u"match"_s, u"within"_s, u"count"_s, u"order"_s};
        break;
    case Kind::Capture:
        keys = {u"into"_s, u"json"_s, u"regex"_s, u"group"_s};
        break;
    case Kind::Ping:
        keys = {u"text"_s, u"hex"_s, u"base64"_s, u"within"_s};
        break;
    case Kind::Wait:
        keys = {u"ms"_s};
        break;
    case Kind::Close:
        keys = {u"code"_s, u"reason"_s, u"within"_s};
        break;
    case Kind::ExpectClose:
        keys = {u"code"_s, u"within"_s};
        break;
    case Kind::Serve:
        keys = {u"server"_s, u"as"_s};
        break;
    case Kind::ExpectServerReceived:
        keys = {u"server"_s, u"match"_s, u"within"_s, u"count"_s};
        break;
    }
    if (usesSocket(kind))
        keys << u"socket"_s;
    return keys;
}

constexpr qint64 kMaxMs = 3'600'000;

// The payload of a send or ping step: at most one of the payload keys (exactly one for send).
void readPayload(JsonReader &r, const QJsonObject &o, const QString &place, ScenarioStep &step,
                 bool required)
{
    QStringList present;
    for (const auto &[payload, key] : kPayloads) {
        if (o.contains(QLatin1String(key)))
            present << QLatin1String(key);
    }
    if (present.size() > 1) {
        r.fail(place,
               Tr::tr("has both \"%1\" and \"%2\"; a step sends one payload")
                   .arg(present[0], present[1]));
        return;
    }
    if (present.isEmpty()) {
        if (required)
            r.fail(place,
                   Tr::tr("needs one of \"text\", \"json\", \"hex\", \"base64\" or "
                          "\"snippet\""));
        return;
    }
    for (const auto &[payload, key] : kPayloads) {
        if (present[0] != QLatin1String(key))
            continue;
        step.payload = payload;
        if (payload == Payload::Json) {
            step.json = o.value(u"json");
        } else if (payload == Payload::Hex) {
            step.data = r.string(o, key, place);
            const QByteArray hex = step.data.toLatin1().replace(' ', "");
            if (hex.size() % 2 != 0 || QByteArray::fromHex(hex).toHex() != hex.toLower())
                r.fail(JsonReader::placeOf(place, key), Tr::tr("expected pairs of hex digits"));
        } else if (payload == Payload::Base64) {
            step.data = r.string(o, key, place);
            if (!QByteArray::fromBase64Encoding(step.data.toLatin1(),
                                                QByteArray::AbortOnBase64DecodingErrors))
                r.fail(JsonReader::placeOf(place, key), Tr::tr("expected base64"));
        } else {
            step.data = r.string(o, key, place);
        }
    }
}

ScenarioStep stepFromJson(JsonReader &r, const QJsonValue &value, const QString &place)
{
    ScenarioStep step;
    const QJsonObject o = r.object(value, place);
    const QString kindName = r.string(o, "kind", place, {}, true);
    if (kindName == u"expectEvent") {
        // Shorthand: an expect step whose match is a Socket.IO event.
        QJsonObject expect = o;
        QJsonObject match {{u"event"_s, o.value(u"event")}};
        if (o.contains(u"namespace"))
            match.insert(u"namespace"_s, o.value(u"namespace"));
        for (const char *key : {"event", "namespace", "match"}) {
            if (QLatin1String(key) == QLatin1String("match") && o.contains(u"match"))
                r.fail(place, Tr::tr("an expectEvent step takes \"event\", not \"match\""));
            expect.remove(QLatin1String(key));
        }
        expect.insert(u"kind"_s, u"expect"_s);
        expect.insert(u"match"_s, match);
        return stepFromJson(r, expect, place);
    }
    bool known = false;
    for (const auto &[kind, name] : kKinds) {
        if (kindName == QLatin1String(name)) {
            step.kind = kind;
            known = true;
        }
    }
    if (!r.ok())
        return step;
    if (!known) {
        QStringList names;
        for (const auto &[kind, name] : kKinds)
            names << QLatin1String(name);
        names << u"expectEvent"_s;
        r.fail(JsonReader::placeOf(place, "kind"),
               Tr::tr("\"%1\" is not a step; the steps are %2")
                   .arg(kindName, names.join(QStringLiteral(", "))));
        return step;
    }
    const QStringList allowed = keysOf(step.kind) + QStringList {u"kind"_s, u"name"_s};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key()))
            r.fail(place,
                   Tr::tr("unknown key \"%1\" for a %2 step (it takes %3)")
                       .arg(it.key(), kindName, keysOf(step.kind).join(u", "_s)));
    }
    step.name = r.string(o, "name", place);
    step.socket = r.string(o, "socket", place, step.socket);
    if (step.socket.isEmpty())
        r.fail(JsonReader::placeOf(place, "socket"), Tr::tr("must not be empty"));
    step.withinMs = int(r.integer(o, "within", place, step.withinMs, 0, kMaxMs));

    switch (step.kind) {
    case Kind::Connect: {
        step.connection = r.string(o, "connection", place);
        step.url = r.string(o, "url", place);
        if (step.connection.isEmpty() == step.url.isEmpty())
            r.fail(place,
                   Tr::tr("needs either \"connection\" (a connection of the session) or "
                          "\"url\""));
        step.subprotocols = r.strings(o, "subprotocols", place);
        const QJsonObject headers
            = r.object(o.value(u"headers"), JsonReader::placeOf(place, "headers"));
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            if (!it.value().isString())
                r.fail(JsonReader::placeOf(place, "headers") + u'.' + it.key(),
                       Tr::tr("expected a string"));
            step.headers.append({it.key(), it.value().toString()});
        }
        step.reconnect = r.boolean(o, "reconnect", place, false);
        step.socketIo = r.boolean(o, "socketIo", place, false);
        step.auth = r.string(o, "auth", place);
        if (!step.auth.isEmpty() && !step.socketIo)
            r.fail(JsonReader::placeOf(place, "auth"), Tr::tr("goes with \"socketIo\": true"));
        break;
    }
    case Kind::Emit:
        step.event = r.string(o, "event", place, {}, true);
        step.args = o.value(u"args");
        step.nsp = r.string(o, "namespace", place);
        if (!step.nsp.isEmpty() && !step.nsp.startsWith(u'/'))
            r.fail(JsonReader::placeOf(place, "namespace"), Tr::tr("a namespace starts with /"));
        step.ack = r.boolean(o, "ack", place, false);
        break;
    case Kind::Send:
        readPayload(r, o, place, step, true);
        break;
    case Kind::Ping:
        readPayload(r, o, place, step, false);
        if (step.payload == Payload::Json || step.payload == Payload::Snippet)
            r.fail(place, Tr::tr("a ping carries text, hex or base64"));
        break;
    case Kind::Expect:
    case Kind::ExpectServerReceived: {
        step.match
            = MessageMatch::fromJson(r, o.value(u"match"), JsonReader::placeOf(place, "match"));
        step.count = int(r.integer(o, "count", place, 1, 1, 1'000'000));
        if (step.kind == Kind::ExpectServerReceived) {
            step.server = r.string(o, "server", place, step.as);
            break;
        }
        const QString order = r.string(o, "order", place, u"any"_s);
        if (order != u"any" && order != u"strict")
            r.fail(JsonReader::placeOf(place, "order"), Tr::tr("expected \"any\" or \"strict\""));
        step.strictOrder = order == u"strict";
        break;
    }
    case Kind::Capture:
        step.into = r.string(o, "into", place, {}, true);
        step.jsonPath = r.string(o, "json", place);
        step.regex = r.string(o, "regex", place);
        step.group = int(r.integer(o, "group", place, 1, 0, 99));
        if (step.jsonPath.isEmpty() == step.regex.isEmpty())
            r.fail(place, Tr::tr("needs either \"json\" (a path) or \"regex\""));
        if (!step.regex.isEmpty() && !QRegularExpression(step.regex).isValid())
            r.fail(JsonReader::placeOf(place, "regex"),
                   QRegularExpression(step.regex).errorString());
        break;
    case Kind::Wait:
        step.ms = int(r.integer(o, "ms", place, 0, 0, kMaxMs));
        if (!o.contains(u"ms"))
            r.fail(JsonReader::placeOf(place, "ms"), Tr::tr("missing"));
        break;
    case Kind::Close:
        step.code = int(r.integer(o, "code", place, 1000, 1000, 4999));
        step.reason = r.string(o, "reason", place);
        break;
    case Kind::ExpectClose:
        step.code = int(r.integer(o, "code", place, 0, 0, 4999));
        break;
    case Kind::Serve:
        step.server = r.string(o, "server", place, {}, true);
        step.as = r.string(o, "as", place, step.as);
        break;
    }
    return step;
}

QJsonObject stepToJson(const ScenarioStep &step)
{
    QJsonObject o {{u"kind"_s, ScenarioStep::kindName(step.kind)}};
    if (!step.name.isEmpty())
        o.insert(u"name"_s, step.name);
    if (step.socket != u"main" && usesSocket(step.kind))
        o.insert(u"socket"_s, step.socket);
    const auto within = [&] {
        if (step.withinMs != ScenarioStep::kDefaultWithinMs)
            o.insert(u"within"_s, step.withinMs);
    };
    const auto payload = [&] {
        for (const auto &[payload, key] : kPayloads) {
            if (payload != step.payload)
                continue;
            if (payload == Payload::Json)
                o.insert(QLatin1String(key), step.json);
            else if (!step.data.isEmpty() || step.kind == Kind::Send)
                o.insert(QLatin1String(key), step.data);
        }
    };
    switch (step.kind) {
    case Kind::Connect:
        if (!step.connection.isEmpty())
            o.insert(u"connection"_s, step.connection);
        else
            o.insert(u"url"_s, step.url);
        if (!step.subprotocols.isEmpty())
            o.insert(u"subprotocols"_s, QJsonArray::fromStringList(step.subprotocols));
        if (!step.headers.isEmpty()) {
            QJsonObject headers;
            for (const auto &[name, value] : step.headers)
                headers.insert(name, value);
            o.insert(u"headers"_s, headers);
        }
        if (step.reconnect)
            o.insert(u"reconnect"_s, true);
        if (step.socketIo)
            o.insert(u"socketIo"_s, true);
        if (!step.auth.isEmpty())
            o.insert(u"auth"_s, step.auth);
        break;
    case Kind::Emit:
        o.insert(u"event"_s, step.event);
        if (!step.args.isUndefined())
            o.insert(u"args"_s, step.args);
        if (!step.nsp.isEmpty())
            o.insert(u"namespace"_s, step.nsp);
        if (step.ack)
            o.insert(u"ack"_s, true);
        break;
    case Kind::Send:
        payload();
        break;
    case Kind::Ping:
        payload();
        within();
        break;
    case Kind::Expect:
    case Kind::ExpectServerReceived:
        if (const QJsonValue m = step.match.toJson(); !m.isUndefined())
            o.insert(u"match"_s, m);
        within();
        if (step.count != 1)
            o.insert(u"count"_s, step.count);
        if (step.kind == Kind::ExpectServerReceived) {
            o.insert(u"server"_s, step.server);
            break;
        }
        if (step.strictOrder)
            o.insert(u"order"_s, u"strict"_s);
        break;
    case Kind::Capture:
        o.insert(u"into"_s, step.into);
        if (!step.jsonPath.isEmpty())
            o.insert(u"json"_s, step.jsonPath);
        else
            o.insert(u"regex"_s, step.regex);
        if (step.group != 1)
            o.insert(u"group"_s, step.group);
        break;
    case Kind::Wait:
        o.insert(u"ms"_s, step.ms);
        break;
    case Kind::Close:
        o.insert(u"code"_s, step.code);
        if (!step.reason.isEmpty())
            o.insert(u"reason"_s, step.reason);
        within();
        break;
    case Kind::ExpectClose:
        if (step.code != 0)
            o.insert(u"code"_s, step.code);
        within();
        break;
    case Kind::Serve:
        o.insert(u"server"_s, step.server);
        o.insert(u"as"_s, step.as);
        break;
    }
    return o;
}
} // namespace

QString ScenarioStep::kindName(Kind kind)
{
    for (const auto &[k, name] : kKinds) {
        if (k == kind)
            return QLatin1String(name);
    }
    return {};
}

QString ScenarioStep::title() const
{
    if (!name.isEmpty())
        return name;
    const QString on = socket == u"main" ? QString() : Tr::tr(" on %1").arg(socket);
    const auto sent = [this] {
        switch (payload) {
        case Payload::Json:
            return MessageTemplate::toText(json);
        case Payload::Snippet:
            return Tr::tr("snippet %1").arg(data);
        case Payload::Hex:
            return Tr::tr("bytes %1").arg(data);
        default:
            return data;
        }
    };
    switch (kind) {
    case Kind::Connect:
        return Tr::tr("connect%1 to %2").arg(on, connection.isEmpty() ? url : connection);
    case Kind::Send:
        return Tr::tr("send%1 %2").arg(on, messagePreview(false, sent().toUtf8()));
    case Kind::Expect:
        return Tr::tr("expect%1 %2").arg(on, match.describe());
    case Kind::Emit:
        return ack ? Tr::tr("emit%1 \"%2\" with an ack").arg(on, event)
                   : Tr::tr("emit%1 \"%2\"").arg(on, event);
    case Kind::Capture:
        return Tr::tr("capture {{%1}}%2").arg(into, on);
    case Kind::Ping:
        return Tr::tr("ping%1").arg(on);
    case Kind::Wait:
        return Tr::tr("wait %1 ms").arg(ms);
    case Kind::Close:
        return Tr::tr("close%1 with %2").arg(on).arg(code);
    case Kind::ExpectClose:
        return code ? Tr::tr("expect close%1 with %2").arg(on).arg(code)
                    : Tr::tr("expect close%1").arg(on);
    case Kind::Serve:
        return Tr::tr("serve %1 as {{%2.url}}").arg(server, as);
    case Kind::ExpectServerReceived:
        return Tr::tr("expect server %1 to receive %2").arg(server, match.describe());
    }
    return {};
}

Scenario Scenario::fromJson(JsonReader &r, const QJsonValue &value, const QString &place)
{
    Scenario s;
    const QJsonObject o = r.object(value, place);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"id" && it.key() != u"name" && it.key() != u"steps"
            && it.key() != u"onOpen")
            r.fail(place, Tr::tr("unknown key \"%1\"").arg(it.key()));
    }
    s.id = r.string(o, "id", place);
    s.name = r.string(o, "name", place, {}, true);
    const QJsonArray onOpen = r.array(o, "onOpen", place);
    for (qsizetype i = 0; i < onOpen.size() && r.ok(); ++i) {
        const QString at = JsonReader::placeOf(place, "onOpen") + u'[' + QString::number(i) + u']';
        s.onOpen << stepFromJson(r, onOpen[i], at);
        if (r.ok() && s.onOpen.last().kind != Kind::Send)
            r.fail(at, Tr::tr("only send steps run on open"));
    }
    const QJsonArray steps = r.array(o, "steps", place);
    for (qsizetype i = 0; i < steps.size() && r.ok(); ++i)
        s.steps << stepFromJson(
            r, steps[i], JsonReader::placeOf(place, "steps") + u'[' + QString::number(i) + u']');
    if (s.id.isEmpty())
        s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return s;
}

QJsonObject Scenario::toJson() const
{
    QJsonArray stepArray, onOpenArray;
    for (const ScenarioStep &step : steps)
        stepArray.append(stepToJson(step));
    for (const ScenarioStep &step : onOpen)
        onOpenArray.append(stepToJson(step));
    QJsonObject o {{u"id"_s, id}, {u"name"_s, name}, {u"steps"_s, stepArray}};
    if (!onOpenArray.isEmpty())
        o.insert(u"onOpen"_s, onOpenArray);
    return o;
}

bool Scenario::listFromJson(const QJsonArray &array, QList<Scenario> *out, QString *error)
{
    JsonReader r;
    QList<Scenario> list;
    for (qsizetype i = 0; i < array.size() && r.ok(); ++i)
        list << fromJson(r, array[i], u"scenarios["_s + QString::number(i) + u']');
    if (!r.ok()) {
        if (error)
            *error = r.error();
        return false;
    }
    *out = std::move(list);
    return true;
}

QJsonArray Scenario::listToJson(const QList<Scenario> &scenarios)
{
    QJsonArray array;
    for (const Scenario &s : scenarios)
        array.append(s.toJson());
    return array;
}

} // namespace Sockscope
