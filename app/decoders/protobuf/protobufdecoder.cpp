#include "protobufdecoder.h"

#include "decoders/jsonvalue.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>
#include <climits>
#include <vector>

namespace Sockscope {

namespace {
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

constexpr int kMaxNesting = 8;

// UTF-8 without control characters but line breaks and tabs (a control character is one byte
// in UTF-8, so the bytes tell it).
bool printableUtf8(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (quint8(c) < 0x20 && c != '\n' && c != '\r' && c != '\t')
            return false;
    }
    return bytes.isValidUtf8();
}

bool readsAsMessage(const std::string &bytes, UnknownFieldSet *set)
{
    return !bytes.empty() && set->ParseFromArray(bytes.data(), int(bytes.size()))
        && set->field_count() > 0;
}

QJsonObject read(const UnknownFieldSet &set, DecodedNode *node, int depth, qsizetype *budget);

// One field's value, with its node's value beside it unless child is nullptr.
QJsonValue fieldValue(const UnknownField &f, DecodedNode *child, int depth, qsizetype *budget)
{
    QJsonValue value;
    switch (f.type()) {
    case UnknownField::TYPE_VARINT:
        value = double(f.varint());
        if (child)
            child->value = QStringLiteral("varint %1").arg(f.varint());
        break;
    case UnknownField::TYPE_FIXED32:
        value = double(f.fixed32());
        if (child)
            child->value = QStringLiteral("fixed32 %1").arg(f.fixed32());
        break;
    case UnknownField::TYPE_FIXED64:
        value = double(f.fixed64());
        if (child)
            child->value = QStringLiteral("fixed64 %1").arg(f.fixed64());
        break;
    case UnknownField::TYPE_LENGTH_DELIMITED: {
        const std::string &bytes = f.length_delimited();
        UnknownFieldSet nested;
        if (printableUtf8(bytes)) {
            const QString text = QString::fromStdString(bytes);
            value = text;
            if (child)
                child->value = JsonValue::line(text, 400);
        } else if (depth < kMaxNesting && readsAsMessage(bytes, &nested)) {
            value = read(nested, child, depth + 1, budget);
            if (child)
                child->value = QStringLiteral("message, %1 fields").arg(nested.field_count());
        } else {
            const QString hex = QString::fromLatin1(
                QByteArrayView(bytes.data(), qsizetype(bytes.size())).toByteArray().toHex(' '));
            value = hex;
            if (child)
                child->value = QStringLiteral("bytes %1").arg(JsonValue::line(hex, 200));
        }
        break;
    }
    case UnknownField::TYPE_GROUP:
        value = read(f.group(), child, depth + 1, budget);
        if (child)
            child->value = QStringLiteral("group, %1 fields").arg(f.group().field_count());
        break;
    }
    return value;
}

// The set as a JSON object keyed by field number (repeated numbers become arrays), with its
// tree beside it unless node is nullptr.
QJsonObject read(const UnknownFieldSet &set, DecodedNode *node, int depth, qsizetype *budget)
{
    std::vector<std::pair<int, QJsonValue>> values; // by field number, in the message's order
    values.reserve(size_t(set.field_count()));
    for (int i = 0; i < set.field_count() && *budget > 0; ++i) {
        const UnknownField &f = set.field(i);
        DecodedNode child;
        QJsonValue value = fieldValue(f, node ? &child : nullptr, depth, budget);
        --*budget;
        if (node) {
            child.name = QString::number(f.number());
            node->children.append(std::move(child));
        }
        values.emplace_back(f.number(), std::move(value));
    }
    // A repeated field's values make an array, in the message's order.
    std::stable_sort(values.begin(), values.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QJsonObject object;
    for (size_t i = 0; i < values.size();) {
        size_t end = i + 1;
        while (end < values.size() && values[end].first == values[i].first)
            ++end;
        if (end == i + 1) {
            object.insert(QString::number(values[i].first), values[i].second);
        } else {
            QJsonArray repeated;
            for (size_t j = i; j < end; ++j)
                repeated.append(values[j].second);
            object.insert(QString::number(values[i].first), repeated);
        }
        i = end;
    }
    return object;
}

// The field number a key of read()'s object names (as QString::number() writes it), or -1 for
// none (the bytes can hold number 0, never a negative one).
int numberOf(const JsonValue::PathHead &head)
{
    bool isNumber = false;
    const int number = head.key.toInt(&isNumber);
    return head.kind == head.Key && isNumber && QString::number(number) == head.key ? number : -1;
}

// The value at the rest of a path of the fields of one number, as read() makes them: a field
// alone is its value, several an array of theirs; Undefined for none.
template<typename Values> QJsonValue atFields(const Values &values, QStringView rest)
{
    if (values.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    if (values.size() == 1)
        return JsonValue::at(values.first(), rest);
    QJsonArray repeated;
    for (const QJsonValue &v : values)
        repeated.append(v);
    return JsonValue::at(repeated, rest);
}

// For the filter, read straight from the bytes: the values at paths of the object read()
// makes, when the paths start in fields that are numbers or text. Parsing into an
// UnknownFieldSet makes a string of every length-delimited field. False when it cannot be
// told here (the bytes do not read, a group, a path that is the whole object or starts in a
// field that is neither, a message of many fields): valuesAt() tells then.
bool scalarsAt(QByteArrayView payload, const QStringList &paths, QList<QJsonValue> *out)
{
    namespace wire = google::protobuf::internal;
    using Lite = wire::WireFormatLite;
    QVarLengthArray<JsonValue::PathHead, 4> heads;
    QVarLengthArray<int, 4> numbers;
    for (const QString &path : paths) {
        heads.append(JsonValue::head(path));
        if (heads.last().kind == JsonValue::PathHead::Whole)
            return false;
        numbers.append(numberOf(heads.last()));
    }
    QVarLengthArray<QVarLengthArray<QJsonValue, 1>, 4> values(paths.size());
    google::protobuf::io::CodedInputStream in(
        reinterpret_cast<const std::uint8_t *>(payload.data()), int(payload.size()));
    int fields = 0;
    while (const std::uint32_t tag = in.ReadTag()) {
        const int number = Lite::GetTagFieldNumber(tag);
        if (number == 0 || ++fields > 256) // no field has number 0: the bytes do not read
            return false;
        if (std::find(numbers.cbegin(), numbers.cend(), number) == numbers.cend()) {
            if (Lite::GetTagWireType(tag) == Lite::WIRETYPE_START_GROUP
                || !wire::WireFormat::SkipField(&in, tag, nullptr))
                return false;
            continue;
        }
        QJsonValue value;
        switch (Lite::GetTagWireType(tag)) {
        case Lite::WIRETYPE_VARINT: {
            std::uint64_t v = 0;
            if (!in.ReadVarint64(&v))
                return false;
            value = double(v);
            break;
        }
        case Lite::WIRETYPE_FIXED64: {
            std::uint64_t v = 0;
            if (!in.ReadLittleEndian64(&v))
                return false;
            value = double(v);
            break;
        }
        case Lite::WIRETYPE_FIXED32: {
            std::uint32_t v = 0;
            if (!in.ReadLittleEndian32(&v))
                return false;
            value = double(v);
            break;
        }
        case Lite::WIRETYPE_LENGTH_DELIMITED: {
            std::uint32_t length = 0;
            const void *data = nullptr;
            int size = 0;
            if (!in.ReadVarint32(&length) || length > std::uint32_t(INT_MAX)
                || !in.GetDirectBufferPointer(&data, &size) || std::uint32_t(size) < length)
                return false;
            const QByteArrayView bytes(static_cast<const char *>(data), qsizetype(length));
            if (!printableUtf8(bytes)) // a message or bytes: as read() makes them
                return false;
            value = QString::fromUtf8(bytes);
            in.Skip(int(length));
            break;
        }
        default:
            return false;
        }
        for (qsizetype i = 0; i < numbers.size(); ++i) {
            if (numbers[i] == number)
                values[i].append(value);
        }
    }
    if (!in.ConsumedEntireMessage() || fields == 0)
        return false;
    for (qsizetype i = 0; i < heads.size(); ++i)
        out->append(atFields(values[i], heads[i].rest));
    return true;
}

// For the filter: the values at paths of the object read() makes, made of the fields each
// path starts in only (no object is made); false when a path is the whole object.
bool valuesAt(const UnknownFieldSet &set, const QStringList &paths, QList<QJsonValue> *out)
{
    for (const QString &path : paths) {
        const JsonValue::PathHead head = JsonValue::head(path);
        if (head.kind == JsonValue::PathHead::Whole)
            return false;
        const int number = numberOf(head);
        if (number < 0) {
            out->append(QJsonValue(QJsonValue::Undefined));
            continue;
        }
        QVarLengthArray<QJsonValue, 2> values; // of the fields of that number, as read() makes
        qsizetype budget = 1000;
        for (int i = 0; i < set.field_count() && budget > 0; ++i) {
            const UnknownField &f = set.field(i);
            if (f.number() == number)
                values.append(fieldValue(f, nullptr, 0, &budget));
            --budget;
        }
        out->append(atFields(values, head.rest));
    }
    return true;
}
} // namespace

DecodedLayer ProtobufDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                     const DecoderState *, const Tracked &) const
{
    if (!context.wantsSummary() && context.paths && !context.paths->isEmpty()) {
        DecodedLayer layer;
        layer.node.name = name();
        if (scalarsAt(payload, *context.paths, &layer.pathValues))
            return layer; // the filter's values, read straight from the bytes
    }
    UnknownFieldSet set;
    if (payload.isEmpty() || !set.ParseFromArray(payload.data(), int(payload.size()))
        || set.field_count() == 0) {
        return DecodedLayer::failure(QCoreApplication::translate(
            "Sockscope::ProtobufDecoder", "Not a protobuf message: its fields do not read"));
    }
    DecodedLayer layer;
    layer.node.name = name();
    // The summary is made from the tree's first fields.
    const bool tree = context.wantsSummary();
    if (!tree && !context.wantsValue())
        return layer; // the filter wants neither the fields' values nor a summary
    if (!tree && context.paths && valuesAt(set, *context.paths, &layer.pathValues))
        return layer; // the filter's values, read alone
    layer.pathValues.clear();
    qsizetype budget = qMax<qsizetype>(context.treeBudget, 1000);
    const QJsonObject object = read(set, tree ? &layer.node : nullptr, 0, &budget);
    JsonValue::setLayerValue(&layer, object, context);
    if (!tree)
        return layer;
    layer.node.value = QStringLiteral("%1 fields").arg(set.field_count());
    QStringList parts;
    for (const DecodedNode &child : std::as_const(layer.node.children)) {
        parts << child.name + u'=' + child.value;
        if (parts.size() == 4)
            break;
    }
    layer.summary = JsonValue::line(parts.join(QStringLiteral(", ")), 120);
    return layer;
}

} // namespace Sockscope
