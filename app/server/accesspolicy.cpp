#include "accesspolicy.h"

#include "websocket/handshakerequest.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace Sockscope {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("Sockscope::AccessPolicy", text, nullptr, n);
}

bool isLoopbackName(const QString &host)
{
    // RFC 6761 section 6.3: localhost and its subdomains always resolve to loopback.
    const QString name = host.toLower();
    if (name == u"localhost" || name.endsWith(u".localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// The host of an authority ("name:port", "[v6]:port") with nothing else in it.
std::optional<QString> hostOf(QStringView authority)
{
    if (authority.isEmpty())
        return std::nullopt;
    QUrl url;
    url.setAuthority(authority.toString(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return std::nullopt;
    return url.host();
}

QString normalOrigin(QStringView origin)
{
    QString text = origin.trimmed().toString().toLower();
    while (text.endsWith(u'/'))
        text.chop(1);
    return text;
}

} // namespace

bool AccessPolicy::isLoopbackHost(QStringView hostAndPort)
{
    const std::optional<QString> host = hostOf(hostAndPort);
    return host && isLoopbackName(*host);
}

bool AccessPolicy::isLoopbackOrigin(QStringView origin)
{
    const QUrl url(origin.toString(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return false;
    return !url.host().isEmpty() && isLoopbackName(url.host());
}

std::optional<QString> AccessPolicy::refusal(const HandshakeRequest &request) const
{
    if (loopbackOnly) {
        if (request.count("Host") != 1) {
            return request.count("Host") == 0 ? tr("the request has no Host header")
                                              : tr("the request has more than one Host header");
        }
        const QString host = QString::fromLatin1(*request.header("Host"));
        if (!isLoopbackHost(host)) {
            return tr("Host %1 is not this machine: a server on loopback answers only localhost "
                      "and loopback addresses (a guard against DNS rebinding)")
                .arg(host);
        }
    }
    if (anyOrigin)
        return std::nullopt;
    if (request.count("Origin") > 1)
        return tr("the request has more than one Origin header");
    const std::optional<QByteArray> origin = request.header("Origin");
    if (!origin)
        return std::nullopt; // not a browser
    const QString text = QString::fromLatin1(*origin);
    if (isLoopbackOrigin(text))
        return std::nullopt;
    for (const QString &allowed : allowedOrigins) {
        if (normalOrigin(allowed) == normalOrigin(text))
            return std::nullopt;
    }
    return tr("Origin %1 is not allowed: only pages from this machine%2 may connect")
        .arg(text, allowedOrigins.isEmpty() ? QString() : tr(" and the allowed Origins"));
}

QString AccessPolicy::describe() const
{
    QString pages;
    if (anyOrigin)
        pages = tr("any web page may connect");
    else if (allowedOrigins.isEmpty())
        pages = tr("web pages from this machine only");
    else if (allowedOrigins.size() == 1)
        pages = tr("web pages from this machine and %1").arg(allowedOrigins.constFirst());
    else
        pages
            = tr("web pages from this machine and %n allowed Origins", int(allowedOrigins.size()));
    return loopbackOnly ? tr("%1; Host must name this machine").arg(pages) : pages;
}

} // namespace Sockscope
