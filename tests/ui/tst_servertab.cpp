// A server tab as a user drives it, offscreen: start it, connect a client, see the client and
// its messages, send to it, kick it; the behaviour editor; the non-loopback confirmation.

#include "connection/connection.h"
#include "connection/connectiontab.h"
#include "log/logpane.h"
#include "log/wirelogmodel.h"
#include "mainwindow.h"
#include "server/behavioureditor.h"
#include "server/serverlogbook.h"
#include "server/servertab.h"
#include "server/threadedmockserver.h"
#include "testsupport.h"
#include "widgetsupport.h"

#include <QAbstractEventDispatcher>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_ServerTab : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        ThreadedMockServer::useUnixDispatcherOnThreads(); // as main() does
        QStandardPaths::setTestModeEnabled(true); // the dialogs' folders stay out of the user's
    }

private slots:
    void newServerFromTheWindow();
    void serverRunsOnAThreadOfItsOwn();
    void clientsLogsSendAndKick();
    void wireCaptureShowsEachClientsFrames();
    void currentClientIsTheOneShown();
    void runningServerTakesEditsAndKeepsItsPort();
    void refusedPageIsInTheLog();
    void behaviourEditorRules();
    void addAndRemoveRulesAndTimers();
    void nonLoopbackNeedsConfirming();
    void busyPortIsShown();
    void everyMnemonicHasABuddy();
    void ruleHeadersAreNotCut();
    void clientMenuCopiesAndOpensATab();
};

void tst_ServerTab::newServerFromTheWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *button = byName<QToolButton>(&window, u"New server"_s);
    QVERIFY(button);
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
    auto *tab = qobject_cast<ServerTab *>(window.tabs()->currentWidget());
    QVERIFY(tab);
    for (const QString &name :
         {u"Listen host"_s, u"Listen port"_s, u"Start server"_s, u"Clients"_s, u"Server log"_s})
        QVERIFY2(byName<QWidget>(tab, name), qPrintable(name));
    QCOMPARE(byName<QLineEdit>(tab, u"Listen host"_s)->text(), u"127.0.0.1"_s);
    QCOMPARE(byName<QSpinBox>(tab, u"Listen port"_s)->value(), 0); // any free port
    QTest::mouseClick(byName<QPushButton>(tab, u"Start server"_s), Qt::LeftButton);
    QVERIFY(tab->server()->isListening());
    QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()),
             u"Server :%1"_s.arg(tab->server()->url().port()));
    // Named for what it does now, as its text says.
    QCOMPARE(byName<QPushButton>(tab, u"Stop server"_s)->text(), u"Stop"_s);
    QVERIFY(!byName<QPushButton>(tab, u"Start server"_s));
    // The tab says which handshakes get in, and follows the fields.
    auto *policy = byName<QLabel>(tab, u"Access policy"_s);
    QCOMPARE(policy->text(), u"web pages from this machine only; Host must name this machine"_s);
    QTest::mouseClick(byName<QPushButton>(tab, u"Stop server"_s), Qt::LeftButton);
    QTRY_VERIFY(!tab->server()->isListening());
    auto *anyOrigin = byName<QCheckBox>(tab, u"Allow any Origin"_s);
    QTRY_VERIFY(anyOrigin->isEnabled());
    QTest::mouseClick(anyOrigin, Qt::LeftButton);
    QCOMPARE(policy->text(), u"any web page may connect; Host must name this machine"_s);
    QVERIFY(tab->profile().anyOrigin);
    QTest::mouseClick(byName<QPushButton>(tab, u"Start server"_s), Qt::LeftButton);
    QVERIFY(tab->server()->isListening());
    QVERIFY(tab->server()->options().anyOrigin);
    QVERIFY(!anyOrigin->isEnabled());
}

// The window's loop runs on GLib, where each socket write costs time in proportion to the
// number of sockets; the server's sockets live on a thread with Qt's Unix dispatcher.
void tst_ServerTab::serverRunsOnAThreadOfItsOwn()
{
    ServerTab tab;
    tab.toggleServer();
    QVERIFY(tab.server()->isListening());
    QThread *thread = tab.server()->serverThread();
    QVERIFY(thread != QThread::currentThread());
    QVERIFY(thread->isRunning());
    const QByteArray dispatcher
        = QAbstractEventDispatcher::instance(thread)->metaObject()->className();
    QVERIFY2(!dispatcher.contains("Glib"), dispatcher.constData());

    // What the server's thread does reaches the window in the order it happened, with the
    // client's facts and counters kept on this side.
    ThreadedMockServer *server = tab.server();
    QStringList events;
    connect(server, &ThreadedMockServer::clientConnected, this,
            [&](int id) { events << u"connected #%1 %2"_s.arg(id).arg(server->client(id)->path); });
    connect(server, &ThreadedMockServer::messageReceived, this,
            [&](int id, bool, const QByteArray &data) {
                events << u"received %1 (%2 in)"_s.arg(QString::fromUtf8(data))
                              .arg(server->client(id)->bytesIn);
            });
    connect(server, &ThreadedMockServer::messageSent, this,
            [&](int id, bool, const QByteArray &data) {
                events << u"sent %1 (%2 out)"_s.arg(QString::fromUtf8(data))
                              .arg(server->client(id)->bytesOut);
            });
    connect(server, &ThreadedMockServer::clientDisconnected, this,
            [&](int id, int code) { events << u"closed #%1 %2"_s.arg(id).arg(code); });
    NodePeer client;
    QVERIFY(client.start(u"ws-probe.js"_s,
                         {server->url().toString() + u"/here"_s,
                          u"{\"send\":[\"one\",\"three\"],\"waitMessages\":2}"_s}));
    QTRY_COMPARE(events.size(), 6);
    QCOMPARE(
        events,
        QStringList({u"connected #1 /here"_s, u"received one (3 in)"_s, u"sent one (3 out)"_s,
                     u"received three (8 in)"_s, u"sent three (8 out)"_s, u"closed #1 1000"_s}));
    QCOMPARE(server->clientCount(), 0);
    QVERIFY(!server->client(1)); // gone with its connection
}

void tst_ServerTab::clientsLogsSendAndKick()
{
    ServerTab tab;
    tab.resize(1200, 900);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QAbstractItemModelTester combinedTester(tab.logs()->combined(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *clients = byName<QTableView>(&tab, u"Clients"_s);
    QAbstractItemModelTester clientsTester(clients->model(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.toggleServer();
    QVERIFY(tab.server()->isListening());

    // A client nobody here wrote connects and sends.
    NodePeer client;
    QVERIFY(client.start(u"ws-probe.js"_s,
                         {tab.server()->url().toString() + u"/feed"_s,
                          u"{\"send\":[\"hello server\"],\"holdMs\":10000}"_s}));
    QTRY_COMPARE(clients->model()->rowCount(), 1);
    QCOMPARE(clients->model()->index(0, 0).data().toString(), u"#1"_s);
    QCOMPARE(clients->model()->index(0, 2).data().toString(), u"/feed"_s);
    QVERIFY(clients->model()->index(0, 1).data().toString().startsWith(u"127.0.0.1:"_s));
    QTRY_VERIFY(findRow(tab.logs()->combined(), Direction::Received, EventType::Text) >= 0);
    const int row = findRow(tab.logs()->combined(), Direction::Received, EventType::Text);
    QCOMPARE(cell(tab.logs()->combined(), row, LogColumn::Preview), u"#1 hello server"_s);
    QVERIFY(client.waitForLine(
        [](const QString &l) { return l.contains(u"hello server"_s); })); // echoed

    // Selecting the client shows its own log.
    clients->setCurrentIndex(clients->model()->index(0, 0));
    QCOMPARE(tab.shownLog(), 1);
    MessageLogModel *own = tab.currentLogPane()->log();
    QCOMPARE(own, tab.logs()->clientLog(1));
    QTRY_COMPARE(cell(own, findRow(own, Direction::Received, EventType::Text), LogColumn::Preview),
                 u"hello server"_s);

    // Send to the selected client, as text and as binary.
    auto *message = byName<QLineEdit>(&tab, u"Server message"_s);
    message->setText(u"from the tab"_s);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Send to client"_s), Qt::LeftButton);
    QVERIFY(client.waitForLine([](const QString &l) { return l.contains(u"from the tab"_s); }));
    byName<QCheckBox>(&tab, u"Send as binary"_s)->setChecked(true);
    message->setText(u"00 ff 10"_s);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Send to all"_s), Qt::LeftButton);
    QVERIFY(client.waitForLine([](const QString &l) { return l.contains(u"AP8Q"_s); }));

    // Kick with a chosen code and reason.
    auto *code = byName<QComboBox>(&tab, u"Kick close code"_s);
    code->setCurrentIndex(code->findData(1008));
    byName<QLineEdit>(&tab, u"Kick reason"_s)->setText(u"not welcome"_s);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Kick client"_s), Qt::LeftButton);
    const QJsonObject close = client.waitForEvent(u"close"_s);
    QCOMPARE(close.value(u"code"_s).toInt(), 1008);
    QCOMPARE(close.value(u"reason"_s).toString(), u"not welcome"_s);
    QTRY_COMPARE(clients->model()->rowCount(), 0);
    QTRY_VERIFY(findRow(own, Direction::Sent, EventType::Close) >= 0);
    QVERIFY(cell(own, findRow(own, Direction::Sent, EventType::Close), LogColumn::Preview)
                .startsWith(u"1008 Policy Violation"_s));
}

// With "Wire capture" ticked, a client's log shows its frames in the wire view: the handshake
// both ways, its masked frames and the server's, its ping and the server's own pong as rows.
// Off (the default), the wire view stays empty and pings make no rows.
void tst_ServerTab::wireCaptureShowsEachClientsFrames()
{
    ServerTab tab;
    tab.resize(1200, 900);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto *capture = byName<QCheckBox>(&tab, u"Wire capture"_s);
    QVERIFY(!capture->isChecked());
    for (const bool on : {false, true}) {
        QTRY_VERIFY(capture->isEnabled());
        if (on)
            QTest::mouseClick(capture, Qt::LeftButton, {}, QPoint(4, capture->height() / 2));
        QCOMPARE(capture->isChecked(), on);
        QCOMPARE(tab.profile().wireCapture, on);
        tab.toggleServer();
        QVERIFY(tab.server()->isListening());
        QVERIFY(!capture->isEnabled()); // fixed while it listens
        NodePeer client;
        QVERIFY(client.start(u"ws-probe.js"_s,
                             {tab.server()->url().toString() + u"/wire"_s,
                              u"{\"ping\":\"p1\",\"send\":[\"hello server\"],\"holdMs\":300}"_s}));
        QVERIFY(client.waitForEvent(u"close"_s).value(u"code"_s).toInt() == 1000);
        const int id = on ? 2 : 1;
        QTRY_VERIFY(tab.logs()->clientLog(id));
        MessageLogModel *own = tab.logs()->clientLog(id);
        QTRY_VERIFY(findRow(own, Direction::Received, EventType::Close) >= 0);
        auto *clients = byName<QComboBox>(&tab, u"Log shown"_s);
        clients->setCurrentIndex(clients->findData(id));
        QCOMPARE(tab.currentLogPane()->log(), own);
        QAbstractItemModel *wire = tab.currentLogPane()->wireView()->model();
        QTRY_COMPARE(wire->rowCount() > 0, on);
        QCOMPARE(findRow(own, Direction::Received, EventType::Ping) >= 0, on);
        const int pong = findRow(own, Direction::Sent, EventType::Pong);
        QCOMPARE(pong >= 0, on);
        tab.toggleServer();
        QTRY_VERIFY(!tab.server()->isListening());
        if (!on)
            continue;
        QVERIFY2(cell(own, pong, LogColumn::Preview).contains(u"p1"_s),
                 qPrintable(cell(own, pong, LogColumn::Preview)));
        // Each wire row: direction, opcode, mask; the handshake's rows name their first line.
        QStringList rows;
        for (int r = 0; r < wire->rowCount(); ++r) {
            const auto at = [&](int column) {
                return wire->index(r, column).data().toString();
            };
            rows << at(WireLogModel::Direction) + u' ' + at(WireLogModel::Opcode) + u' '
                    + (at(WireLogModel::Mask) == u"none"_s ? u"-"_s : u"masked"_s);
        }
        QVERIFY2(rows.size() == 8, qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[0].contains(u"HTTP request"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[1].contains(u"HTTP response"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[2].contains(u"ping masked"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[3].contains(u"pong -"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[4].contains(u"text masked"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[5].contains(u"text -"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[6].contains(u"close masked"_s), qPrintable(rows.join(u'\n')));
        QVERIFY2(rows[7].contains(u"close -"_s), qPrintable(rows.join(u'\n')));
    }
}

void tst_ServerTab::currentClientIsTheOneShown()
{
    // Two clients. "Send to client" and Kick act on the client whose log is shown; after a
    // kick nothing is selected, the kicked client's log stays shown and says "(closed)".
    ServerTab tab;
    tab.resize(1200, 900);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto *clients = byName<QTableView>(&tab, u"Clients"_s);
    auto *logChoice = byName<QComboBox>(&tab, u"Log shown"_s);
    tab.toggleServer();
    NodePeer first;
    QVERIFY(
        first.start(u"ws-probe.js"_s, {tab.server()->url().toString(), u"{\"holdMs\":10000}"_s}));
    QTRY_COMPARE(clients->model()->rowCount(), 1);
    NodePeer second;
    QVERIFY(
        second.start(u"ws-probe.js"_s, {tab.server()->url().toString(), u"{\"holdMs\":10000}"_s}));
    QTRY_COMPARE(clients->model()->rowCount(), 2);
    QSignalSpy status(&tab, &ServerTab::statusMessage);

    // No client is current yet: "Send to client" says what to do.
    auto *message = byName<QLineEdit>(&tab, u"Server message"_s);
    message->setText(u"to whom"_s);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Send to client"_s), Qt::LeftButton);
    QVERIFY2(status.last().value(0).toString().startsWith(u"Pick a client"_s),
             qPrintable(status.last().value(0).toString()));

    // Choosing #2 in "Log of" makes it current in the list too, and sends go to it.
    logChoice->setCurrentIndex(logChoice->findData(2));
    QCOMPARE(tab.shownLog(), 2);
    QCOMPARE(clients->currentIndex().row(), 1);
    message->setText(u"only for two"_s);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Send to client"_s), Qt::LeftButton);
    QCOMPARE(status.last().value(0).toString(), u"Sent 12 B to #2"_s);
    QVERIFY(second.waitForLine([](const QString &l) { return l.contains(u"only for two"_s); }));

    // Picking #1 in the list shows its log; Kick goes to #1, not to the other.
    clients->setCurrentIndex(clients->model()->index(0, 0));
    QCOMPARE(tab.shownLog(), 1);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Kick client"_s), Qt::LeftButton);
    QCOMPARE(first.waitForEvent(u"close"_s).value(u"code"_s).toInt(), 1008);
    QTRY_COMPARE(clients->model()->rowCount(), 1);
    QCOMPARE(clients->model()->index(0, 0).data().toString(), u"#2"_s);
    QVERIFY(!clients->currentIndex().isValid()); // nothing selected after the kick
    QVERIFY(!clients->selectionModel()->hasSelection());
    QCOMPARE(tab.shownLog(), 1); // the kicked client's log, with its close
    QVERIFY(logChoice->currentText().endsWith(u" (closed)"_s));
    QVERIFY(logChoice->itemText(logChoice->findData(2)).indexOf(u"closed"_s) < 0);
    QTest::mouseClick(byName<QPushButton>(&tab, u"Send to client"_s), Qt::LeftButton);
    QCOMPARE(status.last().value(0).toString(), u"Client #1 is not connected."_s);

    QTest::mouseClick(byName<QPushButton>(&tab, u"Send to all"_s), Qt::LeftButton);
    QCOMPARE(status.last().value(0).toString(), u"Sent 12 B to 1 client"_s);
}

void tst_ServerTab::runningServerTakesEditsAndKeepsItsPort()
{
    ServerTab tab;
    tab.resize(1200, 900);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.toggleServer();
    QVERIFY(tab.server()->isListening());
    const int port = tab.server()->url().port();
    QVERIFY(port > 0);

    // A greeting typed while the server runs greets the next client.
    auto *greeting = byName<QLineEdit>(&tab, u"Greeting"_s);
    QSignalSpy status(&tab, &ServerTab::statusMessage);
    greeting->clear();
    QTest::keyClicks(greeting, u"hi there"_s);
    QCOMPARE(tab.server()->rules().greeting, u"hi there"_s);
    QCOMPARE(status.last().value(0).toString(),
             u"The running server now answers by these rules."_s);
    NodePeer client;
    QVERIFY(client.start(u"ws-probe.js"_s,
                         {tab.server()->url().toString(), u"{\"waitMessages\":1}"_s}));
    QVERIFY(client.waitForLine([](const QString &l) { return l.contains(u"hi there"_s); }));
    QVERIFY(client.waitForExit());

    // Stop and Start: the same port, so the URL clients know still works.
    auto *button = byName<QPushButton>(&tab, u"Stop server"_s);
    QVERIFY(button);
    tab.toggleServer();
    QTRY_VERIFY(!tab.server()->isListening());
    QTRY_VERIFY(button->isEnabled());
    QCOMPARE(button->accessibleName(), u"Start server"_s);
    tab.toggleServer();
    QVERIFY(tab.server()->isListening());
    QCOMPARE(tab.server()->url().port(), port);
    QCOMPARE(byName<QSpinBox>(&tab, u"Listen port"_s)->value(), 0); // still "any free port"
}

void tst_ServerTab::refusedPageIsInTheLog()
{
    // A page from another Origin gets 403, and the server's log says who and why.
    ServerTab tab;
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.toggleServer();
    QVERIFY(tab.server()->isListening());
    NodePeer page;
    QVERIFY(page.start(u"ws-probe.js"_s,
                       {tab.server()->url().toString(), u"{\"origin\":\"https://evil.test\"}"_s}));
    QVERIFY(page.waitForExit());
    QCOMPARE(page.events(u"refused"_s).value(0).value(u"status"_s).toInt(), 403);
    MessageLogModel *log = tab.logs()->combined();
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Lifecycle, EventType::Error)) >= 0);
    const QString text = QString::fromUtf8(log->payload(row));
    QVERIFY2(text.startsWith(u"Refused 127.0.0.1:"_s)
                 && text.endsWith(u": Origin https://evil.test is not allowed: only pages from "
                                  "this machine may connect"_s),
             qPrintable(text));
    QCOMPARE(tab.server()->clientCount(), 0);
}

void tst_ServerTab::behaviourEditorRules()
{
    ServerTab tab;
    QTemporaryDir dir;
    QString error;
    QVERIFY2(tab.behaviour()->loadFile(QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/rules-example.json"),
                                       &error),
             qPrintable(error));
    auto *rules = byName<QTableWidget>(&tab, u"Rules"_s);
    QCOMPARE(rules->rowCount(), 4);
    QCOMPARE(rules->item(0, 1)->text(), u"^ping (\\d+)$"_s);
    QCOMPARE(byName<QLineEdit>(&tab, u"Greeting"_s)->text(), u"welcome {{client.id}}"_s);
    // What the table holds is what the file held.
    RuleSet fromTable;
    QVERIFY2(tab.behaviour()->rules(&fromTable, &error), qPrintable(error));
    RuleSet fromFile;
    QVERIFY(RuleSet::load(QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/rules-example.json"), &fromFile,
                          &error));
    QCOMPARE(QJsonDocument(fromTable.toJson()).toJson(), QJsonDocument(fromFile.toJson()).toJson());
    // Saved and loaded again, it is the same.
    const QString saved = dir.filePath(u"saved.json"_s);
    QVERIFY2(tab.behaviour()->saveFile(saved, &error), qPrintable(error));
    RuleSet again;
    QVERIFY(RuleSet::load(saved, &again, &error));
    QCOMPARE(QJsonDocument(again.toJson()).toJson(), QJsonDocument(fromFile.toJson()).toJson());
    // Through its dialog, as a user saves them: the name offered ends in .json, one typed
    // without it gets it, and the status bar says where they went.
    QSignalSpy said(&tab, &ServerTab::statusMessage);
    QString offered;
    QTimer::singleShot(0, [&] {
        QTRY_VERIFY(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()));
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        auto *name = dialog->findChild<QLineEdit *>(u"fileNameEdit"_s);
        offered = name->text();
        dialog->selectFile(dir.filePath(u"typed"_s));
        QTest::keyClick(name, Qt::Key_Return);
    });
    byName<QPushButton>(&tab, u"Save rules…"_s)->click();
    QCOMPARE(offered, u"rules.json"_s);
    QVERIFY(QFile::exists(dir.filePath(u"typed.json"_s)));
    QCOMPARE(said.size(), 1);
    QCOMPARE(
        said.at(0).at(0).toString(),
        u"Saved the rules to %1."_s.arg(QDir::toNativeSeparators(dir.filePath(u"typed.json"_s))));

    // A bad regex in row 2 is reported as rule 2, and the server does not start.
    rules->item(1, 1)->setText(u"(broken"_s);
    rules->item(1, 0)->setText(u"regex"_s);
    QVERIFY(!tab.behaviour()->rules(&fromTable, &error));
    QVERIFY2(error.startsWith(u"Rule 2: invalid regular expression"_s), qPrintable(error));
    QSignalSpy status(&tab, &ServerTab::statusMessage);
    tab.toggleServer();
    QVERIFY(!tab.server()->isListening());
    QVERIFY(status.last().at(0).toString().contains(u"Rule 2"_s));
}

// Add rule used to crash: the table announced the row before its combo boxes existed, and the
// tab read the half-built row. Each button is clicked as a user would, stopped and running.
void tst_ServerTab::addAndRemoveRulesAndTimers()
{
    ServerTab tab;
    tab.resize(1200, 900);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto *rules = byName<QTableWidget>(&tab, u"Rules"_s);
    auto *timers = byName<QTableWidget>(&tab, u"Timers"_s);
    QVERIFY(rules && timers);
    const auto click = [&tab](const QString &name) {
        auto *button = byName<QPushButton>(&tab, name);
        QVERIFY2(button, qPrintable(name));
        QTest::mouseClick(button, Qt::LeftButton);
    };
    for (const bool running : {false, true}) {
        if (running) {
            tab.toggleServer();
            QVERIFY(tab.server()->isListening());
        }
        const int ruleRows = rules->rowCount();
        const int timerRows = timers->rowCount();
        QSignalSpy changed(&tab, &ServerTab::setupChanged);
        click(u"Add rule"_s);
        QCOMPARE(rules->rowCount(), ruleRows + 1);
        QCOMPARE(changed.size(), 1); // once, for the whole row
        const int row = rules->rowCount() - 1;
        // The match kind and the action are the cells' text, which a screen reader reads with
        // the row; editing one offers the kinds in a combo box named for its rule.
        QCOMPARE(rules->item(row, 0)->text(), u"exact"_s);
        QCOMPARE(rules->item(row, 3)->text(), u"reply"_s);
        for (const int column : {0, 3}) {
            rules->openPersistentEditor(rules->item(row, column));
            auto *editor = qobject_cast<QComboBox *>(rules->cellWidget(row, column));
            QVERIFY(editor);
            QCOMPARE(editor->accessibleName(),
                     (column == 0 ? u"Match kind, rule %1"_s : u"Action, rule %1"_s).arg(row + 1));
            rules->closePersistentEditor(rules->item(row, column));
        }
        click(u"Add timer"_s);
        QCOMPARE(timers->rowCount(), timerRows + 1);
        QCOMPARE(changed.size(), 2);
        RuleSet set;
        QString error;
        QVERIFY2(tab.behaviour()->rules(&set, &error), qPrintable(error));
        QCOMPARE(set.rules.size(), qsizetype(ruleRows + 1));
        QCOMPARE(set.timers.size(), qsizetype(timerRows + 1));
        QCOMPARE(set.timers.back().broadcast, u"tick {{counter}}"_s);

        rules->setCurrentCell(row, 1);
        click(u"Remove rule"_s);
        QCOMPARE(rules->rowCount(), ruleRows);
        timers->setCurrentCell(timers->rowCount() - 1, 0);
        click(u"Remove timer"_s);
        QCOMPARE(timers->rowCount(), timerRows);
        QCOMPARE(changed.size(), 4);
        QVERIFY2(tab.behaviour()->rules(&set, &error), qPrintable(error));
        QCOMPARE(set.rules.size(), qsizetype(ruleRows));
    }
}

void tst_ServerTab::busyPortIsShown()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    ServerTab tab;
    byName<QSpinBox>(&tab, u"Listen port"_s)->setValue(squatter.serverPort());
    tab.toggleServer();
    QVERIFY(!tab.server()->isListening());
    const QString status = byName<QLabel>(&tab, u"Server status"_s)->text();
    QVERIFY2(status.startsWith(
                 u"Not started: cannot listen on 127.0.0.1:%1"_s.arg(squatter.serverPort())),
             qPrintable(status));
}

void tst_ServerTab::nonLoopbackNeedsConfirming()
{
    ServerTab tab;
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto *host = byName<QLineEdit>(&tab, u"Listen host"_s);
    host->setText(u"0.0.0.0"_s);
    auto *warning = byName<QLabel>(&tab, u"Listen host warning"_s);
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains(u"other machines"_s));
    QSignalSpy status(&tab, &ServerTab::statusMessage);
    tab.toggleServer();
    QVERIFY(!tab.server()->isListening()); // not without confirming
    QVERIFY(status.last().at(0).toString().contains(u"Let other machines connect"_s));
    byName<QCheckBox>(&tab, u"Allow other machines"_s)->setChecked(true);
    tab.toggleServer();
    QVERIFY(tab.server()->isListening());
    tab.toggleServer();
    QTRY_VERIFY(!tab.server()->isListening());
    host->setText(u"127.0.0.1"_s);
    QVERIFY(!warning->isVisible());
}

void tst_ServerTab::everyMnemonicHasABuddy()
{
    // A label's "&" is a mnemonic only with a buddy; without one the "&" is drawn.
    MainWindow window;
    window.newConnectionTab();
    window.newServerTab();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<QLabel *> labels = window.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->textFormat() == Qt::RichText || !label->text().contains(u'&'))
            continue;
        QVERIFY2(label->buddy(), qPrintable(label->text()));
    }
}

void tst_ServerTab::clientMenuCopiesAndOpensATab()
{
    // A client's row menu: Copy URL (the server's, with the client's path), Copy handshake
    // (the request as it came), and a connection tab to that URL.
    MainWindow window;
    ServerTab *tab = window.newServerTab();
    tab->toggleServer();
    const QString url = tab->server()->url().toString() + u"/orders?user=bob"_s;
    NodePeer client;
    QVERIFY(client.start(u"ws-probe.js"_s, {url, u"{\"holdMs\":10000}"_s}));
    QTRY_COMPARE(tab->server()->clientCount(), 1);
    const int id = tab->server()->clientIds().constFirst();
    std::unique_ptr<QMenu> menu(tab->clientMenu(id, nullptr));
    const auto item = [&](const QString &prefix) -> QAction * {
        for (QAction *action : menu->actions()) {
            if (action->text().startsWith(prefix))
                return action;
        }
        return nullptr;
    };
    QVERIFY(item(u"Copy URL"_s) && item(u"Copy handshake"_s));
    item(u"Copy URL"_s)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), url);
    item(u"Copy handshake"_s)->trigger();
    const QString handshake = QApplication::clipboard()->text();
    QVERIFY2(handshake.startsWith(u"GET /orders?user=bob HTTP/1.1\n"_s), qPrintable(handshake));
    QVERIFY2(handshake.contains(u"Upgrade: websocket"_s, Qt::CaseInsensitive),
             qPrintable(handshake));
    QVERIFY2(handshake.contains(u"Sec-WebSocket-Key: "_s, Qt::CaseInsensitive),
             qPrintable(handshake));
    const int tabs = window.tabs()->count();
    item(u"Open a connection tab"_s)->trigger();
    QCOMPARE(window.tabs()->count(), tabs + 1);
    auto *opened = qobject_cast<ConnectionTab *>(window.tabs()->currentWidget());
    QVERIFY(opened);
    QCOMPARE(opened->profile().url, url);
}

QTEST_MAIN(tst_ServerTab)
void tst_ServerTab::ruleHeadersAreNotCut()
{
    ServerTab tab;
    tab.resize(960, 690);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto *rules = byName<QTableWidget>(&tab, u"Rules"_s);
    for (int column = 0; column < rules->columnCount(); ++column) {
        const QString header = rules->horizontalHeaderItem(column)->text();
        QVERIFY2(rules->columnWidth(column)
                     >= rules->horizontalHeader()->fontMetrics().horizontalAdvance(header),
                 qPrintable(header));
    }
}

#include "tst_servertab.moc"
