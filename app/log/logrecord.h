#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace Sockscope {

enum class Direction : quint8 {
    Sent,
    Received,
    Lifecycle,
};

enum class EventType : quint8 {
    Text,
    Binary,
    Ping,
    Pong,
    Close,
    Connecting,
    Open,
    Error,
};

// One row of a message log. Kept compact because a log may hold millions of them: the payload
// stays as bytes and every display string is made on demand by the model.
struct LogRecord
{
    qint64 timestampMs = 0; // milliseconds since the Unix epoch
    // The message payload; for lifecycle rows, a UTF-8 description of the event; for close
    // rows, the close reason.
    QByteArray data;
    qint32 roundTripUs = -1; // pong rows: the matched ping's round-trip time, else -1
    quint16 closeCode = 0; // close rows only
    Direction direction = Direction::Lifecycle;
    EventType type = EventType::Text;
};

} // namespace Sockscope
