#pragma once

#include <QDateTime>
#include <QString>

class QWidget;

namespace Sockscope::FileDialogs {

// File dialogs that remember the folder of their kind (key: "export", "rules", "payload",
// "send" ...) between uses and runs, start at a suggested file name, and add the extension of
// the chosen filter when the name has none. An empty string when the user cancels.
QString saveFileName(QWidget *parent, const QString &caption, const QString &key,
                     const QString &suggestedName, const QString &filters);
QString openFileName(QWidget *parent, const QString &caption, const QString &key,
                     const QString &filters = {});

// The pure parts, for tests.
// The extension a filter such as "HAR (*.har)" asks for (".har"), added to a path with none.
QString withExtension(const QString &path, const QString &filter);
// A file name from a title (a URL, usually) and a time: "127.0.0.1_8765-20261202-161800.jsonl".
QString suggestedName(const QString &title, const QString &extension, const QDateTime &when);

} // namespace Sockscope::FileDialogs
