#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <array>
#include <optional>

namespace Sockscope {

// How a frame wrote its payload length (RFC 6455 section 5.2): in the 7 bits of the second
// byte (0-125), or as 126 and 16 bits, or as 127 and 64 bits.
enum class LengthForm : quint8 { Short7, Medium16, Long64 };

// The shortest form a payload length may be written in.
constexpr LengthForm shortestLengthForm(quint64 length)
{
    return length <= 125   ? LengthForm::Short7
        : length <= 0xFFFF ? LengthForm::Medium16
                           : LengthForm::Long64;
}

// One WebSocket frame as it was on the wire: every header field, where it began in its
// stream, and its payload unmasked.
struct WireFrame
{
    quint64 offset = 0; // of the frame's first byte in its stream
    bool fin = false;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    quint8 opcode = 0; // 0-15, reserved values included
    bool masked = false;
    std::array<quint8, 4> maskingKey {}; // as it was on the wire; zero when not masked
    LengthForm lengthForm = LengthForm::Short7;
    quint64 payloadLength = 0; // as the header declared it
    int headerSize = 2; // 2 to 14 bytes
    QByteArray payload; // unmasked; at most the parser's limit (see payloadCut)
    bool payloadCut = false; // longer than the parser keeps: payload holds its start only

    quint64 size() const { return quint64(headerSize) + payloadLength; }
};

// Any frame, as a lab or a test wants it written, valid or not. Unset fields take what a
// well-formed frame would have.
struct FrameSpec
{
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    quint8 opcode = 0x1; // 0-15; only the low 4 bits are written
    bool masked = false;
    std::array<quint8, 4> maskingKey {};
    QByteArray payload;
    // A length other than the payload's (the bytes written are still the payload's).
    std::optional<quint64> declaredLength;
    // A longer form than the shortest (legal, but worth a note), or a shorter one that cannot
    // hold the length (its low bits are written).
    std::optional<LengthForm> lengthForm;
};

namespace FrameWriter {
// The bytes of the frame, header then (masked) payload.
QByteArray write(const FrameSpec &spec);
// The spec that writes this parsed frame again, byte for byte (a frame whose payload the
// parser cut cannot be).
FrameSpec specOf(const WireFrame &frame);
} // namespace FrameWriter

} // namespace Sockscope
