#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// ASP.NET Core SignalR's JSON hub protocol: records ended by 0x1E, the handshake, invocations,
// stream items, completions (paired with their invocation), pings and close. Recognised by
// the record separator.
class SignalRDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("signalr"); }
    QString name() const override { return QStringLiteral("SignalR"); }
    Kind kind() const override { return Kind::Framing; }
    bool verbatimInText(QStringView field) const override { return field == u"json."; }
    bool recognises(QByteArrayView payload, bool binary) const override;
    std::unique_ptr<DecoderState> newState() const override;
    Tracked track(QByteArrayView payload, const DecodeContext &context,
                  DecoderState *state) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;

    static constexpr char kRecordSeparator = '\x1e';
};

} // namespace Sockscope
