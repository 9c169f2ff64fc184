#include "savefile.h"

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

} // namespace Sockscope
