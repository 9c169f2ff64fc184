#pragma once

#include "log/logrecord.h"
#include "server/builtinechoserver.h"
#include "session/secretstore.h"
#include "session/sessiondocument.h"
#include "session/sessionsidebar.h"
#include "session/workspacekeeper.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QTabWidget;

namespace Sockscope {

class ConnectionTab;
class LabTab;
class LogPane;
class ScenarioTab;
struct Scenario;
class ProfileTab;
class ServerTab;

// The application window: a tab per connection or server, the session document they belong
// to (with its sidebar, file dialogs and variables), the menus and toolbar that act on the
// current tab, and a status bar. It shows the built-in echo server that first launch points
// at, and hands the workspace to its keeper for autosaving. What it does to the session or
// the workspace is decided by SessionDocument and WorkspaceKeeper.
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
    // A lab tab (Connection > New lab tab), pointed at the current connection tab's URL.
    LabTab *newLabTab(const QString &url = {});
    // A scenario tab (Connection > New scenario) with a connect step to the current tab's URL.
    ScenarioTab *newScenarioTab();
    // Log > Save as scenario: asks how, then makes a scenario of the log's current connection
    // (the selected row's, or the latest) and opens it.
    void saveLogAsScenario(LogPane *pane);
    // Log > Save as mock server: a server of the session answering as the log's server did.
    ServerTab *saveLogAsMockServer(LogPane *pane);
    void closeTab(int index);

    // Opens a session file (*.sockscope.json), or a .har or .jsonl file as read-only log tabs.
    // Returns false with a sentence in *error, which openFiles() shows to the user.
    bool openFile(const QString &path, QString *error);
    void openFiles(const QStringList &paths);
    QTabWidget *tabs() const { return m_tabs; }

    // The session: what File > Save writes, and the sidebar lists.
    const Session &session();
    SessionDocument *document() { return &m_document; }
    QString sessionPath() const { return m_document.path(); }
    bool isSessionModified() const { return m_document.isModified(); }
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
    QStringList recentSessions() const { return SessionDocument::recentFiles(); }

    // File dialogs, and a message box that does not block the window.
    void showOpenDialog();
    void showSaveAsDialog();
    void showError(const QString &title, const QString &message);
    QDockWidget *sidebarDock() const { return m_sidebarDock; }

    // The workspace: autosaved to path a few seconds after each change and on quit.
    void setWorkspacePath(const QString &path) { m_keeper.setPath(path); }
    void setAutosaveDelay(int ms) { m_keeper.setDelay(ms); }
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
    static constexpr int kStatusTimeoutMs = 8000;

    void addTab(QWidget *tab, const QString &title);
    ConnectionTab *createConnectionTab(const ConnectionProfile &profile);
    ServerTab *createServerTab(const ServerProfile &profile);
    LabTab *createLabTab(const LabProfile &profile);
    ScenarioTab *createScenarioTab(const Scenario &scenario);
    // The scenario of the session with this id in a tab, or null (said) when it cannot be read.
    ScenarioTab *openScenario(const QString &id);
    // The log's current connection as events, and the URL it was at, for the two Save as.
    std::vector<LogEvent> conversationOf(LogPane *pane) const;
    void connectProfileTab(ProfileTab *tab);
    ProfileTab *profileTab(int index) const;
    bool hasTabTitled(const QString &title) const;
    bool startEchoServer();
    // Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();
    void updateTitle();
    void syncTab(QWidget *tab);
    void refreshSidebar();
    void scheduleAutosave() { m_keeper.schedule(); }
    void closeAllTabs();
    void openSessionTabs();
    void renameItem(SessionSidebar::Kind kind, const QString &id, const QString &name);
    void duplicateItem(SessionSidebar::Kind kind, const QString &id);
    void deleteItem(SessionSidebar::Kind kind, const QString &id);
    void sendSnippet(const QString &id);
    void nameTabCloseButton(int index);

    QTabWidget *m_tabs;
    QLabel *m_echoStatus;
    BuiltInEchoServer m_echoServer;
    SecretStore &m_secrets = SecretStore::shared();
    SessionDocument m_document {m_secrets};
    SessionSidebar *m_sidebar;
    QDockWidget *m_sidebarDock;
    WorkspaceKeeper m_keeper {[this] {
        return workspace();
    }};
};

} // namespace Sockscope
