#include "connectionoptions.h"

#include <QCoreApplication>

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ConnectionOptions)
};

bool isTokenChar(QChar c)
{
    static const QString kSpecials = QStringLiteral("!#$%&'*+-.^_`|~");
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
        || kSpecials.contains(c);
}

// Headers the WebSocket handshake itself sets; a user's value would break or confuse it.
bool isReserved(const QString &name)
{
    static const QStringList kReserved = {QStringLiteral("host"),
                                          QStringLiteral("upgrade"),
                                          QStringLiteral("connection"),
                                          QStringLiteral("sec-websocket-key"),
                                          QStringLiteral("sec-websocket-version"),
                                          QStringLiteral("sec-websocket-protocol"),
                                          QStringLiteral("sec-websocket-extensions")};
    return kReserved.contains(name.toLower());
}
} // namespace

QStringList ConnectionOptions::secrets() const
{
    QStringList out = secretValues;
    for (const Header &h : headers) {
        if (h.secret)
            out << h.value;
    }
    return out;
}

bool ConnectionOptions::isValidHeaderName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool ConnectionOptions::validate(QString *error) const
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (socketIo.enabled && !socketIo.auth.trimmed().isEmpty()) {
        if (const Result<QString> connect
            = SocketIoSession::connectPacket(QStringLiteral("/"), socketIo.auth);
            !connect)
            return fail(Tr::tr("Socket.IO: %1.").arg(connect.error()));
    }
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const Header &h = headers[i];
        if (!h.enabled)
            continue;
        if (!isValidHeaderName(h.name))
            return fail(Tr::tr("Header %1: “%2” is not a header name (letters, digits and "
                               "!#$%&'*+-.^_`|~ only).")
                            .arg(i + 1)
                            .arg(h.name));
        if (isReserved(h.name))
            return fail(Tr::tr("Header %1: %2 is set by the WebSocket handshake itself; use the "
                               "subprotocol field for Sec-WebSocket-Protocol.")
                            .arg(i + 1)
                            .arg(h.name));
        if (h.value.contains(u'\r') || h.value.contains(u'\n'))
            return fail(Tr::tr("Header %1: a value cannot contain a line break.").arg(i + 1));
        if (h.name.compare(QStringLiteral("origin"), Qt::CaseInsensitive) == 0 && !origin.isEmpty())
            return fail(Tr::tr("Header %1: Origin is set twice; use the Origin field.").arg(i + 1));
    }
    for (const QString &protocol : subprotocols) {
        if (!isValidHeaderName(protocol))
            return fail(Tr::tr("“%1” is not a valid subprotocol name.").arg(protocol));
    }
    if (origin.contains(u'\r') || origin.contains(u'\n'))
        return fail(Tr::tr("The Origin cannot contain a line break."));
    if (handshakeTimeoutMs < 100)
        return fail(Tr::tr("The handshake timeout must be at least 100 ms."));
    if (maxIncomingMessageSize < 1 || maxIncomingFrameSize < 1)
        return fail(Tr::tr("The maximum incoming sizes must be at least 1 byte."));
    if (outgoingFrameSize < 1)
        return fail(Tr::tr("The outgoing frame size must be at least 1 byte."));
    if (proxy.type != Proxy::Type::None) {
        if (proxy.host.trimmed().isEmpty())
            return fail(Tr::tr("The proxy needs a host name."));
        if (proxy.port < 1 || proxy.port > 65535)
            return fail(Tr::tr("The proxy port must be from 1 to 65535."));
    }
    if (keepaliveSeconds < 0)
        return fail(Tr::tr("The keepalive interval cannot be negative."));
    if (reconnect.enabled) {
        if (reconnect.initialDelayMs < 100)
            return fail(Tr::tr("The first reconnect delay must be at least 100 ms."));
        if (reconnect.maxDelayMs < reconnect.initialDelayMs)
            return fail(Tr::tr("The longest reconnect delay cannot be shorter than the first."));
        if (reconnect.maxAttempts < 0)
            return fail(Tr::tr("The number of reconnect attempts cannot be negative."));
    }
    return true;
}

} // namespace Sockscope
