#pragma once

#include "secretstore.h"
#include "session.h"

#include <QObject>

namespace Sockscope {

// The open session as a document: its contents, the file it came from, whether it has
// unsaved changes, and the list of recent files. Everything a window (or a headless run)
// does to a session goes through here, so opening, saving and editing items work the same
// with or without widgets. Secrets go to and come from the SecretStore it is given.
class SessionDocument : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxRecent = 8;
    // *.sockscope.json
    static QString fileSuffix();
    static bool isSessionFile(const QString &path);

    explicit SessionDocument(SecretStore &secrets, QObject *parent = nullptr);

    const Session &session() const { return m_session; }
    QString path() const { return m_path; } // absolute; empty while untitled
    bool isModified() const { return m_modified; }
    void setModified(bool modified);
    // "work.sockscope.json", or "Untitled session".
    QString displayName() const;

    // Takes session as the document's (a new one, a workspace's), filling in its secrets.
    // Returns a sentence about secrets that could not be found, or an empty string.
    QString reset(Session session, const QString &path = {});
    // Reads path; on success it becomes the document, unmodified, and a recent file. The
    // sentence about missing secrets, if any, is in *note. On failure nothing changes.
    bool open(const QString &path, QString *error, QString *note = nullptr);
    // The second half of open(), for a caller that asks about unsaved changes between
    // reading a file and replacing the document: takes a session read from path.
    QString adopt(Session loaded, const QString &path);
    // Writes the document to path (its secrets to the store); on success path is the
    // document's and a recent file, and there are no unsaved changes. When secrets could not
    // go to the keychain, *note says so (they are then lost at quit).
    bool saveAs(const QString &path, QString *error, QString *note = nullptr);

    // Recent session files, newest first (QSettings).
    static QStringList recentFiles();

    // Item edits. Each marks the document modified and emits contentsChanged().
    void addConnection(const ConnectionProfile &profile);
    void addServer(const ServerProfile &profile);
    void addLab(const LabProfile &profile);
    // Gives the snippet an id if it has none; returns it.
    QString addSnippet(Snippet snippet);
    // A tab's current set-up: replaces the item with the same id, or adds it. Returns
    // whether anything changed (nothing is marked when it is the same).
    bool update(const ConnectionProfile &profile);
    bool update(const ServerProfile &profile);
    bool update(const LabProfile &profile);
    // Scenarios are kept as their JSON objects (app/scenario/ reads them); each has an "id"
    // and a "name". Replaces the one with the same id, or adds it; false when nothing changed.
    bool updateScenario(const QJsonObject &scenario);
    // The scenario with this id, or an empty object.
    QJsonObject scenario(const QString &id) const;
    void setVariables(const QList<Variable> &variables);
    void rename(const QString &id, const QString &name);
    // A copy named "<name> (copy)" after the original; returns the copy's id, or an empty
    // string when there is no item with that id.
    QString duplicate(const QString &id);
    void remove(const QString &id);

signals:
    // An item was added, changed or removed, or the whole session was replaced.
    void contentsChanged();
    // The path or the modified flag changed.
    void stateChanged();

private:
    void edited();
    static void addRecent(const QString &path);

    SecretStore &m_secrets;
    Session m_session;
    QString m_path;
    bool m_modified = false;
};

} // namespace Sockscope
