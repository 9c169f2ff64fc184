#include "serverconnection.h"

#include "websocket/closecodes.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

#if defined(Q_OS_UNIX)
#include <cerrno>
#include <sys/socket.h>
#endif

namespace Sockscope {

namespace {
// How long the client has to answer a close frame, and to read what is queued before the
// connection ends, before the TCP connection is cut.
constexpr int kClosingTimeoutMs = 5000;

// Writes to a TCP socket's descriptor without Qt's buffer: the bytes written (0 when the
// kernel's buffer is full), or -1 on an error, which Qt's own write path will then meet and
// report.
qint64 sendDirect(qintptr descriptor, const char *data, qint64 size)
{
#if defined(Q_OS_UNIX)
#if defined(MSG_NOSIGNAL)
    constexpr int kFlags = MSG_NOSIGNAL;
#else
    constexpr int kFlags = 0; // Qt sets SO_NOSIGPIPE on its sockets where there is no flag
#endif
    for (;;) {
        const ssize_t sent = ::send(int(descriptor), data, size_t(size), kFlags);
        if (sent >= 0)
            return sent;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
#else
    Q_UNUSED(descriptor);
    Q_UNUSED(data);
    Q_UNUSED(size);
    return 0; // Qt's write path for all of it
#endif
}

bool failsAsInvalidPayload(ProtocolVerdict::Rule rule)
{
    return rule == ProtocolVerdict::Rule::InvalidUtf8
        || rule == ProtocolVerdict::Rule::InvalidCloseReason;
}
} // namespace

ServerConnection::ServerConnection(QTcpSocket *socket, Upgrade upgrade, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_upgrade(std::move(upgrade))
    , m_parser(FrameParser::Options {FrameSender::Client})
    , m_writesDirectly(!qobject_cast<QSslSocket *>(socket))
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServerConnection::disconnected);
    m_clock.start();
    write(m_upgrade.response);
}

void ServerConnection::setWireCapture(bool on)
{
    m_capture = on;
    if (on && m_wire.empty() && !m_upgrade.response.isEmpty()) {
        m_wire.push_back(WireLog::Frame::handshakeHead(m_upgrade.request.write(), true, 0));
        m_wire.push_back(WireLog::Frame::handshakeHead(m_upgrade.response, false, 0));
    }
}

ServerConnection::~ServerConnection() = default;

void ServerConnection::start()
{
    m_upgrade.response = {}; // written; kept until now for the wire's handshake rows
    connect(m_socket, &QTcpSocket::readyRead, this, &ServerConnection::onReadyRead);
    // Read out of the socket at once: what Qt's buffer holds is then freed, not kept per client.
    read(std::exchange(m_upgrade.firstBytes, {}) + takeReceived(m_socket));
}

QByteArray ServerConnection::takeReceived(QTcpSocket *socket)
{
    // A read of exactly what one chunk of the buffer holds hands over that chunk itself.
    return socket->read(socket->bytesAvailable());
}

QHostAddress ServerConnection::peerAddress() const
{
    return m_socket->peerAddress();
}

quint16 ServerConnection::peerPort() const
{
    return m_socket->peerPort();
}

void ServerConnection::onReadyRead()
{
    read(takeReceived(m_socket));
}

void ServerConnection::read(const QByteArray &bytes)
{
    if (bytes.isEmpty() || m_state == State::Ending)
        return;
    m_parser.feed(bytes);
    const std::vector<ProtocolVerdict> verdicts = m_parser.takeVerdicts();
    const auto fault = std::find_if(verdicts.cbegin(), verdicts.cend(),
                                    [](const ProtocolVerdict &v) { return v.isViolation(); });
    std::vector<WireFrame> frames = m_parser.takeFrames();
    std::vector<ProtocolVerdict> pending = m_capture ? verdicts : std::vector<ProtocolVerdict>();
    auto frame = frames.begin();
    for (; frame != frames.end(); ++frame) {
        if (fault != verdicts.cend() && frame->offset >= fault->frameOffset)
            break;
        if (m_capture)
            capture(*frame, pending);
        if (!handle(*frame))
            return;
    }
    if (fault != verdicts.cend()) {
        // The frames from the fault on are not acted on; the wire still shows them, with the
        // row that tells of the fault.
        for (; m_capture && frame != frames.end(); ++frame)
            capture(*frame, pending);
        const bool payload = failsAsInvalidPayload(fault->rule);
        fail(payload ? CloseCodes::InvalidPayload : CloseCodes::ProtocolError,
             payload ? tr("invalid UTF-8") : tr("protocol error"), fault->text());
        return;
    }
    // A message over the limit is refused once its header says so, not after it has come.
    if (const WireFrame *frame = m_parser.frameInProgress(); frame && m_maxMessageSize > 0
        && (frame->opcode == 0x0 ? quint64(m_message.size()) : 0) + frame->payloadLength
            > quint64(m_maxMessageSize)) {
        failTooBig();
    }
}

void ServerConnection::capture(const WireFrame &frame, std::vector<ProtocolVerdict> &pending)
{
    bool violation = false;
    WireLog::Frame f
        = WireLog::Frame::judged(frame, true, m_clock.nsecsElapsed() / 1000, pending, &violation);
    // A data frame waits for its message's row (a ping may come between fragments), and its
    // payload is that row's once the message is whole; a message cut short by a fault has no
    // row, so its frames keep their bytes. A ping's or pong's payload is its row's; a close's
    // code and a faulty frame's bytes have no row.
    if (!violation && frame.opcode <= 0x2) {
        m_messageWire.push_back(std::move(f));
        return;
    }
    if (!violation && (frame.opcode == 0x9 || frame.opcode == 0xA))
        f.ownPayload.reset();
    m_wire.push_back(std::move(f));
}

std::vector<WireLog::Frame> ServerConnection::takeWire()
{
    if (m_state == State::Ending || m_socket->state() != QAbstractSocket::ConnectedState)
        keepMessageWire(false);
    return std::exchange(m_wire, {});
}

void ServerConnection::keepMessageWire(bool delivered)
{
    for (WireLog::Frame &f : m_messageWire) {
        if (delivered)
            f.ownPayload.reset(); // the row holds it now
        m_wire.push_back(std::move(f));
    }
    m_messageWire.clear();
}

bool ServerConnection::handle(WireFrame &frame)
{
    switch (frame.opcode) {
    case 0x1:
    case 0x2:
    case 0x0:
        if (frame.opcode == 0x0) {
            m_message.append(frame.payload);
        } else {
            m_messageBinary = frame.opcode == 0x2;
            m_message = std::move(frame.payload);
        }
        if (m_maxMessageSize > 0 && m_message.size() > m_maxMessageSize) {
            failTooBig();
            return false;
        }
        if (frame.fin) {
            keepMessageWire(true);
            emit messageReceived(m_messageBinary, std::exchange(m_message, {}));
        }
        // A handler may have closed or cut the connection.
        return m_state != State::Ending && m_socket->state() == QAbstractSocket::ConnectedState;
    case 0x8: {
        const QByteArray &p = frame.payload;
        const int code
            = p.size() >= 2 ? (quint8(p[0]) << 8) | quint8(p[1]) : CloseCodes::NoStatusReceived;
        m_closeCode = code;
        m_closeReason = p.size() > 2 ? QString::fromUtf8(p.sliced(2)) : QString();
        // Answered with the same code (RFC 6455 5.5.1); the server then ends the TCP
        // connection first (7.1.1).
        if (m_state == State::Open) {
            QByteArray echo;
            if (code != CloseCodes::NoStatusReceived)
                echo = p.first(2);
            writeFrame(0x8, echo);
        }
        end();
        return false;
    }
    case 0x9:
        if (m_capture)
            emit controlFrame(true, 0x9, frame.payload, false);
        if (m_state == State::Open) {
            writeFrame(0xA, frame.payload);
            if (m_capture)
                emit controlFrame(false, 0xA, frame.payload, true);
        }
        return true;
    default: // a pong, unasked or not: nothing to do but show it
        if (m_capture)
            emit controlFrame(true, 0xA, frame.payload, false);
        return true;
    }
}

bool ServerConnection::sendMessage(quint8 opcode, const QByteArray &payload)
{
    if (m_state != State::Open || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    writeFrame(opcode, payload);
    return true;
}

void ServerConnection::writeFrame(quint8 opcode, const QByteArray &payload)
{
    FrameSpec spec;
    spec.opcode = opcode;
    spec.payload = payload;
    write(FrameWriter::write(spec));
    if (m_capture) {
        WireLog::Frame f = WireLog::Frame::written(spec, false, m_clock.nsecsElapsed() / 1000);
        if (opcode == 0x8)
            f.ownPayload = payload; // the close row holds the reason, not the code
        m_wire.push_back(std::move(f));
    }
}

void ServerConnection::write(const QByteArray &bytes)
{
    qint64 sent = 0;
    if (m_writesDirectly && m_socket->bytesToWrite() == 0)
        sent = qMax<qint64>(
            0, sendDirect(m_socket->socketDescriptor(), bytes.constData(), bytes.size()));
    if (sent < bytes.size())
        m_socket->write(bytes.constData() + sent, bytes.size() - sent);
}

void ServerConnection::close(int code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    sendClose(code, reason);
    QTimer::singleShot(kClosingTimeoutMs, this, &ServerConnection::abort);
}

void ServerConnection::sendClose(int code, const QString &reason)
{
    writeFrame(0x8, CloseCodes::payload(code, CloseCodes::fitReason(reason).toUtf8()));
    m_state = State::CloseSent;
    m_closeCode = code;
    m_closeReason = reason;
}

void ServerConnection::fail(int code, const QString &reason, const QString &why)
{
    keepMessageWire(false); // with the row that tells of the fault
    if (m_state == State::Open)
        sendClose(code, reason);
    emit protocolError(why);
    end();
}

void ServerConnection::failTooBig()
{
    fail(CloseCodes::MessageTooBig, tr("message too big"),
         tr("A message over the limit of %1 bytes").arg(m_maxMessageSize));
}

void ServerConnection::end()
{
    keepMessageWire(false); // a message the close cut short
    m_state = State::Ending;
    m_socket->disconnectFromHost();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        QTimer::singleShot(kClosingTimeoutMs, this, &ServerConnection::abort);
}

void ServerConnection::abort()
{
    m_state = State::Ending;
    m_socket->abort();
}

void ServerConnection::flush()
{
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

qint64 ServerConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

} // namespace Sockscope
