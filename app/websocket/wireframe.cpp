#include "wireframe.h"

namespace Sockscope::FrameWriter {

QByteArray write(const FrameSpec &spec)
{
    const quint64 length = spec.declaredLength.value_or(quint64(spec.payload.size()));
    const LengthForm form = spec.lengthForm.value_or(shortestLengthForm(length));
    QByteArray out;
    out.reserve(14 + spec.payload.size());
    out += char((spec.fin ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0)
                | (spec.rsv3 ? 0x10 : 0) | (spec.opcode & 0x0F));
    const char mask = spec.masked ? char(0x80) : char(0);
    switch (form) {
    case LengthForm::Short7:
        out += char(mask | char(length & 0x7F));
        break;
    case LengthForm::Medium16:
        out += char(mask | 126);
        out += char((length >> 8) & 0xFF);
        out += char(length & 0xFF);
        break;
    case LengthForm::Long64:
        out += char(mask | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += char((length >> shift) & 0xFF);
        break;
    }
    if (spec.masked) {
        for (const quint8 b : spec.maskingKey)
            out += char(b);
    }
    const qsizetype payloadAt = out.size();
    out += spec.payload;
    if (spec.masked) {
        for (qsizetype i = 0; i < spec.payload.size(); ++i)
            out[payloadAt + i] = char(out[payloadAt + i] ^ spec.maskingKey[size_t(i % 4)]);
    }
    return out;
}

FrameSpec specOf(const WireFrame &frame)
{
    FrameSpec spec;
    spec.fin = frame.fin;
    spec.rsv1 = frame.rsv1;
    spec.rsv2 = frame.rsv2;
    spec.rsv3 = frame.rsv3;
    spec.opcode = frame.opcode;
    spec.masked = frame.masked;
    spec.maskingKey = frame.maskingKey;
    spec.payload = frame.payload;
    if (frame.payloadLength != quint64(frame.payload.size()))
        spec.declaredLength = frame.payloadLength;
    if (frame.lengthForm != shortestLengthForm(frame.payloadLength))
        spec.lengthForm = frame.lengthForm;
    return spec;
}

} // namespace Sockscope::FrameWriter
