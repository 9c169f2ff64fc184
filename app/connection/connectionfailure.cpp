#include "connectionfailure.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Sockscope::ConnectionFailure {

namespace {
// The sentences keep the context they had in Connection.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Connection)
};

// Qt 6.4 reports a refused handshake only through its error text.
const QRegularExpression &httpStatusPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(status code: (\d{3}) \(([^)]*)\))"));
    return re;
}
} // namespace

QString endpoint(const QUrl &url)
{
    const int port = url.port(url.scheme() == u"wss" ? 443 : 80);
    return url.host() + u':' + QString::number(port);
}

QString proxyText(const ConnectionOptions::Proxy &proxy)
{
    const QString scheme = proxy.type == ConnectionOptions::Proxy::Type::Http
        ? QStringLiteral("http://")
        : QStringLiteral("socks5://");
    return scheme + proxy.host + u':' + QString::number(proxy.port);
}

QString describe(QAbstractSocket::SocketError error, const QString &qtText, const Attempt &attempt)
{
    const QString where = endpoint(attempt.url);
    const QString proxy = proxyText(attempt.proxy);
    const bool viaProxy = attempt.proxy.type != ConnectionOptions::Proxy::Type::None;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        if (const QRegularExpressionMatch status = httpStatusPattern().match(qtText);
            status.hasMatch())
            return Tr::tr("Handshake refused: the server answered HTTP %1 %2 instead of 101 "
                          "Switching Protocols.\nQt: %3")
                .arg(status.captured(1), status.captured(2), qtText);
        if (attempt.requestSent)
            return Tr::tr("%1 answered, but not with a valid WebSocket handshake: %2")
                .arg(where, qtText);
        if (viaProxy)
            return Tr::tr("The proxy %1 could not connect to %2: connection refused there.")
                .arg(proxy, where);
        return Tr::tr("Connection refused by %1: nothing is listening there.").arg(where);
    case QAbstractSocket::HostNotFoundError:
        return viaProxy
            ? Tr::tr("The proxy %1 could not find the host %2.").arg(proxy, attempt.url.host())
            : Tr::tr("Host not found: %1.").arg(attempt.url.host());
    case QAbstractSocket::RemoteHostClosedError:
        return Tr::tr("%1 closed the connection during the handshake.").arg(where);
    case QAbstractSocket::SocketTimeoutError:
        return Tr::tr("Timed out connecting to %1.").arg(where);
    case QAbstractSocket::NetworkError:
        return Tr::tr("Network error reaching %1 (%2).").arg(where, qtText);
    case QAbstractSocket::SslHandshakeFailedError:
        return attempt.sslErrors.isEmpty()
            ? Tr::tr("TLS handshake with %1 failed (%2).").arg(where, qtText)
            : Tr::tr("TLS handshake with %1 failed:\n%2").arg(where, attempt.sslErrors);
    case QAbstractSocket::SocketAccessError:
        if (viaProxy)
            return Tr::tr("The proxy %1 denied the connection to %2 (%3).")
                .arg(proxy, where, qtText);
        break;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return Tr::tr("The proxy %1 wants a user name and password, or refused the ones "
                      "given (%2).")
            .arg(proxy, qtText);
    case QAbstractSocket::ProxyConnectionRefusedError:
        // Qt's HTTP and SOCKS5 engines use it for a refused connection to the proxy itself.
        return Tr::tr("Nothing is listening at the proxy's address %1 (connection refused).")
            .arg(proxy);
    case QAbstractSocket::ProxyConnectionClosedError:
        return Tr::tr("The proxy %1 closed the connection before the tunnel to %2 was open "
                      "(%3).")
            .arg(proxy, where, qtText);
    case QAbstractSocket::ProxyNotFoundError:
        return Tr::tr("Proxy host not found: %1.").arg(attempt.proxy.host);
    case QAbstractSocket::ProxyProtocolError:
        // An HTTP proxy's answer other than 200, 403, 404, 407 or 503; tinyproxy answers wrong
        // credentials with 401.
        if (!attempt.proxy.user.isEmpty() || !attempt.proxy.password.isEmpty())
            return Tr::tr("The proxy %1 refused the tunnel to %2 (%3). Check the proxy's user "
                          "name and password: some proxies answer wrong ones like this, with "
                          "401 instead of 407.")
                .arg(proxy, where, qtText);
        return Tr::tr("The proxy %1 failed (%2).").arg(proxy, qtText);
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return Tr::tr("The proxy %1 did not answer in time (%2).").arg(proxy, qtText);
    default:
        break;
    }
    return Tr::tr("Could not connect to %1 (%2).").arg(where, qtText);
}

} // namespace Sockscope::ConnectionFailure
