#pragma once

#include "decoded.h"

#include <QByteArrayView>
#include <QJsonValue>
#include <QList>

#include <memory>

namespace Sockscope {
struct DecodedLayer;
}

// What the decoders share to show and search structured values (JSON, and MessagePack, CBOR
// and Socket.IO arguments turned into JSON values).
namespace Sockscope::JsonValue {

// Any JSON text, scalars too; Undefined when it is not JSON.
QJsonValue parse(QByteArrayView text, QString *error = nullptr);
// Compact JSON on one line, cut at maxChars with "…".
QString oneLine(const QJsonValue &value, qsizetype maxChars = 80);
// A string as itself, other scalars as JSON writes them, objects and arrays compact.
QString scalarText(const QJsonValue &value);
// The value at a path of keys and indexes ("data.items[0].id", "args.0"); Undefined if none.
QJsonValue at(const QJsonValue &root, QStringView path);
// A path's first step into an object: the key, and the rest of the path (at() of the key's
// value with it is at() of the object with the path). Whole for an empty path; Nothing when
// the path names nothing of an object (it starts with an index, or is broken).
struct PathHead
{
    enum Kind { Whole, Key, Nothing } kind;
    QString key;
    QStringView rest;
};
PathHead head(QStringView path);
// Whether a key of a path and a key read as UTF-8 are the same, as QString::fromUtf8() would
// make it; compared as bytes while both are ASCII.
bool sameKey(QStringView key, QByteArrayView utf8);
// For the filter: whether its paths (DecodeContext::paths) each start with a key into an
// object, so that a reader may make only the entries they start in; false when the whole value
// is wanted (a summary, no paths, or a path that is the whole value).
bool firstKeys(const DecodeContext &context);
// For a reader of an object that finds an entry by its key without making the others (a
// MessagePack or CBOR map, a .proto message), when firstKeys(): the values at paths, each made
// from the entry it starts in alone. entry(key) gives that entry's value, Undefined for none.
template<typename Entry> QList<QJsonValue> valuesAt(const QStringList &paths, const Entry &entry)
{
    QList<QJsonValue> values;
    values.reserve(paths.size());
    for (const QString &path : paths) {
        const PathHead h = head(path);
        values.append(h.kind == PathHead::Key ? at(entry(h.key), h.rest)
                                              : QJsonValue(QJsonValue::Undefined));
    }
    return values;
}
// For the filter: a JSON text read for the values at a few paths (json.PATH terms) without
// making the whole value, with simdjson, many times faster than parse(). Each value is the one
// at(parse(text), path) gives, or the reader says it cannot tell (then parse the text).
class FieldReader
{
public:
    FieldReader();
    ~FieldReader();
    FieldReader(const FieldReader &) = delete;
    FieldReader &operator=(const FieldReader &) = delete;

    // False when the text is not JSON as parse() reads it, or might not be: parse() tells
    // then. Texts over kMaxBytes are left to parse() too.
    bool read(QByteArrayView text);
    // The value at a path of the text last read, Undefined if none. False when it cannot be
    // told here (an object or an array). firstIndexOffset is added to the path's first step
    // into the top array (Socket.IO's arguments follow the event name in its array).
    bool at(QStringView path, QJsonValue *value, int firstIndexOffset = 0) const;
    // The type of the value at a path of the text last read (Undefined if none; every number
    // a Double); false when nothing was read.
    bool typeAt(QStringView path, QJsonValue::Type *type) const;
    // The number of items of the array at a path, or -1 for none or not an array.
    qsizetype arraySize(QStringView path) const;
    // The string at a path, without making a QJsonValue; false when the value there is not a
    // string (or nothing was read).
    bool stringAt(QStringView path, QString *string) const;
    // As scalarText(at(path)) gives it, for a string, an integer or nothing there, without
    // making a QJsonValue; false for other values (or when nothing was read).
    bool scalarTextAt(QStringView path, QString *text) const;

    static constexpr qsizetype kMaxBytes = 1 << 20;

private:
    struct Root;
    std::unique_ptr<Root> m_root;
};
// A JSON text for a decoder that wants a few of its values (a JSON-RPC method, a GraphQL-WS
// message's type): read with FieldReader, and with parse() only where FieldReader cannot tell
// or the whole value is asked for, so the answers are always parse()'s. One Document per thread
// at a time (FieldReader's parser is the thread's).
class Document
{
public:
    // False when the text is not JSON (*error says why).
    bool read(QByteArrayView text, QString *error = nullptr);
    // The value at a path, as at(parse(text), path) gives it.
    QJsonValue at(QStringView path, int firstIndexOffset = 0) const;
    QList<QJsonValue> at(const QStringList &paths, int firstIndexOffset = 0) const;
    QJsonValue::Type type(QStringView path) const;
    bool contains(QStringView path) const { return type(path) != QJsonValue::Undefined; }
    // As at(path).toString() and scalarText(at(path)) give them, a string without making a
    // QJsonValue.
    QString string(QStringView path) const;
    QString scalarText(QStringView path) const;
    // The number of items of the array at a path ("" for the top), or -1.
    qsizetype arraySize(QStringView path) const;
    // The whole value, made by parse() when first asked for.
    const QJsonValue &whole() const;
    // Whether the whole value has been made (for tests: what was read alone).
    bool madeWhole() const { return !m_whole.isUndefined(); }

private:
    FieldReader m_reader;
    QByteArrayView m_text;
    bool m_readerHasIt = false;
    mutable QJsonValue m_whole = QJsonValue(QJsonValue::Undefined);
};
// A layer's structured value: the value itself, or with DecodeContext::paths the values at
// them (Decoded::pathValues).
void setLayerValue(DecodedLayer *layer, const QJsonValue &value, const DecodeContext &context);
// The same of a text read with a Document, whose whole value is made only without paths.
void setLayerValue(DecodedLayer *layer, const Document &doc, const DecodeContext &context);
// A tree of the value, at most budget nodes in all (budget goes down as nodes are made).
DecodedNode tree(const QString &name, const QJsonValue &value, qsizetype *budget);
// For a JSON object's summary: "type=trade" from a key that usually says what a message is,
// else "{5 keys}" or "[3 items]"; a scalar as itself.
QString gist(const QJsonValue &value);
// Text made fit for one line: line breaks and tabs become spaces, cut at maxChars with "…".
QString line(QString text, qsizetype maxChars = 120);

} // namespace Sockscope::JsonValue
