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

// QWebSocket (6.4 at least) handles everything that has arrived in one go; on a fast feed that
// is megabytes, and the event loop (the UI) waits meanwhile. Bounding the read buffer of its
// TCP socket hands the event loop back after each slice. A frame must fit in the buffer whole,
// so the buffer doubles while one larger frame is arriving, and shrinks back once it is read.
// QWebSocket has no API for its socket; it is its child, and if that ever changes this does
// nothing.
void sliceReads(QWebSocket *socket, qint64 sliceBytes);

} // namespace Sockscope::Compat
