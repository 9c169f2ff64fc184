#pragma once

#include "io/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Sockscope {

// A connection tab's Socket.IO mode: what the user chose.
struct SocketIoOptions
{
    bool enabled = false;
    QString path = QStringLiteral("/socket.io/"); // where the server mounts Socket.IO
    QString auth; // a JSON object sent with the CONNECT of the main namespace; empty for none
    friend bool operator==(const SocketIoOptions &, const SocketIoOptions &) = default;
};

// Socket.IO v4 over Engine.IO v4's WebSocket transport, for a client: the URL it connects to,
// the answers Engine.IO expects on its own (a pong for every ping), the main namespace's
// CONNECT after the open packet, and emits with acks and binary attachments. No socket: the
// connection sends what it gives and hands it what arrives.
class SocketIoSession
{
public:
    explicit SocketIoSession(SocketIoOptions options = {});

    // The WebSocket URL for what the user typed: ws:// or wss:// (http:// and https:// too),
    // the host and port, the Socket.IO path, EIO=4&transport=websocket and the user's own
    // query items. A path the user typed other than "/" replaces the configured one.
    static QUrl engineUrl(const QUrl &typed, const QString &path);

    // What arrived as text, and what to send back at once (each automatic).
    struct Reaction
    {
        QStringList replies; // Engine.IO pongs, the main namespace's CONNECT
        bool connected = false; // a namespace's CONNECT was acknowledged
        QString nsp; // which one
    };
    Reaction onText(QStringView text);
    void reset(); // a new connection

    // The packets of an emit: its text, then its attachments as binary messages. Arguments are
    // a JSON array (or one JSON value, sent as the only argument); an object
    // {"_binary": "BASE64"} among them becomes an attachment. ack asks for an ack with the
    // next id. Fails with a sentence for an empty event name or arguments that are not JSON.
    struct Emit
    {
        QString text;
        QList<QByteArray> attachments;
        qint64 ackId = -1;
    };
    Result<Emit> makeEmit(const QString &nsp, const QString &event, const QString &arguments,
                          bool ack);
    static Result<QString> connectPacket(const QString &nsp, const QString &authJson);
    static QString disconnectPacket(const QString &nsp);

private:
    SocketIoOptions m_options;
    qint64 m_nextAckId = 0;
};

} // namespace Sockscope
