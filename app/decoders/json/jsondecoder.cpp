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

DecodedLayer structuredLayer(const QString &protocol, const QJsonValue &value,
                             const DecodeContext &context)
{
    DecodedLayer layer;
    layer.node.name = protocol;
    JsonValue::setLayerValue(&layer, value, context);
    if (context.wantsSummary())
        layer.summary = JsonValue::gist(value);
    if (context.wantsTree()) {
        qsizetype budget = context.treeBudget;
        layer.node = JsonValue::tree(protocol, value, &budget);
    }
    return layer;
}

DecodedLayer JsonDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                 const DecoderState *, const Tracked &) const
{
    QString error;
    JsonValue::Document doc;
    if (!doc.read(payload, &error))
        return DecodedLayer::failure(error);
    if (context.paths) {
        // The filter: the values at its paths, without making the whole value.
        DecodedLayer layer;
        layer.node.name = name();
        layer.pathValues = doc.at(*context.paths);
        return layer;
    }
    return structuredLayer(name(), doc.whole(), context);
}

} // namespace Sockscope
