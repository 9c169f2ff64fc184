#pragma once

#include "log/logsink.h"
#include "wirerelay.h"

#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QObject>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace Sockscope {

// What the wire view shows of one client connection. It runs a WireRelay for each attempt and
// stands between the connection and its log, as a LogSink that passes every row on: the
// connection writes its rows as it always has, and the capture adds what only the wire shows.
// - Each row's frames, matched in order: a sent message to the frames that carried it, a
//   received one to the frames Qt made it from, a close row to both close frames.
// - Rows for what Qt keeps to itself: the server's pings, Qt's automatic pongs, and each rule
//   the server breaks, at its place in the conversation.
// - The handshake as it was on the wire, in the Open row's facts (the key Qt chose, the
//   response's headers).
// - When an attempt ends, the messages Qt never delivered and, when Qt closed with 1007 on
//   text the wire shows was valid UTF-8, a row saying so (a known QtWebSockets defect).
class WireCapture : public QObject, public LogSink
{
    Q_OBJECT

public:
    // log receives every row; it must outlive the capture.
    explicit WireCapture(LogSink *log, QObject *parent = nullptr);
    ~WireCapture() override;

    // A relay for a new attempt, to upstream. False with a sentence in *error.
    bool startAttempt(WireRelay::Upstream upstream, QString *error = nullptr);
    // Where the connection's socket is to connect (an HTTP CONNECT proxy on 127.0.0.1).
    quint16 relayPort() const;
    // Why this attempt's relay could not reach the server, if it could not.
    std::optional<std::pair<QAbstractSocket::SocketError, QString>> upstreamFailure() const
    {
        return m_relay ? m_relay->upstreamFailure() : std::nullopt;
    }
    // The body that came with this attempt's refused handshake (up to
    // WireRelay::kMaxRefusalBody); empty when none came.
    QByteArray refusalBody() const { return m_refusalBody; }
    // The connection wrote its last row of the attempt: what still waits is written once the
    // relay has passed the last bytes.
    void finishAttempt();

    void append(LogEvent event) override;
    qsizetype appendText(Direction direction, QStringView text,
                         std::vector<FrameInfo> frames = {}) override;
    void addSecrets(const QStringList &values) override { m_log->addSecrets(values); }
    quint64 nextSequence() const override { return m_log->nextSequence(); }
    void attachWire(quint64 seq, const std::vector<WireLog::Frame> &frames) override
    {
        m_log->attachWire(seq, frames);
    }

signals:
    // This attempt's server certificate has these problems (wss://); ignored says whether the
    // relay went on past them.
    void tlsErrors(const QList<QSslError> &errors, bool ignored);

private:
    // What the server sent, in order: waiting for the row Qt makes of it, or with a row of its
    // own (written once everything before it has its row).
    struct Incoming
    {
        enum class Kind { Message, Pong, Close, OwnRow };
        Kind kind = Kind::OwnRow;
        std::vector<WireLog::Frame> frames; // with their own payloads, until matched
        // OwnRow; apart, as few items have one and the queue moves them all
        std::unique_ptr<LogEvent> row;
        bool text = false; // Message
    };

    qint64 elapsedUs() const; // since the attempt began
    void onFrames(WireRelay::Side side, const std::vector<WireFrame> &frames,
                  const std::vector<ProtocolVerdict> &verdicts);
    void onClientFrame(const WireFrame &wire, WireLog::Frame frame);
    void onServerFrame(const WireFrame &wire, WireLog::Frame frame, bool violation);
    // After the connection's row went on (seq, when it was stored): its frames.
    void matchRow(Direction direction, EventType type, std::optional<quint64> seq);
    void attachFirst(Incoming::Kind kind, std::optional<quint64> seq);
    void pump();
    void flushAll();
    void appendOwn(LogEvent event, const std::vector<WireLog::Frame> &frames);
    void enrichFacts(LogEvent &open) const;
    static std::vector<WireLog::Frame> withoutPayloads(std::vector<WireLog::Frame> frames);

    LogSink *m_log;
    std::unique_ptr<WireRelay> m_relay;
    QElapsedTimer m_clock; // since the attempt began
    std::optional<HandshakeRequest> m_request;
    std::optional<HandshakeResponse> m_response;
    std::optional<quint64> m_connectingRow; // takes the request's head
    std::optional<WireLog::Frame> m_responseHead; // until the Open or failure row takes it
    QByteArray m_refusalBody;
    std::deque<quint64> m_sentMessages; // rows of sent messages whose frames are still to come
    std::deque<quint64> m_sentPings;
    std::vector<WireLog::Frame> m_clientMessage; // frames of the message Qt is sending
    std::vector<WireLog::Frame> m_clientClose; // until a close row takes it
    int m_clientCloseCode = -1;
    std::vector<WireLog::Frame> m_serverMessage; // frames of the message the server is sending
    std::deque<Incoming> m_incoming;
    std::vector<ProtocolVerdict> m_openVerdicts[2]; // about frames still to end, by side
    std::optional<quint64> m_closeRow; // the connection's close row of this attempt
    bool m_connectionDone = true; // no more rows of the connection's will come this attempt
};

} // namespace Sockscope
