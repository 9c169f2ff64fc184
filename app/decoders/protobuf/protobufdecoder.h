#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// Protocol Buffers without a schema: field numbers and wire types, read with libprotobuf's
// UnknownFieldSet. A length-delimited field is shown as a nested message when it reads as one,
// else as text when it is printable UTF-8, else as bytes. Protobuf has no mark of its own, so
// it is never recognised: a tab's "Decode as" picks it.
class ProtobufDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("protobuf"); }
    QString name() const override { return QStringLiteral("Protobuf"); }
    Kind kind() const override { return Kind::Payload; }
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

} // namespace Sockscope
