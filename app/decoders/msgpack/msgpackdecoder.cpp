#include "msgpackdecoder.h"

#include "decoders/json/jsondecoder.h"
#include "decoders/jsonvalue.h"

#define MSGPACK_NO_BOOST
#include <msgpack.hpp>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Sockscope {

namespace {
constexpr std::size_t kMaxDepth = 64;

QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::MsgPackDecoder", text);
}

// o as JSON.
QJsonValue toJson(const msgpack::object &o)
{
    switch (o.type) {
    case msgpack::type::NIL:
        return QJsonValue::Null;
    case msgpack::type::BOOLEAN:
        return o.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
        return double(o.via.u64);
    case msgpack::type::NEGATIVE_INTEGER:
        return double(o.via.i64);
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        return o.via.f64;
    case msgpack::type::STR:
        return QString::fromUtf8(o.via.str.ptr, qsizetype(o.via.str.size));
    case msgpack::type::BIN:
        return QString::fromLatin1(
            QByteArray::fromRawData(o.via.bin.ptr, qsizetype(o.via.bin.size)).toBase64());
    case msgpack::type::EXT:
        return QStringLiteral("ext %1: %2")
            .arg(int(o.via.ext.type()))
            .arg(QString::fromLatin1(
                QByteArray::fromRawData(o.via.ext.data(), qsizetype(o.via.ext.size)).toHex(' ')));
    case msgpack::type::ARRAY: {
        QJsonArray a;
        for (std::uint32_t i = 0; i < o.via.array.size; ++i)
            a.append(toJson(o.via.array.ptr[i]));
        return a;
    }
    case msgpack::type::MAP: {
        QJsonObject m;
        for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
            const msgpack::object_kv &kv = o.via.map.ptr[i];
            m.insert(JsonValue::scalarText(toJson(kv.key)), toJson(kv.val));
        }
        return m;
    }
    }
    return QJsonValue::Undefined;
}

// The value of a map's entry as toJson(map) has it under key (the last of a key twice, as
// QJsonObject keeps it), Undefined for none.
QJsonValue entryOf(const msgpack::object &map, QStringView key)
{
    for (std::uint32_t i = map.via.map.size; i-- > 0;) {
        const msgpack::object_kv &kv = map.via.map.ptr[i];
        const bool same = kv.key.type == msgpack::type::STR
            ? JsonValue::sameKey(key,
                                 QByteArrayView(kv.key.via.str.ptr, qsizetype(kv.key.via.str.size)))
            : JsonValue::scalarText(toJson(kv.key)) == key;
        if (same)
            return toJson(kv.val);
    }
    return QJsonValue::Undefined;
}

// One whole MessagePack item and nothing after it, read into the thread's zone (good until the
// thread reads another message), or false with a sentence. The same bytes read twice in a row
// on a thread (an inner payload recognised, then decoded) are read once, up to a size.
bool readWhole(QByteArrayView payload, msgpack::object *object, QString *error)
{
    // The thread's zone is emptied for each message but keeps its first block: a zone of its
    // own would allocate one for every message.
    thread_local msgpack::zone zone;
    thread_local QByteArray lastBytes;
    thread_local msgpack::object lastObject;
    thread_local QString lastError;
    if (!lastBytes.isNull() && payload == lastBytes) {
        *object = lastObject;
        *error = lastError;
        return error->isEmpty();
    }
    lastBytes = payload.size() <= 64 * 1024 ? payload.toByteArray() : QByteArray();
    lastObject = msgpack::object();
    lastError.clear();
    zone.clear();
    // No container may claim more items than the message has bytes, so a short message
    // cannot make the reader allocate for billions of them.
    const std::size_t n = std::size_t(payload.size());
    const msgpack::unpack_limit limit(n, n, n, n, n, kMaxDepth);
    std::size_t offset = 0;
    try {
        lastObject = msgpack::unpack(zone, payload.data(), n, offset, nullptr, nullptr, limit);
        if (offset != n)
            lastError = tr("Not MessagePack: %1 bytes after the first item").arg(n - offset);
    } catch (const msgpack::insufficient_bytes &) {
        lastError = tr("Not MessagePack: the message ends inside an item");
    } catch (const std::exception &e) {
        lastError = tr("Not MessagePack: %1").arg(QString::fromUtf8(e.what()));
    }
    *object = lastObject;
    *error = lastError;
    return error->isEmpty();
}
} // namespace

bool MsgPackDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (!binary || payload.isEmpty())
        return false;
    const quint8 first = quint8(payload[0]);
    const bool container = (first >= 0x80 && first <= 0x9f) || first == 0xdc || first == 0xdd
        || first == 0xde || first == 0xdf;
    msgpack::object object;
    QString error;
    return container && readWhole(payload, &object, &error);
}

DecodedLayer MsgPackDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                    const DecoderState *, const Tracked &) const
{
    msgpack::object object;
    QString error;
    if (!readWhole(payload, &object, &error))
        return DecodedLayer::failure(error);
    if (object.type == msgpack::type::MAP && JsonValue::firstKeys(context)) {
        // The filter: the map entries its paths start in, without making the others.
        DecodedLayer layer;
        layer.node.name = name();
        layer.pathValues = JsonValue::valuesAt(
            *context.paths, [&](const QString &key) { return entryOf(object, key); });
        return layer;
    }
    return structuredLayer(name(), context.wantsValue() ? toJson(object) : QJsonValue(), context);
}

} // namespace Sockscope
