#pragma once

#include "decoder.h"

#include <memory>
#include <vector>

namespace Sockscope {

// The decoders Sockscope knows, owned here, and how a message finds its decoders. The way
// Wireshark picks a WebSocket sub-dissector: the negotiated subprotocol, then the URL path,
// then what the message looks like; a "Decode as" choice overrides all three. Decoders stack:
// what one hands on (a decompressed payload, a STOMP body, a PUBLISH payload) goes to the
// compression and payload decoders that recognise it.
class DecoderRegistry
{
public:
    // Every decoder of this build: compression, then framing protocols, then payload formats.
    static const DecoderRegistry &standard();

    DecoderRegistry() = default;
    DecoderRegistry(const DecoderRegistry &) = delete;
    DecoderRegistry &operator=(const DecoderRegistry &) = delete;

    void add(std::unique_ptr<Decoder> decoder);
    const std::vector<std::unique_ptr<Decoder>> &decoders() const { return m_decoders; }
    const Decoder *byId(QStringView id) const;

    // The decoder a connection's facts select (its subprotocol first, then its URL's path), or
    // nullptr: its messages are then recognised one by one.
    const Decoder *forConnection(QStringView subprotocol, QStringView url) const;
    // The first decoder that recognises a message, or nullptr.
    const Decoder *recognise(QByteArrayView payload, bool binary, bool framingToo = true) const;

    // Decodes a message with `first` (the connection's decoder or the user's choice; nullptr to
    // recognise it) and whatever its inner payloads are. state and tracked are first's, for
    // this connection and message. Empty when nothing recognises the message.
    // payloadChoice, when given, reads what a framing protocol hands on (the user's "Decode
    // as" a payload format on a connection whose framing protocol is known) instead of the
    // payload decoder that would recognise it.
    Decoded decode(QByteArrayView payload, const DecodeContext &context, const Decoder *first,
                   const DecoderState *state = nullptr, const Tracked &tracked = {},
                   const Decoder *payloadChoice = nullptr) const;

    // How many layers a message may have (a zlib inside a gzip inside…): the rest is not read.
    static constexpr int kMaxLayers = 4;

private:
    std::vector<std::unique_ptr<Decoder>> m_decoders;
};

} // namespace Sockscope
