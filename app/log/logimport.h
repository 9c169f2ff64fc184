#pragma once

#include "logrecord.h"

#include <QString>

#include <vector>

namespace Sockscope {

// One log read from a file: a socket from a HAR, or a Sockscope JSON Lines export.
struct ImportedLog
{
    QString title; // the socket's URL, or the export's title
    std::vector<LogEvent> events;
};

// Reads logs back for offline inspection. Errors name the line (JSON Lines) or the field (HAR).
namespace LogImport {

// Files over this size are refused rather than read into memory.
constexpr qint64 kMaxFileBytes = 2LL * 1024 * 1024 * 1024;

bool canOpen(const QString &path);
// Reads path by its extension (.har or .jsonl). Returns false with a sentence in *error.
bool read(const QString &path, std::vector<ImportedLog> *logs, QString *error);
bool readHar(const QByteArray &bytes, std::vector<ImportedLog> *logs, QString *error);
bool readJsonLines(const QByteArray &bytes, ImportedLog *log, QString *error);

} // namespace LogImport
} // namespace Sockscope
