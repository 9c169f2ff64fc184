#include "mainwindow.h"

#include "connection/connectiontab.h"
#include "log/importedlogtab.h"
#include "log/logimport.h"
#include "log/logpane.h"
#include "mainmenus.h"
#include "server/mockserver.h"
#include "server/servertab.h"
#include "session/sessionfile.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeWidget>

namespace Sockscope {

namespace {
constexpr int kStatusTimeoutMs = 8000;
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_echoStatus(new QLabel(this))
    , m_sidebar(new SessionSidebar(this))
    , m_sidebarDock(new QDockWidget(tr("Session"), this))
{
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
    connect(m_sidebar, &SessionSidebar::variablesChanged, this,
            [this] { m_document.setVariables(m_sidebar->variables()); });
    connect(&m_document, &SessionDocument::contentsChanged, this, &MainWindow::refreshSidebar);
    connect(&m_document, &SessionDocument::stateChanged, this, [this] {
        updateTitle();
        scheduleAutosave();
    });
    if (!m_secrets.usesKeychain())
        m_sidebar->setSecretsNote(tr("Secret values are kept in memory only and are lost at "
                                     "quit: %1")
                                      .arg(m_secrets.memoryOnlyReason()));

    connect(&m_keeper, &WorkspaceKeeper::saveFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("The workspace could not be saved: %1").arg(error),
                                 kStatusTimeoutMs);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::scheduleAutosave);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &MainWindow::scheduleAutosave);

    MainMenus::addTo(this);
    resize(1100, 720);
    refreshSidebar();
    updateTitle();
}

MainWindow::~MainWindow() = default;

bool MainWindow::startEchoServer()
{
    QString error;
    if (!m_echoServer.start(&error)) {
        m_echoStatus->setText(tr("Echo server not running"));
        statusBar()->showMessage(tr("The built-in echo server could not start: %1").arg(error));
        return false;
    }
    m_echoStatus->setText(tr("Built-in echo server: %1").arg(m_echoServer.url().toString()));
    return true;
}

void MainWindow::startFirstLaunchEchoServer()
{
    if (!startEchoServer()) {
        newConnectionTab();
        return;
    }
    const QString url = m_echoServer.url().toString();
    ConnectionProfile echo;
    echo.id = Session::newId();
    echo.url = url;
    echo.builtInEcho = true;
    // As the tab holds it (its panels fill in their defaults), so that it is not a change.
    m_document.addConnection(createConnectionTab(echo)->profile());
    m_document.setModified(false); // nothing the user made yet
    statusBar()->showMessage(
        tr("A built-in echo server is listening on %1. Click Connect to try it.").arg(url),
        kStatusTimeoutMs * 2);
}

QUrl MainWindow::echoServerUrl() const
{
    return m_echoServer.url();
}

ConnectionTab *MainWindow::newConnectionTab(const QString &url)
{
    ConnectionProfile profile;
    profile.id = Session::newId();
    profile.url = url;
    ConnectionTab *tab = createConnectionTab(profile);
    m_document.addConnection(tab->profile()); // a new tab is a new connection in the session
    return tab;
}

void MainWindow::connectProfileTab(ProfileTab *tab)
{
    tab->useSession(m_document.session());
    addTab(tab, tab->title());
    m_tabs->setTabToolTip(m_tabs->indexOf(tab), tab->tabToolTip());
    connect(tab, &ProfileTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        m_tabs->setTabText(at, title);
        m_tabs->setTabToolTip(at, tab->tabToolTip());
        nameTabCloseButton(at);
    });
    connect(tab, &ProfileTab::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusTimeoutMs);
    });
    connect(tab, &ProfileTab::setupChanged, this, [this, tab] {
        if (!tab->saveInto(m_document))
            m_document.setModified(true);
    });
    connect(tab, &ProfileTab::workspaceChanged, this, &MainWindow::scheduleAutosave);
}

ConnectionTab *MainWindow::createConnectionTab(const ConnectionProfile &profile)
{
    auto *tab = new ConnectionTab(m_tabs);
    tab->setProfile(profile);
    // The echo server listens on a new port each run; the document follows the tab.
    if (profile.builtInEcho && (m_echoServer.url().isValid() || startEchoServer())) {
        tab->setUrl(m_echoServer.url().toString());
        if (m_document.session().connection(profile.id))
            tab->saveInto(m_document);
    }
    connectProfileTab(tab);
    connect(tab, &ConnectionTab::saveSnippetRequested, this, [this](Snippet snippet) {
        bool ok = snippet.type == Snippet::Type::Binary && !snippet.name.isEmpty();
        if (!ok)
            snippet.name = QInputDialog::getText(
                this, tr("Save as snippet"), tr("Name of the snippet:"), QLineEdit::Normal,
                tr("Snippet %1").arg(m_document.session().snippets.size() + 1), &ok);
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
    m_document.addServer(tab->profile());
    return tab;
}

ServerTab *MainWindow::createServerTab(const ServerProfile &profile)
{
    auto *tab = new ServerTab(m_tabs);
    tab->setProfile(profile);
    connectProfileTab(tab);
    return tab;
}

bool MainWindow::hasTabTitled(const QString &title) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->tabText(i) == title)
            return true;
    }
    return false;
}

ProfileTab *MainWindow::profileTab(int index) const
{
    return qobject_cast<ProfileTab *>(m_tabs->widget(index));
}

void MainWindow::addTab(QWidget *tab, const QString &title)
{
    const int index = m_tabs->addTab(tab, title);
    nameTabCloseButton(index);
    m_tabs->setCurrentIndex(index);
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    if (SessionDocument::isSessionFile(path))
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
        // Two files may hold logs of the same title: the file name tells them apart.
        QString text = tr("%1 (imported)").arg(title);
        if (hasTabTitled(text))
            text = tr("%1 (%2)").arg(title, QFileInfo(path).fileName());
        for (int n = 2; hasTabTitled(text); ++n)
            text = tr("%1 (%2, %3)").arg(title, QFileInfo(path).fileName()).arg(n);
        addTab(tab, text);
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
    m_tabs->removeTab(index);
    delete tab; // its Connection aborts the socket
    scheduleAutosave();
}

// --- The session -------------------------------------------------------------------------

void MainWindow::syncTab(QWidget *widget)
{
    if (auto *tab = qobject_cast<ProfileTab *>(widget))
        tab->saveInto(m_document);
}

const Session &MainWindow::session()
{
    for (int i = 0; i < m_tabs->count(); ++i)
        syncTab(m_tabs->widget(i));
    return m_document.session();
}

void MainWindow::refreshSidebar()
{
    m_sidebar->setSession(m_document.session());
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (ProfileTab *tab = profileTab(i))
            tab->useSession(m_document.session());
    }
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Sockscope").arg(m_document.displayName()));
    setWindowModified(m_document.isModified());
}

void MainWindow::closeAllTabs()
{
    while (m_tabs->count() > 0) {
        QWidget *tab = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete tab;
    }
}

void MainWindow::openSessionTabs()
{
    const Session &session = m_document.session();
    for (const ConnectionProfile &c : session.connections)
        createConnectionTab(c);
    for (const ServerProfile &server : session.servers)
        createServerTab(server);
    if (m_tabs->count() > 0)
        m_tabs->setCurrentIndex(0);
}

bool MainWindow::openSession(const QString &path, QString *error)
{
    Session loaded;
    if (!SessionFile::load(path, &loaded, error))
        return false; // the file is left as it was, and so is the open session
    if (!maybeSave()) {
        if (error)
            error->clear(); // the user chose to stay; nothing to report
        return false;
    }
    closeAllTabs();
    const QString note = m_document.adopt(std::move(loaded), path);
    openSessionTabs();
    m_document.setModified(false); // pointing the echo tab at this run is no edit
    statusBar()->showMessage(
        QString(tr("Opened %1.").arg(QDir::toNativeSeparators(m_document.path())) + u' ' + note)
            .trimmed(),
        kStatusTimeoutMs * 2);
    return true;
}

bool MainWindow::saveSessionAs(const QString &path, QString *error)
{
    session(); // take in the tabs' latest set-ups
    QString note;
    if (!m_document.saveAs(path, error, &note))
        return false; // still unsaved: the user can save elsewhere
    const QString saved = tr("Saved %1.").arg(QDir::toNativeSeparators(m_document.path()));
    if (note.isEmpty())
        statusBar()->showMessage(saved, kStatusTimeoutMs);
    else
        statusBar()->showMessage(saved + u' ' + note, kStatusTimeoutMs * 3);
    return true;
}

bool MainWindow::save()
{
    if (m_document.path().isEmpty()) {
        showSaveAsDialog();
        return !m_document.isModified();
    }
    QString error;
    if (saveSessionAs(m_document.path(), &error))
        return true;
    showError(tr("Save session"), error);
    return false;
}

void MainWindow::showSaveAsDialog()
{
    const QString suffix = SessionDocument::fileSuffix();
    QString path = QFileDialog::getSaveFileName(this, tr("Save session as"),
                                                m_document.path().isEmpty() ? tr("session") + suffix
                                                                            : m_document.path(),
                                                tr("Sockscope sessions (*.sockscope.json)"));
    if (path.isEmpty())
        return;
    if (!SessionDocument::isSessionFile(path))
        path += suffix;
    QString error;
    if (!saveSessionAs(path, &error))
        showError(tr("Save session"), error);
}

void MainWindow::newSession()
{
    if (!maybeSave())
        return;
    closeAllTabs();
    m_document.reset(Session());
}

bool MainWindow::maybeSave()
{
    if (!m_document.isModified())
        return true;
    const QString name
        = m_document.path().isEmpty() ? tr("The untitled session") : m_document.displayName();
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
    m_document.addSnippet(snippet);
    statusBar()->showMessage(tr("Saved the snippet “%1” in the session").arg(snippet.name),
                             kStatusTimeoutMs);
}

void MainWindow::sendSnippet(const QString &id)
{
    const Snippet *snippet = m_document.session().snippet(id);
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
        if (ProfileTab *tab = profileTab(i); tab && tab->profileId() == id) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    const Session &session = m_document.session();
    if (kind == SessionSidebar::Kind::Connection) {
        if (const ConnectionProfile *profile = session.connection(id))
            return createConnectionTab(*profile);
    } else if (kind == SessionSidebar::Kind::Server) {
        if (const ServerProfile *profile = session.server(id))
            return createServerTab(*profile);
    }
    return nullptr;
}

void MainWindow::renameItem(SessionSidebar::Kind kind, const QString &id, const QString &name)
{
    Q_UNUSED(kind)
    session();
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (ProfileTab *tab = profileTab(i); tab && tab->profileId() == id)
            tab->setName(name);
    }
    m_document.rename(id, name);
}

void MainWindow::duplicateItem(SessionSidebar::Kind kind, const QString &id)
{
    session();
    const QString copyId = m_document.duplicate(id);
    if (QTreeWidgetItem *item = m_sidebar->itemFor(kind, copyId))
        m_sidebar->tree()->setCurrentItem(item);
}

void MainWindow::deleteItem(SessionSidebar::Kind kind, const QString &id)
{
    Q_UNUSED(kind)
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        if (ProfileTab *tab = profileTab(i); tab && tab->profileId() == id) {
            m_tabs->removeTab(i);
            delete tab;
        }
    }
    m_document.remove(id);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_keeper.save(true);
    event->accept();
}

// --- The workspace -----------------------------------------------------------------------

Workspace MainWindow::workspace()
{
    Workspace w;
    w.windowGeometry = saveGeometry();
    w.windowState = saveState();
    w.session = session();
    w.sessionPath = m_document.path();
    w.sessionModified = m_document.isModified();
    for (int i = 0; i < m_tabs->count(); ++i) {
        ProfileTab *tab = profileTab(i);
        if (!tab)
            continue; // imported logs are files the user can open again
        Workspace::Tab entry = tab->workspaceEntry();
        if (tab == m_tabs->currentWidget())
            w.currentTab = int(w.tabs.size());
        w.tabs << entry;
    }
    return w;
}

bool MainWindow::saveWorkspace(bool cleanExit, QString *error)
{
    return m_keeper.save(cleanExit, error);
}

void MainWindow::restoreWorkspaceOrStart()
{
    const WorkspaceKeeper::Restored restored = m_keeper.restore();
    if (restored.state != WorkspaceKeeper::Restored::State::Restored) {
        startFirstLaunchEchoServer();
        if (!restored.message.isEmpty())
            showError(tr("Workspace"), restored.message);
        m_keeper.save(false);
        return;
    }
    const Workspace &w = restored.workspace;
    const QString missing = m_document.reset(w.session, w.sessionPath);
    for (const Workspace::Tab &t : w.tabs) {
        if (t.kind == Workspace::Tab::Kind::Server) {
            if (const ServerProfile *profile = m_document.session().server(t.profileId))
                createServerTab(*profile);
            continue;
        }
        const ConnectionProfile *profile = m_document.session().connection(t.profileId);
        if (!profile)
            continue;
        ConnectionProfile copy = *profile;
        copy.builtInEcho
            = copy.builtInEcho || t.builtInEcho; // workspaces kept it before sessions did
        createConnectionTab(copy)->restoreFrom(t);
    }
    if (w.currentTab >= 0 && w.currentTab < m_tabs->count())
        m_tabs->setCurrentIndex(w.currentTab);
    restoreGeometry(w.windowGeometry);
    restoreState(w.windowState);
    m_document.setModified(w.sessionModified);
    const QString note = QString(restored.message + u' ' + missing).trimmed();
    if (!note.isEmpty())
        statusBar()->showMessage(note, kStatusTimeoutMs * 2);
    // Written at once, marked as a run in progress, so a crash is recognised next time.
    m_keeper.save(false);
}

} // namespace Sockscope
