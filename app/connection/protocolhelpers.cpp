#include "protocolhelpers.h"

#include "decoders/jsonvalue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Sockscope {

namespace {
using Message = ProtocolHelper::Message;
using Values = QMap<QString, QString>;

QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::ProtocolHelper", text);
}

Result<Message> text(const QString &s)
{
    return Message {s.toUtf8(), false};
}

// A JSON field: empty gives fallback, else it must parse.
Result<QJsonValue> jsonField(const Values &v, const QString &key, const QString &label,
                             QJsonValue fallback = QJsonValue::Undefined)
{
    const QString raw = v.value(key).trimmed();
    if (raw.isEmpty())
        return fallback;
    QString error;
    const QJsonValue value = JsonValue::parse(raw.toUtf8(), &error);
    if (value.isUndefined())
        return Result<QJsonValue>::failure(tr("%1: %2").arg(label, error));
    return value;
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// STOMP 1.2: the command, headers escaped, a blank line, the body and NUL.
Result<Message> stomp(const QString &command, const QList<std::pair<QString, QString>> &headers,
                      const QString &body = {})
{
    const auto escape = [](QString s) {
        return s.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'\n', QStringLiteral("\\n"))
            .replace(u'\r', QStringLiteral("\\r"))
            .replace(u':', QStringLiteral("\\c"));
    };
    QString frame = command + u'\n';
    for (const auto &[name, value] : headers) {
        if (!value.isEmpty())
            frame += escape(name) + u':' + escape(value) + u'\n';
    }
    return Message {(frame + u'\n' + body).toUtf8() + QByteArray(1, '\0'), false};
}

Result<Message> needs(const Values &v, const QStringList &keys, const QStringList &labels)
{
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (v.value(keys[i]).trimmed().isEmpty())
            return Result<Message>::failure(tr("%1 is needed").arg(labels[i]));
    }
    return Message {};
}

// MQTT: a two-byte length and the bytes.
QByteArray mqttString(const QByteArray &s)
{
    return QByteArray(1, char(s.size() >> 8)) + char(s.size() & 0xff) + s;
}

QByteArray mqttPacket(quint8 first, const QByteArray &body)
{
    QByteArray out(1, char(first));
    qsizetype n = body.size();
    do {
        quint8 b = n % 128;
        n /= 128;
        if (n > 0)
            b |= 0x80;
        out += char(b);
    } while (n > 0);
    return out + body;
}

Result<int> integer(const Values &v, const QString &key, const QString &label, int lo, int hi)
{
    bool ok = false;
    const int n = v.value(key).trimmed().toInt(&ok);
    if (!ok || n < lo || n > hi)
        return Result<int>::failure(
            tr("%1 must be a whole number from %2 to %3").arg(label).arg(lo).arg(hi));
    return n;
}
} // namespace

QList<ProtocolHelper> ProtocolHelper::all(const std::function<qint64()> &nextId)
{
    QList<ProtocolHelper> list;
    const QString stompName = QStringLiteral("STOMP");
    list << ProtocolHelper {stompName,
                            QStringLiteral("CONNECT"),
                            {{u"host"_qs, tr("Host"), u"localhost"_qs},
                             {u"login"_qs, tr("Login"), {}},
                             {u"passcode"_qs, tr("Passcode"), {}}},
                            [](const Values &v) {
                                return stomp(QStringLiteral("CONNECT"),
                                             {{u"accept-version"_qs, u"1.2"_qs},
                                              {u"host"_qs, v.value(u"host"_qs)},
                                              {u"login"_qs, v.value(u"login"_qs)},
                                              {u"passcode"_qs, v.value(u"passcode"_qs)},
                                              {u"heart-beat"_qs, u"0,0"_qs}});
                            }};
    list << ProtocolHelper {stompName,
                            QStringLiteral("SUBSCRIBE"),
                            {{u"destination"_qs, tr("Destination"), u"/topic/"_qs},
                             {u"id"_qs, tr("Subscription id"), u"sub-0"_qs},
                             {u"ack"_qs, tr("Ack mode"), u"auto"_qs}},
                            [](const Values &v) -> Result<Message> {
                                if (auto missing
                                    = needs(v, {u"destination"_qs, u"id"_qs},
                                            {tr("Destination"), tr("Subscription id")});
                                    !missing)
                                    return missing;
                                return stomp(QStringLiteral("SUBSCRIBE"),
                                             {{u"id"_qs, v.value(u"id"_qs)},
                                              {u"destination"_qs, v.value(u"destination"_qs)},
                                              {u"ack"_qs, v.value(u"ack"_qs)}});
                            }};
    list << ProtocolHelper {
        stompName,
        QStringLiteral("SEND"),
        {{u"destination"_qs, tr("Destination"), u"/queue/"_qs},
         {u"content-type"_qs, tr("Content type"), u"application/json"_qs},
         {u"body"_qs, tr("Body"), {}}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"destination"_qs}, {tr("Destination")}); !missing)
                return missing;
            const QByteArray body = v.value(u"body"_qs).toUtf8();
            return stomp(QStringLiteral("SEND"),
                         {{u"destination"_qs, v.value(u"destination"_qs)},
                          {u"content-type"_qs, v.value(u"content-type"_qs)},
                          {u"content-length"_qs, QString::number(body.size())}},
                         v.value(u"body"_qs));
        }};
    list << ProtocolHelper {
        stompName,
        QStringLiteral("ACK"),
        {{u"id"_qs, tr("Message's ack id"), {}}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"id"_qs}, {tr("Message's ack id")}); !missing)
                return missing;
            return stomp(QStringLiteral("ACK"), {{u"id"_qs, v.value(u"id"_qs)}});
        }};
    list << ProtocolHelper {
        stompName,
        QStringLiteral("DISCONNECT"),
        {{u"receipt"_qs, tr("Receipt"), u"bye"_qs}},
        [](const Values &v) {
            return stomp(QStringLiteral("DISCONNECT"), {{u"receipt"_qs, v.value(u"receipt"_qs)}});
        }};

    list << ProtocolHelper {
        QStringLiteral("JSON-RPC"),
        tr("Call"),
        {{u"method"_qs, tr("Method"), {}}, {u"params"_qs, tr("Params (JSON)"), u"[]"_qs}},
        [nextId](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"method"_qs}, {tr("Method")}); !missing)
                return missing;
            const Result<QJsonValue> params = jsonField(v, u"params"_qs, tr("Params"));
            if (!params)
                return Result<Message>::failure(params.error());
            if (!params->isUndefined() && !params->isArray() && !params->isObject())
                return Result<Message>::failure(tr("Params must be a JSON array or object"));
            QJsonObject call {{u"jsonrpc"_qs, u"2.0"_qs},
                              {u"id"_qs, double(nextId())},
                              {u"method"_qs, v.value(u"method"_qs).trimmed()}};
            if (!params->isUndefined())
                call.insert(u"params"_qs, *params);
            return text(compact(call));
        }};
    list << ProtocolHelper {
        QStringLiteral("JSON-RPC"),
        tr("Notification"),
        {{u"method"_qs, tr("Method"), {}}, {u"params"_qs, tr("Params (JSON)"), u"[]"_qs}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"method"_qs}, {tr("Method")}); !missing)
                return missing;
            const Result<QJsonValue> params = jsonField(v, u"params"_qs, tr("Params"));
            if (!params)
                return Result<Message>::failure(params.error());
            QJsonObject call {{u"jsonrpc"_qs, u"2.0"_qs},
                              {u"method"_qs, v.value(u"method"_qs).trimmed()}};
            if (!params->isUndefined())
                call.insert(u"params"_qs, *params);
            return text(compact(call));
        }};

    const QString graphql = QStringLiteral("GraphQL-WS");
    list << ProtocolHelper {graphql,
                            QStringLiteral("connection_init"),
                            {{u"payload"_qs, tr("Payload (JSON)"), {}}},
                            [](const Values &v) -> Result<Message> {
                                const Result<QJsonValue> payload
                                    = jsonField(v, u"payload"_qs, tr("Payload"));
                                if (!payload)
                                    return Result<Message>::failure(payload.error());
                                QJsonObject o {{u"type"_qs, u"connection_init"_qs}};
                                if (!payload->isUndefined())
                                    o.insert(u"payload"_qs, *payload);
                                return text(compact(o));
                            }};
    list << ProtocolHelper {
        graphql,
        QStringLiteral("subscribe"),
        {{u"id"_qs, tr("Operation id"), u"1"_qs},
         {u"query"_qs, tr("Query"), u"subscription { }"_qs},
         {u"variables"_qs, tr("Variables (JSON)"), {}},
         {u"protocol"_qs, tr("Protocol (graphql-transport-ws or graphql-ws)"),
          u"graphql-transport-ws"_qs}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"id"_qs, u"query"_qs}, {tr("Operation id"), tr("Query")});
                !missing)
                return missing;
            const Result<QJsonValue> variables = jsonField(v, u"variables"_qs, tr("Variables"));
            if (!variables)
                return Result<Message>::failure(variables.error());
            QJsonObject payload {{u"query"_qs, v.value(u"query"_qs)}};
            if (!variables->isUndefined())
                payload.insert(u"variables"_qs, *variables);
            const bool legacy = v.value(u"protocol"_qs).trimmed() == u"graphql-ws";
            return text(compact({{u"id"_qs, v.value(u"id"_qs).trimmed()},
                                 {u"type"_qs, legacy ? u"start"_qs : u"subscribe"_qs},
                                 {u"payload"_qs, payload}}));
        }};
    list << ProtocolHelper {
        graphql,
        QStringLiteral("complete"),
        {{u"id"_qs, tr("Operation id"), u"1"_qs},
         {u"protocol"_qs, tr("Protocol (graphql-transport-ws or graphql-ws)"),
          u"graphql-transport-ws"_qs}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"id"_qs}, {tr("Operation id")}); !missing)
                return missing;
            const bool legacy = v.value(u"protocol"_qs).trimmed() == u"graphql-ws";
            return text(compact({{u"id"_qs, v.value(u"id"_qs).trimmed()},
                                 {u"type"_qs, legacy ? u"stop"_qs : u"complete"_qs}}));
        }};

    const QString mqtt = QStringLiteral("MQTT");
    list << ProtocolHelper {mqtt,
                            QStringLiteral("CONNECT"),
                            {{u"client"_qs, tr("Client id"), u"sockscope"_qs},
                             {u"keepalive"_qs, tr("Keep alive (s)"), u"60"_qs},
                             {u"user"_qs, tr("User name"), {}},
                             {u"password"_qs, tr("Password"), {}}},
                            [](const Values &v) -> Result<Message> {
                                const Result<int> keepAlive
                                    = integer(v, u"keepalive"_qs, tr("Keep alive"), 0, 65535);
                                if (!keepAlive)
                                    return Result<Message>::failure(keepAlive.error());
                                const QByteArray user = v.value(u"user"_qs).toUtf8();
                                const QByteArray password = v.value(u"password"_qs).toUtf8();
                                quint8 flags = 0x02; // clean session
                                if (!user.isEmpty())
                                    flags |= 0x80;
                                if (!password.isEmpty())
                                    flags |= 0x40;
                                QByteArray body = mqttString("MQTT") + char(4) + char(flags)
                                    + char(*keepAlive >> 8) + char(*keepAlive & 0xff)
                                    + mqttString(v.value(u"client"_qs).toUtf8());
                                if (!user.isEmpty())
                                    body += mqttString(user);
                                if (!password.isEmpty())
                                    body += mqttString(password);
                                return Message {mqttPacket(0x10, body), true};
                            }};
    list << ProtocolHelper {
        mqtt,
        QStringLiteral("SUBSCRIBE"),
        {{u"topic"_qs, tr("Topic filter"), u"#"_qs},
         {u"qos"_qs, tr("QoS (0 or 1)"), u"0"_qs},
         {u"packet"_qs, tr("Packet id"), u"1"_qs}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"topic"_qs}, {tr("Topic filter")}); !missing)
                return missing;
            const Result<int> qos = integer(v, u"qos"_qs, tr("QoS"), 0, 1);
            const Result<int> id = integer(v, u"packet"_qs, tr("Packet id"), 1, 65535);
            if (!qos || !id)
                return Result<Message>::failure(!qos ? qos.error() : id.error());
            const QByteArray body = QByteArray(1, char(*id >> 8)) + char(*id & 0xff)
                + mqttString(v.value(u"topic"_qs).toUtf8()) + char(*qos);
            return Message {mqttPacket(0x82, body), true};
        }};
    list << ProtocolHelper {
        mqtt,
        QStringLiteral("PUBLISH"),
        {{u"topic"_qs, tr("Topic"), {}},
         {u"payload"_qs, tr("Payload"), {}},
         {u"qos"_qs, tr("QoS (0 or 1)"), u"0"_qs},
         {u"packet"_qs, tr("Packet id (QoS 1)"), u"1"_qs}},
        [](const Values &v) -> Result<Message> {
            if (auto missing = needs(v, {u"topic"_qs}, {tr("Topic")}); !missing)
                return missing;
            const QString topic = v.value(u"topic"_qs);
            if (topic.contains(u'#') || topic.contains(u'+'))
                return Result<Message>::failure(
                    tr("Topic: a PUBLISH names one topic, without + or #"));
            const Result<int> qos = integer(v, u"qos"_qs, tr("QoS"), 0, 1);
            const Result<int> id = integer(v, u"packet"_qs, tr("Packet id"), 1, 65535);
            if (!qos || (*qos == 1 && !id))
                return Result<Message>::failure(!qos ? qos.error() : id.error());
            QByteArray body = mqttString(topic.toUtf8());
            if (*qos == 1)
                body += QByteArray(1, char(*id >> 8)) + char(*id & 0xff);
            body += v.value(u"payload"_qs).toUtf8();
            return Message {mqttPacket(quint8(0x30 | (*qos << 1)), body), true};
        }};
    list << ProtocolHelper {mqtt, QStringLiteral("PINGREQ"), {}, [](const Values &) {
                                return Result<Message>(Message {QByteArray("\xc0\x00", 2), true});
                            }};
    list << ProtocolHelper {mqtt, QStringLiteral("DISCONNECT"), {}, [](const Values &) {
                                return Result<Message>(Message {QByteArray("\xe0\x00", 2), true});
                            }};
    return list;
}

} // namespace Sockscope
