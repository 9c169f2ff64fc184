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

// The layer of a structured value read by a payload decoder: its tree, its gist and json.*.
DecodedLayer structuredLayer(const QString &protocol, const QJsonValue &value,
                             qsizetype treeBudget);

} // namespace Sockscope
