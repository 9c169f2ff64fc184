#pragma once

#include <Qt>

namespace Sockscope {

// Columns and custom roles of MessageLogModel, shared by the views, the inspector and tests.
namespace LogColumn {
enum Column { Time, Direction, Type, Size, Summary, Preview, Count };
}

namespace LogRole {
enum Role {
    Payload = Qt::UserRole + 1, // QByteArray: the row's raw bytes
    DirectionValue, // int: Sockscope::Direction
    TypeValue, // int: Sockscope::EventType
    TimestampMs, // qint64: milliseconds since the epoch
    CloseCode, // int: close rows, else 0
    RoundTripUs, // int: pong rows, else -1
    SizeBytes, // qint64: payload size in bytes
    FrameCount, // int: frames the message arrived in (1 unless fragmented)
    Sequence, // quint64: the row's sequence number, stable across drops
    ConnectedAtMs, // qint64: when its connection opened, or -1
};
}

} // namespace Sockscope
