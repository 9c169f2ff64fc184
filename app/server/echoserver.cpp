#include "echoserver.h"

#include <QTimer>
#include <QWebSocket>

namespace Sockscope {

namespace {
constexpr int kShutdownGraceMs = 1500;
}

EchoServer::EchoServer(QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("Sockscope"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &EchoServer::onNewConnection);
}

EchoServer::~EchoServer()
{
    for (QWebSocket *socket : m_clients.keys()) {
        socket->disconnect(this);
        socket->abort();
    }
}

bool EchoServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server.listen(address, port))
        return true;
    if (error) {
        *error = tr("cannot listen on %1:%2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(m_server.errorString());
    }
    return false;
}

QUrl EchoServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(m_server.serverAddress().toString());
    url.setPort(m_server.serverPort());
    return url;
}

void EchoServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        if (m_stopping) {
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, tr("server shutting down"));
            continue;
        }
        const int id = m_nextId++;
        m_clients.insert(socket, {id, false});
        connect(socket, &QWebSocket::aboutToClose, this, [this, socket] {
            if (auto it = m_clients.find(socket); it != m_clients.end())
                it->closeHandshake = true;
        });
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket, id](const QString &message) {
                    const QByteArray bytes = message.toUtf8();
                    emit messageReceived(id, false, bytes);
                    socket->sendTextMessage(message);
                    emit messageSent(id, false, bytes);
                });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                [this, socket, id](const QByteArray &data) {
                    emit messageReceived(id, true, data);
                    socket->sendBinaryMessage(data);
                    emit messageSent(id, true, data);
                });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClientGone(socket); });
        const QString peer
            = socket->peerAddress().toString() + u':' + QString::number(socket->peerPort());
        emit clientConnected(id, peer, socket->requestUrl().path(), socket->origin());
    }
}

void EchoServer::onClientGone(QWebSocket *socket)
{
    const auto it = m_clients.find(socket);
    if (it == m_clients.end())
        return;
    const Client client = *it;
    m_clients.erase(it);
    // Qt 6.4 reports a bare TCP drop as 1000; without a close frame it is 1006.
    const int code = client.closeHandshake
        ? int(socket->closeCode())
        : int(QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    emit clientDisconnected(client.id, code,
                            client.closeHandshake ? socket->closeReason() : QString());
    socket->deleteLater();
    if (m_stopping && m_clients.isEmpty())
        finishStop();
}

void EchoServer::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    emit stopped();
}

void EchoServer::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_server.close();
    if (m_clients.isEmpty()) {
        QTimer::singleShot(0, this, &EchoServer::finishStop);
        return;
    }
    for (QWebSocket *socket : m_clients.keys())
        socket->close(QWebSocketProtocol::CloseCodeGoingAway, tr("server shutting down"));
    QTimer::singleShot(kShutdownGraceMs, this, [this] {
        for (QWebSocket *socket : m_clients.keys())
            socket->abort();
        finishStop();
    });
}

} // namespace Sockscope
