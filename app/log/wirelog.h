#pragma once

#include "websocket/frameparser.h"
#include "websocket/wireframe.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace Sockscope {

// The frames behind a log's rows, as the wire relay saw them: every header field, when each
// frame passed, and which rule it broke. Each frame belongs to a row (a message, a ping, a
// close, an error about it) and is kept as long as that row. A data frame's payload is not
// stored again: it is the slice of its row's payload after the frames before it. Only what no
// row holds (a close frame's code, the bytes of a frame that broke the protocol) is kept apart.
class WireLog
{
public:
    // One frame as a producer hands it over; or, with handshake set, one side's handshake head
    // (a refusal's body after it) in ownPayload, its size in payloadLength.
    struct Frame
    {
        qint64 timeUs = 0; // since the connection began
        bool fromClient = false;
        bool handshake = false;
        bool fin = true;
        bool rsv1 = false;
        bool rsv2 = false;
        bool rsv3 = false;
        quint8 opcode = 0x1;
        bool masked = false;
        std::array<quint8, 4> maskingKey {};
        LengthForm lengthForm = LengthForm::Short7;
        quint64 payloadLength = 0;
        // The payload, when it is not the next slice of its row's (control frames, faults).
        std::optional<QByteArray> ownPayload;
        QString verdict; // the rules it breaks, in words; empty when none

        static Frame from(const WireFrame &frame, bool fromClient, qint64 timeUs);
        // A parsed frame with its own payload and the verdicts about it, which are taken out
        // of pending (the parser's verdicts about frames read so far); *violation says whether
        // one of them breaks the protocol.
        static Frame judged(const WireFrame &frame, bool fromClient, qint64 timeUs,
                            std::vector<ProtocolVerdict> &pending, bool *violation = nullptr);
        // A frame as the writer writes this spec (no payload of its own).
        static Frame written(const FrameSpec &spec, bool fromClient, qint64 timeUs);
        static Frame handshakeHead(const QByteArray &bytes, bool fromClient, qint64 timeUs);
    };

    // One frame as it is kept: 24 bytes.
    struct Record
    {
        quint64 seq = 0; // of the row it belongs to
        quint64 packed = 0; // time, first header byte and flags; see the accessors
        quint32 payloadLength = 0; // as declared, capped at 4 GiB - 1 (see isLengthCapped)
        std::array<quint8, 4> maskingKey {};

        qint64 timeUs() const { return qint64(packed & kTimeMask); }
        quint8 firstByte() const { return quint8(packed >> 48); } // FIN, RSV1-3, opcode
        bool fin() const { return firstByte() & 0x80; }
        bool rsv1() const { return firstByte() & 0x40; }
        bool rsv2() const { return firstByte() & 0x20; }
        bool rsv3() const { return firstByte() & 0x10; }
        quint8 opcode() const { return firstByte() & 0x0F; }
        bool masked() const { return packed & kMasked; }
        LengthForm lengthForm() const { return LengthForm((packed >> 57) & 0x3); }
        bool fromClient() const { return packed & kFromClient; }
        bool hasOwnPayload() const { return packed & kOwnPayload; }
        bool hasVerdict() const { return packed & kVerdict; }
        bool isLengthCapped() const { return packed & kLengthCapped; }
        bool isHandshake() const { return packed & kHandshake; }

        static constexpr quint64 kTimeMask = (quint64(1) << 48) - 1;
        static constexpr quint64 kMasked = quint64(1) << 56;
        static constexpr quint64 kFromClient = quint64(1) << 59;
        static constexpr quint64 kOwnPayload = quint64(1) << 60;
        static constexpr quint64 kVerdict = quint64(1) << 61;
        static constexpr quint64 kLengthCapped = quint64(1) << 62;
        static constexpr quint64 kHandshake = quint64(1) << 63;
    };

    // A frame's header, time and side as a record keeps them (seq 0; nothing of its own).
    static Record pack(const Frame &frame);
    static Frame unpack(const Record &record); // its header, time and side
    // Whether pack keeps all there is of it.
    static bool packs(const Frame &frame)
    {
        return !frame.ownPayload && frame.verdict.isEmpty() && frame.payloadLength <= 0xFFFFFFFF;
    }
    // Adds frames to the row with this sequence number, after any it has.
    void attach(quint64 seq, std::span<const Frame> frames);
    // The same for frames with no payload or verdict of their own, packed already: the fast
    // path for a feed whose frames were packed in another thread.
    void attachPacked(quint64 seq, std::span<const Record> records);
    void clear();
    // Forgets the frames of rows before this sequence number (rows the log dropped).
    void dropBefore(quint64 seq);

    qsizetype size() const { return qsizetype(m_records.size() - m_head); }
    const Record &at(qsizetype i) const { return m_records[m_head + size_t(i)]; }
    // The frames of one row: [first, end) in this log.
    std::pair<qsizetype, qsizetype> rangeOf(quint64 seq) const;
    // Frame i's payload (unmasked), given its row's: its own bytes, or its slice of the row's.
    QByteArray payloadOf(qsizetype i, QByteArrayView rowPayload) const;
    QString verdictOf(qsizetype i) const;
    // Frame i as a producer would hand it over again: with its own payload (not its slice of
    // its row's) and its verdict.
    Frame frameAt(qsizetype i) const;
    // Bytes kept apart from rows (own payloads and verdicts), for the log's byte cap.
    qint64 bytesHeld() const { return m_heldBytes; }

private:
    // A frame's place that stays the same as frames are added and dropped: its row and its
    // number among that row's frames.
    static quint64 keyOf(quint64 seq, qsizetype ordinal)
    {
        return (seq << 20) | (quint64(ordinal) & 0xFFFFF);
    }
    quint64 keyAt(qsizetype i) const;
    // Puts count records after the row's others; recordAt(i, key) makes the i-th, key being
    // its place for what it keeps apart.
    template<typename RecordAt> void insert(quint64 seq, size_t count, RecordAt recordAt);

    // By sequence number, then in the order they were attached; those before m_head were
    // dropped and wait to be erased in one go. One vector: 24 bytes a frame and no more.
    std::vector<Record> m_records;
    size_t m_head = 0;
    std::unordered_map<quint64, QByteArray> m_ownPayloads; // by keyOf
    std::unordered_map<quint64, QString> m_verdicts; // by keyOf
    qint64 m_heldBytes = 0;
};

static_assert(sizeof(WireLog::Record) == 24, "a frame costs at most 24 bytes beyond its row");

} // namespace Sockscope
