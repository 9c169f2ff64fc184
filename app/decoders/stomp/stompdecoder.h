#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// STOMP 1.0–1.2 frames, one or more to a message, and heart-beats. Chosen by the
// subprotocols v10.stomp, v11.stomp and v12.stomp; recognised by a frame's command line. The
// body goes on to the payload decoders.
class StompDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("stomp"); }
    QString name() const override { return QStringLiteral("STOMP"); }
    Kind kind() const override { return Kind::Framing; }
    bool verbatimInText(QStringView field) const override;
    QStringList subprotocols() const override;
    bool recognises(QByteArrayView payload, bool binary) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

} // namespace Sockscope
