#include "cbordecoder.h"

#include "decoders/json/jsondecoder.h"
#include "decoders/jsonvalue.h"

#include <QCborMap>
#include <QCborStreamReader>
#include <QCborValue>
#include <QCoreApplication>

namespace Sockscope {

namespace {
// One whole CBOR item and nothing after it, or an error.
QCborValue readWhole(QByteArrayView payload, QString *error)
{
    // The same bytes read twice in a row on a thread (an inner payload recognised, then
    // decoded) are read once; up to a size, not to keep a large message's copy.
    thread_local QByteArray lastBytes;
    thread_local QCborValue lastValue;
    thread_local QString lastError;
    if (!lastBytes.isNull() && payload == lastBytes) {
        *error = lastError;
        return lastValue;
    }
    const QByteArray bytes = payload.toByteArray();
    lastBytes = bytes.size() <= 64 * 1024 ? bytes : QByteArray();
    QCborStreamReader reader(bytes);
    lastValue = QCborValue();
    lastError.clear();
    QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError) {
        lastError = QCoreApplication::translate("Sockscope::CborDecoder", "Not CBOR: %1")
                        .arg(reader.lastError().toString());
    } else if (reader.currentOffset() != payload.size()) {
        lastError = QCoreApplication::translate("Sockscope::CborDecoder",
                                                "Not CBOR: %1 bytes after the first item")
                        .arg(payload.size() - reader.currentOffset());
    } else {
        lastValue = value;
    }
    *error = lastError;
    return lastValue;
}

// Whether a map's entries can be found by key as its JSON has them: only when every key is
// text (QCborValue::toJsonValue() writes other keys in ways of its own).
bool textKeys(const QCborMap &map)
{
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        if (!it.key().isString())
            return false;
    }
    return true;
}

// The value of a map's entry as its JSON has it under key (the last of a key twice, as Qt's),
// Undefined for none.
QJsonValue entryOf(const QCborMap &map, QStringView key)
{
    QJsonValue value = QJsonValue::Undefined;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        if (it.key().toString() == key)
            value = it.value().toJsonValue();
    }
    return value;
}
} // namespace

bool CborDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (!binary || payload.size() < 2)
        return false;
    if (payload.startsWith("\xd9\xd9\xf7"))
        return true;
    const quint8 major = quint8(payload[0]) >> 5;
    if (major != 4 && major != 5) // an array or a map
        return false;
    QString error;
    const QCborValue value = readWhole(payload, &error);
    return error.isEmpty() && (value.isMap() || value.isArray());
}

DecodedLayer CborDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                 const DecoderState *, const Tracked &) const
{
    QString error;
    const QCborValue value = readWhole(payload, &error);
    if (!error.isEmpty())
        return DecodedLayer::failure(error);
    if (value.isMap() && JsonValue::firstKeys(context) && textKeys(value.toMap())) {
        // The filter: the map entries its paths start in, without making the others.
        DecodedLayer layer;
        layer.node.name = name();
        const QCborMap map = value.toMap();
        layer.pathValues = JsonValue::valuesAt(
            *context.paths, [&](const QString &key) { return entryOf(map, key); });
        return layer;
    }
    // Byte strings become base64url text, tags their content: what a JSON view can show.
    return structuredLayer(name(), context.wantsValue() ? value.toJsonValue() : QJsonValue(),
                           context);
}

} // namespace Sockscope
