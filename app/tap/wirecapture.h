#pragma once

#include "log/logsink.h"
#include "wirerelay.h"

#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QObject>
#include <QVarLengthArray>

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

class QThread;

namespace Sockscope {

// What the wire view shows of one client connection. It runs a WireRelay for each attempt, in a
// thread of its own (the relay's reading and parsing stay off the window's thread), and
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
        return m_upstreamFailure;
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
    using LogSink::attachWire;
    void attachWire(quint64 seq, std::span<const WireLog::Frame> frames) override
    {
        m_log->attachWire(seq, frames);
    }
    void attachWire(quint64 seq, std::span<const WireLog::Record> records) override
    {
        m_log->attachWire(seq, records);
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
        enum class Kind : quint8 { Message, Pong, Close, OwnRow, Taken };
        Kind kind = Kind::OwnRow;
        bool text = false; // Message
        // A message's or a pong's frames, packed, when WireLog::packs them all (most do): all
        // that the window's thread reads of it as Qt delivers it. Otherwise they are in frames.
        QVarLengthArray<WireLog::Record, 1> packed;
        // With their own payloads, except a message's and a pong's: those are in payloads
        // (their row's, unless Qt never delivers it).
        std::vector<WireLog::Frame> frames;
        QVarLengthArray<QByteArray, 1> payloads;
        std::shared_ptr<LogEvent> row; // OwnRow
    };
    // Incoming items in the order they came, kept in the batches the relay's thread made (not
    // moved one by one). An item taken out of turn stays behind, as Taken, until those before
    // it go. A batch whose items all went is spent: it is handed back to the relay's thread to
    // be freed, where its memory and its payloads' came from.
    class IncomingQueue
    {
    public:
        void push(std::vector<Incoming> batch);
        bool empty() const { return m_batches.empty(); }
        Incoming &front() { return m_batches.front()[m_head]; }
        void popFront();
        Incoming *first(Incoming::Kind kind); // nullptr when none waits
        void take(Incoming &item);
        std::vector<std::vector<Incoming>> takeSpent() { return std::exchange(m_spent, {}); }

    private:
        void skipTaken();
        std::deque<std::vector<Incoming>> m_batches; // none empty
        size_t m_head = 0; // in the first batch
        std::vector<std::vector<Incoming>> m_spent;
    };
    class Reader;

    // Between the capture and one relay: cut once the capture lets go of it.
    struct Hold
    {
        std::atomic_bool cut {false};
    };

    // In the relay's thread: runs onCapture in the capture's and waits for it, so that what the
    // relay read is here before Qt can read the bytes the relay passes on. It stops waiting
    // when the hold is cut. Spent batches come back with the answer, to be freed here.
    void handOver(const std::shared_ptr<Hold> &hold, std::function<void()> onCapture);
    void connectRelay(WireRelay *relay, const std::shared_ptr<Hold> &hold);
    void retireRelay(); // cuts the hold and deletes the relay in its thread
    static constexpr int kHoldPollMs = 10; // how often a waiting relay looks at its hold
    qint64 elapsedUs() const; // since the attempt began
    void onClientFrames(std::vector<WireLog::Frame> frames);
    void onClientFrame(WireLog::Frame frame);
    void onServerItems(std::vector<Incoming> items);
    // After the connection's row went on (seq, when it was stored): its frames.
    void matchRow(Direction direction, EventType type, std::optional<quint64> seq);
    void attachFirst(Incoming::Kind kind, std::optional<quint64> seq);
    void pump();
    void flushAll();
    void appendOwn(LogEvent event, std::span<const WireLog::Frame> frames);
    void appendOwn(LogEvent event, const Incoming &item);
    void attachItem(quint64 seq, const Incoming &item);
    static std::vector<WireLog::Frame> framesOf(const Incoming &item);
    void enrichFacts(LogEvent &open) const;
    static std::vector<WireLog::Frame> withoutPayloads(std::vector<WireLog::Frame> frames);

    LogSink *m_log;
    std::unique_ptr<QThread> m_thread; // the relays', from the first attempt on
    WireRelay *m_relay = nullptr; // this attempt's; lives in m_thread
    std::shared_ptr<Hold> m_hold; // m_relay's
    quint16 m_relayPort = 0;
    bool m_relayFinished = true; // its finished() was handled (or it is gone)
    std::optional<std::pair<QAbstractSocket::SocketError, QString>> m_upstreamFailure;
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
    IncomingQueue m_incoming;
    std::optional<quint64> m_closeRow; // the connection's close row of this attempt
    bool m_connectionDone = true; // no more rows of the connection's will come this attempt
};

} // namespace Sockscope
