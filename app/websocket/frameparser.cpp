#include "frameparser.h"

#include "closecodes.h"
#include "limits.h"
#include "opcode.h"

#include <QCoreApplication>

#include <cstring>

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::FrameParser)
};

// XORs bytes with the masking key, the first of them being payload byte `from`.
void unmask(char *bytes, qsizetype size, const std::array<quint8, 4> &key, quint64 from)
{
    quint8 rotated[8];
    for (int i = 0; i < 8; ++i)
        rotated[i] = key[size_t((from + quint64(i)) % 4)];
    quint64 mask = 0;
    std::memcpy(&mask, rotated, sizeof mask);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word = 0;
        std::memcpy(&word, bytes + i, sizeof word);
        word ^= mask;
        std::memcpy(bytes + i, &word, sizeof word);
    }
    for (; i < size; ++i)
        bytes[i] = char(bytes[i] ^ rotated[i % 8]);
}

// The header's size once its first two bytes are known.
int headerSizeOf(quint8 second)
{
    const int lengthCode = second & 0x7F;
    return 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + ((second & 0x80) ? 4 : 0);
}
} // namespace

QString ProtocolVerdict::text() const
{
    switch (rule) {
    case Rule::ReservedBitSet:
        return Tr::tr("A reserved bit (RSV1-3) is set, and no extension that would define it "
                      "was negotiated (RFC 6455 5.2)");
    case Rule::ReservedOpcode:
        return Tr::tr("The opcode is reserved (3-7 and 11-15 are; RFC 6455 5.2)");
    case Rule::ControlTooLong:
        return Tr::tr("A control frame carries more than 125 bytes (RFC 6455 5.5)");
    case Rule::ControlFragmented:
        return Tr::tr("A control frame is fragmented: its FIN bit is clear (RFC 6455 5.5)");
    case Rule::ContinuationWithoutStart:
        return Tr::tr("A continuation frame with no message to continue (RFC 6455 5.4)");
    case Rule::DataInsideFragmentedMessage:
        return Tr::tr("A new text or binary frame before the fragmented message ended "
                      "(RFC 6455 5.4)");
    case Rule::InvalidUtf8:
        return Tr::tr("A text message that is not valid UTF-8 (RFC 6455 8.1)");
    case Rule::OneByteClosePayload:
        return Tr::tr("A close frame with a one-byte payload: half a close code (RFC 6455 "
                      "5.5.1)");
    case Rule::InvalidCloseCode:
        return Tr::tr("A close code that no endpoint may send (RFC 6455 7.4)");
    case Rule::InvalidCloseReason:
        return Tr::tr("A close reason that is not valid UTF-8 (RFC 6455 5.5.1)");
    case Rule::MaskedFromServer:
        return Tr::tr("A server's frame is masked; a server must not mask (RFC 6455 5.1)");
    case Rule::UnmaskedFromClient:
        return Tr::tr("A client's frame is not masked; a client must mask (RFC 6455 5.1)");
    case Rule::LengthHighBitSet:
        return Tr::tr("A 64-bit payload length with its most significant bit set (RFC 6455 "
                      "5.2)");
    case Rule::LengthNotShortest:
        return Tr::tr("The payload length is written in a longer form than it needs: legal, "
                      "but unusual (RFC 6455 5.2)");
    case Rule::FrameAfterClose:
        return Tr::tr("A frame after the close frame (RFC 6455 5.5.1)");
    }
    return {};
}

void FrameParser::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        if (m_inHeader) {
            const qsizetype used = readHeader(bytes);
            bytes = bytes.sliced(used);
            continue;
        }
        const quint64 left = m_frame.payloadLength - m_payloadRead;
        const qsizetype take = qsizetype(qMin<quint64>(left, quint64(bytes.size())));
        readPayload(bytes.first(take));
        bytes = bytes.sliced(take);
        if (m_payloadRead == m_frame.payloadLength)
            finishFrame();
    }
}

qsizetype FrameParser::readHeader(QByteArrayView bytes)
{
    // The common case: the whole header is in this piece, read where it lies.
    if (m_head.isEmpty() && bytes.size() >= 2) {
        const int needed = headerSizeOf(quint8(bytes[1]));
        if (bytes.size() >= needed) {
            m_offset += quint64(needed);
            startFrame(bytes.first(needed));
            return needed;
        }
    }
    qsizetype used = 0;
    while (used < bytes.size()) {
        const int needed = m_head.size() < 2 ? 2 : headerSizeOf(quint8(m_head[1]));
        if (m_head.size() == needed)
            break;
        m_head += bytes[used++];
        ++m_offset;
    }
    if (m_head.size() >= 2 && m_head.size() == headerSizeOf(quint8(m_head[1]))) {
        const QByteArray head = std::exchange(m_head, {});
        startFrame(head);
    }
    return used;
}

void FrameParser::startFrame(QByteArrayView head)
{
    using Rule = ProtocolVerdict::Rule;
    const auto first = quint8(head[0]);
    const auto second = quint8(head[1]);
    WireFrame &f = m_frame;
    f = WireFrame();
    f.headerSize = int(head.size());
    f.offset = m_offset - quint64(f.headerSize);
    f.fin = first & 0x80;
    f.rsv1 = first & 0x40;
    f.rsv2 = first & 0x20;
    f.rsv3 = first & 0x10;
    f.opcode = first & 0x0F;
    f.masked = second & 0x80;
    const int lengthCode = second & 0x7F;
    int at = 2;
    if (lengthCode < 126) {
        f.lengthForm = LengthForm::Short7;
        f.payloadLength = quint64(lengthCode);
    } else {
        f.lengthForm = lengthCode == 126 ? LengthForm::Medium16 : LengthForm::Long64;
        const int bytes = lengthCode == 126 ? 2 : 8;
        for (int i = 0; i < bytes; ++i)
            f.payloadLength = (f.payloadLength << 8) | quint8(head[at++]);
    }
    if (f.masked) {
        for (quint8 &b : f.maskingKey)
            b = quint8(head[at++]);
    }
    m_inHeader = false;
    m_payloadRead = 0;

    // What the header alone breaks.
    if (m_closeSeen)
        judge(Rule::FrameAfterClose, f.offset);
    const bool control = Opcodes::isControl(f.opcode);
    const bool startsMessage = f.opcode == 0x1 || f.opcode == 0x2;
    // RSV1 may only mark the first frame of a compressed message (RFC 7692 6).
    if (f.rsv2 || f.rsv3 || (f.rsv1 && !(m_options.compressionNegotiated && startsMessage)))
        judge(Rule::ReservedBitSet, f.offset);
    if (Opcodes::isReserved(f.opcode))
        judge(Rule::ReservedOpcode, f.offset);
    if (f.masked != (m_options.sender == FrameSender::Client))
        judge(f.masked ? Rule::MaskedFromServer : Rule::UnmaskedFromClient, f.offset);
    if (f.lengthForm == LengthForm::Long64 && (f.payloadLength >> 63))
        judge(Rule::LengthHighBitSet, f.offset);
    else if (f.lengthForm != shortestLengthForm(f.payloadLength))
        judge(Rule::LengthNotShortest, f.offset);
    if (control && f.payloadLength > quint64(WebSocketLimits::kMaxControlPayload))
        judge(Rule::ControlTooLong, f.offset);
    if (control && !f.fin)
        judge(Rule::ControlFragmented, f.offset);

    // Where it stands in a message.
    m_checksText = false;
    if (startsMessage) {
        if (m_inMessage)
            judge(Rule::DataInsideFragmentedMessage, f.offset);
        m_inMessage = !f.fin;
        m_messageIsText = f.opcode == 0x1;
        m_messageCompressed = f.rsv1 && m_options.compressionNegotiated;
        m_utf8.reset();
        m_checksText = m_messageIsText && !m_messageCompressed;
    } else if (f.opcode == 0x0) {
        if (!m_inMessage) {
            judge(Rule::ContinuationWithoutStart, f.offset);
        } else {
            m_checksText = m_messageIsText && !m_messageCompressed;
            m_inMessage = !f.fin;
        }
    } else if (f.opcode == 0x8) {
        m_closeReason.reset();
    }
    // The payload is kept up to the limit; room for a usual one is made at once.
    f.payload.reserve(qsizetype(qMin<quint64>(
        f.payloadLength, quint64(qMin<qsizetype>(m_options.maxKeptPayload, 64 * 1024)))));
    if (f.payloadLength == 0)
        finishFrame();
}

void FrameParser::readPayload(QByteArrayView chunk)
{
    WireFrame &f = m_frame;
    // The part kept is unmasked in place in the frame's payload; the rest only passes through
    // a small buffer to be checked.
    const qsizetype keep
        = qBound<qsizetype>(0, m_options.maxKeptPayload - f.payload.size(), chunk.size());
    const qsizetype at = f.payload.size();
    f.payload.append(chunk.first(keep));
    check(f.payload.data() + at, keep);
    char scratch[4096];
    for (qsizetype done = keep; done < chunk.size();) {
        const qsizetype n = qMin<qsizetype>(sizeof scratch, chunk.size() - done);
        std::memcpy(scratch, chunk.data() + done, size_t(n));
        check(scratch, n);
        done += n;
    }
}

void FrameParser::check(char *plain, qsizetype size)
{
    WireFrame &f = m_frame;
    if (f.masked)
        unmask(plain, size, f.maskingKey, m_payloadRead);
    const QByteArrayView bytes(plain, size);
    // A text message is checked as it comes; a close reason after its two-byte code.
    if (m_checksText && !m_utf8.hasFailed()) {
        if (const qsizetype bad = m_utf8.feed(bytes); bad >= 0)
            judge(ProtocolVerdict::Rule::InvalidUtf8, m_offset + quint64(bad));
    }
    if (f.opcode == 0x8 && !m_closeReason.hasFailed() && m_payloadRead + quint64(size) > 2) {
        const qsizetype skip = m_payloadRead >= 2 ? 0 : qsizetype(2 - m_payloadRead);
        if (const qsizetype bad = m_closeReason.feed(bytes.sliced(skip)); bad >= 0)
            judge(ProtocolVerdict::Rule::InvalidCloseReason, m_offset + quint64(skip + bad));
    }
    m_payloadRead += quint64(size);
    m_offset += quint64(size);
}

void FrameParser::finishFrame()
{
    using Rule = ProtocolVerdict::Rule;
    WireFrame &f = m_frame;
    f.payloadCut = quint64(f.payload.size()) < f.payloadLength;
    // A text message must end on a character boundary.
    if (m_checksText && f.fin && !m_utf8.hasFailed() && !m_utf8.isComplete())
        judge(Rule::InvalidUtf8, m_offset);
    if (f.opcode == 0x8) {
        if (f.payloadLength == 1) {
            judge(Rule::OneByteClosePayload, f.offset);
        } else if (f.payloadLength >= 2 && f.payload.size() >= 2) {
            const int code = (quint8(f.payload[0]) << 8) | quint8(f.payload[1]);
            if (!CloseCodes::isSendable(code))
                judge(Rule::InvalidCloseCode, f.offset + quint64(f.headerSize));
            if (!m_closeReason.hasFailed() && !m_closeReason.isComplete())
                judge(Rule::InvalidCloseReason, m_offset);
        }
        m_closeSeen = true;
    }
    m_frames.push_back(std::move(f));
    m_inHeader = true;
}

} // namespace Sockscope
