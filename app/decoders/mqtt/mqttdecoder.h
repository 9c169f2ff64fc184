#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// MQTT 3.1, 3.1.1 and 5 over WebSocket: every control packet, one or more to a message. Chosen
// by the subprotocols mqtt and mqttv3.1. The protocol level comes from the connection's CONNECT
// (5 reads properties); a PUBLISH payload goes on to the payload decoders. A CONNECT's password
// is never shown, only its length.
class MqttDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("mqtt"); }
    QString name() const override { return QStringLiteral("MQTT"); }
    Kind kind() const override { return Kind::Framing; }
    QStringList subprotocols() const override
    {
        return {QStringLiteral("mqtt"), QStringLiteral("mqttv3.1")};
    }
    std::unique_ptr<DecoderState> newState() const override;
    Tracked track(QByteArrayView payload, const DecodeContext &context,
                  DecoderState *state) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

} // namespace Sockscope
