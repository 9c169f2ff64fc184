#pragma once

#include <QByteArray>
#include <QString>

namespace Sockscope::ComposerInput {

// What the composer's text means in its current mode. On a mistake, position is the index in
// the text of the first character at fault, so the composer can mark it.
struct Result
{
    QByteArray data; // the bytes to send
    QString error; // empty when the input is good
    qsizetype position = -1;
    bool ok() const { return error.isEmpty(); }
};

// Hex digits in pairs; spaces, tabs, line breaks and ':' between bytes are ignored, and
// "0x" before a byte is allowed.
Result parseHex(const QString &text);
// Standard or URL-safe base64; white space is ignored and padding is optional.
Result parseBase64(const QString &text);
// Valid JSON (any value); the data is the text in UTF-8.
Result checkJson(const QString &text);

} // namespace Sockscope::ComposerInput
