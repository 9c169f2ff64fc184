#include "connection.h"

#include "closecodes.h"
#include "log/utf8length.h"
#include "urlvalidation.h"
#include "websocketcompat.h"

#include <QDateTime>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QWebSocketHandshakeOptions>

namespace Sockscope {

namespace {
// Qt 6.4 reports a refused handshake only through this error string.
const QRegularExpression &httpStatusPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(status code: (\d{3}) \(([^)]*)\))"));
    return re;
}

QString endpoint(const QUrl &url)
{
    const int port = url.port(url.scheme() == u"wss" ? 443 : 80);
    return url.host() + u':' + QString::number(port);
}
} // namespace

Connection::Connection(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_handshakeTimer.setSingleShot(true);
    m_handshakeTimer.setInterval(ConnectionOptions::kDefaultHandshakeTimeoutMs);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &Connection::onHandshakeTimeout);

    connect(&m_socket, &QWebSocket::connected, this, &Connection::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &Connection::onDisconnected);
    connect(&m_socket, &QWebSocket::aboutToClose, this, [this] {
        if (!m_closeRequested)
            m_peerClosing = true;
        if (m_state == State::Open)
            setState(State::Closing);
    });
    Compat::onWebSocketError(&m_socket, this,
                             [this](QAbstractSocket::SocketError error) { onSocketError(error); });
    // Messages are taken from the frame signals, not the message signals: a fast feed then
    // costs one signal per message, and a fragmented message keeps its frame list.
    connect(&m_socket, &QWebSocket::textFrameReceived, this, &Connection::onTextFrame);
    connect(&m_socket, &QWebSocket::binaryFrameReceived, this, &Connection::onBinaryFrame);
    connect(&m_socket, &QWebSocket::pong, this,
            [this](quint64, const QByteArray &payload) { onPong(payload); });
}

Connection::~Connection()
{
    // Without this the socket's disconnected signal would reach a half-destroyed object.
    m_socket.disconnect(this);
    m_socket.abort();
}

QString Connection::negotiatedSubprotocol() const
{
    return m_socket.subprotocol();
}

bool Connection::open(const QString &urlText, QString *error)
{
    if (m_state != State::Closed) {
        if (error)
            *error = tr("Disconnect before connecting again.");
        return false;
    }
    const UrlCheck check = checkWebSocketUrl(urlText);
    if (!check.ok()) {
        if (error)
            *error = check.error;
        return false;
    }
    if (!m_options.validate(error))
        return false;
    m_url = check.url;
    m_closeRequested = false;
    m_peerClosing = false;
    m_failed = false;
    m_openedAtMs = 0;
    m_pendingPings.clear();
    m_frames.clear();
    m_partialText.clear();
    m_partialBinary.clear();
    setState(State::Connecting);
    // What the handshake request carries beyond Qt's own headers, for the log and inspector.
    QNetworkRequest request(m_url);
    QStringList sent {tr("Connecting to %1").arg(m_url.toString())};
    if (!m_options.origin.isEmpty()) {
        request.setRawHeader("Origin", m_options.origin.toUtf8());
        sent << QStringLiteral("Origin: ") + m_options.origin;
    }
    if (!m_options.subprotocols.isEmpty())
        sent << QStringLiteral("Sec-WebSocket-Protocol: ")
                + m_options.subprotocols.join(QStringLiteral(", "));
    for (const ConnectionOptions::Header &h : std::as_const(m_options.headers)) {
        if (h.enabled) {
            request.setRawHeader(h.name.toUtf8(), h.value.toUtf8());
            sent << h.name + QStringLiteral(": ") + h.value;
        }
    }
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols(m_options.subprotocols);
    m_socket.setMaxAllowedIncomingMessageSize(quint64(m_options.maxIncomingMessageSize));
    m_socket.setMaxAllowedIncomingFrameSize(quint64(m_options.maxIncomingFrameSize));
    m_socket.setOutgoingFrameSize(quint64(m_options.outgoingFrameSize));
    m_handshakeTimer.setInterval(m_options.handshakeTimeoutMs);
    logEvent(Direction::Lifecycle, EventType::Connecting, sent.join(u'\n').toUtf8());
    m_handshakeTimer.start();
    m_socket.open(request, handshake);
    return true;
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
    m_socket.sendTextMessage(text);
    m_stats.count(Direction::Sent, m_log.appendText(Direction::Sent, text));
    return true;
}

bool Connection::sendBinary(const QByteArray &data, QString *error)
{
    if (!checkOpen(error))
        return false;
    m_socket.sendBinaryMessage(data);
    m_stats.count(Direction::Sent, data.size());
    logEvent(Direction::Sent, EventType::Binary, data);
    return true;
}

bool Connection::ping(const QByteArray &payload, QString *error)
{
    if (!checkOpen(error))
        return false;
    if (payload.size() > kMaxControlPayload) {
        if (error)
            *error = tr("A ping payload can be at most %1 bytes; this one is %2.")
                         .arg(kMaxControlPayload)
                         .arg(payload.size());
        return false;
    }
    m_pendingPings.push_back({payload, m_clock.nsecsElapsed()});
    m_socket.ping(payload);
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
    if (reason.toUtf8().size() > kMaxCloseReasonBytes) {
        if (error)
            *error
                = tr("A close reason can be at most %1 bytes of UTF-8.").arg(kMaxCloseReasonBytes);
        return false;
    }
    m_closeRequested = true;
    m_sentCloseCode = code;
    m_sentCloseReason = reason;
    setState(State::Closing);
    m_socket.close(QWebSocketProtocol::CloseCode(code), reason);
    return true;
}

void Connection::abort()
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Connecting) {
        fail(tr("Connection attempt cancelled."));
        return;
    }
    m_socket.abort();
}

void Connection::onConnected()
{
    m_handshakeTimer.stop();
    Compat::sliceReads(&m_socket, kReadSliceBytes);
    m_openedAtMs = QDateTime::currentMSecsSinceEpoch();
    const QString protocol = m_socket.subprotocol();
    logEvent(Direction::Lifecycle, EventType::Open,
             protocol.isEmpty() ? tr("Opened (no subprotocol)").toUtf8()
                                : tr("Opened, subprotocol %1").arg(protocol).toUtf8());
    setState(State::Open);
}

void Connection::onDisconnected()
{
    m_handshakeTimer.stop();
    if (m_state == State::Closed)
        return; // already reported, for example by fail()
    if (m_failed || m_openedAtMs == 0) {
        // The handshake never finished. Qt may emit disconnected before its error signal, so
        // report the socket's error now; a later error signal is then ignored.
        if (!m_failed && m_socket.error() != QAbstractSocket::UnknownSocketError)
            onSocketError(m_socket.error());
        if (!m_failed)
            fail(tr("The connection closed before the handshake finished."));
        setState(State::Closed);
        return;
    }
    if (m_closeRequested) {
        logEvent(Direction::Sent, EventType::Close, m_sentCloseReason.toUtf8(),
                 quint16(m_sentCloseCode));
    } else if (m_peerClosing && closedForSize()) {
        logEvent(Direction::Lifecycle, EventType::Error,
                 tr("The server sent a message over the maximum incoming size (%1 message, %2 "
                    "frame), so the connection was closed with 1009.")
                     .arg(MessageLogModel::sizeText(m_options.maxIncomingMessageSize),
                          MessageLogModel::sizeText(m_options.maxIncomingFrameSize))
                     .toUtf8());
        logEvent(Direction::Sent, EventType::Close, m_socket.closeReason().toUtf8(),
                 quint16(QWebSocketProtocol::CloseCodeTooMuchData));
    } else if (m_peerClosing) {
        logEvent(Direction::Received, EventType::Close, m_socket.closeReason().toUtf8(),
                 quint16(m_socket.closeCode()));
    } else {
        // Qt 6.4 reports a dropped TCP connection as 1000; without a close frame it is 1006.
        logEvent(Direction::Lifecycle, EventType::Close, {},
                 quint16(QWebSocketProtocol::CloseCodeAbnormalDisconnection));
    }
    m_openedAtMs = 0;
    setState(State::Closed);
}

// Qt closes by itself, with 1009, when the peer sends more than the size limits allow. It
// reports that like a close from the peer, but with a reason of its own, which is how this
// tells the two apart (Qt 6.4 has no other sign of it).
bool Connection::closedForSize() const
{
    return m_socket.closeCode() == QWebSocketProtocol::CloseCodeTooMuchData
        && m_socket.closeReason() == QLatin1String("Received message is too big.");
}

void Connection::onSocketError(QAbstractSocket::SocketError error)
{
    const QString where = endpoint(m_url);
    const QString qtText = m_socket.errorString();
    if (m_state == State::Open || m_state == State::Closing) {
        // A drop while open is reported by the close row (1006); anything else is worth a row.
        if (error != QAbstractSocket::RemoteHostClosedError)
            logEvent(Direction::Lifecycle, EventType::Error, qtText.toUtf8());
        return;
    }
    if (m_state != State::Connecting || m_failed)
        return;

    QString message;
    const QRegularExpressionMatch status = httpStatusPattern().match(qtText);
    if (status.hasMatch()) {
        message = tr("Handshake refused: the server answered HTTP %1 %2 instead of 101 "
                     "Switching Protocols.")
                      .arg(status.captured(1), status.captured(2));
    } else {
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            message = tr("Connection refused by %1: nothing is listening there.").arg(where);
            break;
        case QAbstractSocket::HostNotFoundError:
            message = tr("Host not found: %1.").arg(m_url.host());
            break;
        case QAbstractSocket::RemoteHostClosedError:
            message = tr("%1 closed the connection during the handshake.").arg(where);
            break;
        case QAbstractSocket::SocketTimeoutError:
            message = tr("Timed out connecting to %1.").arg(where);
            break;
        case QAbstractSocket::NetworkError:
            message = tr("Network error reaching %1 (%2).").arg(where, qtText);
            break;
        case QAbstractSocket::SslHandshakeFailedError:
            message = tr("TLS handshake with %1 failed (%2).").arg(where, qtText);
            break;
        default:
            message = tr("Could not connect to %1 (%2).").arg(where, qtText);
            break;
        }
    }
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
    m_socket.abort();
    setState(State::Closed);
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
        m_stats.count(Direction::Received, m_log.appendText(Direction::Received, frame));
        return;
    }
    m_frames.push_back({quint32(utf8Length(frame)), isLastFrame});
    m_partialText += frame;
    if (!isLastFrame)
        return;
    m_stats.count(
        Direction::Received,
        m_log.appendText(Direction::Received, m_partialText, std::exchange(m_frames, {})));
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
    m_log.append(std::move(event));
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
