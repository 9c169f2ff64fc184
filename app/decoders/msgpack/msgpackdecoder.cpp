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

// o as JSON; of a map, only the entries whose keys are in only, unless it is null.
QJsonValue toJson(const msgpack::object &o, const QStringList *only = nullptr)
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
            const QString key = JsonValue::scalarText(toJson(kv.key));
            if (!only || only->contains(key))
                m.insert(key, toJson(kv.val));
        }
        return m;
    }
    }
    return QJsonValue::Undefined;
}

// One whole MessagePack item and nothing after it, as JSON when asJson (else Null: it reads),
// of a map only the keys in only unless it is null; Undefined with a sentence otherwise.
QJsonValue readWhole(QByteArrayView payload, QString *error, bool asJson = true,
                     const QStringList *only = nullptr)
{
    // No container may claim more items than the message has bytes, so a short message
    // cannot make the reader allocate for billions of them.
    const std::size_t n = std::size_t(payload.size());
    const msgpack::unpack_limit limit(n, n, n, n, n, kMaxDepth);
    std::size_t offset = 0;
    // The thread's zone, emptied for each message but keeping its first block: a zone of its
    // own allocated one for every message (recognised, then decoded).
    thread_local msgpack::zone zone;
    zone.clear();
    try {
        const msgpack::object object
            = msgpack::unpack(zone, payload.data(), n, offset, nullptr, nullptr, limit);
        if (offset != n) {
            *error = tr("Not MessagePack: %1 bytes after the first item").arg(n - offset);
            return QJsonValue::Undefined;
        }
        return asJson ? toJson(object, only) : QJsonValue(QJsonValue::Null);
    } catch (const msgpack::insufficient_bytes &) {
        *error = tr("Not MessagePack: the message ends inside an item");
    } catch (const std::exception &e) {
        *error = tr("Not MessagePack: %1").arg(QString::fromUtf8(e.what()));
    }
    return QJsonValue::Undefined;
}
} // namespace

bool MsgPackDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (!binary || payload.isEmpty())
        return false;
    const quint8 first = quint8(payload[0]);
    const bool container = (first >= 0x80 && first <= 0x9f) || first == 0xdc || first == 0xdd
        || first == 0xde || first == 0xdf;
    if (!container)
        return false;
    QString error;
    return !readWhole(payload, &error, false).isUndefined();
}

DecodedLayer MsgPackDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                    const DecoderState *, const Tracked &) const
{
    QString error;
    QStringList keys; // the filter's: only the entries its paths start in are made
    const bool some = JsonValue::firstKeys(context, &keys);
    const QJsonValue value
        = readWhole(payload, &error, context.wantsValue(), some ? &keys : nullptr);
    if (value.isUndefined())
        return DecodedLayer::failure(error);
    return structuredLayer(name(), value, context);
}

} // namespace Sockscope
