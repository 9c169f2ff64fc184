#pragma once

#include "logrecord.h"
#include "wirelog.h"

#include <QStringList>
#include <QStringView>

#include <initializer_list>
#include <span>
#include <vector>

namespace Sockscope {

// Where a producer of log rows writes: a connection, a server, the wire relay, a lab
// connection, an importer. The producer decides what happened; the sink stores it and formats
// nothing until a view asks. Both calls are direct virtual calls, made once per message on the
// thread that owns the sink: no queued signal per message.
class LogSink
{
public:
    virtual ~LogSink() = default;

    virtual void append(LogEvent event) = 0;
    // The fast path for text messages: the sink encodes the text itself, once. Returns the
    // message's size in UTF-8 bytes.
    virtual qsizetype appendText(Direction direction, QStringView text,
                                 std::vector<FrameInfo> frames = {})
        = 0;
    // Values the user marked secret, which no copy of a row may show (see SecretMask). Called
    // before the rows that may hold them.
    virtual void addSecrets(const QStringList &values) = 0;
    // The sequence number the next row appended will have; a row that is not stored (capture
    // paused) leaves it as it was.
    virtual quint64 nextSequence() const = 0;
    // Frames seen on the wire for the row with this sequence number, after any it has.
    virtual void attachWire(quint64 seq, std::span<const WireLog::Frame> frames) = 0;
    // The same for frames with nothing of their own, packed already (WireLog::pack).
    virtual void attachWire(quint64 seq, std::span<const WireLog::Record> records) = 0;
    // A sink that overrides the call above says `using LogSink::attachWire;` to keep this one.
    void attachWire(quint64 seq, std::initializer_list<WireLog::Frame> frames)
    {
        attachWire(seq, std::span(frames.begin(), frames.size()));
    }
};

} // namespace Sockscope
