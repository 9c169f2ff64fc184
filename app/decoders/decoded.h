#pragma once

#include "websocket/eventtype.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Sockscope {

// One node of a decoded message's tree, as the inspector's Decoded view shows it.
struct DecodedNode
{
    QString name; // "event", "args", "[0]", or a layer's name ("Socket.IO")
    QString value; // one line; empty for a node that only groups its children
    QList<DecodedNode> children;

    DecodedNode &add(QString childName, QString childValue = {})
    {
        children.append({std::move(childName), std::move(childValue), {}});
        return children.last();
    }
    // Counts this node and everything under it.
    qsizetype size() const;
};

// What one message of a connection is known to be, beside its own bytes.
struct DecodeContext
{
    Direction direction = Direction::Received;
    bool binary = false;
    qint64 timestampMs = 0;
    quint64 sequence = 0;
    // How many nodes the tree may have; 0 when only the summary and fields are wanted (the
    // log's Summary column), which saves building it; kFieldsOnly when only the fields are (the
    // filter), which saves writing arguments into a summary too.
    qsizetype treeBudget = 5000;
    static constexpr qsizetype kFieldsOnly = -1;
    bool wantsSummary() const { return treeBudget != kFieldsOnly; }
    bool wantsTree() const { return treeBudget > 0; }
    // The filter's json.PATH terms' paths, when only they are wanted of the structured value:
    // a decoder that can read them without making the whole value gives them as
    // Decoded::pathValues (JsonValue::Document). nullptr otherwise.
    const QStringList *paths = nullptr;
    // The filter's field terms' names ("event", "method"), when only they are wanted of the
    // fields: a decoder may leave the others out (and not work them out). nullptr for all.
    const QStringList *fieldNames = nullptr;
    bool wantsField(QStringView name) const { return !fieldNames || fieldNames->contains(name); }
    bool wantsField(QLatin1StringView name) const
    {
        return !fieldNames || fieldNames->contains(name);
    }
    // Whether the structured value is wanted at all: not by a filter without json.PATH terms.
    bool wantsValue() const { return wantsSummary() || !paths || !paths->isEmpty(); }
};

// What a decoder learnt about a message from the messages before it on its connection: the
// request a response answers and how long it took, or whose attachment a binary frame is.
struct Tracked
{
    quint64 relatedSequence = 0; // the request, or the message an attachment belongs to
    qint64 latencyMs = -1; // a response: since its request
    QString
        note; // "chat" (the acked event), "subscribe" (the answered method), "attachment 1 of 2"
    bool isEmpty() const { return latencyMs < 0 && note.isEmpty() && relatedSequence == 0; }
};

// A message as decoders read it: a tree, a one-line summary and the fields a filter can name.
// Decoders stack (decompress, then a framing protocol, then a payload format); each adds its
// layer to the tree and may hand an inner payload on to the next.
struct Decoded
{
    QStringList protocols; // outermost first: "zlib", "STOMP", "JSON"
    QString summary; // one line, without line breaks
    DecodedNode tree; // one child per layer; none when only fields are wanted (kFieldsOnly)
    // Filterable fields by name ("event", "destination", "method", "topic"…), lower case names.
    QList<std::pair<QString, QString>> fields;
    // The innermost structured value (a JSON, MessagePack or CBOR payload, Socket.IO arguments),
    // for json.PATH filter terms. Undefined when there is none.
    QJsonValue value = QJsonValue(QJsonValue::Undefined);
    // With DecodeContext::paths, when the decoder read only them: the value at each of paths,
    // in order (Undefined where there is none), and value is Undefined. Empty otherwise.
    QStringList paths;
    QList<QJsonValue> pathValues;
    // What could not be read, in a sentence; the layers before it are still shown.
    QString problem;

    bool isEmpty() const { return protocols.isEmpty(); }
    // The value of a field, or a null string.
    QString field(QStringView name) const;
    // The value at a path ("data.items[0].id") of the structured value; Undefined if none.
    QJsonValue valueAt(QStringView path) const;
};

} // namespace Sockscope
