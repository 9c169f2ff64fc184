// The main window as a user drives it, offscreen: the first-launch tab, typing, clicking,
// Ctrl+Enter, the inspector, and a second independent tab.

#include "common/statuscolors.h"
#include "connection/connectionoptionspanel.h"
#include "connection/connectiontab.h"
#include "connection/messagecomposer.h"
#include "connection/rttchart.h"
#include "lab/labtab.h"
#include "log/filteredlogmodel.h"
#include "log/importedlogtab.h"
#include "log/logpane.h"
#include "log/messagelogview.h"
#include "mainmenus.h"
#include "mainwindow.h"
#include "server/behavioureditor.h"
#include "server/servertab.h"
#include "server/threadedmockserver.h"
#include "testsupport.h"
#include "widgetsupport.h"

#include <QAbstractItemModelTester>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Sockscope;
using namespace TestSupport;

namespace {
// Every control a user can reach by keyboard or mouse that does not say what it is.
QStringList unnamedControlsIn(QWidget *window)
{
    QStringList unnamed;
    const QList<QWidget *> widgets = window->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        const bool interactive = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
            || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QComboBox *>(w)
            || qobject_cast<QAbstractItemView *>(w) || qobject_cast<QAbstractSpinBox *>(w);
        // A spin box's own line edit is part of the spin box for assistive technology.
        if (!interactive || !w->isVisibleTo(window)
            || qobject_cast<QAbstractSpinBox *>(w->parentWidget()))
            continue;
        if (accessibleNameOf(w).trimmed().isEmpty())
            unnamed << QString::fromLatin1(w->metaObject()->className());
    }
    return unnamed;
}
} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noShortcutIsTakenTwice();
    void firstLaunchTabTalksToEchoServer();
    void secondTabRunsIndependently();
    void invalidUrlShowsMessageAtTheField();
    void closeWithChosenCode();
    void everyControlHasAnAccessibleName();
    void ctrlWClosesTab();
    void ctrlFFindsInTheLog();
    void logMenuActsOnTheShownLog();
    void helpListsEveryShortcut();
    void statusBarStaysTrue();
    void openingLogsAddsReadOnlyTabs();
    void droppingAFileOpensIt();
    void optionsReachTheServer();
    void historyAndPingPayload();
    void keepsTheMessageAfterSend();
    void loggedMessageGoesToTheComposer();
    void optionPagesRoundTripAndAreNamed();
    void composerModesCheckBeforeSending();
    void reconnectCountdownCanBeCancelled();
    void fitsAHalfScreenTile();
    void tabOrderFollowsTheLayout();
};

void tst_MainWindow::initTestCase()
{
    // Settings (theme, Keep message after Send) stay out of the user's configuration.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_MainWindow::firstLaunchTabTalksToEchoServer()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.tabs()->count(), 1);
    ConnectionTab *tab = window.currentConnectionTab();
    QAbstractItemModelTester tester(tab->log(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    auto *url = byName<QLineEdit>(tab, QStringLiteral("Server URL"));
    QVERIFY(url);
    QCOMPARE(url->text(), window.echoServerUrl().toString());
    QVERIFY(url->text().startsWith(QStringLiteral("ws://127.0.0.1:")));

    auto *connectButton = byName<QPushButton>(tab, QStringLiteral("Connect"));
    QVERIFY(connectButton);
    QTest::mouseClick(connectButton, Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QCOMPARE(connectButton->text(), QStringLiteral("Disconnect"));
    auto *state = byName<QLabel>(tab, QStringLiteral("Connection state"));
    QVERIFY(state);
    QVERIFY2(state->text().contains(QStringLiteral("Open")), qPrintable(state->text()));

    auto *composer = byName<QPlainTextEdit>(tab, QStringLiteral("Message composer"));
    QVERIFY(composer);
    QTest::keyClicks(composer, QStringLiteral("hello echo"));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    // Sent, and kept to edit and send again (Keep message after Send is on by default).
    QCOMPARE(composer->toPlainText(), QStringLiteral("hello echo"));

    auto *logView = byName<QTableView>(tab, QStringLiteral("Message log"));
    QVERIFY(logView);
    QAbstractItemModel *log = logView->model();
    QTRY_VERIFY(findRow(log, Direction::Received, EventType::Text) >= 0);
    const QStringList lines = logLines(log);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines[0].startsWith(QStringLiteral("Event | connecting")), qPrintable(lines[0]));
    QCOMPARE(lines[1], QStringLiteral("Event | open |  | Opened (no subprotocol)"));
    QCOMPARE(lines[2], QStringLiteral("Sent | text | 10 B | hello echo"));
    QCOMPARE(lines[3], QStringLiteral("Received | text | 10 B | hello echo"));

    // The Send button works too, and so does an empty composer refusing to send.
    composer->clear();
    QTest::keyClicks(composer, QStringLiteral("second"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Send")), Qt::LeftButton);
    QTRY_COMPARE(log->rowCount(), 6);
    composer->clear();
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Send")), Qt::LeftButton);
    tab->log()->flush(); // a sent message is queued as it goes: a flush would show it
    QCOMPARE(tab->log()->rowCount(), 6);

    // Selecting the echoed row shows its payload in the inspector.
    QVERIFY(byName<QWidget>(&window, QStringLiteral("Frame inspector")));
    auto *inspector = byName<QPlainTextEdit>(&window, QStringLiteral("Payload as text"));
    QVERIFY(inspector);
    const QRect rowRect = logView->visualRect(log->index(3, LogColumn::Preview));
    QTest::mouseClick(logView->viewport(), Qt::LeftButton, {}, rowRect.center());
    QCOMPARE(logView->currentIndex().row(), 3);
    QCOMPARE(inspector->toPlainText(), QStringLiteral("hello echo"));

    // Resending the echoed row sends it again, and the echo comes back.
    tab->logPane()->resendCurrent();
    QTRY_COMPARE(log->rowCount(), 8);
    QCOMPARE(logLines(log).at(6), QStringLiteral("Sent | text | 10 B | hello echo"));
    QCOMPARE(logLines(log).at(7), QStringLiteral("Received | text | 10 B | hello echo"));
}

void tst_MainWindow::secondTabRunsIndependently()
{
    // Another endpoint, not the echo server: it answers every message with "ack".
    QWebSocketServer other(QStringLiteral("other"), QWebSocketServer::NonSecureMode);
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    connect(&other, &QWebSocketServer::newConnection, this, [&other] {
        QWebSocket *socket = other.nextPendingConnection();
        connect(socket, &QWebSocket::textMessageReceived, socket,
                [socket](const QString &) { socket->sendTextMessage(QStringLiteral("ack")); });
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    });

    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *first = window.currentConnectionTab();
    QTest::mouseClick(byName<QPushButton>(first, QStringLiteral("Connect")), Qt::LeftButton);
    QTRY_COMPARE(first->connection()->state(), Connection::State::Open);

    // Ctrl+T opens a second tab, through the real shortcut.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.tabs()->count(), 2);
    ConnectionTab *second = window.currentConnectionTab();
    QVERIFY(second != first);
    QAbstractItemModelTester tester(second->log(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *url = byName<QLineEdit>(second, QStringLiteral("Server URL"));
    QVERIFY(url->text().isEmpty());
    QTest::keyClicks(url, QStringLiteral("ws://127.0.0.1:%1/two").arg(other.serverPort()));
    QTest::keyClick(url, Qt::Key_Return); // Enter in the URL field connects
    QTRY_COMPARE(second->connection()->state(), Connection::State::Open);
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("127.0.0.1:%1").arg(other.serverPort()));

    QString error;
    QVERIFY(second->connection()->sendText(QStringLiteral("to other"), &error));
    QVERIFY(first->connection()->sendText(QStringLiteral("to echo"), &error));
    QTRY_VERIFY(findRow(second->log(), Direction::Received, EventType::Text) >= 0);
    QTRY_VERIFY(findRow(first->log(), Direction::Received, EventType::Text) >= 0);
    QCOMPARE(cell(second->log(), findRow(second->log(), Direction::Received, EventType::Text),
                  LogColumn::Preview),
             QStringLiteral("ack"));
    QCOMPARE(cell(first->log(), findRow(first->log(), Direction::Received, EventType::Text),
                  LogColumn::Preview),
             QStringLiteral("to echo"));

    // Disconnecting the second tab leaves the first one open. Its button is named for what it
    // does now, as a screen reader hears it.
    auto *disconnect = byName<QPushButton>(second, QStringLiteral("Disconnect"));
    QVERIFY(disconnect);
    QCOMPARE(disconnect->text(), QStringLiteral("Disconnect"));
    QVERIFY(!byName<QPushButton>(second, QStringLiteral("Connect")));
    QTest::mouseClick(disconnect, Qt::LeftButton);
    QTRY_COMPARE(second->connection()->state(), Connection::State::Closed);
    QCOMPARE(first->connection()->state(), Connection::State::Open);
}

void tst_MainWindow::invalidUrlShowsMessageAtTheField()
{
    MainWindow window;
    ConnectionTab *tab = window.newConnectionTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *url = byName<QLineEdit>(tab, QStringLiteral("Server URL"));
    QTest::keyClicks(url, QStringLiteral("http://example.com/socket"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Connect")), Qt::LeftButton);
    auto *error = byName<QLabel>(tab, QStringLiteral("URL error"));
    QVERIFY(error);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("use ws://")), qPrintable(error->text()));
    QCOMPARE(tab->connection()->state(), Connection::State::Closed);
    tab->log()->flush();
    QCOMPARE(tab->log()->rowCount(), 0);

    // Editing the URL clears the message.
    QTest::keyClick(url, Qt::Key_Backspace);
    QVERIFY(!error->isVisible());
}

void tst_MainWindow::closeWithChosenCode()
{
    QWebSocketServer server(QStringLiteral("closer"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QWebSocket *peer = nullptr;
    connect(&server, &QWebSocketServer::newConnection, this,
            [&] { peer = server.nextPendingConnection(); });

    MainWindow window;
    ConnectionTab *tab
        = window.newConnectionTab(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Connect")), Qt::LeftButton);
    QTRY_VERIFY(peer);
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QSignalSpy peerGone(peer, &QWebSocket::disconnected);

    auto *code = byName<QComboBox>(tab, QStringLiteral("Close code"));
    QVERIFY(code);
    code->setCurrentIndex(code->findData(1008));
    QCOMPARE(code->currentText(), QStringLiteral("1008 Policy Violation"));
    QTest::keyClicks(byName<QLineEdit>(tab, QStringLiteral("Close reason")),
                     QStringLiteral("not allowed"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Close with code")), Qt::LeftButton);
    QTRY_COMPARE(peerGone.size(), 1);
    QCOMPARE(int(peer->closeCode()), 1008);
    QCOMPARE(peer->closeReason(), QStringLiteral("not allowed"));
    QTRY_VERIFY(findRow(tab->log(), Direction::Sent, EventType::Close) >= 0);
    delete peer;
}

void tst_MainWindow::everyControlHasAnAccessibleName()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.newConnectionTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    for (const char *name :
         {"Server URL", "Connect", "Message composer", "Send", "Message log", "Frame inspector"}) {
        QVERIFY2(byName<QWidget>(window.currentConnectionTab(), QString::fromLatin1(name)), name);
    }
    QVERIFY(byName<QToolButton>(&window, QStringLiteral("New connection")));

    // Every control a user can reach by keyboard or mouse says what it is: in a connection
    // tab, and in a server tab (both of its pages).
    const auto unnamedControls = [&window] {
        return unnamedControlsIn(&window);
    };
    QVERIFY2(unnamedControls().isEmpty(), qPrintable(unnamedControls().join(QStringLiteral(", "))));
    ServerTab *server = window.newServerTab();
    QVERIFY2(unnamedControls().isEmpty(), qPrintable(unnamedControls().join(QStringLiteral(", "))));
    server->behaviour()->setRules(RuleSet::fixedReply(QStringLiteral("x")));
    auto *pages = byName<QTabWidget>(server, QStringLiteral("Server pages"));
    QVERIFY(pages);
    pages->setCurrentIndex(1);
    QVERIFY2(unnamedControls().isEmpty(), qPrintable(unnamedControls().join(QStringLiteral(", "))));
    // A lab tab, its log page and its conformance page.
    LabTab *lab = window.newLabTab(QStringLiteral("ws://127.0.0.1:9/"));
    QVERIFY2(unnamedControls().isEmpty(), qPrintable(unnamedControls().join(QStringLiteral(", "))));
    auto *views = byName<QTabWidget>(lab, QStringLiteral("Lab views"));
    QVERIFY(views);
    views->setCurrentIndex(1);
    QVERIFY2(unnamedControls().isEmpty(), qPrintable(unnamedControls().join(QStringLiteral(", "))));
}

void tst_MainWindow::ctrlWClosesTab()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.newConnectionTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.tabs()->count(), 2);
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(window.tabs()->count(), 1);
}

void tst_MainWindow::ctrlFFindsInTheLog()
{
    // Ctrl+F puts the cursor in the shown log's filter, in a connection tab and a server tab.
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *filter = byName<QLineEdit>(window.tabs()->currentWidget(), QStringLiteral("Log filter"));
    filter->setText(QStringLiteral("earlier"));
    QVERIFY(!filter->hasFocus());
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(filter->hasFocus());
    QCOMPARE(filter->selectedText(), QStringLiteral("earlier")); // typing replaces it
    ServerTab *server = window.newServerTab();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(server->currentLogPane()->isAncestorOf(QApplication::focusWidget()));
    QCOMPARE(QApplication::focusWidget()->accessibleName(), QStringLiteral("Log filter"));
}

namespace {
QAction *menuAction(MainWindow &window, const QString &menu, const QString &item)
{
    for (QAction *top : window.menuBar()->actions()) {
        if (top->text().remove(u'&') != menu)
            continue;
        for (QAction *action : top->menu()->actions()) {
            if (action->text().remove(u'&') == item)
                return action;
        }
    }
    return nullptr;
}
} // namespace

void tst_MainWindow::logMenuActsOnTheShownLog()
{
    // Log > Pause capture, Follow tail, Clear log act on the log the current tab shows, and
    // the menu shows that log's state; a read-only log offers no pause and no clear.
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    ConnectionTab *tab = window.currentConnectionTab();
    QMenu *log = nullptr;
    for (QAction *top : window.menuBar()->actions()) {
        if (top->text().remove(u'&') == QStringLiteral("Log"))
            log = top->menu();
    }
    QVERIFY(log);
    QAction *pause = menuAction(window, QStringLiteral("Log"), QStringLiteral("Pause capture"));
    QAction *follow = menuAction(window, QStringLiteral("Log"), QStringLiteral("Follow tail"));
    QAction *clear = menuAction(window, QStringLiteral("Log"), QStringLiteral("Clear log"));
    QVERIFY(pause && follow && clear
            && menuAction(window, QStringLiteral("Log"), QStringLiteral("Export log…")));
    emit log->aboutToShow();
    QVERIFY(!pause->isChecked());
    QVERIFY(follow->isChecked());
    pause->trigger();
    QVERIFY(tab->log()->isCapturePaused());
    QVERIFY(tab->logPane()->isCapturePaused()); // the footer's box says so too
    follow->trigger();
    QVERIFY(!tab->logPane()->followsTail());
    tab->log()->appendText(Direction::Received, QStringLiteral("kept"));
    pause->trigger(); // resumes
    tab->log()->flush();
    QVERIFY(tab->log()->rowCount() > 0);
    clear->trigger();
    QCOMPARE(tab->log()->rowCount(), 0);
    emit log->aboutToShow();
    QVERIFY(!pause->isChecked() && !follow->isChecked());

    // An imported log: no pause, no clear.
    window.openFiles({QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/devtools-trading.har")});
    window.tabs()->setCurrentIndex(window.tabs()->count() - 1);
    QVERIFY(qobject_cast<ImportedLogTab *>(window.tabs()->currentWidget()));
    emit log->aboutToShow();
    QVERIFY(!pause->isEnabled());
    QVERIFY(!clear->isEnabled());
    emit log->aboutToHide();

    // With no tab the menu offers nothing, and once it closes its keys work again.
    while (window.tabs()->count() > 0)
        window.closeTab(0);
    emit log->aboutToShow();
    QAction *find = menuAction(window, QStringLiteral("Log"), QStringLiteral("Find in log"));
    QVERIFY(!find->isEnabled());
    emit log->aboutToHide();
    QVERIFY(find->isEnabled());
}

void tst_MainWindow::helpListsEveryShortcut()
{
    // Help > Keyboard shortcuts lists what the actions hold, read from them.
    MainWindow window;
    const auto list = MainMenus::shortcuts(&window);
    const auto has = [&](const QString &keys, const QString &what) {
        return list.contains({QKeySequence(keys).toString(QKeySequence::NativeText), what});
    };
    QVERIFY(has(QStringLiteral("Ctrl+T"), QStringLiteral("New connection")));
    QVERIFY(has(QStringLiteral("Ctrl+F"), QStringLiteral("Find in log")));
    QVERIFY(has(QStringLiteral("Ctrl+Shift+F"), QStringLiteral("Prettify JSON")));
    QVERIFY(has(QStringLiteral("Ctrl+W"), QStringLiteral("Close tab")));
    QVERIFY(menuAction(window, QStringLiteral("Help"), QStringLiteral("Keyboard shortcuts")));
    QVERIFY(menuAction(window, QStringLiteral("Help"), QStringLiteral("Documentation")));
}

void tst_MainWindow::statusBarStaysTrue()
{
    // What the status bar says is about now: "Click Connect" goes once connected, a JSON
    // mistake goes once the fixed message is sent, and with no tab it says how to make one.
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStatusBar *bar = window.statusBar();
    QVERIFY(bar->currentMessage().contains(QStringLiteral("Click Connect")));
    ConnectionTab *tab = window.currentConnectionTab();
    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QCOMPARE(bar->currentMessage(),
             QStringLiteral("Connected to %1").arg(window.echoServerUrl().toString()));
    // The state's dot is coloured for the palette it is shown on, dark or light.
    auto *state = byName<QLabel>(tab, QStringLiteral("Connection state"));
    const auto success = [](const QPalette &palette) {
        return StatusColors::text(StatusColors::Kind::Success, palette).name();
    };
    QVERIFY2(state->text().contains(success(tab->palette())), qPrintable(state->text()));
    QPalette dark = tab->palette();
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    QVERIFY(success(dark) != success(tab->palette()));
    tab->setPalette(dark);
    QTRY_VERIFY2(state->text().contains(success(dark)), qPrintable(state->text()));
    tab->setComposerMode(ConnectionTab::ComposerMode::Json);
    tab->setComposerText(QStringLiteral("{\"a\": }"));
    tab->send();
    QVERIFY2(bar->currentMessage().contains(QStringLiteral("JSON")),
             qPrintable(bar->currentMessage()));
    // A screen reader reads the check's message, not only its name.
    auto *check = byName<QLabel>(tab, QStringLiteral("Message check"));
    QVERIFY(!check->text().isEmpty());
    QCOMPARE(check->accessibleDescription(), check->text());
    tab->setComposerText(QStringLiteral("{\"a\": 1}"));
    tab->send();
    QCOMPARE(bar->currentMessage(), QStringLiteral("Sent 7 B")); // {"a":1}, sent compact
    tab->sendPing(); // a ping says so: "Sent 7 B" would no longer be about now
    QCOMPARE(bar->currentMessage(), QStringLiteral("Ping sent; its pong shows the round trip"));
    window.closeTab(0);
    QCOMPARE(window.tabs()->count(), 0);
    QCOMPARE(bar->currentMessage(),
             QStringLiteral("No tabs open: Ctrl+T for a connection, Ctrl+Shift+T for a server"));
}

void tst_MainWindow::openingLogsAddsReadOnlyTabs()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("broken.har"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"log\": {\"entries\": [");
    file.close();

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openFiles({QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/devtools-trading.har"), bad});
    QCOMPARE(window.tabs()->count(), 2); // two sockets from the good file
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("wss://example.test/feed?v=2 (imported)"));
    auto *imported = qobject_cast<ImportedLogTab *>(window.tabs()->widget(0));
    QVERIFY(imported);
    QCOMPARE(imported->log()->rowCount(), 4);
    QCOMPARE(logLines(imported->log()).at(3),
             QStringLiteral("Received | binary | 6 B | 00 01 02 fd fe ff"));
    // The read-only tab has no pause or clear, and the same filter and inspector.
    QVERIFY(!byName<QToolButton>(imported, QStringLiteral("Clear log"))->isVisible());
    QVERIFY(byName<QLineEdit>(imported, QStringLiteral("Log filter")));

    // The broken file is reported, by name, without blocking the window.
    auto *box = window.findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("broken.har"))
                 && box->text().contains(QStringLiteral("not valid JSON")),
             qPrintable(box->text()));
    QVERIFY(QFile::exists(bad)); // and left alone
    box->close();
}

void tst_MainWindow::droppingAFileOpensIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData mime;
    mime.setUrls(
        {QUrl::fromLocalFile(QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/devtools-trading.har"))});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.tabs()->count(), 2);
}

void tst_MainWindow::optionsReachTheServer()
{
    QWebSocketServer server(QStringLiteral("opts"), QWebSocketServer::NonSecureMode);
    server.setSupportedSubprotocols({QStringLiteral("chat")});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QWebSocket *peer = nullptr;
    connect(&server, &QWebSocketServer::newConnection, this,
            [&] { peer = server.nextPendingConnection(); });

    MainWindow window;
    ConnectionTab *tab
        = window.newConnectionTab(QStringLiteral("ws://127.0.0.1:%1/o").arg(server.serverPort()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *toggle = byName<QToolButton>(tab, QStringLiteral("Connection options"));
    QVERIFY(toggle);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(tab->optionsPanel()->isVisible());
    tab->optionsPanel()->addHeader({QStringLiteral("X-Api-Key"), QStringLiteral("k-123"), true});
    tab->optionsPanel()->addHeader({QStringLiteral("X-Off"), QStringLiteral("no"), false});
    QTest::keyClicks(byName<QLineEdit>(tab, QStringLiteral("Subprotocols")),
                     QStringLiteral("v9, chat"));
    QTest::keyClicks(byName<QLineEdit>(tab, QStringLiteral("Origin")),
                     QStringLiteral("https://app.example"));
    QVERIFY2(byName<QWidget>(tab, QStringLiteral("Headers")), "Headers");
    QVERIFY2(unnamedControlsIn(&window).isEmpty(),
             qPrintable(unnamedControlsIn(&window).join(u',')));

    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Connect")), Qt::LeftButton);
    QTRY_VERIFY(peer);
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QCOMPARE(peer->request().rawHeader("X-Api-Key"), QByteArray("k-123"));
    QVERIFY(!peer->request().hasRawHeader("X-Off"));
    QCOMPARE(peer->origin(), QStringLiteral("https://app.example"));
    QCOMPARE(tab->connection()->negotiatedSubprotocol(), QStringLiteral("chat"));
    QTRY_VERIFY(findRow(tab->log(), Direction::Lifecycle, EventType::Open) >= 0);
    QCOMPARE(cell(tab->log(), 1, LogColumn::Preview), QStringLiteral("Opened, subprotocol chat"));
    QVERIFY(!tab->optionsPanel()->isEditable()); // they apply to the next open
    delete peer;
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Closed);

    // A header name that is not a token is refused at the URL field, before connecting.
    tab->optionsPanel()->addHeader({QStringLiteral("Bad Name"), QStringLiteral("x"), true});
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Connect")), Qt::LeftButton);
    auto *error = byName<QLabel>(tab, QStringLiteral("URL error"));
    QVERIFY2(error->isVisible() && error->text().contains(QStringLiteral("is not a header name")),
             qPrintable(error->text()));
    QCOMPARE(tab->connection()->state(), Connection::State::Closed);
}

namespace {
// The first-launch tab, shown and connected to the built-in echo server (nullptr if it did not
// open).
ConnectionTab *connectedEchoTab(MainWindow &window)
{
    window.startFirstLaunchEchoServer();
    window.show();
    ConnectionTab *tab = window.currentConnectionTab();
    tab->toggleConnection();
    const bool open
        = QTest::qWaitFor([tab] { return tab->connection()->state() == Connection::State::Open; });
    return open ? tab : nullptr;
}
} // namespace

void tst_MainWindow::keepsTheMessageAfterSend()
{
    // On by default: the message stays to edit and send again, and the menu turns it off.
    MainWindow window;
    ConnectionTab *tab = connectedEchoTab(window);
    QVERIFY(tab);
    QAction *keep = menuAction(window, QStringLiteral("Connection"),
                               QStringLiteral("Keep message after Send"));
    QVERIFY(keep && keep->isChecked());
    auto *composer = byName<QPlainTextEdit>(tab, QStringLiteral("Message composer"));
    QTest::keyClicks(composer, QStringLiteral("again"));
    tab->send();
    tab->send();
    QCOMPARE(composer->toPlainText(), QStringLiteral("again"));
    QTRY_COMPARE(tab->connection()->stats().totals().messagesIn, 2); // both echoed
    keep->trigger();
    QVERIFY(!MessageComposer::keepsMessageAfterSend());
    tab->send();
    QCOMPARE(composer->toPlainText(), QString());
    keep->trigger();
    QVERIFY(MessageComposer::keepsMessageAfterSend());
}

void tst_MainWindow::loggedMessageGoesToTheComposer()
{
    // Edit in composer: a logged text message comes back as JSON when it is JSON, a binary
    // one as hex, to edit and send.
    MainWindow window;
    ConnectionTab *tab = connectedEchoTab(window);
    QVERIFY(tab);
    QVERIFY(tab->connection()->sendText(QStringLiteral("{\"a\": [1, 2]}")));
    QVERIFY(tab->connection()->sendBinary(QByteArray("\x01\xff", 2)));
    QTRY_COMPARE(tab->connection()->stats().totals().messagesIn, 2);
    tab->log()->flush();
    auto *composer = byName<QPlainTextEdit>(tab, QStringLiteral("Message composer"));
    const auto editRow = [&](EventType type) {
        const int row = findRow(tab->log(), Direction::Received, type);
        tab->logPane()->view()->setCurrentIndex(
            tab->logPane()->filteredLog()->index(row, LogColumn::Preview));
        tab->logPane()->editCurrent();
    };
    editRow(EventType::Text);
    QCOMPARE(tab->composerMode(), ConnectionTab::ComposerMode::Json);
    QCOMPARE(composer->toPlainText(), QStringLiteral("{\"a\": [1, 2]}"));
    editRow(EventType::Binary);
    QCOMPARE(tab->composerMode(), ConnectionTab::ComposerMode::Hex);
    QCOMPARE(composer->toPlainText(), QStringLiteral("01 ff"));
    tab->send();
    QTRY_COMPARE(tab->connection()->stats().totals().messagesIn, 3);
    QCOMPARE(tab->log()->payload(tab->log()->rowCount() - 1), QByteArray("\x01\xff", 2));
}

void tst_MainWindow::historyAndPingPayload()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.currentConnectionTab();
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Connect")), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    auto *composer = byName<QPlainTextEdit>(tab, QStringLiteral("Message composer"));
    // With Keep message after Send off, each send empties the composer.
    MessageComposer::setKeepsMessageAfterSend(false);
    const auto keepAgain = qScopeGuard([] { MessageComposer::setKeepsMessageAfterSend(true); });
    for (const char *text : {"first", "second", "second", "third"}) {
        QTest::keyClicks(composer, QString::fromLatin1(text));
        QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    }
    // Up and Down in the empty composer walk the history (a repeat is kept once).
    const auto step = [composer](Qt::Key key) {
        QTest::keyClick(composer, key);
        return composer->toPlainText();
    };
    QCOMPARE(step(Qt::Key_Up), QStringLiteral("third"));
    QCOMPARE(step(Qt::Key_Up), QStringLiteral("second"));
    QCOMPARE(step(Qt::Key_Up), QStringLiteral("first"));
    QCOMPARE(step(Qt::Key_Up), QStringLiteral("first"));
    QCOMPARE(step(Qt::Key_Down), QStringLiteral("second"));
    QCOMPARE(step(Qt::Key_Down), QStringLiteral("third"));
    QCOMPARE(step(Qt::Key_Down), QString());
    // In a message being written, the arrows are left to the editor.
    QTest::keyClicks(composer, QStringLiteral("draft"));
    QCOMPARE(step(Qt::Key_Up), QStringLiteral("draft"));
    composer->clear();

    // A ping with a payload comes back as a pong with it, and a round trip.
    QTest::keyClicks(byName<QLineEdit>(tab, QStringLiteral("Ping payload")),
                     QStringLiteral("rtt-1"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Ping")), Qt::LeftButton);
    MessageLogModel *log = tab->log();
    int pong = -1;
    QTRY_VERIFY((pong = findRow(log, Direction::Received, EventType::Pong)) >= 0);
    QCOMPARE(log->payload(pong), QByteArray("rtt-1"));
    QVERIFY(log->record(pong).roundTripUs >= 0);
    // Over 125 bytes is refused with a message, and nothing is sent.
    auto *payload = byName<QLineEdit>(tab, QStringLiteral("Ping payload"));
    payload->setText(QString(126, u'p'));
    QSignalSpy status(tab, &ConnectionTab::statusMessage);
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Ping")), Qt::LeftButton);
    QCOMPARE(status.size(), 1);
    QVERIFY(status[0][0].toString().contains(QStringLiteral("at most 125 bytes")));
    log->flush(); // a sent ping is queued as it goes: a flush would show it
    QCOMPARE(findRow(log, Direction::Sent, EventType::Ping, pong), -1);
}

void tst_MainWindow::optionPagesRoundTripAndAreNamed()
{
    MainWindow window;
    ConnectionTab *tab = window.newConnectionTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::mouseClick(byName<QToolButton>(tab, QStringLiteral("Connection options")),
                      Qt::LeftButton);
    ConnectionOptions o;
    o.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer x"), true},
                 {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
    o.subprotocols = {QStringLiteral("a"), QStringLiteral("b")};
    o.origin = QStringLiteral("https://o.example");
    o.handshakeTimeoutMs = 7000;
    o.maxIncomingMessageSize = 3LL << 20;
    o.maxIncomingFrameSize = 2LL << 20;
    o.outgoingFrameSize = 4 << 10;
    o.tls = {QStringLiteral("/ca.pem"), QStringLiteral("/c.p12"), QString(), QStringLiteral("pw"),
             true};
    o.proxy = {ConnectionOptions::Proxy::Type::Socks5, QStringLiteral("px"), 1080,
               QStringLiteral("u"), QStringLiteral("p")};
    o.reconnect = {true, 250, 9000, 7};
    o.keepaliveSeconds = 15;
    o.wireCapture = false; // not the default
    o.onOpen = {QStringLiteral("login"), QStringLiteral("{\"sub\": 1}")};
    tab->optionsPanel()->setOptions(o);
    QVERIFY(tab->optionsPanel()->options() == o);

    // Every page's controls are named, and the TLS warning shows while errors are ignored.
    auto *pages = byName<QTabWidget>(tab, QStringLiteral("Option pages"));
    QVERIFY(pages);
    QCOMPARE(pages->count(), 4);
    for (int page = 0; page < pages->count(); ++page) {
        pages->setCurrentIndex(page);
        QVERIFY2(unnamedControlsIn(&window).isEmpty(),
                 qPrintable(pages->tabText(page) + u": " + unnamedControlsIn(&window).join(u',')));
    }
    pages->setCurrentIndex(1);
    auto *warning = byName<QLabel>(tab, QStringLiteral("Certificate warning"));
    QVERIFY(warning->isVisible());
    byName<QCheckBox>(tab, QStringLiteral("Ignore certificate errors"))->setChecked(false);
    QVERIFY(!warning->isVisible());

    // The panel's own checks run before connecting: a proxy without a host.
    o.tls.ignoreErrors = false;
    o.proxy.host.clear();
    tab->optionsPanel()->setOptions(o);
    tab->setUrl(QStringLiteral("ws://127.0.0.1:1/"));
    tab->toggleConnection();
    auto *error = byName<QLabel>(tab, QStringLiteral("URL error"));
    QVERIFY2(error->text().contains(QStringLiteral("proxy needs a host")),
             qPrintable(error->text()));
}

void tst_MainWindow::composerModesCheckBeforeSending()
{
    // Each mode's message is typed into an empty composer.
    MessageComposer::setKeepsMessageAfterSend(false);
    const auto keepAgain = qScopeGuard([] { MessageComposer::setKeepsMessageAfterSend(true); });
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.currentConnectionTab();
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Connect")), Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    MessageLogModel *log = tab->log();
    auto *composer = byName<QPlainTextEdit>(tab, QStringLiteral("Message composer"));
    auto *check = byName<QLabel>(tab, QStringLiteral("Message check"));
    auto *mode = byName<QComboBox>(tab, QStringLiteral("Message type"));
    QVERIFY(composer && check && mode);
    const auto sentRows = [log](EventType type) {
        log->flush();
        int n = 0;
        for (int row = -1; (row = findRow(log, Direction::Sent, type, row + 1)) >= 0;)
            ++n;
        return n;
    };

    // Hex: a bad digit is marked and named, and nothing is sent.
    mode->setCurrentIndex(mode->findText(QStringLiteral("Binary (hex)")));
    QTest::keyClicks(composer, QStringLiteral("48 6g"));
    QVERIFY2(check->text().contains(QStringLiteral("not a hex digit")), qPrintable(check->text()));
    QCOMPARE(composer->extraSelections().size(), 1);
    QCOMPARE(composer->extraSelections().first().cursor.selectionStart(), 4);
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sentRows(EventType::Binary), 0);
    QCOMPARE(composer->toPlainText(), QStringLiteral("48 6g"));
    QTest::keyClick(composer, Qt::Key_Backspace);
    QTest::keyClicks(composer, QStringLiteral("9"));
    QCOMPARE(check->text(), QStringLiteral("2 bytes"));
    QVERIFY(composer->extraSelections().isEmpty());
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sentRows(EventType::Binary), 1);
    QCOMPARE(log->payload(findRow(log, Direction::Sent, EventType::Binary)), QByteArray("Hi"));

    // Base64.
    mode->setCurrentIndex(mode->findText(QStringLiteral("Binary (base64)")));
    QTest::keyClicks(composer, QStringLiteral("AAEC/w=="));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sentRows(EventType::Binary), 2);

    // JSON: checked as typed, prettified keeping key order, sent as text without the
    // indentation Prettify added (unless Send JSON as typed is on).
    mode->setCurrentIndex(mode->findText(QStringLiteral("JSON")));
    QTest::keyClicks(composer, QStringLiteral("{\"b\": 1, \"a\": [tru"));
    QVERIFY2(check->text().startsWith(QStringLiteral("Not valid JSON")), qPrintable(check->text()));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sentRows(EventType::Text), 0);
    QTest::keyClicks(composer, QStringLiteral("e]}"));
    QVERIFY2(check->text().startsWith(QStringLiteral("Valid JSON")), qPrintable(check->text()));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Prettify JSON")), Qt::LeftButton);
    const QString pretty = composer->toPlainText();
    QVERIFY2(pretty.contains(u'\n') && pretty.indexOf(u'b') < pretty.indexOf(u'a'),
             qPrintable(pretty));
    QCOMPARE(check->text(), QStringLiteral("Valid JSON, sent compact: 18 bytes"));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sentRows(EventType::Text), 1);
    QCOMPARE(log->payload(findRow(log, Direction::Sent, EventType::Text)),
             QByteArray("{\"b\":1,\"a\":[true]}"));
    QAction *asTyped
        = menuAction(window, QStringLiteral("Connection"), QStringLiteral("Send JSON as typed"));
    QVERIFY(asTyped && !asTyped->isChecked());
    asTyped->trigger();
    const auto compactAgain
        = qScopeGuard([] { MessageComposer::setJsonSpacing(ComposerInput::JsonSpacing::Compact); });
    composer->setPlainText(pretty);
    QCOMPARE(check->text(), QStringLiteral("Valid JSON, %1 bytes").arg(pretty.toUtf8().size()));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(sentRows(EventType::Text), 2);
    int lastText = -1;
    for (int row = -1; (row = findRow(log, Direction::Sent, EventType::Text, row + 1)) >= 0;)
        lastText = row;
    QCOMPARE(log->payload(lastText), pretty.toUtf8());

    // A file is sent as one binary message, byte for byte.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("blob.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray blob(70'000, '\0');
    for (int i = 0; i < blob.size(); ++i)
        blob[i] = char(i * 31);
    file.write(blob);
    file.close();
    tab->loadFileToSend(file.fileName());
    QVERIFY(composer->isReadOnly());
    QVERIFY(composer->toPlainText().contains(QStringLiteral("blob.bin")));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Send")), Qt::LeftButton);
    QCOMPARE(sentRows(EventType::Binary), 3);
    log->flush();
    int last = -1;
    for (int row = -1; (row = findRow(log, Direction::Sent, EventType::Binary, row + 1)) >= 0;)
        last = row;
    QCOMPARE(log->payload(last), blob);
    QVERIFY(!composer->isReadOnly());

    // The close reason keeps to 123 bytes of UTF-8 without cutting a character.
    auto *reason = byName<QLineEdit>(tab, QStringLiteral("Close reason"));
    for (int i = 0; i < 62; ++i) // typed: QTest::keyClicks knows only ASCII
        QTest::sendKeyEvent(QTest::Click, reason, Qt::Key_unknown, QStringLiteral("é"),
                            Qt::NoModifier);
    QCOMPARE(reason->text(), QString(61, u'é'));

    // A ping's round trip reaches the chart.
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Ping")), Qt::LeftButton);
    QTRY_COMPARE(tab->rttChart()->samples().size(), 1);
    QVERIFY(tab->rttChart()->accessibleDescription().startsWith(QStringLiteral("Last round trip")));
}

void tst_MainWindow::reconnectCountdownCanBeCancelled()
{
    QWebSocketServer server(QStringLiteral("drop"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QWebSocket *> peers;
    connect(&server, &QWebSocketServer::newConnection, this,
            [&] { peers << server.nextPendingConnection(); });
    MainWindow window;
    ConnectionTab *tab
        = window.newConnectionTab(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionOptions o;
    o.reconnect = {true, 4000, 8000, 0};
    tab->optionsPanel()->setOptions(o);
    auto *connectButton = byName<QPushButton>(tab, QStringLiteral("Connect"));
    QTest::mouseClick(connectButton, Qt::LeftButton);
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QTRY_COMPARE(peers.size(), 1);
    peers.first()->abort(); // the connection drops: 1006
    QTRY_VERIFY(tab->connection()->reconnectPending());
    QCOMPARE(connectButton->text(), QStringLiteral("Cancel reconnect"));
    auto *state = byName<QLabel>(tab, QStringLiteral("Connection state"));
    QVERIFY2(state->accessibleDescription().startsWith(QStringLiteral("Reconnecting in")),
             qPrintable(state->accessibleDescription()));
    QTest::mouseClick(connectButton, Qt::LeftButton);
    QVERIFY(!tab->connection()->reconnectPending());
    QCOMPARE(connectButton->text(), QStringLiteral("Connect"));
    QCOMPARE(state->accessibleDescription(), QStringLiteral("Closed"));
    qDeleteAll(peers);
}

void tst_MainWindow::noShortcutIsTakenTwice()
{
    // One key on two actions, or twice on one (Ctrl+W and the platform's Close key are the
    // same key on X11), is an ambiguous shortcut: Qt then runs neither.
    MainWindow window;
    window.show();
    QHash<QKeySequence, QString> owner;
    const QList<QAction *> actions = window.findChildren<QAction *>();
    for (const QAction *action : actions) {
        for (const QKeySequence &key : action->shortcuts()) {
            const QString name = QString(action->text()).remove(u'&');
            QVERIFY2(!owner.contains(key),
                     qPrintable(QStringLiteral("%1 is on both \"%2\" and \"%3\"")
                                    .arg(key.toString(), owner.value(key), name)));
            owner.insert(key, name);
        }
    }
    QCOMPARE(owner.value(QKeySequence(Qt::CTRL | Qt::Key_W)), QStringLiteral("Close tab"));
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::Close))
        QCOMPARE(owner.value(key), QStringLiteral("Close tab"));
}

void tst_MainWindow::tabOrderFollowsTheLayout()
{
    // Tab goes through a connection tab as it is laid out: the URL row, the filter bar, the
    // log and its inspector, the footer, the composer, the ping and close rows.
    MainWindow window;
    ConnectionTab *tab = connectedEchoTab(window); // Send, Ping and Close take focus when open
    QVERIFY(tab);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QWidget *start = byName<QLineEdit>(tab, QStringLiteral("Server URL"));
    start->setFocus();
    QStringList order;
    for (int i = 0; i < 60 && QApplication::focusWidget(); ++i) {
        QWidget *w = QApplication::focusWidget();
        const auto *button = qobject_cast<QAbstractButton *>(w);
        order << (!w->accessibleName().isEmpty() ? w->accessibleName()
                      : button                   ? button->text()
                               : QString::fromLatin1(w->metaObject()->className()));
        QTest::keyClick(w, Qt::Key_Tab);
        if (QApplication::focusWidget() == start)
            break;
    }
    const QStringList expected {
        QStringLiteral("Server URL"),
        QStringLiteral("Disconnect"),
        QStringLiteral("Connection options"),
        QStringLiteral("Log filter"),
        QStringLiteral("Use regular expression"),
        QStringLiteral("Direction filter"),
        QStringLiteral("Type filter"),
        QStringLiteral("Decode as"),
        QStringLiteral("Message log"),
        QStringLiteral("Wire view"),
    };
    QCOMPARE(order.mid(0, expected.size()), expected);
    const auto after = [&](const QString &a, const QString &b) {
        return order.indexOf(a) >= 0 && order.indexOf(a) < order.indexOf(b);
    };
    QVERIFY2(after(QStringLiteral("Payload views"), QStringLiteral("Pause capture")),
             qPrintable(order.join(u", ")));
    for (const auto &[a, b] :
         {std::pair {QStringLiteral("Pause capture"), QStringLiteral("Follow tail")},
          {QStringLiteral("Follow tail"), QStringLiteral("Export log")},
          {QStringLiteral("Export log"), QStringLiteral("Message type")},
          {QStringLiteral("Message type"), QStringLiteral("Message composer")},
          {QStringLiteral("Message composer"), QStringLiteral("Send")},
          {QStringLiteral("Send"), QStringLiteral("Ping")},
          {QStringLiteral("Ping"), QStringLiteral("Close code")},
          {QStringLiteral("Close code"), QStringLiteral("Close reason")}})
        QVERIFY2(after(a, b), qPrintable(a + u" before " + b + u": " + order.join(u", ")));

    // Opened (and editable, disconnected), the options come right after their button, then
    // the filter bar.
    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Closed);
    auto *options = byName<QToolButton>(tab, QStringLiteral("Connection options"));
    QTest::mouseClick(options, Qt::LeftButton);
    options->setFocus();
    QStringList withOptions;
    for (int i = 0; i < 40 && QApplication::focusWidget(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        withOptions << QApplication::focusWidget()->accessibleName();
        if (withOptions.constLast() == QStringLiteral("Log filter"))
            break;
    }
    // The handshake page as laid out: the headers table, its buttons, then the fields below.
    QVERIFY2(withOptions.mid(0, 5)
                     == QStringList({QStringLiteral("Option pages"), QStringLiteral("Headers"),
                                     QStringLiteral("Add header"), QStringLiteral("Remove header"),
                                     QStringLiteral("Subprotocols")})
                 && withOptions.constLast() == QStringLiteral("Log filter"),
             qPrintable(withOptions.join(u", ")));
}

QTEST_MAIN(tst_MainWindow)
void tst_MainWindow::fitsAHalfScreenTile()
{
    // With the sidebar, a connection tab (options open, connected) and a server tab (started)
    // fit 960 px wide and 690 px high (a 1280×720 screen less its title bar, or half of 1920×1080),
    // and the window never grows by itself as labels change.
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.resize(960, 690);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.currentConnectionTab();
    QTest::mouseClick(byName<QToolButton>(tab, QStringLiteral("Connection options")),
                      Qt::LeftButton);
    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    for (int i = 0; i < 50; ++i)
        QVERIFY(tab->connection()->sendText(QStringLiteral("message %1").arg(i)));
    tab->sendPing();
    QTest::qWait(600); // counters, the RTT and "Open 00:00:01" have changed
    const auto report = [](QWidget *root) {
        QString out;
        const auto children = root->findChildren<QWidget *>();
        for (QWidget *w : children) {
            if (w->isVisible() && w->minimumSizeHint().width() > 200)
                out += QStringLiteral("\n  %1 %2 %3")
                           .arg(QString::fromLatin1(w->metaObject()->className()),
                                w->accessibleName())
                           .arg(w->minimumSizeHint().width());
        }
        return out;
    };
    QVERIFY2(window.minimumSizeHint().width() <= 960,
             qPrintable(QString::number(window.minimumSizeHint().width()) + report(&window)));
    QVERIFY2(window.minimumSizeHint().height() <= 690,
             qPrintable(QString::number(window.minimumSizeHint().height())));
    QCOMPARE(window.size(), QSize(960, 690));

    ServerTab *server = window.newServerTab();
    server->toggleServer();
    QVERIFY(server->server()->isListening());
    QTest::qWait(50);
    QVERIFY2(window.minimumSizeHint().width() <= 960,
             qPrintable(QString::number(window.minimumSizeHint().width()) + report(&window)));
    QCOMPARE(window.size(), QSize(960, 690));
}

#include "tst_mainwindow.moc"
