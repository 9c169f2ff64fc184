#pragma once

#include "io/secretplaceholder.h"
#include "session.h"

#include <QJsonObject>

namespace Sockscope {

// Session files (*.sockscope.json): versioned JSON with sorted keys and fixed indentation, so
// a saved file diffs cleanly. Secret values are written as a placeholder, never in plain text.
namespace SessionFile {
// Version 2 adds lab tabs ("labs") and version 3 scenarios ("scenarios"); a session is written
// with the lowest version that holds what it has, so an older Sockscope still reads it.
constexpr int kVersion = 3;
constexpr qint64 kMaxBytes = 32LL * 1024 * 1024;

QByteArray toJson(const Session &session);
// Reads version kVersion, and migrates older ones. False with a sentence in *error naming the
// place ("connections[2].url: expected a string") or the version needed.
bool fromJson(const QByteArray &json, Session *out, QString *error);
bool load(const QString &path, Session *out, QString *error);
// The same, as a JSON object (a workspace file holds its session this way).
QJsonObject toJsonObject(const Session &session);
bool fromJsonObject(QJsonObject root, Session *out, QString *error);
// Writes through QSaveFile: a failure leaves the previous file as it was.
bool save(const QString &path, const Session &session, QString *error);
} // namespace SessionFile

} // namespace Sockscope
