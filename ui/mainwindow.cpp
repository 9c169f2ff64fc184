#include "mainwindow.h"

#include "common/accessibility.h"
#include "common/namedwidgets.h"

#include "connection/connectiontab.h"
#include "lab/labtab.h"
#include "log/importedlogtab.h"
#include "log/logimport.h"
#include "log/logpane.h"
#include "mainmenus.h"
#include "server/mockserver.h"
#include "server/servertab.h"
#include "session/sessionfile.h"

#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>

namespace Sockscope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_echoStatus(new QLabel(this))
    , m_sidebar(new SessionSidebar(this))
    , m_sidebarDock(new QDockWidget(tr("Session"), this))
{
    installAccessibleInterfaces();
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    namedTabs(m_tabs, tr("Open tabs"));
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
    // A message belongs to the tab it came from; with no tab, the bar says how to make one.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index >= 0)
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(
                tr("No tabs open: Ctrl+T for a connection, Ctrl+Shift+T for a server"));
    });
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &MainWindow::scheduleAutosave);

    MainMenus::addTo(this);
    // The first size fits the screen it opens on, at any scale (1100×720 is 1650×1080 pixels
    // at 150 %, taller than a 720p screen).
    resize(QSize(1100, 720).boundedTo(screen()->availableGeometry().size()));
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
        m_tabs->setTabToolTip(m_tabs->indexOf(tab), tab->tabToolTip()); // the host or port
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
    connect(tab, &ServerTab::openConnectionRequested, this,
            [this](const QString &url) { newConnectionTab(url); });
    return tab;
}

LabTab *MainWindow::newLabTab(const QString &url)
{
    LabProfile profile;
    profile.id = Session::newId();
    profile.url = url;
    int secrets = 0;
    if (const ConnectionTab *current = currentConnectionTab(); current && url.isEmpty()) {
        const ConnectionProfile from = current->profile();
        profile.url = from.url;
        profile.handshakeOptions = LabHandshakeOptions::from(from.options, &secrets);
    }
    LabTab *tab = createLabTab(profile);
    m_document.addLab(tab->profile());
    if (secrets > 0)
        statusBar()->showMessage(
            secrets == 1 ? tr("The lab tab's request leaves out the connection tab's secret "
                              "header; type it into the handshake to send it.")
                         : tr("The lab tab's request leaves out the connection tab's %1 "
                              "secret headers; type them into the handshake to send them.")
                               .arg(secrets),
            kStatusTimeoutMs);
    return tab;
}

LabTab *MainWindow::createLabTab(const LabProfile &profile)
{
    auto *tab = new LabTab(m_tabs);
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

} // namespace Sockscope
