#pragma once

#include "log/logrecord.h"

#include <QByteArrayView>
#include <QJsonDocument>
#include <QString>

#include <utility>

namespace Sockscope::PayloadFormat {

// How the frame inspector can show a payload; Wire shows the frames that carried it, Decoded
// what the decoders made of it.
enum class View { Text, Json, Hex, Base64, Wire, Decoded };

// Payloads above this are not parsed as JSON: the inspector must open any payload at once.
constexpr qsizetype kMaxJsonBytes = 8 * 1024 * 1024;

// A JSON object or array (scalars are shown as text), or a null document.
QJsonDocument parseJson(QByteArrayView data, QString *error = nullptr);
// The bounds of a pretty view, so that no payload a peer sends can take the window's memory or
// time: indentation stops growing past kMaxIndentLevels (a 1,000-deep array would otherwise
// indent each line by 4,000 spaces), and the output stops at kMaxPrettyLines lines or
// kMaxPrettyBytes, whichever comes first (a text view lays out and colours every line).
constexpr int kMaxIndentLevels = 24;
constexpr qsizetype kMaxPrettyBytes = 1024 * 1024;
constexpr qsizetype kMaxPrettyLines = 20'000;

struct Pretty
{
    QString text;
    bool complete = true; // false: the output reached a bound and stops there
    bool flattened = false; // some lines are deeper than kMaxIndentLevels and indented as it
};
// Re-indents JSON text (already known to be valid) four spaces a level, keeping the payload's
// own key order and number spelling, which a parse-and-print would lose.
Pretty prettyJson(QByteArrayView json, qsizetype maxBytes = kMaxPrettyBytes,
                  qsizetype maxLines = kMaxPrettyLines);
// JSON text (already known to be valid) without the white space between its tokens: what the
// composer sends for a prettified message. Strings, key order and numbers stay as written.
QByteArray compactJson(QByteArrayView json);
// Where bytes [start, start + length) of a payload are in its base64: the whole groups of four
// characters that encode them (each group encodes three bytes), as {first character, count}.
std::pair<qsizetype, qsizetype> base64Span(qsizetype start, qsizetype length);
// The view that shows this payload best: hex for binary and for text that is not UTF-8,
// JSON for an object or array, otherwise text.
View bestView(EventType type, QByteArrayView data);

} // namespace Sockscope::PayloadFormat
