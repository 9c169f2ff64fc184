#include "mainwindow.h"

#include "connection/connectiontab.h"
#include "log/importedlogtab.h"
#include "log/logimport.h"
#include "log/logpane.h"
#include "server/mockserver.h"
#include "server/servertab.h"
#include "session/sessionfile.h"
#include "version.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>

namespace Sockscope {

namespace {
constexpr int kStatusTimeoutMs = 8000;
constexpr int kAutosaveDelayMs = 2000;
constexpr int kMaxRecent = 8;
const QString kSessionSuffix = QStringLiteral(".sockscope.json");
const QString kRecentKey = QStringLiteral("recentSessions");

bool isSessionFile(const QString &path)
{
    return path.endsWith(kSessionSuffix, Qt::CaseInsensitive);
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_echoStatus(new QLabel(this))
    , m_sidebar(new SessionSidebar(this))
    , m_sidebarDock(new QDockWidget(tr("Session"), this))
{
    m_session.id = Session::newId();
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Connections"));
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    setCentralWidget(m_tabs);
    setAcceptDrops(true);

    m_echoStatus->setAccessibleName(tr("Built-in echo server"));
    statusBar()->addPermanentWidget(m_echoStatus);

    m_sidebarDock->setObjectName(QStringLiteral("sessionDock"));
    m_sidebarDock->setWidget(m_sidebar);
    m_sidebarDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, m_sidebarDock);
    resizeDocks({m_sidebarDock}, {230}, Qt::Horizontal);
    connect(m_sidebar, &SessionSidebar::openRequested, this, &MainWindow::openProfile);
    connect(m_sidebar, &SessionSidebar::sendSnippetRequested, this, &MainWindow::sendSnippet);
    connect(m_sidebar, &SessionSidebar::renameRequested, this, &MainWindow::renameItem);
    connect(m_sidebar, &SessionSidebar::duplicateRequested, this, &MainWindow::duplicateItem);
    connect(m_sidebar, &SessionSidebar::deleteRequested, this, &MainWindow::deleteItem);
    connect(m_sidebar, &SessionSidebar::variablesChanged, this, [this] {
        m_session.variables = m_sidebar->variables();
        applyVariables();
        setModified(true);
    });
    if (!m_secrets.usesKeychain())
        m_sidebar->setSecretsNote(tr("Secret values are kept in memory only and are lost at "
                                     "quit: %1")
                                      .arg(m_secrets.memoryOnlyReason()));

    m_autosave.setSingleShot(true);
    m_autosave.setInterval(kAutosaveDelayMs);
    connect(&m_autosave, &QTimer::timeout, this, [this] { saveWorkspace(false); });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::scheduleAutosave);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &MainWindow::scheduleAutosave);

    createActions();
    resize(1100, 720);
    refreshSidebar();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("New sessio&n"), this, &MainWindow::newSession);
    QAction *open = file->addAction(tr("&Open…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a session, or a HAR or JSON Lines log to inspect offline"));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] {
        m_recentMenu->clear();
        const QStringList recent = recentSessions();
        for (const QString &path : recent) {
            m_recentMenu->addAction(QDir::toNativeSeparators(path), this, [this, path] {
                QString error;
                if (!openSession(path, &error) && !error.isEmpty())
                    showError(tr("Open session"), error);
            });
        }
        if (recent.isEmpty())
            m_recentMenu->addAction(tr("No recent sessions"))->setEnabled(false);
    });
    QAction *saveAction = file->addAction(tr("&Save session"), this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save session &as…"), this, &MainWindow::showSaveAsDialog);
    saveAs->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    file->addSeparator();
    QAction *newTab = file->addAction(tr("&New connection"), this, [this] { newConnectionTab(); });
    newTab->setShortcut(Qt::CTRL | Qt::Key_T);
    newTab->setToolTip(tr("Open a new connection tab (%1)")
                           .arg(newTab->shortcut().toString(QKeySequence::NativeText)));
    QAction *newServer = file->addAction(tr("New &server"), this, [this] { newServerTab(); });
    newServer->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_T);
    newServer->setToolTip(tr("Open a mock server tab (%1)")
                              .arg(newServer->shortcut().toString(QKeySequence::NativeText)));
    QAction *closeTabAction
        = file->addAction(tr("&Close tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    // Ctrl+W everywhere, plus the platform's own close key (Ctrl+F4 on Windows).
    closeTabAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence::Close});
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    const auto onTab = [this](void (ConnectionTab::*slot)()) {
        return [this, slot] {
            if (ConnectionTab *tab = currentConnectionTab())
                (tab->*slot)();
        };
    };
    QAction *toggle = connection->addAction(tr("Connect / &Disconnect"), this,
                                            onTab(&ConnectionTab::toggleConnection));
    toggle->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_Return);
    QAction *send = connection->addAction(tr("&Send message"), this, onTab(&ConnectionTab::send));
    send->setShortcut(Qt::CTRL | Qt::Key_Return);
    QAction *ping = connection->addAction(tr("&Ping"), this, onTab(&ConnectionTab::sendPing));
    ping->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_P);
    connection->addAction(tr("&Close with code"), this, onTab(&ConnectionTab::closeWithChosenCode));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *sidebar = m_sidebarDock->toggleViewAction();
    sidebar->setText(tr("&Session sidebar"));
    sidebar->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_B);
    view->addAction(sidebar);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Sockscope"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(newTab);
    if (QWidget *button = toolBar->widgetForAction(newTab))
        button->setAccessibleName(tr("New connection"));
    toolBar->addAction(newServer);
    if (QWidget *button = toolBar->widgetForAction(newServer))
        button->setAccessibleName(tr("New server"));
}

void MainWindow::startFirstLaunchEchoServer()
{
    auto server = std::make_unique<MockServer>(); // echo, on 127.0.0.1 and a free port
    QString error;
    if (!server->start(&error)) {
        m_echoStatus->setText(tr("Echo server not running"));
        statusBar()->showMessage(tr("The built-in echo server could not start: %1").arg(error));
        newConnectionTab();
        return;
    }
    m_echoServer = std::move(server);
    const QString url = m_echoServer->url().toString();
    m_echoStatus->setText(tr("Built-in echo server: %1").arg(url));
    ConnectionProfile echo;
    echo.id = Session::newId();
    echo.name = tr("Built-in echo server");
    echo.url = url;
    m_session.connections << echo;
    refreshSidebar();
    m_echoTab = createConnectionTab(echo);
    statusBar()->showMessage(
        tr("A built-in echo server is listening on %1. Click Connect to try it.").arg(url),
        kStatusTimeoutMs * 2);
}

QUrl MainWindow::echoServerUrl() const
{
    return m_echoServer ? m_echoServer->url() : QUrl();
}

ConnectionTab *MainWindow::newConnectionTab(const QString &url)
{
    ConnectionProfile profile;
    profile.id = Session::newId();
    profile.url = url;
    ConnectionTab *tab = createConnectionTab(profile);
    m_session.connections << tab->profile(); // a new tab is a new connection in the session
    refreshSidebar();
    setModified(true);
    return tab;
}

ConnectionTab *MainWindow::createConnectionTab(const ConnectionProfile &profile)
{
    auto *tab = new ConnectionTab(m_tabs);
    tab->setProfile(profile);
    tab->setVariables(m_session.variables);
    tab->setSnippets(m_session.snippets);
    addTab(tab, tab->title());
    connect(tab, &ConnectionTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        m_tabs->setTabText(at, title);
        nameTabCloseButton(at);
    });
    connect(tab, &ConnectionTab::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusTimeoutMs);
    });
    connect(tab, &ConnectionTab::setupChanged, this, [this, tab] {
        syncTab(tab);
        setModified(true);
    });
    connect(tab, &ConnectionTab::composerChanged, this, &MainWindow::scheduleAutosave);
    connect(tab, &ConnectionTab::saveSnippetRequested, this, [this](Snippet snippet) {
        bool ok = snippet.type == Snippet::Type::Binary && !snippet.name.isEmpty();
        if (!ok)
            snippet.name = QInputDialog::getText(
                this, tr("Save as snippet"), tr("Name of the snippet:"), QLineEdit::Normal,
                tr("Snippet %1").arg(m_session.snippets.size() + 1), &ok);
        if (ok && !snippet.name.trimmed().isEmpty())
            addSnippet(snippet);
    });
    tab->focusComposer();
    return tab;
}

ServerTab *MainWindow::newServerTab()
{
    ServerProfile profile;
    profile.id = Session::newId();
    ServerTab *tab = createServerTab(profile);
    m_session.servers << tab->profile();
    refreshSidebar();
    setModified(true);
    return tab;
}

ServerTab *MainWindow::createServerTab(const ServerProfile &profile)
{
    auto *tab = new ServerTab(m_tabs);
    tab->setProfile(profile);
    addTab(tab, tab->title());
    connect(tab, &ServerTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        m_tabs->setTabText(at, title);
        nameTabCloseButton(at);
    });
    connect(tab, &ServerTab::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusTimeoutMs);
    });
    connect(tab, &ServerTab::setupChanged, this, [this, tab] {
        syncTab(tab);
        setModified(true);
    });
    return tab;
}

void MainWindow::addTab(QWidget *tab, const QString &title)
{
    const int index = m_tabs->addTab(tab, title);
    nameTabCloseButton(index);
    m_tabs->setCurrentIndex(index);
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    if (isSessionFile(path))
        return openSession(path, error);
    std::vector<ImportedLog> logs;
    if (!LogImport::read(path, &logs, error))
        return false;
    for (ImportedLog &log : logs) {
        const QString title = log.title;
        auto *tab = new ImportedLogTab(std::move(log), path, m_tabs);
        connect(tab->logPane(), &LogPane::statusMessage, this, [this](const QString &message) {
            statusBar()->showMessage(message, kStatusTimeoutMs);
        });
        addTab(tab, tr("%1 (imported)").arg(title));
        m_tabs->setTabToolTip(m_tabs->indexOf(tab), path);
    }
    statusBar()->showMessage((logs.size() == 1
                                  ? tr("Opened 1 log from %1").arg(path)
                                  : tr("Opened %1 logs from %2").arg(logs.size()).arg(path)),
                             kStatusTimeoutMs);
    return true;
}

void MainWindow::openFiles(const QStringList &paths)
{
    QStringList errors;
    for (const QString &path : paths) {
        QString error;
        if (!openFile(path, &error) && !error.isEmpty()) // empty: the user cancelled
            errors << error;
    }
    if (errors.isEmpty())
        return;
    showError(tr("Open"), errors.join(u'\n'));
}

void MainWindow::showError(const QString &title, const QString &message)
{
    // Not modal-blocking: the app keeps working while the message is up.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    statusBar()->showMessage(message.section(u'\n', 0, 0), kStatusTimeoutMs);
}

void MainWindow::showOpenDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open"), QString(),
        tr("Sessions and logs (*.sockscope.json *.har *.jsonl);;Sessions (*.sockscope.json);;"
           "HAR (*.har);;JSON Lines (*.jsonl);;All files (*)"));
    openFiles(paths);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    event->acceptProposedAction();
    openFiles(paths);
}

ConnectionTab *MainWindow::currentConnectionTab() const
{
    return qobject_cast<ConnectionTab *>(m_tabs->currentWidget());
}

void MainWindow::nameTabCloseButton(int index)
{
    // Qt 6.4 leaves the tab bar's close buttons unnamed for screen readers.
    for (const auto side : {QTabBar::LeftSide, QTabBar::RightSide}) {
        if (QWidget *button = m_tabs->tabBar()->tabButton(index, side))
            button->setAccessibleName(tr("Close tab %1").arg(m_tabs->tabText(index)));
    }
}

void MainWindow::closeTab(int index)
{
    QWidget *tab = m_tabs->widget(index);
    if (!tab)
        return;
    syncTab(tab); // the set-up stays in the session; the sidebar opens it again
    if (tab == m_echoTab)
        m_echoTab = nullptr;
    m_tabs->removeTab(index);
    delete tab; // its Connection aborts the socket
    scheduleAutosave();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Sockscope"),
                       tr("<h3>Sockscope %1</h3>"
                          "<p>A desktop WebSocket inspector and mock server.</p>"
                          "<p>Built with Qt %2, running on Qt %3.</p>")
                           .arg(QStringLiteral(SOCKSCOPE_VERSION), QStringLiteral(QT_VERSION_STR),
                                QString::fromLatin1(qVersion())));
}

// --- The session -------------------------------------------------------------------------

void MainWindow::syncTab(QWidget *widget)
{
    if (auto *tab = qobject_cast<ConnectionTab *>(widget)) {
        const ConnectionProfile profile = tab->profile();
        if (ConnectionProfile *kept = m_session.connection(profile.id)) {
            if (*kept == profile)
                return;
            *kept = profile;
        } else
            m_session.connections << profile;
    } else if (auto *tab = qobject_cast<ServerTab *>(widget)) {
        const ServerProfile profile = tab->profile();
        if (ServerProfile *kept = m_session.server(profile.id)) {
            if (*kept == profile)
                return;
            *kept = profile;
        } else
            m_session.servers << profile;
    } else {
        return;
    }
    refreshSidebar();
}

const Session &MainWindow::session()
{
    for (int i = 0; i < m_tabs->count(); ++i)
        syncTab(m_tabs->widget(i));
    return m_session;
}

void MainWindow::refreshSidebar()
{
    m_sidebar->setSession(m_session);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i)))
            tab->setSnippets(m_session.snippets);
    }
}

void MainWindow::applyVariables()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i)))
            tab->setVariables(m_session.variables);
    }
}

void MainWindow::setModified(bool modified)
{
    m_modified = modified;
    setWindowModified(modified);
    scheduleAutosave();
}

void MainWindow::updateTitle()
{
    const QString name
        = m_sessionPath.isEmpty() ? tr("Untitled session") : QFileInfo(m_sessionPath).fileName();
    setWindowTitle(tr("%1[*] — Sockscope").arg(name));
    setWindowModified(m_modified);
}

void MainWindow::closeAllTabs()
{
    while (m_tabs->count() > 0) {
        QWidget *tab = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete tab;
    }
    m_echoTab = nullptr;
}

void MainWindow::setSession(Session session, const QString &path)
{
    closeAllTabs();
    const int missing = m_secrets.fill(session);
    m_session = std::move(session);
    m_sessionPath = path;
    refreshSidebar();
    applyVariables();
    m_missingSecrets.clear();
    if (missing > 0)
        m_missingSecrets
            = (missing == 1
                   ? tr("1 secret value was not found. %1 Enter it again.")
                   : tr("%1 secret values were not found. %2 Enter them again.").arg(missing))
                  .arg(m_secrets.usesKeychain() ? tr("The keychain does not have it.")
                                                : m_secrets.memoryOnlyReason());
}

bool MainWindow::openSession(const QString &path, QString *error)
{
    Session loaded;
    if (!SessionFile::load(path, &loaded, error))
        return false; // the file is left as it was
    if (!maybeSave()) {
        if (error)
            error->clear(); // the user chose to stay; nothing to report
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    setSession(std::move(loaded), absolute);
    for (const ConnectionProfile &c : std::as_const(m_session.connections))
        createConnectionTab(c);
    for (const ServerProfile &server : std::as_const(m_session.servers))
        createServerTab(server);
    if (m_tabs->count() > 0)
        m_tabs->setCurrentIndex(0);
    m_modified = false;
    updateTitle();
    addRecent(absolute);
    scheduleAutosave();
    statusBar()->showMessage(
        QString(tr("Opened %1.").arg(QDir::toNativeSeparators(absolute)) + u' ' + m_missingSecrets)
            .trimmed(),
        kStatusTimeoutMs * 2);
    return true;
}

bool MainWindow::saveSessionAs(const QString &path, QString *error)
{
    session(); // take in the tabs' latest set-ups
    m_secrets.store(m_session);
    if (!SessionFile::save(path, m_session, error))
        return false; // still unsaved: the user can save elsewhere
    m_sessionPath = QFileInfo(path).absoluteFilePath();
    m_modified = false;
    updateTitle();
    addRecent(m_sessionPath);
    scheduleAutosave();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_sessionPath)),
                             kStatusTimeoutMs);
    return true;
}

bool MainWindow::save()
{
    if (m_sessionPath.isEmpty()) {
        showSaveAsDialog();
        return !m_modified;
    }
    QString error;
    if (saveSessionAs(m_sessionPath, &error))
        return true;
    showError(tr("Save session"), error);
    return false;
}

void MainWindow::showSaveAsDialog()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save session as"),
        m_sessionPath.isEmpty() ? tr("session") + kSessionSuffix : m_sessionPath,
        tr("Sockscope sessions (*.sockscope.json)"));
    if (path.isEmpty())
        return;
    if (!isSessionFile(path))
        path += kSessionSuffix;
    QString error;
    if (!saveSessionAs(path, &error))
        showError(tr("Save session"), error);
}

void MainWindow::newSession()
{
    if (!maybeSave())
        return;
    Session fresh;
    fresh.id = Session::newId();
    setSession(std::move(fresh), {});
    m_modified = false;
    updateTitle();
    scheduleAutosave();
}

bool MainWindow::maybeSave()
{
    if (!m_modified)
        return true;
    const QString name = m_sessionPath.isEmpty() ? tr("The untitled session")
                                                 : QFileInfo(m_sessionPath).fileName();
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("%1 has changes that are not saved. Save them?").arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return save();
    return true;
}

void MainWindow::addSnippet(Snippet snippet)
{
    if (snippet.id.isEmpty())
        snippet.id = Session::newId();
    m_session.snippets << snippet;
    refreshSidebar();
    setModified(true);
    statusBar()->showMessage(tr("Saved the snippet “%1” in the session").arg(snippet.name),
                             kStatusTimeoutMs);
}

void MainWindow::sendSnippet(const QString &id)
{
    const Snippet *snippet = m_session.snippet(id);
    ConnectionTab *tab = currentConnectionTab();
    if (!snippet)
        return;
    if (!tab) {
        statusBar()->showMessage(tr("Open a connection tab to send “%1” to.").arg(snippet->name),
                                 kStatusTimeoutMs);
        return;
    }
    tab->sendSnippet(*snippet);
}

QWidget *MainWindow::openProfile(SessionSidebar::Kind kind, const QString &id)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        QWidget *w = m_tabs->widget(i);
        const auto *c = qobject_cast<ConnectionTab *>(w);
        const auto *server = qobject_cast<ServerTab *>(w);
        if ((c && c->profileId() == id) || (server && server->profileId() == id)) {
            m_tabs->setCurrentIndex(i);
            return w;
        }
    }
    if (kind == SessionSidebar::Kind::Connection) {
        if (const ConnectionProfile *profile = m_session.connection(id))
            return createConnectionTab(*profile);
    } else if (kind == SessionSidebar::Kind::Server) {
        if (const ServerProfile *profile = m_session.server(id))
            return createServerTab(*profile);
    }
    return nullptr;
}

void MainWindow::renameItem(SessionSidebar::Kind kind, const QString &id, const QString &name)
{
    session();
    if (kind == SessionSidebar::Kind::Snippet) {
        if (Snippet *snippet = m_session.snippet(id))
            snippet->name = name;
    } else {
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i));
                tab && tab->profileId() == id)
                tab->setName(name);
            if (auto *tab = qobject_cast<ServerTab *>(m_tabs->widget(i));
                tab && tab->profileId() == id)
                tab->setName(name);
        }
        if (ConnectionProfile *c = m_session.connection(id))
            c->name = name;
        if (ServerProfile *server = m_session.server(id))
            server->name = name;
    }
    refreshSidebar();
    setModified(true);
}

void MainWindow::duplicateItem(SessionSidebar::Kind kind, const QString &id)
{
    session();
    const QString copyId = Session::newId();
    if (const ConnectionProfile *c = m_session.connection(id)) {
        ConnectionProfile copy = *c;
        copy.id = copyId;
        copy.name = tr("%1 (copy)").arg(c->displayName());
        m_session.connections << copy;
    } else if (const ServerProfile *server = m_session.server(id)) {
        ServerProfile copy = *server;
        copy.id = copyId;
        copy.name = tr("%1 (copy)").arg(server->displayName());
        m_session.servers << copy;
    } else if (const Snippet *snippet = m_session.snippet(id)) {
        Snippet copy = *snippet;
        copy.id = copyId;
        copy.name = tr("%1 (copy)").arg(snippet->name);
        m_session.snippets << copy;
    }
    refreshSidebar();
    if (QTreeWidgetItem *item = m_sidebar->itemFor(kind, copyId))
        m_sidebar->tree()->setCurrentItem(item);
    setModified(true);
}

void MainWindow::deleteItem(SessionSidebar::Kind kind, const QString &id)
{
    Q_UNUSED(kind)
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        const auto *c = qobject_cast<ConnectionTab *>(m_tabs->widget(i));
        const auto *server = qobject_cast<ServerTab *>(m_tabs->widget(i));
        if ((c && c->profileId() == id) || (server && server->profileId() == id)) {
            QWidget *tab = m_tabs->widget(i);
            if (tab == m_echoTab)
                m_echoTab = nullptr;
            m_tabs->removeTab(i);
            delete tab;
        }
    }
    const auto byId = [&id](const auto &item) {
        return item.id == id;
    };
    m_session.connections.removeIf(byId);
    m_session.servers.removeIf(byId);
    m_session.snippets.removeIf(byId);
    refreshSidebar();
    setModified(true);
}

QStringList MainWindow::recentSessions() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::addRecent(const QString &path)
{
    QStringList recent = recentSessions();
    recent.removeAll(path);
    recent.prepend(path);
    QSettings().setValue(kRecentKey, recent.mid(0, kMaxRecent));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_autosave.stop();
    saveWorkspace(true);
    event->accept();
}

// --- The workspace -----------------------------------------------------------------------

void MainWindow::scheduleAutosave()
{
    if (!m_workspacePath.isEmpty())
        m_autosave.start();
}

Workspace MainWindow::workspace()
{
    Workspace w;
    w.windowGeometry = saveGeometry();
    w.windowState = saveState();
    w.sessionPath = m_sessionPath;
    w.sessionModified = m_modified;
    w.session = session();
    for (int i = 0; i < m_tabs->count(); ++i) {
        QWidget *widget = m_tabs->widget(i);
        Workspace::Tab tab;
        if (auto *c = qobject_cast<ConnectionTab *>(widget)) {
            tab.kind = Workspace::Tab::Kind::Connection;
            tab.profileId = c->profileId();
            tab.composerText = c->composerText();
            tab.composerMode = int(c->composerMode());
            tab.builtInEcho = c == m_echoTab;
            tab.splitterState = c->logPane()->splitter()->saveState();
        } else if (auto *server = qobject_cast<ServerTab *>(widget)) {
            tab.kind = Workspace::Tab::Kind::Server;
            tab.profileId = server->profileId();
        } else {
            continue; // imported logs are files the user can open again
        }
        if (widget == m_tabs->currentWidget())
            w.currentTab = int(w.tabs.size());
        w.tabs << tab;
    }
    return w;
}

bool MainWindow::saveWorkspace(bool cleanExit, QString *errorOut)
{
    if (m_workspacePath.isEmpty())
        return false;
    Workspace w = workspace();
    w.cleanExit = cleanExit;
    QString error;
    if (WorkspaceFile::save(m_workspacePath, w, &error))
        return true;
    statusBar()->showMessage(tr("The workspace could not be saved: %1").arg(error),
                             kStatusTimeoutMs);
    if (errorOut)
        *errorOut = error;
    return false;
}

void MainWindow::restoreWorkspaceOrStart()
{
    if (m_workspacePath.isEmpty() || !QFileInfo::exists(m_workspacePath)) {
        startFirstLaunchEchoServer();
        saveWorkspace(false);
        return;
    }
    Workspace w;
    QString error;
    if (!WorkspaceFile::load(m_workspacePath, &w, &error)) {
        QString moveError;
        const QString aside = WorkspaceFile::moveAside(m_workspacePath, &moveError);
        startFirstLaunchEchoServer();
        showError(tr("Workspace"),
                  aside.isEmpty()
                      ? tr("%1\nIt could not be moved aside (%2); Sockscope starts with a new "
                           "workspace and will not overwrite it until it can.")
                            .arg(error, moveError)
                      : tr("%1\nIt was kept as %2. Sockscope starts with a new workspace.")
                            .arg(error, QDir::toNativeSeparators(aside)));
        if (!aside.isEmpty())
            saveWorkspace(false);
        else
            m_workspacePath.clear(); // never overwrite a file the user may want back
        return;
    }
    setSession(w.session, w.sessionPath);
    for (const Workspace::Tab &t : std::as_const(w.tabs)) {
        if (t.kind == Workspace::Tab::Kind::Server) {
            if (const ServerProfile *profile = m_session.server(t.profileId))
                createServerTab(*profile);
            continue;
        }
        const ConnectionProfile *profile = m_session.connection(t.profileId);
        if (!profile)
            continue;
        ConnectionTab *tab = createConnectionTab(*profile);
        if (t.builtInEcho) {
            // The echo server listens on a new port each run.
            auto server = std::make_unique<MockServer>();
            QString startError;
            if (server->start(&startError)) {
                m_echoServer = std::move(server);
                m_echoStatus->setText(
                    tr("Built-in echo server: %1").arg(m_echoServer->url().toString()));
                tab->setUrl(m_echoServer->url().toString());
                syncTab(tab);
                m_echoTab = tab;
            }
        }
        tab->setComposerMode(ConnectionTab::ComposerMode(qBound(0, t.composerMode, 3)));
        tab->setComposerText(t.composerText);
        tab->logPane()->splitter()->restoreState(t.splitterState);
    }
    if (w.currentTab >= 0 && w.currentTab < m_tabs->count())
        m_tabs->setCurrentIndex(w.currentTab);
    restoreGeometry(w.windowGeometry);
    restoreState(w.windowState);
    m_modified = w.sessionModified;
    updateTitle();
    QString restored = m_missingSecrets;
    if (!w.cleanExit)
        restored.prepend(tr("Sockscope did not quit normally last time; the last autosaved "
                            "workspace was restored. "));
    if (!restored.isEmpty())
        statusBar()->showMessage(restored.trimmed(), kStatusTimeoutMs * 2);
    // Written at once, marked as a run in progress, so a crash is recognised next time.
    saveWorkspace(false);
}

} // namespace Sockscope
