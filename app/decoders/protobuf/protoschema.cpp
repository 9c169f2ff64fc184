#include "protoschema.h"

#include "decoders/jsonvalue.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>

#include <algorithm>
#include <array>
#include <cmath>

namespace Sockscope {

namespace pb = google::protobuf;

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("Sockscope::ProtoSchema", text, nullptr, n);
}

// Parse and validation errors as the user reads them: "quotes.proto:3:10: Expected ";"."
class ErrorList : public pb::compiler::MultiFileErrorCollector
{
public:
    void AddError(const std::string &file, int line, int column,
                  const std::string &message) override
    {
        QString where = QString::fromStdString(file);
        if (line >= 0)
            where += QStringLiteral(":%1:%2").arg(line + 1).arg(column + 1);
        errors << where + QStringLiteral(": ") + QString::fromStdString(message);
    }
    QStringList errors;
};

void collectTypes(const pb::Descriptor *type, QStringList *out)
{
    if (type->options().map_entry())
        return; // a map field's hidden entry type
    *out << QString::fromStdString(type->full_name());
    for (int i = 0; i < type->nested_type_count(); ++i)
        collectTypes(type->nested_type(i), out);
}
// Protobuf's JSON mapping, as libprotobuf prints it, with the .proto's field names and
// defaults included.
bool printJson(const pb::Message &message, std::string *json, QString *problem)
{
    pb::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    options.always_print_primitive_fields = true;
    const auto status = pb::util::MessageToJsonString(message, json, options);
    if (!status.ok())
        *problem = QString::fromStdString(std::string(status.message()));
    return status.ok();
}

QJsonValue jsonOf(const pb::Message &message, QString *problem);

// One value of a field (index -1 for a singular one), as printJson writes it.
QJsonValue fieldValue(const pb::Message &m, const pb::FieldDescriptor *f, int index,
                      QString *problem)
{
    const pb::Reflection *r = m.GetReflection();
    const bool one = index < 0;
    switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        return double(one ? r->GetInt32(m, f) : r->GetRepeatedInt32(m, f, index));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        return double(one ? r->GetUInt32(m, f) : r->GetRepeatedUInt32(m, f, index));
    case pb::FieldDescriptor::CPPTYPE_INT64: // 64-bit integers are strings in JSON
        return QString::number(one ? r->GetInt64(m, f) : r->GetRepeatedInt64(m, f, index));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return QString::number(one ? r->GetUInt64(m, f) : r->GetRepeatedUInt64(m, f, index));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
        const double v = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE
            ? (one ? r->GetDouble(m, f) : r->GetRepeatedDouble(m, f, index))
            : double(one ? r->GetFloat(m, f) : r->GetRepeatedFloat(m, f, index));
        if (std::isnan(v))
            return QStringLiteral("NaN");
        if (std::isinf(v))
            return v > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return v;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL:
        return one ? r->GetBool(m, f) : r->GetRepeatedBool(m, f, index);
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const int number = one ? r->GetEnumValue(m, f) : r->GetRepeatedEnumValue(m, f, index);
        const pb::EnumValueDescriptor *value = f->enum_type()->FindValueByNumber(number);
        if (value)
            return QString::fromStdString(value->name());
        return double(number); // a number this .proto does not name
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string &bytes = one ? r->GetStringReference(m, f, &scratch)
                                       : r->GetRepeatedStringReference(m, f, index, &scratch);
        if (f->type() == pb::FieldDescriptor::TYPE_BYTES)
            return QString::fromLatin1(
                QByteArray(bytes.data(), qsizetype(bytes.size())).toBase64());
        return QString::fromStdString(bytes);
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        return jsonOf(one ? r->GetMessage(m, f) : r->GetRepeatedMessage(m, f, index), problem);
    }
    return {};
}

// Google's well-known types (Timestamp, Duration, Any, Struct, wrappers…) have their own JSON
// forms: printJson writes those.
bool isWellKnown(const pb::Descriptor *type)
{
    return type->file()->name().rfind("google/protobuf/", 0) == 0;
}

// A field of the message as printJson writes it (a map as an object, a repeated field as an
// array); Undefined for a field with presence that is not set, which printJson leaves out.
QJsonValue fieldJson(const pb::Message &message, const pb::FieldDescriptor *f, QString *problem)
{
    const pb::Reflection *r = message.GetReflection();
    if (f->is_map()) {
        const pb::FieldDescriptor *key = f->message_type()->map_key();
        const pb::FieldDescriptor *value = f->message_type()->map_value();
        QJsonObject map;
        for (int j = 0; j < r->FieldSize(message, f); ++j) {
            const pb::Message &entry = r->GetRepeatedMessage(message, f, j);
            map.insert(JsonValue::scalarText(fieldValue(entry, key, -1, problem)),
                       fieldValue(entry, value, -1, problem));
        }
        return map;
    }
    if (f->is_repeated()) {
        QJsonArray items;
        for (int j = 0; j < r->FieldSize(message, f); ++j)
            items.append(fieldValue(message, f, j, problem));
        return items;
    }
    if (f->has_presence() && !r->HasField(message, f))
        return QJsonValue(QJsonValue::Undefined);
    return fieldValue(message, f, -1, problem);
}

// The message as printJson writes it, made from its fields without writing text: the filter
// reads json.PATH of every row, and printing is ten times slower.
QJsonValue jsonOf(const pb::Message &message, QString *problem)
{
    const pb::Descriptor *type = message.GetDescriptor();
    if (isWellKnown(type)) {
        std::string json;
        if (!printJson(message, &json, problem))
            return {};
        return JsonValue::parse(QByteArrayView(json.data(), qsizetype(json.size())));
    }
    QJsonObject object;
    for (int i = 0; i < type->field_count(); ++i) {
        const pb::FieldDescriptor *f = type->field(i);
        if (const QJsonValue v = fieldJson(message, f, problem); !v.isUndefined())
            object.insert(QString::fromStdString(f->name()), v);
    }
    return object;
}

// The values at paths of jsonOf(message), made from the fields the paths start in alone.
QList<QJsonValue> jsonAt(const pb::Message &message, const QStringList &paths, QString *problem)
{
    const pb::Descriptor *type = message.GetDescriptor();
    return JsonValue::valuesAt(paths, [&](const QString &key) {
        const pb::FieldDescriptor *f = type->FindFieldByName(key.toStdString());
        return f ? fieldJson(message, f, problem) : QJsonValue(QJsonValue::Undefined);
    });
}

// Whether a message of the type may lack a required field (proto2), in itself or in a message
// it holds; a type with extensions may hold ones of any type.
bool mayLackRequired(const pb::Descriptor *type, std::vector<const pb::Descriptor *> *seen)
{
    if (std::find(seen->begin(), seen->end(), type) != seen->end())
        return false; // already looked at, further up
    seen->push_back(type);
    if (type->extension_range_count() > 0)
        return true;
    for (int i = 0; i < type->field_count(); ++i) {
        const pb::FieldDescriptor *f = type->field(i);
        if (f->is_required() || (f->message_type() && mayLackRequired(f->message_type(), seen)))
            return true;
    }
    return false;
}

// Children named after type's fields, in the order they are declared; nested messages too.
void orderAsDeclared(DecodedNode *node, const pb::Descriptor *type)
{
    const auto position = [type](const DecodedNode &child) {
        const pb::FieldDescriptor *field = type->FindFieldByName(child.name.toStdString());
        return field ? field->index() : type->field_count();
    };
    std::stable_sort(
        node->children.begin(), node->children.end(),
        [&](const DecodedNode &a, const DecodedNode &b) { return position(a) < position(b); });
    for (DecodedNode &child : node->children) {
        const pb::FieldDescriptor *field = type->FindFieldByName(child.name.toStdString());
        if (!field || field->is_map() || !field->message_type())
            continue;
        if (!field->is_repeated()) {
            orderAsDeclared(&child, field->message_type());
            continue;
        }
        for (DecodedNode &item : child.children)
            orderAsDeclared(&item, field->message_type());
    }
}
} // namespace

struct ProtoSchema::Private
{
    QString path;
    pb::compiler::DiskSourceTree tree;
    // Google's well-known types come from the ones compiled into libprotobuf.
    pb::DescriptorPoolDatabase generated {*pb::DescriptorPool::generated_pool()};
    pb::compiler::SourceTreeDescriptorDatabase database {&tree, &generated};
    ErrorList errors;
    std::unique_ptr<pb::DescriptorPool> pool;
    std::unique_ptr<pb::DynamicMessageFactory> factory;
    const pb::FileDescriptor *file = nullptr;
    QStringList types;
    // Each of types' empty message, looked up once: a lookup by name takes the pool's and the
    // factory's locks, which every message of a million would otherwise take.
    struct Prototype
    {
        const pb::Message *empty = nullptr;
        bool mayLackRequired = true; // else IsInitialized() need not be asked
    };
    QHash<QString, Prototype> prototypes;
};

ProtoSchema::ProtoSchema()
    : d(std::make_unique<Private>())
{ }

ProtoSchema::~ProtoSchema() = default;

std::shared_ptr<const ProtoSchema> ProtoSchema::load(const QString &protoFile, QString *error,
                                                     const QStringList &importFolders)
{
    const QFileInfo info(protoFile);
    if (!info.isFile() || !info.isReadable()) {
        *error = tr("%1 cannot be read: no such file, or not allowed")
                     .arg(QDir::toNativeSeparators(protoFile));
        return nullptr;
    }
    std::shared_ptr<ProtoSchema> schema(new ProtoSchema);
    Private &d = *schema->d;
    d.path = info.absoluteFilePath();
    // Imports are looked for beside the file, then in the folders the user gave, then in the
    // folders above the file's (where a project's import root usually is).
    d.tree.MapPath("", QFile::encodeName(info.absolutePath()).toStdString());
    for (const QString &folder : importFolders) {
        if (!folder.trimmed().isEmpty())
            d.tree.MapPath("",
                           QFile::encodeName(QDir(folder.trimmed()).absolutePath()).toStdString());
    }
    QDir above(info.absolutePath());
    for (int i = 0; i < 4 && above.cdUp(); ++i)
        d.tree.MapPath("", QFile::encodeName(above.absolutePath()).toStdString());
    d.database.RecordErrorsTo(&d.errors);
    const pb::LogSilencer quiet; // its warnings ("no syntax specified") would go to stderr
    d.pool = std::make_unique<pb::DescriptorPool>(&d.database,
                                                  d.database.GetValidationErrorCollector());
    d.file = d.pool->FindFileByName(QFile::encodeName(info.fileName()).toStdString());
    if (!d.file) {
        if (d.errors.errors.isEmpty())
            d.errors.errors << tr("%1 does not read as a .proto file").arg(info.fileName());
        const qsizetype more = d.errors.errors.size() - 5;
        *error = QStringList(d.errors.errors.mid(0, 5)).join(u'\n');
        if (more > 0)
            *error += u'\n' + tr("…and %n more errors", int(more));
        return nullptr;
    }
    for (int i = 0; i < d.file->message_type_count(); ++i)
        collectTypes(d.file->message_type(i), &d.types);
    if (d.types.isEmpty()) {
        *error = tr("%1 defines no message type").arg(info.fileName());
        return nullptr;
    }
    d.types.sort();
    d.factory = std::make_unique<pb::DynamicMessageFactory>(d.pool.get());
    for (const QString &type : std::as_const(d.types)) {
        const pb::Descriptor *descriptor = d.pool->FindMessageTypeByName(type.toStdString());
        std::vector<const pb::Descriptor *> seen;
        d.prototypes.insert(
            type, {d.factory->GetPrototype(descriptor), mayLackRequired(descriptor, &seen)});
    }
    return schema;
}

QString ProtoSchema::filePath() const
{
    return d->path;
}

QStringList ProtoSchema::messageTypes() const
{
    return d->types;
}

bool ProtoSchema::hasMessageType(const QString &fullName) const
{
    return d->types.contains(fullName);
}

ProtoSchema::Message ProtoSchema::decode(QByteArrayView payload, const QString &messageType,
                                         bool withText, bool withValue,
                                         const QStringList *paths) const
{
    Message out;
    Private::Prototype prototype = d->prototypes.value(messageType);
    if (!prototype.empty) {
        if (const pb::Descriptor *type = d->pool->FindMessageTypeByName(messageType.toStdString()))
            prototype.empty = d->factory->GetPrototype(type);
    }
    if (!prototype.empty) {
        out.problem
            = tr("%1 has no message type %2").arg(QFileInfo(d->path).fileName(), messageType);
        return out;
    }
    // Read on the thread's arena, emptied after each message: making a message on the heap
    // allocates each of its fields, and clearing one kept from before (by reflection) costs
    // as much as reading it. Its first block is the thread's own, kept across messages.
    thread_local std::array<char, 16 * 1024> block;
    thread_local pb::Arena arena(block.data(), block.size());
    const auto empty = qScopeGuard([] { arena.Reset(); });
    pb::Message *message = prototype.empty->New(&arena);
    const pb::LogSilencer quiet; // it logs a proto3 text field that is not UTF-8 to stderr
    if (!message->ParsePartialFromArray(payload.data(), int(payload.size()))) {
        out.problem = tr("Not a %1 message: its bytes do not read as one (a length, a wire type "
                         "or a text field that is not UTF-8)")
                          .arg(messageType);
        return out;
    }
    if (prototype.mayLackRequired && !message->IsInitialized()) {
        out.problem
            = tr("Not a whole %1 message: required fields missing (%2)")
                  .arg(messageType, QString::fromStdString(message->InitializationErrorString()));
        return out;
    }
    if (withText) {
        std::string json;
        if (!printJson(*message, &json, &out.problem)) {
            out.problem = tr("The %1 message cannot be shown: %2").arg(messageType, out.problem);
            return out;
        }
        out.text = QString::fromStdString(json);
    }
    out.unknownFields = message->GetReflection()->GetUnknownFields(*message).field_count();
    if (!withValue)
        return out;
    QString problem;
    if (paths && !isWellKnown(message->GetDescriptor()))
        out.pathValues = jsonAt(*message, *paths, &problem);
    else
        out.value = jsonOf(*message, &problem);
    if (!problem.isEmpty()) {
        out.problem = tr("The %1 message cannot be shown: %2").arg(messageType, problem);
        return out;
    }
    return out;
}

void ProtoSchema::orderAsDeclared(DecodedNode *node, const QString &messageType) const
{
    if (const pb::Descriptor *type = d->pool->FindMessageTypeByName(messageType.toStdString()))
        Sockscope::orderAsDeclared(node, type);
}

ProtobufSchemaDecoder::ProtobufSchemaDecoder(std::shared_ptr<const ProtoSchema> schema,
                                             QString messageType)
    : m_schema(std::move(schema))
    , m_type(std::move(messageType))
{ }

DecodedLayer ProtobufSchemaDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                           const DecoderState *, const Tracked &) const
{
    // The filter wants the fields only: the JSON text for the summary is not written then,
    // and its paths' values are made from the fields they start in alone.
    const bool some = JsonValue::firstKeys(context);
    ProtoSchema::Message message
        = m_schema->decode(payload, m_type, context.wantsSummary(), context.wantsValue(),
                           some ? context.paths : nullptr);
    if (!message.problem.isEmpty())
        return DecodedLayer::failure(message.problem);
    DecodedLayer layer;
    if (context.wantsField(u"type"))
        layer.fields << std::pair(QStringLiteral("type"), m_type);
    if (message.value.isUndefined() && context.paths)
        layer.pathValues = std::move(message.pathValues);
    else
        JsonValue::setLayerValue(&layer, message.value, context);
    if (context.wantsSummary()) {
        layer.summary = m_type.section(u'.', -1) + u' ' + JsonValue::line(message.text, 110);
        if (message.unknownFields > 0)
            layer.summary += u' ' + tr("(+%n unknown fields)", message.unknownFields);
    }
    if (context.treeBudget > 0) {
        qsizetype budget = context.treeBudget;
        layer.node = JsonValue::tree(name(), message.value, &budget);
        m_schema->orderAsDeclared(&layer.node, m_type);
        layer.node.value = m_type;
        if (message.unknownFields > 0) {
            layer.node.add(
                tr("unknown fields"),
                tr("%n fields whose numbers %1 does not have", message.unknownFields).arg(m_type));
        }
    } else {
        layer.node.name = name();
        layer.node.value = m_type;
    }
    return layer;
}

} // namespace Sockscope
