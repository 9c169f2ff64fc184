#include "protobufdecoder.h"

#include "decoders/jsonvalue.h"

#include <google/protobuf/unknown_field_set.h>

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>

namespace Sockscope {

namespace {
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

constexpr int kMaxNesting = 8;

bool printableUtf8(const std::string &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
    if (utf8.hasError())
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x20 && c != u'\n' && c != u'\r' && c != u'\t')
            return false;
    }
    return true;
}

bool readsAsMessage(const std::string &bytes, UnknownFieldSet *set)
{
    return !bytes.empty() && set->ParseFromArray(bytes.data(), int(bytes.size()))
        && set->field_count() > 0;
}

// The set as a JSON object keyed by field number (repeated numbers become arrays), with its
// tree beside it unless node is nullptr.
QJsonObject read(const UnknownFieldSet &set, DecodedNode *node, int depth, qsizetype *budget)
{
    QHash<QString, QJsonArray> values;
    for (int i = 0; i < set.field_count() && *budget > 0; ++i) {
        const UnknownField &f = set.field(i);
        QJsonValue value;
        DecodedNode child;
        DecodedNode *childNode = node ? &child : nullptr;
        switch (f.type()) {
        case UnknownField::TYPE_VARINT:
            value = double(f.varint());
            if (node)
                child.value = QStringLiteral("varint %1").arg(f.varint());
            break;
        case UnknownField::TYPE_FIXED32:
            value = double(f.fixed32());
            if (node)
                child.value = QStringLiteral("fixed32 %1").arg(f.fixed32());
            break;
        case UnknownField::TYPE_FIXED64:
            value = double(f.fixed64());
            if (node)
                child.value = QStringLiteral("fixed64 %1").arg(f.fixed64());
            break;
        case UnknownField::TYPE_LENGTH_DELIMITED: {
            const std::string &bytes = f.length_delimited();
            UnknownFieldSet nested;
            if (printableUtf8(bytes)) {
                const QString text = QString::fromStdString(bytes);
                value = text;
                if (node)
                    child.value = JsonValue::line(text, 400);
            } else if (depth < kMaxNesting && readsAsMessage(bytes, &nested)) {
                value = read(nested, childNode, depth + 1, budget);
                if (node)
                    child.value = QStringLiteral("message, %1 fields").arg(nested.field_count());
            } else {
                const QString hex = QString::fromLatin1(
                    QByteArrayView(bytes.data(), qsizetype(bytes.size())).toByteArray().toHex(' '));
                value = hex;
                if (node)
                    child.value = QStringLiteral("bytes %1").arg(JsonValue::line(hex, 200));
            }
            break;
        }
        case UnknownField::TYPE_GROUP:
            value = read(f.group(), childNode, depth + 1, budget);
            if (node)
                child.value = QStringLiteral("group, %1 fields").arg(f.group().field_count());
            break;
        }
        --*budget;
        const QString number = QString::number(f.number());
        if (node) {
            child.name = number;
            node->children.append(std::move(child));
        }
        values[number].append(value);
    }
    QJsonObject object; // a repeated field's values make an array
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), it->size() == 1 ? it->first() : QJsonValue(*it));
    return object;
}
} // namespace

DecodedLayer ProtobufDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                     const DecoderState *, const Tracked &) const
{
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
    qsizetype budget = qMax<qsizetype>(context.treeBudget, 1000);
    const QJsonObject object = read(set, tree ? &layer.node : nullptr, 0, &budget);
    if (context.paths) {
        for (const QString &path : *context.paths)
            layer.pathValues.append(JsonValue::at(object, path));
    } else {
        layer.value = object;
    }
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
