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

// The format a file name asks for (.jsonl, .har, anything else is plain text).
Format formatForPath(const QString &path);
// title names the log (a URL, usually). Returns false with a sentence in *error.
bool write(const MessageLogModel &log, Format format, const QString &path, const QString &title,
           QString *error);

} // namespace LogExport
} // namespace Sockscope
