#include "websocketcompat.h"

#include <QAbstractSocket>

namespace Sockscope::Compat {

void sliceReads(QWebSocket *socket, qint64 sliceBytes)
{
    QAbstractSocket *tcp
        = socket->findChild<QAbstractSocket *>(QString(), Qt::FindDirectChildrenOnly);
    if (!tcp || tcp->property("sockscopeSliced").toBool())
        return;
    tcp->setProperty("sockscopeSliced", true);
    tcp->setReadBufferSize(sliceBytes);
    // Connected after QWebSocket's own handler, so this runs once it has taken what it can.
    QObject::connect(tcp, &QIODevice::readyRead, socket, [tcp, sliceBytes] {
        const qint64 limit = tcp->readBufferSize();
        if (limit > 0 && tcp->bytesAvailable() >= limit)
            tcp->setReadBufferSize(limit * 2); // a frame larger than the buffer is arriving
        else if (limit > sliceBytes && tcp->bytesAvailable() == 0)
            tcp->setReadBufferSize(sliceBytes);
    });
}

} // namespace Sockscope::Compat
