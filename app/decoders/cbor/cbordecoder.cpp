#include "cbordecoder.h"

#include "decoders/json/jsondecoder.h"

#include <QCborStreamReader>
#include <QCborValue>
#include <QCoreApplication>

namespace Sockscope {

namespace {
// One whole CBOR item and nothing after it, or an error.
QCborValue readWhole(QByteArrayView payload, QString *error)
{
    QCborStreamReader reader(payload.toByteArray());
    QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError) {
        *error = QCoreApplication::translate("Sockscope::CborDecoder", "Not CBOR: %1")
                     .arg(reader.lastError().toString());
        return {};
    }
    if (reader.currentOffset() != payload.size()) {
        *error = QCoreApplication::translate("Sockscope::CborDecoder",
                                             "Not CBOR: %1 bytes after the first item")
                     .arg(payload.size() - reader.currentOffset());
        return {};
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
    // Byte strings become base64url text, tags their content: what a JSON view can show.
    return structuredLayer(name(), context.wantsValue() ? value.toJsonValue() : QJsonValue(),
                           context);
}

} // namespace Sockscope
