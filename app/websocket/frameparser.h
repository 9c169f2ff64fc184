#pragma once

#include "utf8.h"
#include "wireframe.h"

#include <QByteArrayView>
#include <QString>

#include <utility>
#include <vector>

namespace Sockscope {

// Who wrote the bytes a parser reads: a client's frames must be masked, a server's must not.
enum class FrameSender : quint8 { Client, Server };

// Where a stream breaks RFC 6455, or does something legal but worth a note: the rule, and the
// offset in the stream of the frame (or the byte) at fault.
struct ProtocolVerdict
{
    enum class Rule : quint8 {
        ReservedBitSet, // RSV1-3 set with no extension that defines it (5.2)
        ReservedOpcode, // 3-7 or 11-15 (5.2)
        ControlTooLong, // a control frame's payload over 125 bytes (5.5)
        ControlFragmented, // a control frame without FIN (5.5)
        ContinuationWithoutStart, // a continuation frame with no message to continue (5.4)
        DataInsideFragmentedMessage, // a text or binary frame before the last one ended (5.4)
        InvalidUtf8, // a text message that is not UTF-8 (5.6, 8.1)
        OneByteClosePayload, // a close payload of one byte: half a code (5.5.1)
        InvalidCloseCode, // a close code no endpoint may send (7.4)
        InvalidCloseReason, // a close reason that is not UTF-8 (5.5.1)
        MaskedFromServer, // a server's frame with the mask bit (5.1)
        UnmaskedFromClient, // a client's frame without it (5.1)
        LengthHighBitSet, // a 64-bit length with its top bit set (5.2)
        LengthNotShortest, // a length in a longer form than needed: legal, a note (5.2)
        FrameAfterClose, // anything after the close frame (5.5.1)
    };

    Rule rule;
    quint64 offset = 0;
    quint64 frameOffset = 0; // of the frame it was found in

    // Whether an endpoint must fail the connection for it (every rule but the note).
    bool isViolation() const { return rule != Rule::LengthNotShortest; }
    // The rule in words, with the RFC 6455 section it comes from.
    QString text() const;
    bool operator==(const ProtocolVerdict &o) const { return rule == o.rule && offset == o.offset; }
};

// Reads the frames of one direction of a WebSocket conversation, from bytes that may come in
// any pieces (one byte at a time included), and judges them by RFC 6455 as it goes: each
// frame with every header field and its payload unmasked, each verdict where it applies.
// After a violation it reads on, as far as the bytes still make frames, so a wire view can
// show what came next.
class FrameParser
{
public:
    struct Options
    {
        FrameSender sender = FrameSender::Server;
        // permessage-deflate was negotiated: RSV1 may mark a compressed message (whose
        // payload is then not checked as UTF-8).
        bool compressionNegotiated = false;
        // Payload bytes kept per frame; past it a frame keeps its start (WireFrame::payloadCut)
        // and is still checked in full.
        qsizetype maxKeptPayload = 16 * 1024 * 1024;
    };

    explicit FrameParser(const Options &options)
        : m_options(options)
    { }

    void feed(QByteArrayView bytes);
    // What feed() has found since the last take, in stream order.
    std::vector<WireFrame> takeFrames() { return std::exchange(m_frames, {}); }
    std::vector<ProtocolVerdict> takeVerdicts() { return std::exchange(m_verdicts, {}); }

    // Bytes read so far: the offset the next byte will have.
    quint64 offset() const { return m_offset; }
    // Whether the bytes so far end inside a frame (its header or payload still to come).
    bool isInsideFrame() const { return m_inHeader ? !m_head.isEmpty() : true; }
    // Whether a fragmented message has begun and not ended.
    bool isInsideMessage() const { return m_inMessage; }
    // The frame being read, once its header is in (its payload so far); nullptr between frames.
    const WireFrame *frameInProgress() const { return m_inHeader ? nullptr : &m_frame; }

private:
    qsizetype readHeader(QByteArrayView bytes);
    void startFrame(QByteArrayView head);
    void readPayload(QByteArrayView chunk);
    // Unmasks and checks the next payload bytes.
    void check(char *plain, qsizetype size);
    void finishFrame();
    void judge(ProtocolVerdict::Rule rule, quint64 offset)
    {
        m_verdicts.push_back({rule, offset, m_frame.offset});
    }

    Options m_options;
    std::vector<WireFrame> m_frames;
    std::vector<ProtocolVerdict> m_verdicts;
    quint64 m_offset = 0;

    // The frame being read.
    bool m_inHeader = true;
    QByteArray m_head; // header bytes so far
    WireFrame m_frame;
    quint64 m_payloadRead = 0;
    bool m_checksText = false; // its payload is (uncompressed) text to check as UTF-8

    // The message being read.
    bool m_inMessage = false; // a fragmented data message is open
    bool m_messageIsText = false;
    bool m_messageCompressed = false;
    Utf8::StreamValidator m_utf8;
    Utf8::StreamValidator m_closeReason;
    bool m_closeSeen = false;
};

} // namespace Sockscope
