#include "mainmenus.h"

#include "common/theme.h"
#include "connection/connectiontab.h"
#include "connection/messagecomposer.h"
#include "lab/labtab.h"
#include "log/importedlogtab.h"
#include "log/logpane.h"
#include "mainwindow.h"
#include "scenario/scenariotab.h"
#include "server/servertab.h"
#include "session/sessiondocument.h"
#include "version.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>
#include <QToolBar>

namespace Sockscope::MainMenus {

namespace {
// The menus speak for the window: the same translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::MainWindow)
};

// The log a tab shows: a connection's, the client's a server tab shows, an imported one.
LogPane *logPaneOf(QWidget *tab)
{
    if (auto *connection = qobject_cast<ConnectionTab *>(tab))
        return connection->logPane();
    if (auto *server = qobject_cast<ServerTab *>(tab))
        return server->currentLogPane();
    if (auto *imported = qobject_cast<ImportedLogTab *>(tab))
        return imported->logPane();
    if (auto *lab = qobject_cast<LabTab *>(tab))
        return lab->logPane();
    if (auto *scenario = qobject_cast<ScenarioTab *>(tab))
        return scenario->logPane();
    return nullptr;
}

void showAbout(MainWindow *window)
{
    QMessageBox::about(window, Tr::tr("About Sockscope"),
                       Tr::tr("<h3>Sockscope %1</h3>"
                              "<p>A desktop WebSocket inspector and mock server.</p>"
                              "<p>Released under the MIT licence. <a href=\"%4\">%4</a></p>"
                              "<p>Built with Qt %2, running on Qt %3.</p>")
                           .arg(QStringLiteral(SOCKSCOPE_VERSION), QStringLiteral(QT_VERSION_STR),
                                QString::fromLatin1(qVersion()),
                                QStringLiteral(SOCKSCOPE_HOMEPAGE)));
}
} // namespace

QList<std::pair<QString, QString>> shortcuts(const MainWindow *window)
{
    QList<std::pair<QString, QString>> list;
    const QList<QAction *> actions = window->findChildren<QAction *>();
    for (const QAction *action : actions) {
        if (action->shortcut().isEmpty())
            continue;
        const QString keys = action->shortcut().toString(QKeySequence::NativeText);
        const std::pair<QString, QString> entry {keys, QString(action->text()).remove(u'&')};
        if (!list.contains(entry))
            list << entry;
    }
    return list;
}

namespace {
QString shortcutTable(const MainWindow *window)
{
    QString rows;
    for (const auto &[keys, what] : shortcuts(window)) {
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    }
    return QStringLiteral("<table>%1</table><p>%2</p>")
        .arg(rows,
             Tr::tr("In the composer: Ctrl+Enter sends; Up and Down in an empty composer step "
                    "through what was sent. In the log: Ctrl+C copies the selected "
                    "rows. In the sidebar: F2 renames."));
}
} // namespace

void addTo(MainWindow *window)
{
    QMenu *file = window->menuBar()->addMenu(Tr::tr("&File"));
    file->addAction(Tr::tr("New sessio&n"), window, &MainWindow::newSession);
    QAction *open = file->addAction(Tr::tr("&Open…"), window, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(Tr::tr("Open a session, or a HAR or JSON Lines log to inspect offline"));
    QMenu *recentMenu = file->addMenu(Tr::tr("Open &recent"));
    QObject::connect(recentMenu, &QMenu::aboutToShow, window, [window, recentMenu] {
        recentMenu->clear();
        const QStringList recent = SessionDocument::recentFiles();
        for (const QString &path : recent) {
            recentMenu->addAction(QDir::toNativeSeparators(path), window, [window, path] {
                QString error;
                if (!window->openSession(path, &error) && !error.isEmpty())
                    window->showError(Tr::tr("Open session"), error);
            });
        }
        if (recent.isEmpty())
            recentMenu->addAction(Tr::tr("No recent sessions"))->setEnabled(false);
    });
    QAction *saveAction = file->addAction(Tr::tr("&Save session"), window, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    QAction *saveAs
        = file->addAction(Tr::tr("Save session &as…"), window, &MainWindow::showSaveAsDialog);
    saveAs->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    file->addSeparator();
    QAction *newTab = file->addAction(Tr::tr("&New connection"), window,
                                      [window] { window->newConnectionTab(); });
    newTab->setShortcut(Qt::CTRL | Qt::Key_T);
    newTab->setToolTip(Tr::tr("Open a new connection tab (%1)")
                           .arg(newTab->shortcut().toString(QKeySequence::NativeText)));
    QAction *newServer
        = file->addAction(Tr::tr("New &server"), window, [window] { window->newServerTab(); });
    newServer->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_T);
    newServer->setToolTip(Tr::tr("Open a mock server tab (%1)")
                              .arg(newServer->shortcut().toString(QKeySequence::NativeText)));
    QAction *closeTabAction = file->addAction(Tr::tr("&Close tab"), window, [window] {
        window->closeTab(window->tabs()->currentIndex());
    });
    // Ctrl+W everywhere, plus the platform's own close keys (Ctrl+F4 on Windows). On X11
    // those already hold Ctrl+W, and one key twice on an action is an ambiguous shortcut that
    // Qt ignores: each key goes in once.
    QList<QKeySequence> closeKeys {QKeySequence(Qt::CTRL | Qt::Key_W)};
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::Close)) {
        if (!closeKeys.contains(key))
            closeKeys << key;
    }
    closeTabAction->setShortcuts(closeKeys);
    file->addSeparator();
    QAction *quit = file->addAction(Tr::tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *connection = window->menuBar()->addMenu(Tr::tr("&Connection"));
    QAction *newLab
        = connection->addAction(Tr::tr("New &lab tab"), window, [window] { window->newLabTab(); });
    newLab->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_L);
    newLab->setToolTip(Tr::tr("Open a lab tab, which speaks RFC 6455 itself and sends any "
                              "frame (%1)")
                           .arg(newLab->shortcut().toString(QKeySequence::NativeText)));
    QAction *newScenario = connection->addAction(Tr::tr("New s&cenario"), window,
                                                 [window] { window->newScenarioTab(); });
    newScenario->setToolTip(Tr::tr("Open a scenario tab: steps that connect, send and expect, "
                                   "run here or by `sockscope run` in CI"));
    connection->addSeparator();
    // A lab tab takes the two actions it has too: Connect and Send (its frame).
    const auto onTab
        = [window](void (ConnectionTab::*slot)(), void (LabTab::*labSlot)() = nullptr) {
              return [window, slot, labSlot] {
                  if (ConnectionTab *tab = window->currentConnectionTab())
                      (tab->*slot)();
                  else if (auto *lab = qobject_cast<LabTab *>(window->tabs()->currentWidget());
                           lab && labSlot)
                      (lab->*labSlot)();
              };
          };
    QAction *toggle
        = connection->addAction(Tr::tr("Connect / &Disconnect"), window,
                                onTab(&ConnectionTab::toggleConnection, &LabTab::toggleConnection));
    toggle->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_Return);
    QAction *send = connection->addAction(Tr::tr("&Send message"), window,
                                          onTab(&ConnectionTab::send, &LabTab::sendFrame));
    send->setShortcut(Qt::CTRL | Qt::Key_Return);
    QAction *ping = connection->addAction(Tr::tr("&Ping"), window, onTab(&ConnectionTab::sendPing));
    ping->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_P);
    connection->addAction(Tr::tr("&Close with code"), window,
                          onTab(&ConnectionTab::closeWithChosenCode));
    connection->addSeparator();
    QAction *keep = connection->addAction(Tr::tr("&Keep message after Send"));
    keep->setCheckable(true);
    keep->setChecked(MessageComposer::keepsMessageAfterSend());
    QObject::connect(keep, &QAction::toggled, &MessageComposer::setKeepsMessageAfterSend);
    QAction *asTyped = connection->addAction(Tr::tr("Send JSON as &typed"));
    asTyped->setCheckable(true);
    asTyped->setChecked(MessageComposer::jsonSpacing() == ComposerInput::JsonSpacing::AsTyped);
    asTyped->setToolTip(Tr::tr("Off: JSON goes out without the spaces and line breaks between "
                               "its values, however Prettify shows it"));
    QObject::connect(asTyped, &QAction::toggled, [](bool on) {
        MessageComposer::setJsonSpacing(on ? ComposerInput::JsonSpacing::AsTyped
                                           : ComposerInput::JsonSpacing::Compact);
    });
    QAction *prettify = connection->addAction(Tr::tr("P&rettify JSON"), window,
                                              onTab(&ConnectionTab::prettifyComposer));
    prettify->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_F);

    QMenu *view = window->menuBar()->addMenu(Tr::tr("&View"));
    QAction *sidebar = window->sidebarDock()->toggleViewAction();
    sidebar->setText(Tr::tr("&Session sidebar"));
    sidebar->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_B);
    view->addAction(sidebar);
    QMenu *theme = view->addMenu(Tr::tr("&Theme"));
    auto *themes = new QActionGroup(theme);
    for (Theme::Choice choice :
         {Theme::Choice::System, Theme::Choice::Light, Theme::Choice::Dark}) {
        QAction *action = theme->addAction(Theme::displayName(choice), window, [choice] {
            Theme::apply(choice);
            Theme::store(choice);
        });
        action->setCheckable(true);
        action->setChecked(choice == Theme::current());
        themes->addAction(action);
    }

    // The log the current tab shows: a connection's, a server client's, an imported one.
    QMenu *log = window->menuBar()->addMenu(Tr::tr("&Log"));
    const auto onLog = [window](auto action) {
        return [window, action] {
            if (LogPane *pane = logPaneOf(window->tabs()->currentWidget()))
                action(pane);
        };
    };
    QAction *find = log->addAction(Tr::tr("&Find in log"), window,
                                   onLog([](LogPane *pane) { pane->focusFilter(); }));
    find->setShortcut(QKeySequence::Find);
    log->addSeparator();
    QAction *pause = log->addAction(Tr::tr("&Pause capture"));
    pause->setCheckable(true);
    QObject::connect(pause, &QAction::triggered, window, [window](bool on) {
        if (LogPane *pane = logPaneOf(window->tabs()->currentWidget()))
            pane->setCapturePaused(on);
    });
    QAction *follow = log->addAction(Tr::tr("F&ollow tail"));
    follow->setCheckable(true);
    QObject::connect(follow, &QAction::triggered, window, [window](bool on) {
        if (LogPane *pane = logPaneOf(window->tabs()->currentWidget()))
            pane->setFollowTail(on);
    });
    QAction *inspector = log->addAction(Tr::tr("Frame &inspector"));
    inspector->setCheckable(true);
    inspector->setShortcut(Qt::CTRL | Qt::Key_I);
    // Ctrl+I toggles what the pane shows now (it may have been dragged shut meanwhile).
    QObject::connect(inspector, &QAction::triggered, window, [window, inspector] {
        if (LogPane *pane = logPaneOf(window->tabs()->currentWidget())) {
            pane->setInspectorShown(!pane->isInspectorShown());
            inspector->setChecked(pane->isInspectorShown());
        }
    });
    log->addSeparator();
    QAction *clear
        = log->addAction(Tr::tr("&Clear log"), window, onLog([](LogPane *pane) { pane->clear(); }));
    QAction *exportLog = log->addAction(Tr::tr("&Export log…"), window,
                                        onLog([](LogPane *pane) { pane->exportLog(); }));
    log->addSeparator();
    QAction *asScenario
        = log->addAction(Tr::tr("Save as sc&enario…"), window,
                         onLog([window](LogPane *pane) { window->saveLogAsScenario(pane); }));
    asScenario->setToolTip(Tr::tr("The log's connection as a scenario: what was sent becomes "
                                  "send steps, what came back expect steps"));
    QAction *asMock
        = log->addAction(Tr::tr("Save as &mock server"), window,
                         onLog([window](LogPane *pane) { window->saveLogAsMockServer(pane); }));
    asMock->setToolTip(Tr::tr("A server of the session that answers as the log's server did, "
                              "with its timing"));
    // The menu says what the shown log's own buttons say, and offers only what that log can do.
    QObject::connect(log, &QMenu::aboutToShow, window, [=] {
        LogPane *pane = logPaneOf(window->tabs()->currentWidget());
        for (QAction *action : {find, follow, inspector, exportLog, asScenario, asMock})
            action->setEnabled(pane);
        inspector->setChecked(pane && pane->isInspectorShown());
        pause->setEnabled(pane && !pane->isReadOnly());
        clear->setEnabled(pane && !pane->isReadOnly());
        pause->setChecked(pane && pane->isCapturePaused());
        follow->setChecked(pane && pane->followsTail());
    });
    // Their keys work whatever the menu last showed (with no log they do nothing).
    QObject::connect(log, &QMenu::aboutToHide, window, [find, inspector] {
        find->setEnabled(true);
        inspector->setEnabled(true);
    });

    QMenu *help = window->menuBar()->addMenu(Tr::tr("&Help"));
    help->addAction(Tr::tr("&Keyboard shortcuts"), window, [window] {
        QMessageBox box(QMessageBox::NoIcon, Tr::tr("Keyboard shortcuts"), shortcutTable(window),
                        QMessageBox::Close, window);
        box.setTextFormat(Qt::RichText);
        box.exec();
    });
    help->addAction(Tr::tr("&Documentation"), window, [] {
        QDesktopServices::openUrl(QUrl(QStringLiteral(SOCKSCOPE_HOMEPAGE "#readme")));
    });
    help->addSeparator();
    QAction *about
        = help->addAction(Tr::tr("&About Sockscope"), window, [window] { showAbout(window); });
    about->setMenuRole(QAction::AboutRole);
    help->addAction(Tr::tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);

    QToolBar *toolBar = window->addToolBar(Tr::tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(newTab);
    if (QWidget *button = toolBar->widgetForAction(newTab))
        button->setAccessibleName(Tr::tr("New connection"));
    toolBar->addAction(newServer);
    if (QWidget *button = toolBar->widgetForAction(newServer))
        button->setAccessibleName(Tr::tr("New server"));
}

} // namespace Sockscope::MainMenus
