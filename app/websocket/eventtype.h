#pragma once

#include <QStringView>

namespace Sockscope {

// Which way an event went, and what it was: the vocabulary every log row, file and producer
// shares. The wire names below are what files hold; they are never translated, so a log
// exported in one language imports in any other. (What a user reads is MessageLogModel's.)
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
    Info, // a lifecycle note: a reconnect scheduled, TLS errors ignored
};

namespace WireNames {
// "sent", "received", "event".
QStringView direction(Direction direction);
// "text", "binary", "ping", "pong", "close", "connecting", "open", "error", "info".
QStringView type(EventType type);
// The reverse; false for a name that is not one of the above.
bool parseDirection(QStringView name, Direction *out);
bool parseType(QStringView name, EventType *out);
} // namespace WireNames

// The RFC 6455 opcode of a frame type, or -1 for lifecycle events.
int opcodeOf(EventType type);

} // namespace Sockscope
