#pragma once

#include "accesspolicy.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <memory>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace Sockscope {

struct HandshakeResponse;
class ServerConnection;

// Where a mock server's clients come in: it accepts the TCP (or TLS) connections, reads each
// request head, refuses with 403 Forbidden what the AccessPolicy refuses (and with 400, 426 or
// 431 what is not a WebSocket upgrade it can answer), and answers the rest with 101, each then a
// ServerConnection.
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

    // An upgraded client, owned by the caller, who calls its start(); nullptr when none is
    // waiting.
    ServerConnection *nextPendingConnection();

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
    // The response (with its status, reason and any headers of its own) gets a body saying why.
    void refuse(QTcpSocket *socket, HandshakeResponse response, const QString &why);

    Options m_options;
    std::unique_ptr<QTcpServer> m_tcp;
    QList<QPointer<ServerConnection>> m_pending;
};

} // namespace Sockscope
