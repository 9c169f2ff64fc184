#include "websocketlistener.h"

#include "serverconnection.h"

#include "websocket/handshakerequest.h"

#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Sockscope {

namespace {
// The timer that cuts a socket whose handshake does not finish in time.
const char *const kHandshakeTimer = "handshakeTimer";
constexpr QByteArrayView kServerName = "Sockscope";
} // namespace

QString WebSocketListener::peerText(QHostAddress address, quint16 port)
{
    bool mapped = false;
    const QHostAddress v4(address.toIPv4Address(&mapped));
    if (mapped)
        address = v4;
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]").arg(address.toString())
        : address.toString();
    return host + u':' + QString::number(port);
}

WebSocketListener::WebSocketListener(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{ }

WebSocketListener::~WebSocketListener()
{
    qDeleteAll(m_pending);
}

bool WebSocketListener::listen(const QHostAddress &host, quint16 port, QString *error)
{
    std::unique_ptr<QTcpServer> tcp;
    if (m_options.tls) {
        auto ssl = std::make_unique<QSslServer>();
        ssl->setSslConfiguration(*m_options.tls);
        ssl->setHandshakeTimeout(m_options.handshakeTimeoutMs);
        tcp = std::move(ssl);
    } else {
        tcp = std::make_unique<QTcpServer>();
    }
    // Qt listens with a backlog of 50; a burst of clients would then wait for SYN retries.
    tcp->setListenBacklogSize(m_options.backlog);
    if (!tcp->listen(host, port)) {
        if (error)
            *error = tcp->errorString();
        return false;
    }
    connect(tcp.get(), &QTcpServer::pendingConnectionAvailable, this,
            &WebSocketListener::onTcpConnection);
    m_tcp = std::move(tcp);
    return true;
}

void WebSocketListener::close()
{
    if (!m_tcp)
        return;
    m_tcp->close();
    // Handshakes still at the gate go too; upgraded clients are the caller's.
    const QList<QTcpSocket *> waiting
        = m_tcp->findChildren<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : waiting)
        socket->abort();
}

bool WebSocketListener::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

QHostAddress WebSocketListener::serverAddress() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

quint16 WebSocketListener::serverPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

ServerConnection *WebSocketListener::nextPendingConnection()
{
    while (!m_pending.isEmpty()) {
        if (ServerConnection *connection = m_pending.takeFirst()) {
            connection->setParent(nullptr);
            return connection;
        }
    }
    return nullptr;
}

void WebSocketListener::onTcpConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto *timer = new QTimer(socket);
        timer->setObjectName(QLatin1StringView(kHandshakeTimer));
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, &QTcpSocket::abort);
        timer->start(m_options.handshakeTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readHead(socket); });
        if (socket->bytesAvailable() > 0)
            readHead(socket);
    }
}

void WebSocketListener::readHead(QTcpSocket *socket)
{
    const QByteArray received
        = socket->peek(qMin<qint64>(socket->bytesAvailable(), HandshakeRequest::kMaxHeadBytes + 1));
    const qsizetype end = HandshakeRequest::headEnd(received);
    if (end < 0) {
        if (received.size() > HandshakeRequest::kMaxHeadBytes) {
            refuse(socket, 431, "Request Header Fields Too Large",
                   tr("the request head is longer than %1 bytes")
                       .arg(HandshakeRequest::kMaxHeadBytes));
        }
        return;
    }
    socket->disconnect(this);
    QString error;
    std::optional<HandshakeRequest> request
        = HandshakeRequest::parse(QByteArrayView(received).first(end), &error);
    if (!request) {
        refuse(socket, 400, "Bad Request", tr("malformed request: %1").arg(error));
        return;
    }
    if (const std::optional<QString> why = m_options.policy.refusal(*request)) {
        refuse(socket, 403, "Forbidden", *why);
        return;
    }
    const UpgradeAnswer answer = UpgradeAnswer::to(*request, m_options.subprotocols, kServerName);
    if (!answer.isAccepted()) {
        refuse(socket, answer.response, answer.refusal);
        return;
    }
    delete socket->findChild<QTimer *>(QLatin1StringView(kHandshakeTimer));
    socket->disconnect(socket); // its deleteLater on disconnect: the connection owns it now
    // All of it is read out (which frees Qt's buffer); what follows the head is the client's
    // first frames.
    auto *connection
        = new ServerConnection(socket,
                               {std::move(*request), answer.subprotocol, answer.response.write(),
                                ServerConnection::takeReceived(socket).sliced(end)},
                               this);
    m_pending.append(connection);
    emit newConnection();
}

void WebSocketListener::refuse(QTcpSocket *socket, int status, const char *reason,
                               const QString &why)
{
    HandshakeResponse response;
    response.version = "HTTP/1.1";
    response.status = status;
    response.reason = reason;
    refuse(socket, std::move(response), why);
}

void WebSocketListener::refuse(QTcpSocket *socket, HandshakeResponse response, const QString &why)
{
    socket->disconnect(this);
    const QByteArray body = why.toUtf8() + '\n';
    response.headers += {{"Content-Type", "text/plain; charset=utf-8"},
                         {"Content-Length", QByteArray::number(body.size())},
                         {"Connection", "close"}};
    socket->write(response.write() + body);
    socket->disconnectFromHost();
    emit refused(peerText(socket->peerAddress(), socket->peerPort()), why);
}

} // namespace Sockscope
