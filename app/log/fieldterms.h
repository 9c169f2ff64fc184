#pragma once

#include "decoders/decoded.h"

#include <QList>
#include <QString>

namespace Sockscope {

// The decoded-field terms of a log filter's text: event:chat, destination:/topic/*,
// method:subscribe, topic:sensors/#, json.type=trade, latency>100. Words that are not terms
// stay plain text.
// - name:pattern matches a field whose value fits the pattern, any case; * and ? are
//   wildcards, and for topic MQTT's + (one level) and # (the rest) work too;
// - name=value matches a field equal to value, any case;
// - name>number and name<number compare numbers;
// - json.PATH takes the value at PATH ("json.data.items[0].id") of the message's JSON,
//   MessagePack, CBOR or protobuf payload, or Socket.IO arguments.
// All terms must match (and the plain text, if any).
struct FieldTerm
{
    enum class Op { Pattern, Equals, Greater, Less };
    QString name; // lower case; "json.PATH" for a path
    Op op = Op::Pattern;
    QString value;

    bool matches(const Decoded &decoded) const;
    // ASCII text a field's value must hold for this term to match it, looked for in a text
    // message's bytes (any ASCII case) before decoding it: the longest run of the pattern
    // without wildcards, when it has a letter that no number has (so the value it matches is
    // text, written the same way in the message) and nothing JSON would write otherwise
    // (quotes, brackets, commas, colons, spaces, backslashes). Empty for none.
    QByteArray needle() const;
    bool operator==(const FieldTerm &) const = default;

    // The field names a term may use (besides json.PATH), for the filter's tooltip and README.
    static const QStringList &names();
    // Takes the terms out of text; what is left is returned, words joined by one space.
    static QString split(const QString &text, QList<FieldTerm> *terms);
};

} // namespace Sockscope
