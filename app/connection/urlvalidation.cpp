#include "urlvalidation.h"

#include <QCoreApplication>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::UrlValidation", text);
}
} // namespace

UrlCheck checkWebSocketUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {{}, tr("Enter a WebSocket URL, for example ws://localhost:8080/.")};

    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!trimmed.contains(QStringLiteral("://")))
        return {{},
                tr("The URL must start with ws:// or wss://, for example ws://%1.").arg(trimmed)};
    if (scheme == u"http" || scheme == u"https") {
        return {
            {},
            tr("%1:// is not a WebSocket scheme: use %2:// instead.")
                .arg(scheme, scheme == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"))};
    }
    if (scheme != u"ws" && scheme != u"wss")
        return {{}, tr("The URL must start with ws:// or wss://, not %1://.").arg(url.scheme())};
    if (!url.isValid())
        return {{}, tr("The URL is not valid: %1.").arg(url.errorString())};
    if (url.host().isEmpty())
        return {{}, tr("The URL has no host name.")};
    if (url.hasFragment())
        return {{}, tr("A WebSocket URL cannot have a #fragment.")};
    // QUrl accepts ports up to 65535 and reports -1 for none; a bad port makes it invalid.
    return {url, {}};
}

} // namespace Sockscope
