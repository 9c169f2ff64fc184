#include "artilleryexport.h"

#include "session/variables.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Sockscope::ArtilleryExport {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ArtilleryExport)
};

using Kind = ScenarioStep::Kind;

// A flow entry: a step for Artillery, or a comment saying what was left out.
struct Entry
{
    QJsonObject step;
    QString comment;
};

// YAML from JSON values: every scalar written as a JSON string or number, which YAML reads
// the same; objects and lists in block style, so the script reads like a hand-written one.
class Yaml
{
public:
    void comment(int indent, const QString &text)
    {
        for (const QString &line : text.split(u'\n'))
            m_out += QByteArray(indent, ' ') + "# " + line.toUtf8() + '\n';
    }
    void keyValue(int indent, const QString &key, const QJsonValue &value)
    {
        m_out += QByteArray(indent, ' ') + keyText(key) + ':';
        block(indent, value);
    }
    void listItem(int indent, const QJsonValue &value)
    {
        if (value.isObject() && !value.toObject().isEmpty()) {
            const QJsonObject o = value.toObject();
            bool first = true;
            for (auto it = o.begin(); it != o.end(); ++it) {
                m_out += first ? QByteArray(indent, ' ') + "- " : QByteArray(indent + 2, ' ');
                m_out += keyText(it.key()) + ':';
                block(indent + 2, it.value());
                first = false;
            }
            return;
        }
        m_out += QByteArray(indent, ' ') + "-";
        block(indent, value);
    }
    QByteArray text() const { return m_out; }

private:
    void block(int indent, const QJsonValue &value)
    {
        if (value.isObject() && !value.toObject().isEmpty()) {
            m_out += '\n';
            const QJsonObject o = value.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                keyValue(indent + 2, it.key(), it.value());
        } else if (value.isArray() && !value.toArray().isEmpty()) {
            m_out += '\n';
            for (const QJsonValue &item : value.toArray())
                listItem(indent + 2, item);
        } else {
            m_out += ' ' + scalar(value) + '\n';
        }
    }
    // A key as a person writes it: bare when it is a plain word.
    static QByteArray keyText(const QString &key)
    {
        static const QRegularExpression plain(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
        return plain.match(key).hasMatch() ? key.toUtf8() : scalar(key);
    }
    static QByteArray scalar(const QJsonValue &value)
    {
        const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        return json.mid(1, json.size() - 2);
    }
    QByteArray m_out;
};

// A JSONPath for Artillery from a Sockscope path ("a.b", "$.a.b" or "$").
QString jsonPathOf(const QString &path)
{
    QString p = path;
    p.remove(QRegularExpression(u"^\\$\\.?"_s));
    return p.isEmpty() ? QStringLiteral("$") : QStringLiteral("$.") + p;
}

// What Artillery checks in the next message for this expect, or an empty object when it
// cannot say it.
QJsonObject checkOf(const MessageMatch &m, int index)
{
    const QString escaped = QRegularExpression::escape(m.pattern);
    const QString anchored = QStringLiteral("^") + escaped + QStringLiteral("$");
    switch (m.kind) {
    case MessageMatch::Kind::Exact:
        return {{u"match"_s, QJsonObject {{u"regexp"_s, anchored}, {u"value"_s, m.pattern}}}};
    case MessageMatch::Kind::Contains:
        return {{u"match"_s, QJsonObject {{u"regexp"_s, escaped}, {u"value"_s, m.pattern}}}};
    case MessageMatch::Kind::Regex:
        return {{u"capture"_s,
                 QJsonObject {{u"regexp"_s, m.pattern}, {u"as"_s, u"_expect%1"_s.arg(index)}}}};
    case MessageMatch::Kind::JsonEquals:
        if (m.equals.isObject() || m.equals.isArray() || m.equals.isNull())
            return {};
        return {
            {u"match"_s, QJsonObject {{u"json"_s, jsonPathOf(m.pattern)}, {u"value"_s, m.equals}}}};
    case MessageMatch::Kind::JsonExists:
        return {{u"capture"_s,
                 QJsonObject {{u"json"_s, jsonPathOf(m.pattern)},
                              {u"as"_s, u"_expect%1"_s.arg(index)}}}};
    case MessageMatch::Kind::Any:
        return {
            {u"capture"_s,
             QJsonObject {{u"regexp"_s, u"[\\s\\S]*"_s}, {u"as"_s, u"_expect%1"_s.arg(index)}}}};
    case MessageMatch::Kind::Bytes:
        return {};
    case MessageMatch::Kind::Event: {
        // The raw Engine.IO text: 42 or 45N-, the namespace, an ack id, then ["event".
        const QString nsp = m.nsp.isEmpty() || m.nsp == u"/"
            ? QStringLiteral("(?:/[^,]*,)?")
            : QRegularExpression::escape(m.nsp + u',');
        const QString regexp = QStringLiteral("^4(?:2|5\\d+-)") + nsp + QStringLiteral("\\d*\\[\"")
            + escaped + QStringLiteral("\"");
        return {{u"capture"_s,
                 QJsonObject {{u"regexp"_s, regexp}, {u"as"_s, u"_expect%1"_s.arg(index)}}}};
    }
    }
    return {};
}

QString payloadText(const ScenarioStep &s, bool *ok)
{
    *ok = true;
    switch (s.payload) {
    case ScenarioStep::Payload::Text:
        return s.data;
    case ScenarioStep::Payload::Json:
        return s.json.isString()
            ? s.json.toString()
            : QString::fromUtf8(QJsonDocument(s.json.isArray() ? QJsonDocument(s.json.toArray())
                                                               : QJsonDocument(s.json.toObject()))
                                    .toJson(QJsonDocument::Compact));
    default:
        *ok = false;
        return {};
    }
}

QList<Entry> flowOf(const Scenario &scenario, QStringList *skipped)
{
    QList<Entry> flow;
    QString socket;
    const auto skip = [&](int i, const ScenarioStep &s, const QString &why) {
        const QString text = Tr::tr("%1, step %2 (%3): %4")
                                 .arg(scenario.name)
                                 .arg(i + 1)
                                 .arg(ScenarioStep::kindName(s.kind), why);
        skipped->append(text);
        flow.append({{}, Tr::tr("skipped: step %1, %2: %3").arg(i + 1).arg(s.title(), why)});
    };
    // The send or wait an expect or capture after it checks: the last entry, while it checks
    // nothing yet.
    int open = -1;
    for (qsizetype i = 0; i < scenario.steps.size(); ++i) {
        const ScenarioStep &s = scenario.steps[i];
        if (s.kind == Kind::Connect) {
            if (!socket.isEmpty()) {
                skip(int(i), s, Tr::tr("an Artillery scenario has one connection"));
                continue;
            }
            socket = s.socket;
            if (!s.connection.isEmpty()) {
                skip(int(i), s,
                     Tr::tr("Artillery does not know the session's connection "
                            "\"%1\"; set the target yourself")
                         .arg(s.connection));
                continue;
            }
            QJsonObject connect {{u"target"_s, s.url}};
            if (!s.subprotocols.isEmpty())
                connect.insert(u"subprotocols"_s, QJsonArray::fromStringList(s.subprotocols));
            if (!s.headers.isEmpty()) {
                QJsonObject headers;
                for (const auto &[name, value] : s.headers)
                    headers.insert(name, value);
                connect.insert(u"headers"_s, headers);
            }
            if (s.reconnect)
                skipped->append(Tr::tr("%1, step %2 (connect): Artillery does not reconnect")
                                    .arg(scenario.name)
                                    .arg(i + 1));
            flow.append({{{u"connect"_s, connect}}, {}});
            open = -1;
            continue;
        }
        if (s.kind != Kind::Serve && s.kind != Kind::Wait && s.kind != Kind::ExpectServerReceived
            && s.socket != socket) {
            skip(int(i), s,
                 Tr::tr("it is on socket \"%1\"; Artillery has one connection").arg(s.socket));
            continue;
        }
        switch (s.kind) {
        case Kind::Send: {
            bool ok = false;
            const QString payload = payloadText(s, &ok);
            if (!ok) {
                skip(int(i), s, Tr::tr("Artillery's ws engine sends text only"));
                continue;
            }
            flow.append({{{u"send"_s, QJsonObject {{u"payload"_s, payload}}}}, {}});
            open = int(flow.size() - 1);
            break;
        }
        case Kind::Expect: {
            const QJsonObject check = checkOf(s.match, int(i) + 1);
            if (check.isEmpty()) {
                skip(int(i), s, Tr::tr("Artillery cannot check this kind of message"));
                continue;
            }
            for (int n = 0; n < s.count; ++n) {
                // The first check goes on the send before it; the rest wait for a message.
                if (open < 0) {
                    flow.append({{{u"wait"_s, check}}, {}});
                } else {
                    QJsonObject send = flow[open].step.value(u"send"_s).toObject();
                    for (auto it = check.begin(); it != check.end(); ++it)
                        send.insert(it.key(), it.value());
                    flow[open].step.insert(u"send"_s, send);
                }
                open = -1;
            }
            break;
        }
        case Kind::Capture: {
            // Artillery captures from the message it checks: the one before, if it was the
            // last thing checked.
            if (flow.isEmpty() || !flow.last().comment.isEmpty()) {
                skip(int(i), s, Tr::tr("nothing before it to capture from"));
                continue;
            }
            const QString key = flow.last().step.contains(u"send"_s) ? u"send"_s : u"wait"_s;
            QJsonObject checked = flow.last().step.value(key).toObject();
            const QJsonObject capture = s.jsonPath.isEmpty()
                ? QJsonObject {{u"regexp"_s, s.regex}, {u"group"_s, s.group}, {u"as"_s, s.into}}
                : QJsonObject {{u"json"_s, jsonPathOf(s.jsonPath)}, {u"as"_s, s.into}};
            if (checked.contains(u"capture"_s)) {
                skip(int(i), s, Tr::tr("Artillery takes one capture per message here"));
                continue;
            }
            checked.insert(u"capture"_s, capture);
            flow.last().step.insert(key, checked);
            break;
        }
        case Kind::Wait:
            flow.append({{{u"think"_s, s.ms / 1000.0}}, {}});
            open = -1;
            break;
        case Kind::Ping:
            skip(int(i), s, Tr::tr("Artillery's ws engine sends no pings"));
            break;
        case Kind::Close:
            skip(int(i), s, Tr::tr("Artillery closes the connection when the flow ends"));
            break;
        case Kind::ExpectClose:
            skip(int(i), s, Tr::tr("Artillery cannot check a close"));
            break;
        case Kind::Serve:
            skip(int(i), s,
                 Tr::tr("Artillery starts no mock server; point the target at one "
                        "(sockscope serve)"));
            break;
        case Kind::ExpectServerReceived:
            skip(int(i), s, Tr::tr("Artillery cannot see what a server received"));
            break;
        case Kind::Emit:
            skip(int(i), s,
                 Tr::tr("Artillery's ws engine speaks no Socket.IO (its socketio engine is "
                        "another script)"));
            break;
        case Kind::Connect:
            break;
        }
    }
    if (!scenario.onOpen.isEmpty())
        skipped->append(Tr::tr("%1, on open: sent once after the connect, not after "
                               "reconnects")
                            .arg(scenario.name));
    // On-open sends go right after the connect, as Sockscope sends them after the first open.
    qsizetype at = 0;
    while (at < flow.size() && !flow[at].step.contains(u"connect"_s))
        ++at;
    if (at < flow.size()) {
        for (const ScenarioStep &s : scenario.onOpen) {
            bool ok = false;
            const QString payload = payloadText(s, &ok);
            if (ok)
                flow.insert(
                    ++at,
                    Entry {QJsonObject {{u"send"_s, QJsonObject {{u"payload"_s, payload}}}}, {}});
        }
    }
    return flow;
}
} // namespace

Result<Script> toYaml(const QList<Scenario> &scenarios, const QList<Variable> &variables,
                      int arrivalCount)
{
    Script script;
    QString target;
    QList<QList<Entry>> flows;
    for (const Scenario &s : scenarios) {
        flows << flowOf(s, &script.skipped);
        for (const ScenarioStep &step : s.steps) {
            if (target.isEmpty() && step.kind == Kind::Connect && !step.url.isEmpty())
                target = step.url;
        }
    }
    if (target.isEmpty())
        return Result<Script>::failure(
            Tr::tr("No scenario connects to a URL: Artillery needs a target."));

    QJsonObject vars;
    for (const Variable &v : variables) {
        if (v.secret) {
            script.skipped << Tr::tr("the secret variable {{%1}} is not written: give it to "
                                     "Artillery with --variables")
                                  .arg(v.name);
            continue;
        }
        vars.insert(v.name, QJsonArray {v.value});
    }
    Yaml yaml;
    yaml.comment(0,
                 Tr::tr("Written by Sockscope. Artillery checks only the next message after "
                        "each send:\nsee Sockscope's README, \"Beyond one machine\"."));
    // Artillery reads the target before it knows any variable: the URL with them put in.
    QJsonObject config {
        {u"target"_s, Variables::substitute(target, variables)},
        {u"phases"_s,
         QJsonArray {QJsonObject {{u"duration"_s, 1}, {u"arrivalCount"_s, arrivalCount}}}},
        // A failed match fails the run (its exit code), as in `sockscope run`.
        {u"plugins"_s, QJsonObject {{u"ensure"_s, QJsonObject {{u"maxErrorRate"_s, 0}}}}}};
    if (!vars.isEmpty())
        config.insert(u"variables"_s, vars);
    yaml.keyValue(0, u"config"_s, config);
    QByteArray out = yaml.text() + "scenarios:\n";
    for (qsizetype i = 0; i < scenarios.size(); ++i) {
        Yaml entry;
        entry.listItem(2, QJsonObject {{u"name"_s, scenarios[i].name}, {u"engine"_s, u"ws"_s}});
        Yaml steps;
        for (const Entry &e : flows[i]) {
            if (!e.comment.isEmpty())
                steps.comment(6, e.comment);
            else
                steps.listItem(6, e.step);
        }
        out += entry.text() + "    flow:\n" + steps.text();
    }
    script.yaml = out;
    return script;
}

} // namespace Sockscope::ArtilleryExport
