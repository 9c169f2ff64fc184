#pragma once

#include "connectionoptions.h"
#include "log/logsink.h"
#include "log/trafficstats.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <memory>
#include <vector>

namespace Sockscope {

class WireCapture;

// One WebSocket client connection as a user drives it from a tab: it opens, sends, pings and
// closes a QWebSocket and writes every message and lifecycle event to the LogSink it is given
// (the tab's log, usually), with the connection's facts on each Open row.
// It also papers over Qt 6.4's gaps: a handshake timeout, refused handshakes that leave the
// socket stuck connecting, drops reported as 1000 instead of 1006, and pong times that are
// meaningless for pings this class did not send.
class Connection : public QObject
{
    Q_OBJECT

public:
    enum class State { Closed, Connecting, Open, Closing };
    Q_ENUM(State)

    static constexpr qint64 kReadSliceBytes = 256 * 1024;

    // sink receives every row; it must outlive the connection.
    explicit Connection(LogSink *sink, QObject *parent = nullptr);
    ~Connection() override;

    TrafficStats &stats() { return m_stats; }
    State state() const { return m_state; }
    QUrl url() const { return m_url; }
    QString negotiatedSubprotocol() const;
    // When the current connection opened, in ms since the epoch; 0 unless open or closing.
    qint64 openedAtMs() const { return m_openedAtMs; }

    // Used from the next open().
    void setOptions(const ConnectionOptions &options) { m_options = options; }
    const ConnectionOptions &options() const { return m_options; }

    // Each returns false with a sentence in *error when the action is not possible now.
    bool open(const QString &urlText, QString *error = nullptr);
    bool sendText(const QString &text, QString *error = nullptr);
    bool sendBinary(const QByteArray &data, QString *error = nullptr);
    bool ping(const QByteArray &payload, QString *error = nullptr);
    bool close(int code, const QString &reason, QString *error = nullptr);
    // Socket.IO mode (options().socketIo): emit an event with JSON arguments, asking for an
    // ack or not (see SocketIoSession::emit); join a namespace with an auth payload, leave it.
    bool emitEvent(const QString &nsp, const QString &event, const QString &arguments, bool ack,
                   QString *error = nullptr);
    bool joinNamespace(const QString &nsp, const QString &authJson, QString *error = nullptr);
    bool leaveNamespace(const QString &nsp, QString *error = nullptr);
    // Drops the connection, cancels an attempt or a pending reconnect, without a close
    // handshake. Never followed by a reconnect.
    void abort();

    // Auto-reconnect: whether an attempt is scheduled, which one, and when it starts.
    bool reconnectPending() const { return m_reconnectTimer.isActive(); }
    int reconnectAttempt() const { return m_reconnectAttempt; }
    int reconnectRemainingMs() const { return m_reconnectTimer.remainingTime(); }
    void cancelReconnect();

    static QString stateText(State state);

signals:
    void stateChanged(Sockscope::Connection::State state);
    // A failure in plain words; it is also written to the log.
    void errorOccurred(const QString &message);
    // A reconnect was scheduled, started or cancelled.
    void reconnectChanged();
    // A pong answered one of our pings after this many microseconds.
    void roundTripMeasured(qint32 microseconds);

private:
    bool startAttempt(QString *error);
    void replaceSocket();
    void scheduleReconnect();
    void sendKeepalive();
    void onSslErrors(const QList<QSslError> &errors);
    // The server's certificate problems, from Qt's socket or the wire relay's.
    void noteTlsErrors(const QList<QSslError> &errors, bool ignored);
    void onConnected();
    void sendOnOpen();
    // Sent by Sockscope on its own (Engine.IO's pong, the namespace CONNECT): an automatic row.
    void sendAutomatic(const QString &text);
    void onSocketIoText(QStringView text);
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onPong(const QByteArray &payload);
    void onTextFrame(const QString &frame, bool isLastFrame);
    void onBinaryFrame(const QByteArray &frame, bool isLastFrame);
    void onHandshakeTimeout();
    void fail(const QString &message);
    void setState(State state);
    void logEvent(Direction direction, EventType type, QByteArray data, quint16 closeCode = 0,
                  qint32 roundTripUs = -1, std::vector<FrameInfo> frames = {});
    bool checkOpen(QString *error) const;
    // The tab's proxy, as a socket takes it (NoProxy for none).
    QNetworkProxy upstreamProxy() const;

    struct PendingPing
    {
        QByteArray payload;
        qint64 sentAtNs;
    };

    ConnectionOptions m_options;
    SocketIoSession m_socketIo;
    // Where rows go: the log, or the wire capture in front of it while this attempt has one.
    LogSink *m_sink;
    LogSink *m_log;
    std::unique_ptr<WireCapture> m_capture;
    // The request headers of the current attempt, for the facts of its Open row.
    QList<ConnectionFacts::Header> m_requestHeaders;
    TrafficStats m_stats;
    // The message being received, while it arrives in several frames.
    std::vector<FrameInfo> m_frames;
    QString m_partialText;
    QByteArray m_partialBinary;
    QWebSocket *m_socket = nullptr; // a child; a new one for each attempt
    QTimer m_handshakeTimer;
    QTimer m_reconnectTimer;
    QTimer m_keepaliveTimer;
    QElapsedTimer m_clock;
    std::vector<PendingPing> m_pendingPings;
    QUrl m_url;
    State m_state = State::Closed;
    qint64 m_openedAtMs = 0;
    QString m_sentCloseReason;
    int m_sentCloseCode = 0;
    bool m_closeRequested = false; // the user asked to close
    bool m_peerClosing = false; // a close handshake began without the user asking
    bool m_failed = false; // the attempt already ended with a logged error
    bool m_requestSent = false; // this attempt reached the server and sent its request
    bool m_userStopped = false; // the user cancelled or aborted: no reconnect
    int m_reconnectAttempt = 0; // 0 unless reconnecting
    quint64 m_keepaliveCount = 0;
    QString m_sslErrors; // in plain words, for the failure message
};

} // namespace Sockscope
