#include "connection.h"

#include "connectionfailure.h"
#include "log/messagelogmodel.h"
#include "log/secretmask.h"
#include "qtclose.h"
#include "tap/wirecapture.h"
#include "tlssetup.h"
#include "urlvalidation.h"
#include "websocket/closecodes.h"
#include "websocket/limits.h"
#include "websocket/utf8.h"
#include "websocketcompat.h"

#include <QDateTime>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QWebSocketHandshakeOptions>

namespace Sockscope {

namespace {
using ConnectionFailure::endpoint;
using ConnectionFailure::proxyText;

// Keepalive pings carry this prefix and a counter, so each pong is matched to its ping.
constexpr char kKeepalivePrefix[] = "keepalive ";
// Pings the peer never answered are forgotten beyond this many.
constexpr size_t kMaxPendingPings = 64;
} // namespace

Connection::Connection(LogSink *sink, QObject *parent)
    : QObject(parent)
    , m_sink(sink)
    , m_log(sink)
    , m_capture(std::make_unique<WireCapture>(sink))
{
    Q_ASSERT(sink);
    m_clock.start();
    m_handshakeTimer.setSingleShot(true);
    m_handshakeTimer.setInterval(ConnectionOptions::kDefaultHandshakeTimeoutMs);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &Connection::onHandshakeTimeout);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!startAttempt(&error)) { // a TLS file went missing, for example
            m_reconnectAttempt = 0;
            logEvent(Direction::Lifecycle, EventType::Error, error.toUtf8());
            emit errorOccurred(error);
        }
        emit reconnectChanged();
    });
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &Connection::sendKeepalive);
    connect(m_capture.get(), &WireCapture::tlsErrors, this, &Connection::noteTlsErrors);
}

// Each attempt gets a socket of its own: QWebSocket keeps the error text, error and close code
// of its last attempt, so a reused one would tell the story of the previous failure.
void Connection::replaceSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater(); // this may run inside one of its signals
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QWebSocket *socket = m_socket;
    connect(socket, &QWebSocket::sslErrors, this, &Connection::onSslErrors);
    connect(socket, &QWebSocket::connected, this, &Connection::onConnected);
    connect(socket, &QWebSocket::disconnected, this, &Connection::onDisconnected);
    connect(socket, &QWebSocket::aboutToClose, this, [this] {
        if (!m_closeRequested)
            m_peerClosing = true;
        if (m_state == State::Open)
            setState(State::Closing);
    });
    // Bytes written while connecting mean the TCP connection (or the proxy's tunnel) opened
    // and the upgrade request went out: a failure after that is the server's answer.
    connect(socket, &QWebSocket::bytesWritten, this, [this] {
        if (m_state == State::Connecting)
            m_requestSent = true;
    });
    Compat::onWebSocketError(socket, this,
                             [this](QAbstractSocket::SocketError error) { onSocketError(error); });
    // Messages are taken from the frame signals, not the message signals: a fast feed then
    // costs one signal per message, and a fragmented message keeps its frame list.
    connect(socket, &QWebSocket::textFrameReceived, this, &Connection::onTextFrame);
    connect(socket, &QWebSocket::binaryFrameReceived, this, &Connection::onBinaryFrame);
    connect(socket, &QWebSocket::pong, this,
            [this](quint64, const QByteArray &payload) { onPong(payload); });
}

Connection::~Connection()
{
    // Without this the socket's disconnected signal would reach a half-destroyed object.
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString Connection::negotiatedSubprotocol() const
{
    return m_socket ? m_socket->subprotocol() : QString();
}

bool Connection::open(const QString &urlText, QString *error)
{
    if (m_state != State::Closed) {
        if (error)
            *error = tr("Disconnect before connecting again.");
        return false;
    }
    // In Socket.IO mode an http:// URL (what socket.io-client takes) is the ws:// one.
    QString typed = urlText.trimmed();
    if (m_options.socketIo.enabled) {
        if (typed.startsWith(u"http://", Qt::CaseInsensitive))
            typed = u"ws://" + typed.sliced(7);
        else if (typed.startsWith(u"https://", Qt::CaseInsensitive))
            typed = u"wss://" + typed.sliced(8);
    }
    const UrlCheck check = checkWebSocketUrl(typed);
    if (!check.ok()) {
        if (error) { // it quotes the URL, which may hold a secret variable's value
            SecretMask mask;
            mask.add(m_options.secrets());
            *error = mask.applyToText(check.error, SecretMask::kOnScreen);
        }
        return false;
    }
    if (!m_options.validate(error))
        return false;
    if (reconnectPending()) {
        m_reconnectTimer.stop();
        emit reconnectChanged();
    }
    m_url = m_options.socketIo.enabled
        ? SocketIoSession::engineUrl(check.url, m_options.socketIo.path)
        : check.url;
    m_reconnectAttempt = 0;
    return startAttempt(error);
}

// One attempt to open m_url with m_options: the user's, or a reconnect.
bool Connection::startAttempt(QString *error)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!TlsSetup::apply(m_options.tls, &ssl, error))
        return false;
    m_closeRequested = false;
    m_peerClosing = false;
    m_failed = false;
    m_requestSent = false;
    m_userStopped = false;
    m_openedAtMs = 0;
    m_sslErrors.clear();
    m_pendingPings.clear();
    m_frames.clear();
    m_partialText.clear();
    m_partialBinary.clear();
    setState(State::Connecting);
    m_capture->finishAttempt();
    m_sink = m_log;
    m_sink->addSecrets(m_options.secrets()); // before the first row that may hold them

    // The handshake row: the request as sent, for the log and the inspector.
    QNetworkRequest request;
    const QString target = m_url.path(QUrl::FullyEncoded).isEmpty()
        ? QStringLiteral("/")
        : m_url.path(QUrl::FullyEncoded);
    const QString query = m_url.hasQuery() ? u'?' + m_url.query(QUrl::FullyEncoded) : QString();
    QStringList sent {m_reconnectAttempt > 0 ? tr("Connecting to %1 (reconnect attempt %2)")
                                                   .arg(m_url.toString())
                                                   .arg(m_reconnectAttempt)
                                             : tr("Connecting to %1").arg(m_url.toString())};
    if (m_options.proxy.type != ConnectionOptions::Proxy::Type::None)
        sent << tr("Through the proxy %1").arg(proxyText(m_options.proxy));
    const bool tls = m_url.scheme() == u"wss";
    const quint16 port = quint16(m_url.port(tls ? 443 : 80));
    QString captureError;
    bool capture = m_options.wireCapture;
    if (capture) {
        WireRelay::Upstream upstream(m_url.host(), port, upstreamProxy());
        if (tls) { // the relay speaks TLS to the server, and Qt plain ws:// to the relay
            upstream.tls = ssl;
            upstream.ignoreTlsErrors = m_options.tls.ignoreErrors;
            QUrl authority;
            authority.setHost(m_url.host());
            authority.setPort(m_url.port());
            upstream.hostHeader = authority.authority(QUrl::FullyEncoded).toUtf8();
        }
        capture = m_capture->startAttempt(std::move(upstream), &captureError);
    }
    if (m_options.wireCapture && !capture)
        sent << tr("Wire capture: %1; this connection is not captured.").arg(captureError);
    // The headers as sent, in order, for the row and the Open row's facts (Qt hides the key).
    m_requestHeaders = {{QStringLiteral("Host"), m_url.authority()},
                        {QStringLiteral("Upgrade"), QStringLiteral("websocket")},
                        {QStringLiteral("Connection"), QStringLiteral("Upgrade")},
                        {QStringLiteral("Sec-WebSocket-Version"), QStringLiteral("13")}};
    constexpr qsizetype kFixedHeaders = 4; // the key is shown after these
    if (!m_options.origin.isEmpty()) {
        request.setRawHeader("Origin", m_options.origin.toUtf8());
        m_requestHeaders.append({QStringLiteral("Origin"), m_options.origin});
    }
    if (!m_options.subprotocols.isEmpty())
        m_requestHeaders.append({QStringLiteral("Sec-WebSocket-Protocol"),
                                 m_options.subprotocols.join(QStringLiteral(", "))});
    for (const ConnectionOptions::Header &h : std::as_const(m_options.headers)) {
        if (h.enabled) {
            request.setRawHeader(h.name.toUtf8(), h.value.toUtf8());
            m_requestHeaders.append({h.name, h.value, h.secret});
        }
    }
    sent << QString() << QStringLiteral("GET ") + target + query + QStringLiteral(" HTTP/1.1");
    for (qsizetype i = 0; i < m_requestHeaders.size(); ++i) {
        sent << m_requestHeaders[i].name + QStringLiteral(": ") + m_requestHeaders[i].value;
        if (i == kFixedHeaders - 1) // after the version, where a browser puts it
            sent << QStringLiteral("Sec-WebSocket-Key: ") + tr("(random, chosen by Qt)");
    }
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols(m_options.subprotocols);
    replaceSocket();
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxIncomingMessageSize));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxIncomingFrameSize));
    m_socket->setOutgoingFrameSize(quint64(m_options.outgoingFrameSize));
    m_socket->setSslConfiguration(ssl);
    if (capture) {
        // Qt talks to the relay, which goes on to the server (through the tab's proxy).
        QUrl plain = m_url;
        plain.setScheme(QStringLiteral("ws"));
        plain.setPort(port);
        request.setUrl(plain);
        m_sink = m_capture.get();
        m_socket->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"),
                                         m_capture->relayPort()));
    } else {
        request.setUrl(m_url);
        const QNetworkProxy proxy = upstreamProxy();
        m_socket->setProxy(proxy.type() == QNetworkProxy::NoProxy
                               ? QNetworkProxy(QNetworkProxy::DefaultProxy)
                               : proxy);
    }
    m_handshakeTimer.setInterval(m_options.handshakeTimeoutMs);
    logEvent(Direction::Lifecycle, EventType::Connecting, sent.join(u'\n').toUtf8());
    m_handshakeTimer.start();
    m_socket->open(request, handshake);
    return true;
}

QNetworkProxy Connection::upstreamProxy() const
{
    const ConnectionOptions::Proxy &p = m_options.proxy;
    switch (p.type) {
    case ConnectionOptions::Proxy::Type::Http:
        return QNetworkProxy(QNetworkProxy::HttpProxy, p.host, quint16(p.port), p.user, p.password);
    case ConnectionOptions::Proxy::Type::Socks5:
        return QNetworkProxy(QNetworkProxy::Socks5Proxy, p.host, quint16(p.port), p.user,
                             p.password);
    case ConnectionOptions::Proxy::Type::None:
        break;
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

bool Connection::checkOpen(QString *error) const
{
    if (m_state == State::Open)
        return true;
    if (error)
        *error = tr("Not connected: connect first.");
    return false;
}

bool Connection::sendText(const QString &text, QString *error)
{
    if (!checkOpen(error))
        return false;
    m_socket->sendTextMessage(text);
    m_stats.count(Direction::Sent, m_sink->appendText(Direction::Sent, text));
    return true;
}

bool Connection::sendBinary(const QByteArray &data, QString *error)
{
    if (!checkOpen(error))
        return false;
    m_socket->sendBinaryMessage(data);
    m_stats.count(Direction::Sent, data.size());
    logEvent(Direction::Sent, EventType::Binary, data);
    return true;
}

bool Connection::ping(const QByteArray &payload, QString *error)
{
    if (!checkOpen(error))
        return false;
    if (payload.size() > WebSocketLimits::kMaxControlPayload) {
        if (error)
            *error = tr("A ping payload can be at most %1 bytes; this one is %2.")
                         .arg(WebSocketLimits::kMaxControlPayload)
                         .arg(payload.size());
        return false;
    }
    if (m_pendingPings.size() >= kMaxPendingPings)
        m_pendingPings.erase(m_pendingPings.begin());
    m_pendingPings.push_back({payload, m_clock.nsecsElapsed()});
    m_socket->ping(payload);
    logEvent(Direction::Sent, EventType::Ping, payload);
    return true;
}

bool Connection::close(int code, const QString &reason, QString *error)
{
    if (!checkOpen(error))
        return false;
    if (!CloseCodes::isSendable(code)) {
        if (error)
            *error = tr("%1 cannot be sent in a close frame: use 1000-1003, 1007-1014 or "
                        "3000-4999.")
                         .arg(code);
        return false;
    }
    m_closeRequested = true;
    m_sentCloseCode = code;
    // RFC 6455 leaves 123 bytes for the reason; a longer one is cut at a character boundary.
    m_sentCloseReason = CloseCodes::fitReason(reason);
    setState(State::Closing);
    m_socket->close(QWebSocketProtocol::CloseCode(code), m_sentCloseReason);
    return true;
}

void Connection::abort()
{
    m_userStopped = true;
    if (m_state == State::Closed) {
        cancelReconnect();
        return;
    }
    if (m_state == State::Connecting) {
        fail(tr("Connection attempt cancelled."));
        return;
    }
    if (m_socket)
        m_socket->abort();
}

void Connection::onConnected()
{
    m_handshakeTimer.stop();
    Compat::sliceReads(m_socket, kReadSliceBytes);
    m_openedAtMs = QDateTime::currentMSecsSinceEpoch();
    const QString protocol = m_socket->subprotocol();
    LogEvent opened
        = LogEvent::now(Direction::Lifecycle, EventType::Open,
                        protocol.isEmpty() ? tr("Opened (no subprotocol)").toUtf8()
                                           : tr("Opened, subprotocol %1").arg(protocol).toUtf8());
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = m_url.toString();
    facts->subprotocol = protocol;
    facts->requestHeaders = m_requestHeaders; // Qt shows neither the response nor the key
    opened.facts = std::move(facts);
    m_sink->append(std::move(opened));
    if (m_reconnectAttempt > 0) {
        m_reconnectAttempt = 0;
        emit reconnectChanged();
    }
    setState(State::Open);
    if (m_options.keepaliveSeconds > 0)
        m_keepaliveTimer.start(m_options.keepaliveSeconds * 1000);
    m_socketIo = SocketIoSession(m_options.socketIo);
    if (!m_options.socketIo.enabled)
        sendOnOpen();
    // In Socket.IO mode they go once the main namespace is joined (onSocketIoText).
}

void Connection::sendOnOpen()
{
    for (const QString &message : std::as_const(m_options.onOpen)) {
        if (m_state != State::Open)
            break; // a slot closed it
        sendText(message);
    }
}

void Connection::sendAutomatic(const QString &text)
{
    m_socket->sendTextMessage(text);
    LogEvent event = LogEvent::now(Direction::Sent, EventType::Text, text.toUtf8());
    event.automatic = true;
    m_stats.count(Direction::Sent, event.data.size());
    m_sink->append(std::move(event));
}

void Connection::onSocketIoText(QStringView text)
{
    const SocketIoSession::Reaction reaction = m_socketIo.onText(text);
    for (const QString &reply : reaction.replies) {
        if (m_state != State::Open)
            return;
        sendAutomatic(reply);
    }
    if (reaction.connected && reaction.nsp == u"/")
        sendOnOpen();
}

bool Connection::emitEvent(const QString &nsp, const QString &event, const QString &arguments,
                           bool ack, QString *error)
{
    if (!checkOpen(error))
        return false;
    if (!m_options.socketIo.enabled) {
        if (error)
            *error = tr("Emit is for Socket.IO mode; choose Socket.IO beside the URL.");
        return false;
    }
    Result<SocketIoSession::Emit> packets = m_socketIo.makeEmit(nsp, event, arguments, ack);
    if (!packets) {
        if (error)
            *error = packets.error();
        return false;
    }
    sendText(packets->text);
    for (const QByteArray &attachment : packets->attachments)
        sendBinary(attachment);
    return true;
}

bool Connection::joinNamespace(const QString &nsp, const QString &authJson, QString *error)
{
    if (!checkOpen(error))
        return false;
    const Result<QString> packet = SocketIoSession::connectPacket(nsp, authJson);
    if (!packet) {
        if (error)
            *error = packet.error();
        return false;
    }
    return sendText(packet.value(), error);
}

bool Connection::leaveNamespace(const QString &nsp, QString *error)
{
    return checkOpen(error) && sendText(SocketIoSession::disconnectPacket(nsp), error);
}

void Connection::sendKeepalive()
{
    if (m_state == State::Open)
        ping(kKeepalivePrefix + QByteArray::number(++m_keepaliveCount));
}

void Connection::onSslErrors(const QList<QSslError> &errors)
{
    if (m_options.tls.ignoreErrors)
        m_socket->ignoreSslErrors();
    noteTlsErrors(errors, m_options.tls.ignoreErrors);
}

void Connection::noteTlsErrors(const QList<QSslError> &errors, bool ignored)
{
    const QString text = TlsSetup::describe(errors);
    if (!ignored) {
        m_sslErrors = text;
        return;
    }
    logEvent(
        Direction::Lifecycle, EventType::Info,
        tr("Certificate errors ignored, as this tab's TLS options ask:\n%1").arg(text).toUtf8());
}

void Connection::scheduleReconnect()
{
    const ConnectionOptions::Reconnect &r = m_options.reconnect;
    if (!r.enabled || m_userStopped)
        return;
    ++m_reconnectAttempt;
    if (r.maxAttempts > 0 && m_reconnectAttempt > r.maxAttempts) {
        logEvent(Direction::Lifecycle, EventType::Info,
                 (r.maxAttempts == 1
                      ? tr("Gave up reconnecting after 1 attempt.")
                      : tr("Gave up reconnecting after %1 attempts.").arg(r.maxAttempts))
                     .toUtf8());
        m_reconnectAttempt = 0;
        emit reconnectChanged();
        return;
    }
    // Exponential backoff with "equal jitter": half the delay fixed, half random, so many
    // clients dropped at once do not return at once.
    const qint64 ceiling = std::min<qint64>(
        r.maxDelayMs, qint64(r.initialDelayMs) << std::min(m_reconnectAttempt - 1, 30));
    const int delay = int(ceiling / 2 + QRandomGenerator::global()->bounded(ceiling / 2 + 1));
    const QString of = r.maxAttempts > 0
        ? tr("attempt %1 of %2").arg(m_reconnectAttempt).arg(r.maxAttempts)
        : tr("attempt %1").arg(m_reconnectAttempt);
    logEvent(Direction::Lifecycle, EventType::Info,
             tr("Reconnecting in %1 s (%2).").arg(delay / 1000.0, 0, 'f', 1).arg(of).toUtf8());
    m_reconnectTimer.start(delay);
    emit reconnectChanged();
}

void Connection::cancelReconnect()
{
    if (!reconnectPending())
        return;
    m_reconnectTimer.stop();
    m_reconnectAttempt = 0;
    logEvent(Direction::Lifecycle, EventType::Info, tr("Reconnect cancelled.").toUtf8());
    emit reconnectChanged();
}

void Connection::onDisconnected()
{
    m_handshakeTimer.stop();
    m_keepaliveTimer.stop();
    if (m_state == State::Closed)
        return; // already reported, for example by fail()
    if (m_failed || m_openedAtMs == 0) {
        // The handshake never finished. Qt may emit disconnected before its error signal, so
        // report the socket's error now; a later error signal is then ignored.
        if (!m_failed && m_socket->error() != QAbstractSocket::UnknownSocketError)
            onSocketError(m_socket->error());
        if (!m_failed)
            fail(tr("The connection closed before the handshake finished."));
        setState(State::Closed);
        return;
    }
    bool abnormal = false;
    if (m_closeRequested) {
        logEvent(Direction::Sent, EventType::Close, m_sentCloseReason.toUtf8(),
                 quint16(m_sentCloseCode));
    } else if (const QtClose::Verdict qt = QtClose::recognise(m_socket->closeReason());
               m_peerClosing && qt.kind != QtClose::Verdict::Kind::NotQt) {
        // Qt closed it, not the server: say what the server did, then the close Qt sent.
        const int code = int(m_socket->closeCode());
        logEvent(
            Direction::Lifecycle, EventType::Error,
            (qt.kind == QtClose::Verdict::Kind::TooLarge
                 ? tr("The server %1 (%2 message, %3 frame), so Sockscope closed the "
                      "connection with %4.")
                       .arg(qt.what, MessageLogModel::sizeText(m_options.maxIncomingMessageSize),
                            MessageLogModel::sizeText(m_options.maxIncomingFrameSize),
                            CloseCodes::describe(code))
                 : tr("The server broke the protocol: it %1. Sockscope closed the "
                      "connection with %2.")
                       .arg(qt.what, CloseCodes::describe(code)))
                .toUtf8());
        logEvent(Direction::Sent, EventType::Close, m_socket->closeReason().toUtf8(),
                 quint16(code));
    } else if (m_peerClosing) {
        logEvent(Direction::Received, EventType::Close, m_socket->closeReason().toUtf8(),
                 quint16(m_socket->closeCode()));
        // The codes by which a server says "come back later".
        abnormal = m_socket->closeCode() == QWebSocketProtocol::CloseCodeAbnormalDisconnection
            || m_socket->closeCode() == 1012 || m_socket->closeCode() == 1013;
    } else {
        abnormal = true;
        logEvent(Direction::Lifecycle, EventType::Close, {},
                 quint16(CloseCodes::endCode(false, m_socket->closeCode())));
    }
    m_openedAtMs = 0;
    m_capture->finishAttempt();
    setState(State::Closed);
    if (abnormal)
        scheduleReconnect();
}

void Connection::onSocketError(QAbstractSocket::SocketError error)
{
    const QString qtText = m_socket->errorString();
    if (m_state == State::Open || m_state == State::Closing) {
        // A drop while open is reported by the close row (1006); anything else is worth a row.
        if (error != QAbstractSocket::RemoteHostClosedError)
            logEvent(Direction::Lifecycle, EventType::Error, qtText.toUtf8());
        return;
    }
    if (m_state != State::Connecting || m_failed)
        return;
    // Through the relay, Qt meets only the relay's 502: the server's socket says what happened.
    if (const auto upstream = m_capture->upstreamFailure(); upstream && m_sink == m_capture.get()) {
        fail(ConnectionFailure::describe(upstream->first, upstream->second,
                                         {m_url, m_options.proxy, m_sslErrors, false}));
        return;
    }
    QString message = ConnectionFailure::describe(
        error, qtText, {m_url, m_options.proxy, m_sslErrors, m_requestSent});
    // Qt drops a refusal's body; the wire shows it.
    if (const QByteArray body = m_capture->refusalBody();
        !body.isEmpty() && m_sink == m_capture.get())
        message += u"\n\n" + tr("The server's answer came with this body:") + u'\n'
            + QString::fromUtf8(body);
    fail(message);
}

void Connection::onPong(const QByteArray &payload)
{
    // Qt's elapsed time is meaningless for a pong we did not ask for, so match by payload.
    const qint64 now = m_clock.nsecsElapsed();
    qint32 rttUs = -1;
    for (auto it = m_pendingPings.begin(); it != m_pendingPings.end(); ++it) {
        if (it->payload == payload) {
            rttUs = qint32(qMin<qint64>((now - it->sentAtNs) / 1000, INT32_MAX));
            m_pendingPings.erase(it);
            break;
        }
    }
    logEvent(Direction::Received, EventType::Pong, payload, 0, rttUs);
    if (rttUs >= 0)
        emit roundTripMeasured(rttUs);
}

void Connection::onHandshakeTimeout()
{
    if (m_state != State::Connecting)
        return;
    fail(tr("Handshake timed out: %1 did not complete the WebSocket handshake within %2 s.")
             .arg(endpoint(m_url))
             .arg(m_handshakeTimer.interval() / 1000.0));
}

// Ends a connection attempt that failed: logs why, abandons the socket and reports Closed.
void Connection::fail(const QString &message)
{
    m_failed = true;
    m_handshakeTimer.stop();
    logEvent(Direction::Lifecycle, EventType::Error, message.toUtf8());
    emit errorOccurred(message);
    // Qt 6.4 leaves a refused handshake stuck in ConnectingState; abort() frees it.
    if (m_socket)
        m_socket->abort();
    m_capture->finishAttempt();
    setState(State::Closed);
    scheduleReconnect();
}

void Connection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Connection::onTextFrame(const QString &frame, bool isLastFrame)
{
    if (isLastFrame && m_frames.empty()) { // a whole message in one frame: the common case
        m_stats.count(Direction::Received, m_sink->appendText(Direction::Received, frame));
        if (m_options.socketIo.enabled)
            onSocketIoText(frame);
        return;
    }
    m_frames.push_back({quint32(Utf8::length(frame)), isLastFrame});
    m_partialText += frame;
    if (!isLastFrame)
        return;
    m_stats.count(
        Direction::Received,
        m_sink->appendText(Direction::Received, m_partialText, std::exchange(m_frames, {})));
    if (m_options.socketIo.enabled)
        onSocketIoText(m_partialText);
    m_partialText.clear();
}

void Connection::onBinaryFrame(const QByteArray &frame, bool isLastFrame)
{
    if (isLastFrame && m_frames.empty()) {
        m_stats.count(Direction::Received, frame.size());
        logEvent(Direction::Received, EventType::Binary, frame);
        return;
    }
    m_frames.push_back({quint32(frame.size()), isLastFrame});
    m_partialBinary += frame;
    if (!isLastFrame)
        return;
    m_stats.count(Direction::Received, m_partialBinary.size());
    logEvent(Direction::Received, EventType::Binary, std::exchange(m_partialBinary, {}), 0, -1,
             std::exchange(m_frames, {}));
}

void Connection::logEvent(Direction direction, EventType type, QByteArray data, quint16 closeCode,
                          qint32 roundTripUs, std::vector<FrameInfo> frames)
{
    LogEvent event = LogEvent::now(direction, type, std::move(data), closeCode);
    event.roundTripUs = roundTripUs;
    event.frames = std::move(frames);
    m_sink->append(std::move(event));
}

QString Connection::stateText(State state)
{
    switch (state) {
    case State::Closed:
        return tr("Closed");
    case State::Connecting:
        return tr("Connecting");
    case State::Open:
        return tr("Open");
    case State::Closing:
        return tr("Closing");
    }
    return {};
}

} // namespace Sockscope
