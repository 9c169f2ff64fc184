#pragma once

#include "session/secretstore.h"
#include "session/session.h"
#include "session/sessionsidebar.h"
#include "session/workspace.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace Sockscope {

class ConnectionTab;
class ServerTab;
class MockServer;

// The application window: a tab per connection or server, the session they belong to (with its
// sidebar, file actions and variables), the menus and toolbar that act on the current tab, and
// a status bar. It hosts the built-in echo server that first launch points at, and keeps the
// workspace autosaved.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the echo server on a free loopback port and opens a tab pointed at it.
    void startFirstLaunchEchoServer();
    // The built-in echo server's URL, or an empty URL when it is not running.
    QUrl echoServerUrl() const;

    ConnectionTab *newConnectionTab(const QString &url = {});
    ConnectionTab *currentConnectionTab() const;
    ServerTab *newServerTab();
    void closeTab(int index);

    // Opens a session file (*.sockscope.json), or a .har or .jsonl file as read-only log tabs.
    // Returns false with a sentence in *error, which openFiles() shows to the user.
    bool openFile(const QString &path, QString *error);
    void openFiles(const QStringList &paths);
    QTabWidget *tabs() const { return m_tabs; }

    // The session: what File > Save writes, and the sidebar lists.
    const Session &session();
    QString sessionPath() const { return m_sessionPath; }
    bool isSessionModified() const { return m_modified; }
    SessionSidebar *sidebar() const { return m_sidebar; }
    // Replaces the session (after asking about unsaved changes) and opens a tab for each of
    // its connections and servers.
    bool openSession(const QString &path, QString *error);
    // Writes the session; on failure it stays unsaved and *error says why.
    bool saveSessionAs(const QString &path, QString *error);
    bool save(); // File > Save: asks for a name the first time
    void newSession();
    void addSnippet(Snippet snippet);
    // Opens a tab for a connection or server of the session, or shows it if it is open.
    QWidget *openProfile(SessionSidebar::Kind kind, const QString &id);
    QStringList recentSessions() const;

    // The workspace: autosaved to path a few seconds after each change and on quit.
    void setWorkspacePath(const QString &path) { m_workspacePath = path; }
    void setAutosaveDelay(int ms) { m_autosave.setInterval(ms); }
    Workspace workspace();
    bool saveWorkspace(bool cleanExit, QString *error = nullptr);
    // At launch: restores the saved workspace, or starts the first-launch echo server when
    // there is none. A workspace it cannot read is moved aside, and the user is told.
    void restoreWorkspaceOrStart();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void showOpenDialog();
    void addTab(QWidget *tab, const QString &title);
    ConnectionTab *createConnectionTab(const ConnectionProfile &profile);
    ServerTab *createServerTab(const ServerProfile &profile);
    void showSaveAsDialog();
    // Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();
    void setModified(bool modified);
    void updateTitle();
    void syncTab(QWidget *tab);
    void refreshSidebar();
    void applyVariables();
    void scheduleAutosave();
    void closeAllTabs();
    void setSession(Session session, const QString &path);
    void addRecent(const QString &path);
    void showError(const QString &title, const QString &message);
    void renameItem(SessionSidebar::Kind kind, const QString &id, const QString &name);
    void duplicateItem(SessionSidebar::Kind kind, const QString &id);
    void deleteItem(SessionSidebar::Kind kind, const QString &id);
    void sendSnippet(const QString &id);
    void nameTabCloseButton(int index);
    void showAbout();

    QTabWidget *m_tabs;
    QLabel *m_echoStatus;
    std::unique_ptr<MockServer> m_echoServer;
    ConnectionTab *m_echoTab = nullptr;
    Session m_session;
    QString m_sessionPath;
    bool m_modified = false;
    SecretStore &m_secrets = SecretStore::shared();
    SessionSidebar *m_sidebar;
    QDockWidget *m_sidebarDock;
    QMenu *m_recentMenu = nullptr;
    QString m_workspacePath; // empty: no workspace is kept
    QTimer m_autosave;
    QString m_missingSecrets; // what setSession() found missing, for the next status message
};

} // namespace Sockscope
