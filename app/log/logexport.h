#pragma once

#include "logrecord.h"

#include <QString>

namespace Sockscope {

class MessageLogModel;

// Writes a whole log to a file, atomically (QSaveFile), in one of three formats:
// - JSON Lines, Sockscope's own versioned schema, which keeps every field (see README);
// - HAR 1.2, with the messages in Chrome DevTools' `_webSocketMessages` form;
// - plain text, one tab-separated line per row.
namespace LogExport {

enum class Format { JsonLines, Har, PlainText };

constexpr int kJsonLinesVersion = 1;

// JSON Lines pieces, for writers that stream (sockscope serve --log): the header line and one
// record line, each ending in a newline. client, when not 0, adds a "client" field.
QByteArray jsonLinesHeader(const QString &title);
QByteArray jsonLine(const LogEvent &event, int client = 0);

// One row as the plain-text format and Copy rows write it: time, direction, type, size and
// payload, tab-separated, secrets as "<secret>".
QString textLine(const MessageLogModel &log, int row);

// The format a file name asks for (.jsonl, .har, anything else is plain text).
Format formatForPath(const QString &path);
// title names the log (a URL, usually). Returns false with a sentence in *error; otherwise
// *rowsWritten is how many rows the file holds (HAR keeps text and binary messages only).
// Values the user marked secret are written as "<secret>" in every format.
bool write(const MessageLogModel &log, Format format, const QString &path, const QString &title,
           QString *error, qsizetype *rowsWritten = nullptr);
// What the status line says after a write: "Exported 7 rows to PATH", or, when the format
// left rows out, how many it kept and why.
QString doneMessage(Format format, qsizetype written, qsizetype rows, const QString &path);

} // namespace LogExport
} // namespace Sockscope
