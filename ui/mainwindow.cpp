#include "mainwindow.h"

#include "connection/connectiontab.h"
#include "log/importedlogtab.h"
#include "log/logimport.h"
#include "log/logpane.h"
#include "server/mockserver.h"
#include "server/servertab.h"
#include "version.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

namespace Sockscope {

namespace {
constexpr int kStatusTimeoutMs = 8000;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_echoStatus(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Sockscope"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Connections"));
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    setCentralWidget(m_tabs);
    setAcceptDrops(true);

    m_echoStatus->setAccessibleName(tr("Built-in echo server"));
    statusBar()->addPermanentWidget(m_echoStatus);
    createActions();
    resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
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
    QAction *open = file->addAction(tr("&Open log…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a HAR or JSON Lines log to inspect it offline"));
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
    newConnectionTab(url);
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
    auto *tab = new ConnectionTab(m_tabs);
    if (!url.isEmpty())
        tab->setUrl(url);
    addTab(tab, tab->title());
    connect(tab, &ConnectionTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        m_tabs->setTabText(at, title);
        nameTabCloseButton(at);
    });
    connect(tab, &ConnectionTab::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusTimeoutMs);
    });
    tab->focusComposer();
    return tab;
}

ServerTab *MainWindow::newServerTab()
{
    auto *tab = new ServerTab(m_tabs);
    addTab(tab, tab->title());
    connect(tab, &ServerTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        m_tabs->setTabText(at, title);
        nameTabCloseButton(at);
    });
    connect(tab, &ServerTab::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusTimeoutMs);
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
        if (!openFile(path, &error))
            errors << error;
    }
    if (errors.isEmpty())
        return;
    // Not modal-blocking: the app keeps working while the message is up.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Open log"), errors.join(u'\n'),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    statusBar()->showMessage(errors.first(), kStatusTimeoutMs);
}

void MainWindow::showOpenDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open log"), QString(),
        tr("WebSocket logs (*.har *.jsonl);;HAR (*.har);;JSON Lines (*.jsonl);;All files (*)"));
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
    m_tabs->removeTab(index);
    delete tab; // its Connection aborts the socket
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

} // namespace Sockscope
