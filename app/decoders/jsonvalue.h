#pragma once

#include "decoded.h"

#include <QByteArrayView>
#include <QJsonValue>

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
// A tree of the value, at most budget nodes in all (budget goes down as nodes are made).
DecodedNode tree(const QString &name, const QJsonValue &value, qsizetype *budget);
// For a JSON object's summary: "type=trade" from a key that usually says what a message is,
// else "{5 keys}" or "[3 items]"; a scalar as itself.
QString gist(const QJsonValue &value);
// Text made fit for one line: line breaks and tabs become spaces, cut at maxChars with "…".
QString line(QString text, qsizetype maxChars = 120);

} // namespace Sockscope::JsonValue
