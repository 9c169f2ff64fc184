#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// CBOR (RFC 8949), read with Qt's QCborValue. Recognised when the whole message is one map or
// array, or starts with the self-describing tag 55799.
class CborDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("cbor"); }
    QString name() const override { return QStringLiteral("CBOR"); }
    Kind kind() const override { return Kind::Payload; }
    bool recognises(QByteArrayView payload, bool binary) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

} // namespace Sockscope
