#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace Sockscope {

// What a reply template can refer to, for one reply.
struct TemplateContext
{
    QString message; // {{message}}
    QStringList captures; // {{match.N}}: N = 0 is the whole match
    QJsonValue json; // {{json.PATH}}: the message parsed as JSON, if it is JSON
    int clientId = 0; // {{client.id}}
    QString clientAddress; // {{client.address}}
    qint64 counter = 0; // {{counter}}: how often this rule or timer has fired
    qint64 timestampMs = 0; // {{timestamp}}: ISO 8601 UTC
};

// Reply templates of the mock server's rules: text with {{placeholders}}.
namespace MessageTemplate {

// Checks every placeholder names something a template can use; false with a sentence in
// *error naming the first bad one.
bool validate(const QString &templ, QString *error);
QString render(const QString &templ, const TemplateContext &context);
// The value at a dotted path ("a.b.0.c": object keys and array indices), or undefined.
QJsonValue lookup(const QJsonValue &root, const QString &path);
// A JSON value as template text: strings bare, other values as compact JSON.
QString toText(const QJsonValue &value);

} // namespace MessageTemplate
} // namespace Sockscope
