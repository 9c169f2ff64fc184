#pragma once

#include <QByteArray>
#include <QString>

namespace Sockscope {

// Writes data to path through QSaveFile: the file is replaced only once all of it is written,
// so a crash, a full disk or a failed write leaves the previous file as it was. False with
// Qt's reason in *problem, for the caller's own sentence.
bool saveAtomically(const QString &path, const QByteArray &data, QString *problem);

// The same, with a whole sentence in *error naming the file and the problem (a read-only
// folder, a missing folder, a full disk).
bool saveWithMessage(const QString &path, const QByteArray &data, QString *error);

} // namespace Sockscope
