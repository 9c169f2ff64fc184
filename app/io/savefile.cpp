#include "savefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace Sockscope {

bool saveAtomically(const QString &path, const QByteArray &data, QString *problem)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    if (problem)
        *problem = file.errorString();
    file.cancelWriting();
    return false;
}

bool saveWithMessage(const QString &path, const QByteArray &data, QString *error)
{
    QString problem;
    if (saveAtomically(path, data, &problem))
        return true;
    if (error)
        *error = QCoreApplication::translate("Sockscope::SaveFile", "Could not save %1: %2.")
                     .arg(QDir::toNativeSeparators(path), problem);
    return false;
}

} // namespace Sockscope
