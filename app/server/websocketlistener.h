#pragma once

#include "accesspolicy.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <memory>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace Sockscope {

// A QWebSocketServer behind a gate. QWebSocketServer answers every handshake it can, and asks
// only about the Origin; this listener accepts the TCP (or TLS) connections itself, reads each
// request head, refuses with 403 Forbidden what the AccessPolicy refuses, and hands the rest to
// QWebSocketServer::handleConnection.
class WebSocketListener : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        AccessPolicy policy;
        QStringList subprotocols;
        int handshakeTimeoutMs = 10'000;
        int backlog = 1024;
        std::optional<QSslConfiguration> tls; // set: wss://
    };

    explicit WebSocketListener(const Options &options, QObject *parent = nullptr);
    ~WebSocketListener() override;

    bool listen(const QHostAddress &host, quint16 port, QString *error);
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    // An upgraded client, owned by the caller; nullptr when none is waiting.
    QWebSocket *nextPendingConnection();

    // "127.0.0.1:5050", "[::1]:5050": a peer as log rows name it.
    static QString peerText(QHostAddress address, quint16 port);

signals:
    void newConnection();
    // A handshake refused by the policy: who sent it ("127.0.0.1:5050") and why, in words.
    void refused(const QString &peer, const QString &why);

private:
    void onTcpConnection();
    void readHead(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const char *reason, const QString &why);

    Options m_options;
    std::unique_ptr<QTcpServer> m_tcp;
    std::unique_ptr<QWebSocketServer> m_server;
};

} // namespace Sockscope
