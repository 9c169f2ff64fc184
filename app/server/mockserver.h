#pragma once

#include "accesspolicy.h"
#include "log/logrecord.h"
#include "ruleset.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include "messagetemplate.h"

#include <functional>
#include <memory>
#include <vector>

namespace Sockscope {

class ServerConnection;

// How a mock server listens.
struct ServerOptions
{
    static constexpr qint64 kDefaultMaxMessageSize = 16 * 1024 * 1024;
    static constexpr qint64 kDefaultMaxUnsentBytes = 32 * 1024 * 1024;

    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 picks a free port
    QStringList subprotocols; // offered, in order of preference
    QStringList allowedOrigins; // besides pages from this machine and clients with no Origin
    bool anyOrigin = false; // any web page may connect
    int maxClients = 0; // 0: no limit
    qint64 maxMessageSize = kDefaultMaxMessageSize;
    // What the server may hold for one client that does not read: past it, more sent to that
    // client drops it (with clientDropped) rather than grow without bound. 0: no limit.
    qint64 maxUnsentBytes = kDefaultMaxUnsentBytes;
    int handshakeTimeoutMs = 10'000;
    // Every client's frames, for the wire view (see MockServer::wireSeen).
    bool wireCapture = false;
    QString tlsCertificatePath; // both set: wss://
    QString tlsKeyPath;

    bool usesTls() const { return !tlsCertificatePath.isEmpty() || !tlsKeyPath.isEmpty(); }
    // Whether only this machine can connect (127.0.0.0/8 or ::1).
    bool isLoopbackOnly() const { return host.isLoopback(); }
    AccessPolicy accessPolicy() const { return {isLoopbackOnly(), allowedOrigins, anyOrigin}; }
};

// A WebSocket server that answers by a RuleSet: the built-in echo server of first launch,
// `sockscope serve`, and server tabs. It tracks its clients and reports every event as a
// signal; it keeps no log itself.
class MockServer : public QObject
{
    Q_OBJECT

public:
    struct Client
    {
        int id = 0;
        QString address; // host:port
        QString path;
        QString origin;
        QString subprotocol;
        QList<std::pair<QByteArray, QByteArray>> headers; // of the handshake request
        qint64 connectedAtMs = 0;
        qint64 messagesIn = 0;
        qint64 messagesOut = 0;
        qint64 bytesIn = 0;
        qint64 bytesOut = 0;

        // The handshake request as it came: "GET /path HTTP/1.1", then each header in order
        // and spelling, one per line.
        QString handshakeText() const;
    };

    explicit MockServer(QObject *parent = nullptr);
    ~MockServer() override;

    void setOptions(const ServerOptions &options) { m_options = options; }
    const ServerOptions &options() const { return m_options; }
    // Takes effect for the next message, greeting and timer start.
    void setRules(const RuleSet &rules);
    const RuleSet &rules() const { return m_rules; }

    // Returns false with a sentence in *error (a busy port, an unreadable certificate...).
    // With port 0, a server that has listened before asks first for the port it had then, so
    // Stop and Start keep its URL (any free port if that one has been taken meanwhile).
    bool start(QString *error = nullptr);
    // Stops accepting and closes every client with 1001 Going Away; stopped() follows once
    // they have gone (or after a short grace period).
    void stop();
    bool isListening() const;
    // ws:// or wss://HOST:PORT while listening.
    QUrl url() const;
    // The URL a client connected to: the server's, with the client's path and query.
    QUrl urlOf(const Client &client) const { return urlOf(url(), client); }
    static QUrl urlOf(const QUrl &serverUrl, const Client &client);

    // The log row of a ping or pong that controlFrame told of, as seen from the server.
    static LogEvent controlRow(bool fromClient, quint8 opcode, const QByteArray &payload,
                               bool automatic);

    QList<int> clientIds() const;
    const Client *client(int id) const;
    int clientCount() const { return int(m_clients.size()); }

    // clientId 0 sends to every client. False with a sentence in *error if nobody got it.
    bool sendText(int clientId, const QString &text, QString *error = nullptr);
    bool sendBinary(int clientId, const QByteArray &data, QString *error = nullptr);
    bool kick(int clientId, int code, const QString &reason, QString *error = nullptr);

signals:
    void clientConnected(int id);
    // A connection that was refused: over the client limit, or by the access policy (an Origin
    // not allowed, a Host that is not this machine), or a malformed request.
    void clientRefused(const QString &peer, const QString &why);
    void messageReceived(int id, bool binary, const QByteArray &data);
    void messageSent(int id, bool binary, const QByteArray &data);
    void clientDisconnected(int id, int closeCode, const QString &reason, bool closedByServer);
    // The server dropped a client that was not reading what it was sent; why, in words.
    // clientDisconnected follows.
    void clientDropped(int id, const QString &why);
    // Something about a client's message the user should know: a rule's regex that gave up.
    void clientWarning(int id, const QString &why);
    // With wire capture on: the frames (and, first, the handshake's heads) that the next signal
    // about this client is made of: clientConnected, a message, a ping or pong, a warning or
    // drop, clientDisconnected (both close frames).
    void wireSeen(int id, const std::vector<WireLog::Frame> &frames);
    // With wire capture on: a ping or pong passed (automatic: the server's own answer).
    void controlFrame(int id, bool fromClient, quint8 opcode, const QByteArray &payload,
                      bool automatic);
    void stopped();

private:
    // A client as the server holds it: what is shown of it, its connection, how it is closing.
    struct AcceptedSocket
    {
        Client info;
        ServerConnection *socket = nullptr;
        bool closedByServer = false;
        bool dropped = false; // aborted for not reading: no close frame went either way
    };

    void onNewConnection();
    void onText(int id, const QByteArray &utf8);
    void onBinary(int id, const QByteArray &data);
    void onGone(int id);
    // Emits wireSeen with what this client's connection captured since the last time.
    void emitWire(int id, ServerConnection *socket);
    void finishStop();
    void startTimers();
    TemplateContext contextFor(const Client &client) const;
    void sendTo(int id, const QString &text) { sendTo(id, text.toUtf8()); }
    // A recorded answer's messages, each at its delay.
    void sendAnswer(int id, const RuleSet::Answer &answer, const TemplateContext &context);
    // An Ack or Result rule's message for what the client sent; empty with *why when the
    // message is not what such an answer answers.
    static QString protocolAnswer(const RuleSet::Rule &rule, const Decoded &decoded,
                                  const QString &rendered, QString *why);
    void sendTo(int id, const QByteArray &utf8);
    // Whether more may be queued for this client; drops it when it holds more unsent bytes
    // than the limit allows.
    bool mayQueueFor(int id, AcceptedSocket &client);
    void broadcast(const QString &text);
    void later(int delayMs, std::function<void()> action);

    ServerOptions m_options;
    RuleSet m_rules;
    std::unique_ptr<class WebSocketListener> m_server;
    QHash<int, AcceptedSocket> m_clients;
    std::vector<qint64> m_ruleCounters;
    qint64 m_fallbackCounter = 0;
    qint64 m_greetingCounter = 0;
    std::vector<std::unique_ptr<QTimer>> m_timers;
    int m_nextId = 1;
    quint16 m_lastPort = 0;
    bool m_stopping = false;
};

// What wireSeen told of each client, until the row it belongs to takes it: the one place a
// log of a mock server (a server tab's, `serve --log`) keeps frames between the two signals.
class PendingWire
{
public:
    void add(int id, const std::vector<WireLog::Frame> &frames);
    // The frames waiting for this client go with its row.
    void attachTo(int id, LogEvent &row);
    // The client has gone, its last frames with its close.
    void forget(int id) { m_frames.remove(id); }

private:
    QHash<int, std::vector<WireLog::Frame>> m_frames;
};

} // namespace Sockscope
