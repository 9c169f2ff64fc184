#pragma once

#include "websocket/closecodes.h"
#include "websocket/eventtype.h"
#include "wirelog.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <memory>
#include <vector>

namespace Sockscope {

// One WebSocket frame of a message, as far as Qt reports it.
struct FrameInfo
{
    quint32 size = 0;
    bool fin = false;
    friend bool operator==(const FrameInfo &a, const FrameInfo &b)
    {
        return a.size == b.size && a.fin == b.fin;
    }
};

// What is known of a connection when it opens, kept as data beside its Open row so that an
// export, a scenario recorder or a decoder can read it without parsing the row's sentence.
struct ConnectionFacts
{
    struct Header
    {
        QString name;
        QString value; // as sent; shown and written as a placeholder when secret
        bool secret = false;
        friend bool operator==(const Header &, const Header &) = default;
    };
    QString url;
    QString subprotocol; // negotiated; empty for none
    QString extensions; // negotiated Sec-WebSocket-Extensions; empty for none
    QList<Header> requestHeaders; // in the order they were sent
    QList<Header> responseHeaders; // empty where the producer cannot see them
    friend bool operator==(const ConnectionFacts &, const ConnectionFacts &) = default;
};

// What a producer (a connection, a server, an importer) hands to a log.
struct LogEvent
{
    qint64 timestampMs = 0; // milliseconds since the Unix epoch
    // The message payload; for lifecycle rows, a UTF-8 description of the event; for close
    // rows, the close reason.
    QByteArray data;
    qint32 roundTripUs = -1; // pong rows: the matched ping's round-trip time, else -1
    quint16 closeCode = 0; // close rows only
    Direction direction = Direction::Lifecycle;
    EventType type = EventType::Text;
    // Only for a message that arrived in more than one frame.
    std::vector<FrameInfo> frames;
    // Only for Open rows, when the producer knows them.
    std::shared_ptr<const ConnectionFacts> facts;
    // Sent by the WebSocket library on its own (Qt's answer to a server's ping), not by the user.
    bool automatic = false;
    // The frames that carried it, when they were captured (an import, a server's capture).
    std::vector<WireLog::Frame> wire;

    // The row of a close frame with this payload, now: its code (1005, no status, when it has
    // none) and its reason.
    static LogEvent closeFrame(Direction direction, const QByteArray &payload)
    {
        const int code = CloseCodes::codeOf(payload);
        return now(direction, EventType::Close,
                   payload.size() > 2 ? payload.sliced(2) : QByteArray(),
                   quint16(code < 0 ? CloseCodes::NoStatusReceived : code));
    }
    // An event that happens now.
    static LogEvent now(Direction direction, EventType type, QByteArray data, quint16 closeCode = 0)
    {
        LogEvent e;
        e.timestampMs = QDateTime::currentMSecsSinceEpoch();
        e.direction = direction;
        e.type = type;
        e.data = std::move(data);
        e.closeCode = closeCode;
        return e;
    }
};

// One stored row. Kept at 32 bytes because a log may hold millions: the payload lives in the
// log's arena (or, when large, in a shared buffer), and text is formatted only for display.
// Room to grow: a wire tap can add RSV bits and a mask flag to `flags`, and per-frame detail
// goes to the log's side table of frames, as fragments do.
struct LogRecord
{
    enum Flag : quint8 {
        LargePayload = 0x01, // the payload is a separate shared buffer, not in the arena
        Automatic = 0x02, // LogEvent::automatic
    };

    qint64 timestampMs = 0;
    quint64 payloadOffset = 0; // in the arena, unless LargePayload
    quint32 payloadSize = 0;
    qint32 roundTripUs = -1;
    quint16 frameCount = 1;
    quint16 closeCode = 0;
    Direction direction = Direction::Lifecycle;
    EventType type = EventType::Text;
    quint8 flags = 0;
};
static_assert(sizeof(LogRecord) <= 32, "keep LogRecord compact");

} // namespace Sockscope
