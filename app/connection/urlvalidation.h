#pragma once

#include <QString>
#include <QUrl>

namespace Sockscope {

// The result of checking what a user typed into a URL field.
struct UrlCheck
{
    QUrl url; // valid only when error is empty
    QString error; // a sentence a user can act on, or empty
    bool ok() const { return error.isEmpty(); }
};

// Accepts only absolute ws:// and wss:// URLs with a host, and explains anything else.
UrlCheck checkWebSocketUrl(const QString &text);

} // namespace Sockscope
