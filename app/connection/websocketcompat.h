#pragma once

#include <QWebSocket>

namespace Sockscope::Compat {

// QWebSocket::error was renamed to errorOccurred in Qt 6.5. This is the one place that knows.
template<typename Context, typename Functor>
QMetaObject::Connection onWebSocketError(QWebSocket *socket, const Context *context, Functor f)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QObject::connect(socket, &QWebSocket::errorOccurred, context, std::move(f));
#else
    return QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error),
                            context, std::move(f));
#endif
}

} // namespace Sockscope::Compat
