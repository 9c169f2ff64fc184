#include "jsondecoder.h"

#include "decoders/jsonvalue.h"

namespace Sockscope {

bool JsonDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (binary)
        return false;
    for (const char c : payload) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

DecodedLayer structuredLayer(const QString &protocol, const QJsonValue &value, qsizetype treeBudget)
{
    DecodedLayer layer;
    qsizetype budget = treeBudget;
    layer.node = JsonValue::tree(protocol, value, &budget);
    layer.summary = JsonValue::gist(value);
    layer.value = value;
    return layer;
}

DecodedLayer JsonDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                 const DecoderState *, const Tracked &) const
{
    if (context.paths) {
        // The filter: the values at its paths, without making the whole value.
        DecodedLayer layer;
        if (JsonValue::valuesAt(payload, *context.paths, &layer.pathValues))
            return layer;
    }
    QString error;
    const QJsonValue value = JsonValue::parse(payload, &error);
    if (value.isUndefined())
        return DecodedLayer::failure(error);
    return structuredLayer(name(), value, context.treeBudget);
}

} // namespace Sockscope
