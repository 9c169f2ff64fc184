#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// MessagePack, read with msgpack-c (Debian's libmsgpack-cxx-dev). Recognised when the whole
// message is one map or array.
class MsgPackDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("msgpack"); }
    QString name() const override { return QStringLiteral("MessagePack"); }
    Kind kind() const override { return Kind::Payload; }
    bool recognises(QByteArrayView payload, bool binary) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

} // namespace Sockscope
