#pragma once

#include "io/jsonreader.h"
#include "io/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>

#include <functional>

namespace Sockscope {

// What a scenario step looks for in a message: any message, text that is exact, contains or
// matches a regex, a JSON path that equals a value or exists, or exact bytes. Patterns may hold
// {{variables}}; resolved() puts them in before a step starts.
struct MessageMatch
{
    // Event: a Socket.IO event by name (pattern), in namespace nsp (any when empty).
    enum class Kind { Any, Exact, Contains, Regex, JsonEquals, JsonExists, Bytes, Event };

    Kind kind = Kind::Any;
    QString pattern; // Exact, Contains, Regex; the JSON path for JsonEquals and JsonExists
    QJsonValue equals; // JsonEquals
    QByteArray bytes; // Bytes
    QString nsp; // Event

    friend bool operator==(const MessageMatch &, const MessageMatch &) = default;

    // A copy with every {{name}} in its pattern (and in a string `equals`) replaced by
    // substitute's answer, its regex compiled. False with a sentence for a bad regex.
    using Resolved = struct ResolvedMatch;
    Result<Resolved> resolved(const std::function<QString(const QString &)> &substitute) const;

    // In plain words, for a failure message: "text containing \"ok\"", "JSON type = \"trade\"".
    QString describe() const;

    // The object under a step's "match" key; an undefined value is Any.
    static MessageMatch fromJson(JsonReader &r, const QJsonValue &value, const QString &place);
    // Undefined for Any.
    QJsonValue toJson() const;

    // The value at a JSON path in a message: "a.b.0.c", with an optional leading "$." as in
    // JSONPath. Undefined when the message is not JSON or has nothing there.
    static QJsonValue valueAt(const QByteArray &message, const QString &path);
};

// A MessageMatch ready to test messages with.
struct ResolvedMatch
{
    MessageMatch match;
    QRegularExpression regex;
    bool matches(bool binary, const QByteArray &data) const;
};

// A message as a step reports it: its first 80 characters, quoted, or its size when binary.
QString messagePreview(bool binary, const QByteArray &data);

} // namespace Sockscope
