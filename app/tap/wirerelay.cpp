#include "wirerelay.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

namespace Sockscope {

namespace {
int indexOf(WireRelay::Side side)
{
    return side == WireRelay::Side::Client ? 0 : 1;
}
} // namespace

WireRelay::WireRelay(Upstream upstream, QObject *parent)
    : QObject(parent)
    , m_to(std::move(upstream))
{
    m_hostRestored = m_to.hostHeader.isEmpty();
}

WireRelay::~WireRelay() = default;

bool WireRelay::listen(QString *error)
{
    m_server = std::make_unique<QTcpServer>();
    m_server->setMaxPendingConnections(1);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        if (error)
            *error
                = tr("the wire relay cannot listen on 127.0.0.1: %1").arg(m_server->errorString());
        return false;
    }
    connect(m_server.get(), &QTcpServer::newConnection, this, &WireRelay::onClientConnection);
    return true;
}

quint16 WireRelay::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

quint64 WireRelay::bytesFrom(Side side) const
{
    return m_directions[indexOf(side)].bytes;
}

void WireRelay::onClientConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // It was made for one QWebSocket: anyone else is turned away.
        if (m_client) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_client = socket;
        m_client->setParent(this);
        connect(m_client, &QTcpSocket::readyRead, this, &WireRelay::onClientData);
        connect(m_client, &QTcpSocket::disconnected, this, [this] { onClosed(Side::Client); });
    }
    m_server->close();
}

void WireRelay::onClientData()
{
    if (m_tunnelOpen) {
        relay(Side::Client, m_client->readAll());
        return;
    }
    if (m_upstream) { // the CONNECT is answered once upstream is reached
        m_pending += m_client->readAll();
        return;
    }
    m_connectHead += m_client->readAll();
    const qsizetype end = HttpHead::end(m_connectHead);
    if (end < 0) {
        if (m_connectHead.size() > HttpHead::kMaxBytes)
            m_client->abort();
        return;
    }
    const std::optional<HandshakeRequest> connectRequest
        = HandshakeRequest::parse(QByteArrayView(m_connectHead).first(end));
    const QByteArray expected = m_to.host.toUtf8() + ':' + QByteArray::number(m_to.port);
    if (!connectRequest || connectRequest->method != "CONNECT"
        || connectRequest->target.compare(expected, Qt::CaseInsensitive) != 0) {
        m_client->write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        emit failed(tr("the wire relay was asked for another host than %1")
                        .arg(QString::fromUtf8(expected)));
        m_client->disconnectFromHost();
        return;
    }
    m_pending = m_connectHead.mid(end);
    m_connectHead.clear();
    if (m_to.tls) {
        auto *tls = new QSslSocket(this);
        tls->setSslConfiguration(*m_to.tls);
        connect(tls, &QSslSocket::encrypted, this, &WireRelay::onUpstreamConnected);
        connect(tls, &QSslSocket::sslErrors, this, [this, tls](const QList<QSslError> &errors) {
            if (m_to.ignoreTlsErrors)
                tls->ignoreSslErrors();
            emit tlsErrors(errors, m_to.ignoreTlsErrors);
        });
        m_upstream = tls;
    } else {
        m_upstream = new QTcpSocket(this);
        connect(m_upstream, &QTcpSocket::connected, this, &WireRelay::onUpstreamConnected);
    }
    connect(m_upstream, &QTcpSocket::readyRead, this,
            [this] { relay(Side::Server, m_upstream->readAll()); });
    connect(m_upstream, &QTcpSocket::disconnected, this, [this] { onClosed(Side::Server); });
    connect(m_upstream, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (m_tunnelOpen)
            return; // a close after the tunnel opened: disconnected() says it
        m_upstreamFailure = {e, m_upstream->errorString()};
        emit failed(m_upstream->errorString()); // before the client can hear of it
        m_client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        m_client->disconnectFromHost();
    });
    m_upstream->setProxy(m_to.proxy);
    if (auto *tls = qobject_cast<QSslSocket *>(m_upstream))
        tls->connectToHostEncrypted(m_to.host, m_to.port);
    else
        m_upstream->connectToHost(m_to.host, m_to.port);
}

void WireRelay::onUpstreamConnected()
{
    m_client->write("HTTP/1.1 200 Connection established\r\n\r\n");
    m_tunnelOpen = true;
    if (!m_pending.isEmpty())
        relay(Side::Client, std::exchange(m_pending, {}));
}

void WireRelay::relay(Side side, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (side == Side::Server || m_hostRestored) {
        pass(side, bytes);
        return;
    }
    // The request goes on once its head is whole, with the Host header the user's URL implies.
    m_requestHead += bytes;
    const qsizetype end = HttpHead::end(m_requestHead);
    if (end < 0 && m_requestHead.size() <= HttpHead::kMaxBytes)
        return;
    m_hostRestored = true;
    QByteArray head = std::exchange(m_requestHead, {});
    if (end >= 0) {
        if (std::optional<HandshakeRequest> request
            = HandshakeRequest::parse(QByteArrayView(head).first(end))) {
            for (auto &[name, value] : request->headers) {
                if (name.compare("Host", Qt::CaseInsensitive) == 0)
                    value = m_to.hostHeader;
            }
            head = request->write() + head.mid(end);
        }
    }
    pass(side, head);
}

void WireRelay::pass(Side side, const QByteArray &bytes)
{
    // Read first: whoever hears the signals has them before the other side can have the bytes.
    read(side, bytes);
    QTcpSocket *to = side == Side::Client ? m_upstream : m_client;
    if (to->state() == QAbstractSocket::ConnectedState)
        to->write(bytes);
}

void WireRelay::read(Side side, QByteArrayView bytes)
{
    Direction &d = m_directions[indexOf(side)];
    d.bytes += quint64(bytes.size());
    QByteArray afterHead;
    if (!d.headDone) {
        d.head += bytes;
        const qsizetype end = HttpHead::end(d.head);
        if (end < 0) {
            if (d.head.size() > HttpHead::kMaxBytes) // not HTTP: nothing more to read here
                d.headDone = true;
            return;
        }
        d.headDone = true;
        readHead(side, QByteArrayView(d.head).first(end));
        afterHead = d.head.mid(end);
        d.head.clear();
        bytes = afterHead;
    }
    if (d.refusalBody >= 0 && d.refusalBody < kMaxRefusalBody && !bytes.isEmpty()) {
        const QByteArray more
            = bytes.first(qMin(bytes.size(), kMaxRefusalBody - d.refusalBody)).toByteArray();
        d.refusalBody += more.size();
        emit refusalBodySeen(more);
    }
    if (!d.parser || bytes.isEmpty())
        return;
    d.parser->feed(bytes);
    const std::vector<WireFrame> frames = d.parser->takeFrames();
    const std::vector<ProtocolVerdict> verdicts = d.parser->takeVerdicts();
    if (!frames.empty() || !verdicts.empty())
        emit framesSeen(side, frames, verdicts);
}

void WireRelay::readHead(Side side, QByteArrayView head)
{
    if (side == Side::Client) {
        if (const std::optional<HandshakeRequest> request = HandshakeRequest::parse(head))
            emit requestSeen(*request, head.toByteArray());
        return;
    }
    const std::optional<HandshakeResponse> response = HandshakeResponse::parse(head);
    if (!response)
        return;
    emit responseSeen(*response, head.toByteArray());
    // Frames follow a 101 only (a refusal's body is not frames), both ways.
    if (response->status != 101) {
        m_directions[indexOf(Side::Server)].refusalBody = 0;
        return;
    }
    const bool deflate = response->header("Sec-WebSocket-Extensions")
                             .value_or(QByteArray())
                             .contains("permessage-deflate");
    m_directions[indexOf(Side::Client)].parser.emplace(
        FrameParser::Options {FrameSender::Client, deflate});
    m_directions[indexOf(Side::Server)].parser.emplace(
        FrameParser::Options {FrameSender::Server, deflate});
}

void WireRelay::onClosed(Side side)
{
    const auto open = [](QTcpSocket *s) {
        return s && s->state() != QAbstractSocket::UnconnectedState;
    };
    if (side == Side::Client && open(m_upstream)) {
        // QWebSocket drops TCP as soon as its close frame is out; the server's answer is still
        // worth reading, for a while.
        QTimer::singleShot(kUpstreamGraceMs, m_upstream, &QTcpSocket::abort);
        return;
    }
    // What the server sent before it closed still goes to the client (pending writes).
    if (open(m_client))
        m_client->disconnectFromHost();
    if (!open(m_client) && !open(m_upstream) && !m_finished) {
        m_finished = true;
        emit finished();
    }
}

} // namespace Sockscope
