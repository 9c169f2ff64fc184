#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// JSON-RPC 2.0: requests, notifications, results and errors, batches too. Recognised by its
// "jsonrpc" member. Pairs each response with its request by id (either side may ask), so a
// result shows the method it answers and how long it took.
class JsonRpcDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("jsonrpc"); }
    QString name() const override { return QStringLiteral("JSON-RPC"); }
    Kind kind() const override { return Kind::Framing; }
    bool verbatimInText(QStringView field) const override { return field == u"json."; }
    QStringList subprotocols() const override { return {QStringLiteral("jsonrpc")}; }
    bool recognises(QByteArrayView payload, bool binary) const override;
    std::unique_ptr<DecoderState> newState() const override;
    Tracked track(QByteArrayView payload, const DecodeContext &context,
                  DecoderState *state) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

} // namespace Sockscope
