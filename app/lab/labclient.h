#pragma once

#include "connection/connectionoptions.h"
#include "websocket/frameparser.h"
#include "websocket/handshakerequest.h"
#include "websocket/wireframe.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <optional>
#include <vector>

class QTcpSocket;

namespace Sockscope {

// What a polite upgrade request carries beyond its URL: the options of the connection tab a
// lab tab starts from.
struct LabHandshakeOptions
{
    QStringList subprotocols;
    QString origin;
    QList<std::pair<QString, QString>> headers; // name and value, in order
    friend bool operator==(const LabHandshakeOptions &, const LabHandshakeOptions &) = default;

    // A connection's subprotocols, Origin and enabled headers, but not a secret header: the
    // lab's request is plain text that the session keeps. *secretsLeftOut counts them.
    static LabHandshakeOptions from(const ConnectionOptions &options, int *secretsLeftOut);
};

// Our own RFC 6455 client, for lab tabs and the conformance suite. It speaks the protocol on a
// QTcpSocket (a QSslSocket for wss://) with the wire view's parser, writer and handshake code,
// so it can send what a polite client never would: any handshake bytes, any frame, in any
// pieces. It reports every frame the server sends with the rules it breaks, and does only what
// its switches say: answer pings, answer a close. It can also take the server's side of a
// connection a server upgraded (adopt()), for the fuzzing server that grades clients.
class LabClient : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool autoPong = true; // answer each ping with a pong of its payload
        bool answerClose = true; // answer the server's close frame with one of the same code
        // Go on after a 101 that breaks RFC 6455 4.1 (its problems are still named).
        bool proceedDespiteProblems = false;
        ConnectionOptions::Tls tls;
        int handshakeTimeoutMs = 10'000;
        // After both close frames, how long the server has to close TCP before this side does
        // (RFC 6455 7.1.1: the server closes it first).
        int closeTimeoutMs = 2'000;
    };
    enum class State { Idle, Connecting, Open, Closed };

    explicit LabClient(Options options, QObject *parent = nullptr);
    ~LabClient() override;

    // The upgrade request a well-behaved client sends to url, with a fresh key.
    static HandshakeRequest defaultRequest(const QUrl &url,
                                           const LabHandshakeOptions &options = {});
    // A frame as a client sends it: masked, with a fresh random key.
    static FrameSpec masked(FrameSpec spec);

    // Connects to url's host and sends head as it is (the user may have broken it). False, with
    // a sentence in *error, when url is not a ws:// or wss:// URL with a host.
    bool open(const QUrl &url, const QByteArray &head, QString *error = nullptr);
    // Takes the server's side of a connection a server accepted and upgraded (the lab's
    // fuzzing server): its frames go out unmasked, the client's are read, and after both close
    // frames this side closes TCP (RFC 6455 7.1.1). rest: what came after the handshake.
    void adopt(QTcpSocket *socket, const QByteArray &rest);
    bool isServerSide() const { return m_serverSide; }
    // A frame as this side sends it: masked with a fresh key from a client, as it is from a
    // server.
    FrameSpec outgoing(FrameSpec spec) const
    {
        return m_serverSide ? spec : masked(std::move(spec));
    }

    // Writes bytes as they are: in one write, or in pieces of chopSize bytes with delayMs
    // between them. Writes keep their order, delayed or not.
    void write(const QByteArray &bytes, int chopSize = 0, int delayMs = 0);
    // The same in pieces of these sizes, in order, the last size repeated for the rest.
    void write(const QByteArray &bytes, const QList<int> &pieceSizes, int delayMs);
    // Writes a frame (see write).
    void send(const FrameSpec &spec, int chopSize = 0, int delayMs = 0);
    void sendClose(int code, const QByteArray &reason = {});
    // Closes TCP now, with no close frame.
    void dropTcp();

    State state() const { return m_state; }
    // The server's answer to the handshake, once it came.
    const std::optional<HandshakeResponse> &response() const { return m_response; }
    // The answer's head as it came; empty until it did.
    const QByteArray &responseHead() const { return m_responseHead; }
    // What is wrong with it by RFC 6455 4.1; empty for a valid 101.
    const QStringList &handshakeProblems() const { return m_problems; }
    // Whether a close frame went out whole, however it was written.
    bool closeSent() const { return m_closeSent; }
    bool closeReceived() const { return m_closeReceived; }
    qint64 elapsedUs() const { return m_clock.isValid() ? m_clock.nsecsElapsed() / 1000 : 0; }

signals:
    void opened();
    // The handshake did not succeed: a TCP or TLS error, a refusal, a 101 with problems, a
    // timeout; why in words.
    void refused(const QString &why);
    // The frames this side's writes ended, read back with the same parser (they may break the
    // rules on purpose).
    void framesSent(const std::vector<Sockscope::WireFrame> &frames,
                    const std::vector<Sockscope::ProtocolVerdict> &verdicts);
    void framesReceived(const std::vector<Sockscope::WireFrame> &frames,
                        const std::vector<Sockscope::ProtocolVerdict> &verdicts);
    void tlsErrors(const QList<QSslError> &errors);
    // TCP closed; byPeer says the other side closed it first.
    void closed(bool byPeer);

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void readHead();
    void onFrames(const std::vector<WireFrame> &frames);
    void fail(const QString &why);
    void writeNext();
    void finishClosing();

    Options m_options;
    State m_state = State::Idle;
    QPointer<QTcpSocket> m_socket;
    QByteArray m_head; // the request, until TCP is up
    QByteArray m_key;
    QList<QByteArray> m_offeredProtocols;
    QByteArray m_received; // the response's head while it arrives
    std::optional<HandshakeResponse> m_response;
    QByteArray m_responseHead;
    QStringList m_problems;
    std::optional<FrameParser> m_parser;
    FrameParser m_sentParser {FrameParser::Options {FrameSender::Client}};
    QElapsedTimer m_clock;
    QTimer m_handshakeTimer;
    QTimer m_closeTimer;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    bool m_droppedByUs = false;
    bool m_serverSide = false;

    struct Piece
    {
        QByteArray bytes;
        int delayMs = 0; // before it
    };
    std::deque<Piece> m_queue;
    QTimer m_writeTimer;
};

} // namespace Sockscope
