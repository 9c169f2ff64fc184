#pragma once

#include "log/logrecord.h"

#include <QByteArrayView>
#include <QJsonDocument>
#include <QString>

namespace Sockscope::PayloadFormat {

// How the frame inspector can show a payload.
enum class View { Text, Json, Hex, Base64 };

// Payloads above this are not parsed as JSON: the inspector must open any payload at once.
constexpr qsizetype kMaxJsonBytes = 8 * 1024 * 1024;

// A JSON object or array (scalars are shown as text), or a null document.
QJsonDocument parseJson(QByteArrayView data, QString *error = nullptr);
// Re-indents JSON text (already known to be valid) four spaces a level, keeping the payload's
// own key order and number spelling, which a parse-and-print would lose.
QString prettyJson(QByteArrayView json);
// The view that shows this payload best: hex for binary and for text that is not UTF-8,
// JSON for an object or array, otherwise text.
View bestView(EventType type, QByteArrayView data);

} // namespace Sockscope::PayloadFormat
