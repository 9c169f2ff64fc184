#include "filedialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

namespace Sockscope::FileDialogs {

namespace {
QString settingsKey(const QString &key)
{
    return QStringLiteral("dialogs/%1Folder").arg(key);
}

QString folderFor(const QString &key)
{
    const QString kept = QSettings().value(settingsKey(key)).toString();
    if (!kept.isEmpty() && QFileInfo(kept).isDir())
        return kept;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void keepFolderOf(const QString &key, const QString &path)
{
    QSettings().setValue(settingsKey(key), QFileInfo(path).absolutePath());
}
} // namespace

QString withExtension(const QString &path, const QString &filter)
{
    static const QRegularExpression pattern(QStringLiteral(R"(\(\*(\.[^ );]+))"));
    const QRegularExpressionMatch match = pattern.match(filter);
    if (path.isEmpty() || !match.hasMatch() || !QFileInfo(path).suffix().isEmpty())
        return path;
    return path + match.captured(1);
}

QString suggestedName(const QString &title, const QString &extension, const QDateTime &when)
{
    // A URL's host, port and path; anything a file system might refuse becomes '_'.
    const QUrl url(title);
    QString base = url.isValid() && !url.host().isEmpty() ? url.host()
            + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString()) + url.path()
                                                          : title;
    static const QRegularExpression unsafe(QStringLiteral(R"([^A-Za-z0-9._-]+)"));
    base = base.replace(unsafe, QStringLiteral("_"));
    while (base.endsWith(u'_') || base.endsWith(u'.'))
        base.chop(1);
    while (base.startsWith(u'_') || base.startsWith(u'.'))
        base.remove(0, 1);
    if (base.isEmpty())
        base = QStringLiteral("log");
    return base.left(80) + u'-' + when.toString(QStringLiteral("yyyyMMdd-HHmmss")) + extension;
}

QString saveFileName(QWidget *parent, const QString &caption, const QString &key,
                     const QString &suggestedName, const QString &filters)
{
    QString chosenFilter;
    const QString start = QDir(folderFor(key)).filePath(suggestedName);
    QString path = QFileDialog::getSaveFileName(parent, caption, start, filters, &chosenFilter);
    if (path.isEmpty())
        return {};
    path = withExtension(path, chosenFilter.isEmpty() ? filters : chosenFilter);
    keepFolderOf(key, path);
    return path;
}

QString openFileName(QWidget *parent, const QString &caption, const QString &key,
                     const QString &filters)
{
    const QString path = QFileDialog::getOpenFileName(parent, caption, folderFor(key), filters);
    if (!path.isEmpty())
        keepFolderOf(key, path);
    return path;
}

} // namespace Sockscope::FileDialogs
