#include "urlvalidation.h"

#include <QCoreApplication>

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::UrlValidation)
};
} // namespace

UrlCheck checkWebSocketUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {{}, Tr::tr("Enter a WebSocket URL, for example ws://localhost:8080/.")};

    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!trimmed.contains(QStringLiteral("://")))
        return {
            {},
            Tr::tr("The URL must start with ws:// or wss://, for example ws://%1.").arg(trimmed)};
    if (scheme == u"http" || scheme == u"https") {
        return {
            {},
            Tr::tr("%1:// is not a WebSocket scheme: use %2:// instead.")
                .arg(scheme, scheme == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"))};
    }
    if (scheme != u"ws" && scheme != u"wss")
        return {{},
                Tr::tr("The URL must start with ws:// or wss://, not %1://.").arg(url.scheme())};
    if (!url.isValid())
        return {{}, Tr::tr("The URL is not valid: %1.").arg(url.errorString())};
    if (url.host().isEmpty())
        return {{}, Tr::tr("The URL has no host name.")};
    if (url.hasFragment())
        return {{}, Tr::tr("A WebSocket URL cannot have a #fragment.")};
    // QUrl accepts ports up to 65535 and reports -1 for none; a bad port makes it invalid.
    return {url, {}};
}

} // namespace Sockscope
