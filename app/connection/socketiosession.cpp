#include "socketiosession.h"

#include "decoders/jsonvalue.h"
#include "decoders/socketio/socketiodecoder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::SocketIoSession", text);
}

} // namespace

SocketIoSession::SocketIoSession(SocketIoOptions options)
    : m_options(std::move(options))
{ }

QUrl SocketIoSession::engineUrl(const QUrl &typed, const QString &path)
{
    QUrl url = typed;
    if (url.scheme() == u"http")
        url.setScheme(QStringLiteral("ws"));
    else if (url.scheme() == u"https")
        url.setScheme(QStringLiteral("wss"));
    QString p = url.path();
    if (p.isEmpty() || p == u"/")
        p = path.isEmpty() ? QStringLiteral("/socket.io/") : path;
    if (!p.startsWith(u'/'))
        p.prepend(u'/');
    if (!p.endsWith(u'/'))
        p += u'/';
    url.setPath(p);
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("EIO"));
    query.removeAllQueryItems(QStringLiteral("transport"));
    QUrlQuery engine;
    engine.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    engine.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyEncoded))
        engine.addQueryItem(key, value);
    url.setQuery(engine);
    return url;
}

void SocketIoSession::reset()
{
    m_nextAckId = 0;
}

SocketIoSession::Reaction SocketIoSession::onText(QStringView text)
{
    Reaction reaction;
    if (text == u"2") {
        reaction.replies << QStringLiteral("3"); // Engine.IO v4: the server pings, we pong
    } else if (text.startsWith(u"2")) {
        reaction.replies << u'3' + text.sliced(1).toString(); // "2probe" → "3probe"
    } else if (text.startsWith(u'0')) {
        if (Result<QString> connect = connectPacket(QStringLiteral("/"), m_options.auth))
            reaction.replies << connect.value();
        else
            reaction.replies << QStringLiteral("40");
    } else if (text.startsWith(u"40")) {
        SocketIoPacket packet;
        QString error;
        if (SocketIoPacket::parse(text.sliced(1).toUtf8(), &packet, &error)) {
            reaction.connected = true;
            reaction.nsp = packet.nsp;
        }
    }
    return reaction;
}

Result<QString> SocketIoSession::connectPacket(const QString &nsp, const QString &authJson)
{
    SocketIoPacket packet;
    packet.type = SocketIoPacket::Connect;
    packet.nsp = nsp;
    if (!authJson.trimmed().isEmpty()) {
        QString error;
        const QJsonValue auth = JsonValue::parse(authJson.toUtf8(), &error);
        if (!auth.isObject())
            return Result<QString>::failure(auth.isUndefined()
                                                ? tr("The auth payload is not JSON: %1").arg(error)
                                                : tr("The auth payload must be a JSON object"));
        packet.data = QJsonDocument(auth.toObject()).toJson(QJsonDocument::Compact);
    }
    return packet.toMessage();
}

QString SocketIoSession::disconnectPacket(const QString &nsp)
{
    SocketIoPacket packet;
    packet.type = SocketIoPacket::Disconnect;
    packet.nsp = nsp;
    return packet.toMessage();
}

Result<SocketIoSession::Emit> SocketIoSession::makeEmit(const QString &nsp, const QString &event,
                                                        const QString &arguments, bool ack)
{
    if (event.trimmed().isEmpty())
        return Result<Emit>::failure(tr("An emit needs an event name"));
    if (!nsp.isEmpty() && !nsp.startsWith(u'/'))
        return Result<Emit>::failure(tr("A namespace starts with /"));
    QJsonArray args;
    if (!arguments.trimmed().isEmpty()) {
        QString error;
        const QJsonValue value = JsonValue::parse(arguments.toUtf8(), &error);
        if (value.isUndefined())
            return Result<Emit>::failure(tr("The arguments are not JSON: %1").arg(error));
        args = value.isArray() ? value.toArray() : QJsonArray {value};
    }
    Emit out;
    // {"_binary": "BASE64"} becomes an attachment and its placeholder.
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QJsonObject o = args.at(i).toObject();
        if (o.size() != 1 || !o.contains(u"_binary"))
            continue;
        const auto bytes = QByteArray::fromBase64Encoding(o.value(u"_binary").toString().toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
        if (!bytes)
            return Result<Emit>::failure(tr("Argument %1: _binary is not base64").arg(i + 1));
        args[i] = QJsonObject {{QStringLiteral("_placeholder"), true},
                               {QStringLiteral("num"), int(out.attachments.size())}};
        out.attachments << *bytes;
    }
    args.prepend(event);
    if (ack)
        out.ackId = m_nextAckId++;
    SocketIoPacket packet;
    packet.type = out.attachments.isEmpty() ? SocketIoPacket::Event : SocketIoPacket::BinaryEvent;
    packet.attachments = int(out.attachments.size());
    packet.nsp = nsp;
    packet.ackId = out.ackId;
    packet.data = QJsonDocument(args).toJson(QJsonDocument::Compact);
    out.text = packet.toMessage();
    return out;
}

} // namespace Sockscope
