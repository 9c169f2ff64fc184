#pragma once

#include "log/wirelog.h"
#include "websocket/closecodes.h"
#include "websocket/frameparser.h"
#include "websocket/handshakerequest.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QString>

class QTcpSocket;

namespace Sockscope {

// The server's side of one upgraded WebSocket connection (RFC 6455 sections 5-7), spoken on
// the TCP or TLS socket its handshake came on: messages assembled from frames and checked as
// they come, pings answered, the closing handshake. A client that breaks the protocol is failed
// with 1002 (1007 for text that is not UTF-8, 1009 for a message over the limit), and
// protocolError says why. It holds little per client, as a mock server with thousands of them
// must: what arrives is read out of the socket at once, and what is sent goes straight to the
// kernel while nothing waits in the socket's own buffer.
class ServerConnection : public QObject
{
    Q_OBJECT

public:
    // What the listener read and answered on the socket before the connection begins.
    struct Upgrade
    {
        HandshakeRequest request;
        QByteArray subprotocol; // chosen; empty when none was
        QByteArray response; // the 101 response, written first
        QByteArray firstBytes; // what came after the request's head: the client's first frames
    };

    // Takes the socket (this becomes its parent).
    ServerConnection(QTcpSocket *socket, Upgrade upgrade, QObject *parent = nullptr);
    ~ServerConnection() override;

    // Starts reading, frames that followed the handshake included: call it once the signals
    // are connected.
    void start();

    // All that has arrived on the socket, taken out of it so that Qt's read buffer keeps no
    // chunk behind (readAll() copies and keeps a 16 KiB one per socket).
    static QByteArray takeReceived(QTcpSocket *socket);

    // Wire capture: from now on every frame read or written is kept, with its header and the
    // rules it breaks, until takeWire() hands it over; pings and pongs are told by
    // controlFrame. Call it before start(): the handshake's two heads are the first frames.
    void setWireCapture(bool on);
    bool capturesWire() const { return m_capture; }
    // The frames since the last take, in the order they passed: what the next row (a message,
    // a ping, the close) is made of. Once the connection has ended, the frames of a message
    // it never finished come too.
    std::vector<WireLog::Frame> takeWire();

    const HandshakeRequest &request() const { return m_upgrade.request; }
    const QByteArray &subprotocol() const { return m_upgrade.subprotocol; }
    QHostAddress peerAddress() const;
    quint16 peerPort() const;

    // The largest message accepted, in bytes; 0: no limit.
    void setMaxMessageSize(qint64 bytes) { m_maxMessageSize = bytes; }

    // Whether messages may still be sent: false once a close frame has gone or come.
    bool isOpen() const { return m_state == State::Open; }
    // False, sending nothing, when the connection is no longer open.
    bool sendText(const QByteArray &utf8) { return sendMessage(0x1, utf8); }
    bool sendBinary(const QByteArray &data) { return sendMessage(0x2, data); }
    // Starts the closing handshake; the TCP connection ends when the client answers (or after
    // a timeout, if it never does).
    void close(int code, const QString &reason);
    void abort();
    // Writes now what waits in the socket's buffer.
    void flush();
    // What waits in this process to be written (not what the kernel holds).
    qint64 bytesToWrite() const;

    // How the connection ended, as the log shows it: the code and reason of the client's close
    // frame (1005 when it had no code), else of the one sent, else 1006 (no close frame).
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }

signals:
    void messageReceived(bool binary, const QByteArray &data);
    // The client broke RFC 6455 (or sent a message over the limit); why, in a sentence. The
    // connection is failed with the matching close code.
    void protocolError(const QString &why);
    // With wire capture on: a ping or pong passed, either way (the server answers a client's
    // ping on its own; automatic says so).
    void controlFrame(bool fromClient, quint8 opcode, const QByteArray &payload, bool automatic);
    void disconnected();

private:
    enum class State : quint8 { Open, CloseSent, Ending };

    void onReadyRead();
    void read(const QByteArray &bytes);
    void capture(const WireFrame &frame, std::vector<ProtocolVerdict> &pending);
    // The frames of the message being read go to the wire handed over: delivered, they give
    // their payloads up to its row.
    void keepMessageWire(bool delivered);
    // Acts on one frame; false when nothing more should be read.
    bool handle(WireFrame &frame);
    bool sendMessage(quint8 opcode, const QByteArray &payload);
    void writeFrame(quint8 opcode, const QByteArray &payload);
    void write(const QByteArray &bytes);
    void sendClose(int code, const QString &reason);
    // Fails the connection (RFC 6455 7.1.7): a close frame, then the TCP connection ends.
    void fail(int code, const QString &reason, const QString &why);
    void failTooBig();
    // Ends the TCP connection once what is queued is written, within the closing timeout.
    void end();

    QTcpSocket *m_socket;
    Upgrade m_upgrade;
    FrameParser m_parser;
    QByteArray m_message; // of the data message being assembled
    bool m_messageBinary = false;
    qint64 m_maxMessageSize = 0;
    State m_state = State::Open;
    bool m_writesDirectly; // a plain TCP socket: writes may skip Qt's buffer
    int m_closeCode = CloseCodes::AbnormalClosure;
    QString m_closeReason;
    bool m_capture = false;
    QElapsedTimer m_clock; // since the handshake, for the wire's times
    std::vector<WireLog::Frame> m_wire;
    std::vector<WireLog::Frame> m_messageWire; // of the data message being read
};

} // namespace Sockscope
