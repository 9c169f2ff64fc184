#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QUrl>
#include <QWebSocketServer>

class QWebSocket;

namespace Sockscope {

// A WebSocket server that sends every text and binary message back to the client that sent it.
// The GUI starts one on loopback at first launch so a new tab has something to talk to, and
// `sockscope serve --echo` runs the same server from a terminal.
class EchoServer : public QObject
{
    Q_OBJECT

public:
    explicit EchoServer(QObject *parent = nullptr);
    ~EchoServer() override;

    // Port 0 picks a free port. On failure returns false with a sentence in *error.
    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    bool isListening() const { return m_server.isListening(); }
    // ws://HOST:PORT of the listening server.
    QUrl url() const;
    int clientCount() const { return int(m_clients.size()); }

    // Stops accepting, and closes every client with 1001 Going Away; emits stopped() once
    // every client has gone (or after a short grace period).
    void shutdown();

signals:
    void clientConnected(int id, const QString &peer, const QString &path, const QString &origin);
    void messageReceived(int id, bool binary, const QByteArray &data);
    void messageSent(int id, bool binary, const QByteArray &data);
    void clientDisconnected(int id, int closeCode, const QString &reason);
    void stopped();

private:
    struct Client
    {
        int id = 0;
        bool closeHandshake = false; // a close frame was sent or received
    };

    void onNewConnection();
    void onClientGone(QWebSocket *socket);
    void finishStop();

    QWebSocketServer m_server;
    QHash<QWebSocket *, Client> m_clients;
    int m_nextId = 1;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace Sockscope
