#pragma once

#include "decoders/decoder.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>

namespace Sockscope {

// A user's .proto file, read with libprotobuf's own parser (its compiler's source-tree
// database), with the files it imports: from the file's folder and the extra folders given,
// and Google's well-known types (google/protobuf/timestamp.proto…) from libprotobuf itself.
class ProtoSchema
{
public:
    // The schema, or nullptr with what is wrong in *error ("quotes.proto:3:10: Expected ";".").
    static std::shared_ptr<const ProtoSchema> load(const QString &protoFile, QString *error,
                                                   const QStringList &importFolders = {});
    ~ProtoSchema();
    ProtoSchema(const ProtoSchema &) = delete;
    ProtoSchema &operator=(const ProtoSchema &) = delete;

    QString filePath() const;
    // The file's message types, nested ones too, by their full names ("market.Quote"), sorted.
    QStringList messageTypes() const;
    bool hasMessageType(const QString &fullName) const;

    struct Message
    {
        // The message in protobuf's JSON mapping, fields named as the .proto names them,
        // defaults included; Undefined when the bytes do not read as the type.
        QJsonValue value = QJsonValue(QJsonValue::Undefined);
        // Instead of value, with paths: the values at them (as at(value, path) gives them).
        QList<QJsonValue> pathValues;
        QString text; // that JSON, compact, its fields in the .proto's order (when asked)
        int unknownFields = 0; // fields whose numbers the .proto does not have
        QString problem;
    };
    // withText: also the JSON text (slow: libprotobuf's printer), for a summary; withValue:
    // the value (else the message is only read, and value is Undefined), or with paths (each
    // starting with a key: JsonValue::firstKeys) the values at them, made from the fields they
    // start in alone.
    Message decode(QByteArrayView payload, const QString &messageType, bool withText = true,
                   bool withValue = true, const QStringList *paths = nullptr) const;
    // Puts a decoded message's tree (made from its JSON, whose keys come sorted) back in the
    // order the .proto gives its fields, nested messages too.
    void orderAsDeclared(DecodedNode *node, const QString &messageType) const;

private:
    ProtoSchema();
    struct Private;
    std::unique_ptr<Private> d;
};

// Protobuf messages of one type of a user's .proto, which a tab's "Decode as" picks.
// Its id is "proto:" and the type's full name.
class ProtobufSchemaDecoder : public Decoder
{
public:
    ProtobufSchemaDecoder(std::shared_ptr<const ProtoSchema> schema, QString messageType);
    QString id() const override { return QStringLiteral("proto:") + m_type; }
    QString name() const override { return QStringLiteral("Protobuf"); }
    Kind kind() const override { return Kind::Payload; }
    bool givesFields() const override { return true; } // the message type, "type"
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;

    const ProtoSchema &schema() const { return *m_schema; }
    const QString &messageType() const { return m_type; }

private:
    std::shared_ptr<const ProtoSchema> m_schema;
    QString m_type;
};

} // namespace Sockscope
