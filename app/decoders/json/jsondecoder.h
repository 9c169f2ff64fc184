#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// A JSON object or array (or, when a framing protocol hands one on, any JSON value).
class JsonDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("json"); }
    QString name() const override { return QStringLiteral("JSON"); }
    Kind kind() const override { return Kind::Payload; }
    bool verbatimInText(QStringView field) const override { return field == u"json."; }
    bool recognises(QByteArrayView payload, bool binary) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

// The layer of a structured value read by a payload decoder: its tree and its gist as the
// context wants them, and the value (or, with DecodeContext::paths, the values at its paths).
DecodedLayer structuredLayer(const QString &protocol, const QJsonValue &value,
                             const DecodeContext &context);

} // namespace Sockscope
