#include "labclient.h"

#include "connection/tlssetup.h"
#include "websocket/closecodes.h"
#include "websocket/opcode.h"

#include <QRandomGenerator>
#include <QSslSocket>

#include <algorithm>

namespace Sockscope {

LabClient::LabClient(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        fail(tr("The server did not answer the handshake within %1 s.")
                 .arg(m_options.handshakeTimeoutMs / 1000.0));
    });
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &LabClient::dropTcp);
    m_writeTimer.setSingleShot(true);
    connect(&m_writeTimer, &QTimer::timeout, this, &LabClient::writeNext);
}

LabClient::~LabClient()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

LabHandshakeOptions LabHandshakeOptions::from(const ConnectionOptions &options, int *secretsLeftOut)
{
    LabHandshakeOptions out;
    out.subprotocols = options.subprotocols;
    out.origin = options.origin;
    int secrets = 0;
    for (const ConnectionOptions::Header &h : options.headers) {
        if (h.enabled && !h.secret)
            out.headers.append({h.name, h.value});
        secrets += h.enabled && h.secret;
    }
    if (secretsLeftOut)
        *secretsLeftOut = secrets;
    return out;
}

HandshakeRequest LabClient::defaultRequest(const QUrl &url, const LabHandshakeOptions &options)
{
    HandshakeRequest request;
    request.method = "GET";
    request.target = url.path(QUrl::FullyEncoded).toUtf8();
    if (request.target.isEmpty())
        request.target = "/";
    if (url.hasQuery())
        request.target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    request.version = "HTTP/1.1";
    const int defaultPort = url.scheme() == u"wss" ? 443 : 80;
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port(defaultPort) != defaultPort)
        host += ':' + QByteArray::number(url.port());
    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(nonce.begin(), nonce.end());
    request.headers = {
        {"Host", host},
        {"Upgrade", "websocket"},
        {"Connection", "Upgrade"},
        {"Sec-WebSocket-Key", nonce.toBase64()},
        {"Sec-WebSocket-Version", "13"},
    };
    if (!options.origin.isEmpty())
        request.headers.append({"Origin", options.origin.toUtf8()});
    if (!options.subprotocols.isEmpty())
        request.headers.append(
            {"Sec-WebSocket-Protocol", options.subprotocols.join(u", ").toUtf8()});
    for (const auto &[name, value] : options.headers)
        request.headers.append({name.toUtf8(), value.toUtf8()});
    return request;
}

FrameSpec LabClient::masked(FrameSpec spec)
{
    spec.masked = true;
    const quint32 key = QRandomGenerator::global()->generate();
    for (int i = 0; i < 4; ++i)
        spec.maskingKey[size_t(i)] = quint8(key >> (8 * i));
    return spec;
}

bool LabClient::open(const QUrl &url, const QByteArray &head, QString *error)
{
    const bool tls = url.scheme() == u"wss";
    if ((!tls && url.scheme() != u"ws") || url.host().isEmpty()) {
        if (error)
            *error = tr("A lab connection needs a ws:// or wss:// URL with a host.");
        return false;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (tls && !TlsSetup::apply(m_options.tls, &config, error))
        return false;
    m_head = head;
    if (const std::optional<HandshakeRequest> request
        = HandshakeRequest::parse(head.first(qMax<qsizetype>(0, HttpHead::end(head))))) {
        m_key = request->header("Sec-WebSocket-Key").value_or(QByteArray());
        m_offeredProtocols = UpgradeAnswer::offeredProtocols(*request);
    }
    m_state = State::Connecting;
    m_clock.start();
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    if (tls) {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(config);
        connect(socket, &QSslSocket::encrypted, this, &LabClient::onConnected);
        connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError> &e) {
            emit tlsErrors(e);
            if (m_options.tls.ignoreErrors)
                socket->ignoreSslErrors();
            else
                fail(tr("The TLS handshake failed: %1").arg(TlsSetup::describe(e)));
        });
        m_socket = socket;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &LabClient::onConnected);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &LabClient::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &LabClient::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError && m_state == State::Open)
            return; // disconnected() says it
        if (m_state == State::Connecting)
            fail(tr("Could not connect: %1").arg(m_socket->errorString()));
    });
    if (auto *socket = qobject_cast<QSslSocket *>(m_socket))
        socket->connectToHostEncrypted(url.host(), port);
    else
        m_socket->connectToHost(url.host(), port);
    return true;
}

void LabClient::adopt(QTcpSocket *socket, const QByteArray &rest)
{
    m_serverSide = true;
    m_socket = socket;
    socket->setParent(this);
    m_sentParser = FrameParser(FrameParser::Options {FrameSender::Server});
    m_parser.emplace(FrameParser::Options {FrameSender::Client});
    m_state = State::Open;
    m_clock.start();
    connect(m_socket, &QTcpSocket::readyRead, this, &LabClient::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &LabClient::onDisconnected);
    if (!rest.isEmpty()) {
        // After the caller has connected to this client's signals.
        QTimer::singleShot(0, this, [this, rest] {
            if (m_parser) {
                m_parser->feed(rest);
                onFrames(m_parser->takeFrames());
            }
        });
    }
}

void LabClient::onConnected()
{
    m_socket->write(m_head); // the head is not frames: the parser of sent frames skips it
}

void LabClient::write(const QByteArray &bytes, int chopSize, int delayMs)
{
    write(bytes, chopSize > 0 ? QList<int> {chopSize} : QList<int> {}, delayMs);
}

void LabClient::write(const QByteArray &bytes, const QList<int> &pieceSizes, int delayMs)
{
    if (bytes.isEmpty())
        return;
    qsizetype at = 0;
    for (qsizetype i = 0; at < bytes.size(); ++i) {
        const int size
            = pieceSizes.isEmpty() ? int(bytes.size()) : pieceSizes[qMin(i, pieceSizes.size() - 1)];
        const qsizetype step = size > 0 ? size : bytes.size();
        m_queue.push_back({bytes.mid(at, step), at == 0 ? 0 : delayMs});
        at += step;
    }
    if (!m_writeTimer.isActive())
        writeNext();
}

void LabClient::writeNext()
{
    while (!m_queue.empty()) {
        Piece &next = m_queue.front();
        if (next.delayMs > 0) {
            m_writeTimer.start(std::exchange(next.delayMs, 0));
            return;
        }
        const QByteArray bytes = std::move(next.bytes);
        m_queue.pop_front();
        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            m_socket->write(bytes);
            m_sentParser.feed(bytes);
            const std::vector<WireFrame> frames = m_sentParser.takeFrames();
            if (std::any_of(frames.begin(), frames.end(),
                            [](const WireFrame &f) { return f.opcode == 0x8; })
                && !m_closeSent) {
                m_closeSent = true;
                if (m_closeReceived)
                    finishClosing();
            }
            emit framesSent(frames, m_sentParser.takeVerdicts());
        }
    }
}

void LabClient::send(const FrameSpec &spec, int chopSize, int delayMs)
{
    write(FrameWriter::write(spec), chopSize, delayMs);
}

void LabClient::sendClose(int code, const QByteArray &reason)
{
    FrameSpec close;
    close.opcode = 0x8;
    close.payload = CloseCodes::payload(code, reason);
    send(outgoing(close));
}

void LabClient::dropTcp()
{
    m_droppedByUs = true;
    if (m_socket)
        m_socket->abort();
    onDisconnected();
}

void LabClient::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    if (m_state == State::Open) {
        m_parser->feed(bytes);
        onFrames(m_parser->takeFrames());
        return;
    }
    m_received += bytes;
    readHead();
}

void LabClient::readHead()
{
    const qsizetype end = HttpHead::end(m_received);
    if (end < 0) {
        if (m_received.size() > HttpHead::kMaxBytes)
            fail(tr("The server's answer to the handshake is not an HTTP response."));
        return;
    }
    QString error;
    m_response = HandshakeResponse::parse(QByteArrayView(m_received).first(end), &error);
    if (!m_response) {
        fail(tr("The server's answer to the handshake is malformed: %1").arg(error));
        return;
    }
    m_handshakeTimer.stop();
    m_responseHead = m_received.first(end);
    m_problems = m_response->problems(m_key, m_offeredProtocols);
    if (m_response->status != 101 || (!m_problems.isEmpty() && !m_options.proceedDespiteProblems)) {
        fail(m_problems.join(u' '));
        return;
    }
    m_state = State::Open;
    const bool deflate = m_response->header("Sec-WebSocket-Extensions")
                             .value_or(QByteArray())
                             .contains("permessage-deflate");
    m_parser.emplace(FrameParser::Options {FrameSender::Server, deflate});
    const QByteArray rest = m_received.mid(end);
    m_received.clear();
    emit opened();
    if (!rest.isEmpty() && m_parser) {
        m_parser->feed(rest);
        onFrames(m_parser->takeFrames());
    }
}

void LabClient::onFrames(const std::vector<WireFrame> &frames)
{
    const std::vector<ProtocolVerdict> verdicts = m_parser->takeVerdicts();
    if (frames.empty() && verdicts.empty())
        return;
    emit framesReceived(frames, verdicts);
    for (const WireFrame &f : frames) {
        if (f.opcode == 0x9 && m_options.autoPong && !m_closeSent) {
            FrameSpec pong;
            pong.opcode = 0xA;
            pong.payload = f.payload;
            send(outgoing(pong));
        } else if (f.opcode == 0x8 && !m_closeReceived) {
            m_closeReceived = true;
            if (!m_closeSent && m_options.answerClose) {
                // The code it received, as endpoints usually answer (RFC 6455 5.5.1).
                sendClose(CloseCodes::codeOf(f.payload));
            }
            if (m_closeSent)
                finishClosing();
        }
    }
}

void LabClient::finishClosing()
{
    if (m_state != State::Open)
        return;
    if (m_serverSide) {
        // The server closes TCP first, once its close has gone out.
        m_droppedByUs = true;
        m_socket->disconnectFromHost();
        m_closeTimer.start(m_options.closeTimeoutMs); // in case the FIN never goes
    } else if (!m_closeTimer.isActive()) {
        m_closeTimer.start(m_options.closeTimeoutMs);
    }
}

void LabClient::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    const bool wasOpen = m_state == State::Open;
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_writeTimer.stop();
    m_queue.clear();
    if (!wasOpen) {
        fail(tr("The server closed the connection before it answered the handshake."));
        return;
    }
    m_state = State::Closed;
    emit closed(!m_droppedByUs);
}

void LabClient::fail(const QString &why)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_handshakeTimer.stop();
    m_closeTimer.stop();
    m_writeTimer.stop();
    m_queue.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    emit refused(why);
}

} // namespace Sockscope
