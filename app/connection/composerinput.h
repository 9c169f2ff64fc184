#pragma once

#include <QByteArray>
#include <QString>

namespace Sockscope::ComposerInput {

// How the composer reads what the user typed. The values are stored in workspace files.
enum class Mode { Text, Json, Hex, Base64 };

// What the composer's text means in its current mode. On a mistake, position is the index in
// the text of the first character at fault, so the composer can mark it.
struct Result
{
    QByteArray data; // the bytes to send
    bool binary = false; // a binary message, else a text message (data is UTF-8)
    QString error; // empty when the input is good
    qsizetype position = -1;
    bool ok() const { return error.isEmpty(); }
};

// Whether JSON goes out as typed (indented, if it was prettified) or without the white space
// between its tokens: Prettify is for reading unless the user asks to send it so.
enum class JsonSpacing { Compact, AsTyped };

// The message the text stands for in mode: text and JSON as text messages, hex and base64 as
// binary ones. An empty text is a mistake: there is nothing to send.
Result parse(Mode mode, const QString &text, JsonSpacing spacing = JsonSpacing::Compact);

// Hex digits in pairs; spaces, tabs, line breaks and ':' between bytes are ignored, and
// "0x" before a byte is allowed.
Result parseHex(const QString &text);
// Standard or URL-safe base64; white space is ignored and padding is optional.
Result parseBase64(const QString &text);
// Valid JSON (any value); the data is the text in UTF-8, compacted unless asked otherwise.
Result checkJson(const QString &text, JsonSpacing spacing = JsonSpacing::Compact);

} // namespace Sockscope::ComposerInput
