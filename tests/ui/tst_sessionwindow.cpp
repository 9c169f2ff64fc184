// The session as a user drives it in the window, offscreen: save, close the tabs, open the file
// and see them come back; the unsaved marker and the close prompt; failed saves and bad files;
// variables; the sidebar's actions; the workspace restored after a crash.

#include "connection/connectionoptionspanel.h"
#include "connection/connectiontab.h"
#include "inspector/frameinspector.h"
#include "lab/labtab.h"
#include "log/filteredlogmodel.h"
#include "log/logcolumns.h"
#include "log/logpane.h"
#include "log/messagelogview.h"
#include "mainwindow.h"
#include "server/behavioureditor.h"
#include "server/servertab.h"
#include "server/threadedmockserver.h"
#include "session/sessionfile.h"
#include "testsupport.h"
#include "widgetsupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_SessionWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void saveCloseTabsAndOpenBringsThemBack();
    void titleMarkerAndClosePrompt();
    void failedSaveStaysUnsaved();
    void badSessionFileIsReportedAndKept();
    void variablesAreFlaggedAndSubstituted();
    void emptySecretIsSaidBeforeConnecting();
    void secretsAreMaskedInEveryCopy();
    void sidebarActions();
    void sessionFileOnTheCommandLineAtFirstLaunch();
    void savedEchoTabFindsThisRunsEchoServer();
    void tabTitlesAndTooltips();
    void workspaceSurvivesACrash();
    void corruptWorkspaceIsMovedAside();
    void autosaveFollowsChanges();

private:
    // Answers the next modal message box with this button, once it shows.
    static void answerNextMessageBox(QMessageBox::StandardButton button, QString *text = nullptr);
    static QString fileText(const QString &path);
    QTemporaryDir m_dir;
};

void tst_SessionWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Recent files go to QSettings: keep them out of the user's configuration.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toUtf8());
    qputenv("SOCKSCOPE_NO_KEYCHAIN", "1");
}

void tst_SessionWindow::answerNextMessageBox(QMessageBox::StandardButton button, QString *text)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (text)
            *text = box->text();
        box->button(button)->click();
        timer->deleteLater();
    });
    timer->start();
}

QString tst_SessionWindow::fileText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void tst_SessionWindow::saveCloseTabsAndOpenBringsThemBack()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.newConnectionTab(u"ws://127.0.0.1:9/feed"_s);
    ConnectionOptions options;
    options.headers = {{u"X-Api-Key"_s, u"k-1"_s, true, false},
                       {u"Authorization"_s, u"Bearer hidden"_s, true, true}};
    options.subprotocols = {u"v2"_s};
    options.reconnect.enabled = true;
    options.onOpen = {u"login"_s};
    tab->optionsPanel()->setOptions(options);
    emit tab->optionsPanel()->changed();
    ServerTab *server = window.newServerTab();
    server->behaviour()->setRules(RuleSet::fixedReply(u"pong"_s));
    emit server->behaviour()->changed();
    window.addSnippet({{}, u"Hello"_s, Snippet::Type::Text, "hello"});
    window.addSnippet({{}, u"Blob"_s, Snippet::Type::Binary, QByteArray("\x00\x01\xfe", 3)});
    // A lab tab on the current connection tab's URL, with a saved frame and a switch off.
    window.tabs()->setCurrentWidget(tab);
    LabTab *lab = window.newLabTab();
    QCOMPARE(lab->profile().url, u"ws://127.0.0.1:9/feed"_s);
    // Its request carries the connection tab's options, but never a secret header's value.
    const QString request = byName<QPlainTextEdit>(lab, u"Handshake request"_s)->toPlainText();
    QVERIFY2(request.contains(u"\nX-Api-Key: k-1\n"_s)
                 && request.contains(u"\nSec-WebSocket-Protocol: v2\n"_s),
             qPrintable(request));
    QVERIFY(!request.contains(u"Bearer hidden"_s) && !request.contains(u"Authorization"_s));
    QVERIFY(window.statusBar()->currentMessage().contains(u"secret header"_s));
    byName<QCheckBox>(lab, u"Automatic pong"_s)->setChecked(false);
    byName<QPushButton>(lab, u"Save frame"_s)->click();
    QVERIFY(window.isSessionModified());

    const QString path = m_dir.filePath(u"gui.sockscope.json"_s);
    QString error;
    QVERIFY2(window.saveSessionAs(path, &error), qPrintable(error));
    QVERIFY(!window.isSessionModified());
    QVERIFY(!window.isWindowModified());
    QVERIFY2(window.windowTitle().startsWith(u"gui.sockscope.json"_s),
             qPrintable(window.windowTitle()));
    QVERIFY(window.recentSessions().contains(QFileInfo(path).absoluteFilePath()));
    QVERIFY(!fileText(path).contains(u"Bearer hidden"_s)); // the secret stayed out
    const Session saved = window.session();

    // Close every tab: the sidebar still lists the set-ups.
    while (window.tabs()->count() > 0)
        window.closeTab(0);
    QCOMPARE(window.sidebar()->tree()->topLevelItem(0)->childCount(), 1);
    QCOMPARE(window.sidebar()->tree()->topLevelItem(1)->childCount(), 1);
    QCOMPARE(window.sidebar()->tree()->topLevelItem(2)->childCount(), 1); // lab tabs
    QCOMPARE(window.sidebar()->tree()->topLevelItem(3)->childCount(), 0); // scenarios
    QCOMPARE(window.sidebar()->tree()->topLevelItem(4)->childCount(), 2); // snippets

    // Open the file in a fresh window: the tabs come back, as saved.
    MainWindow second;
    second.show();
    QVERIFY2(second.openSession(path, &error), qPrintable(error));
    QCOMPARE(second.tabs()->count(), 3);
    auto *labBack = qobject_cast<LabTab *>(second.tabs()->widget(2));
    QVERIFY(labBack);
    QCOMPARE(labBack->profile(), saved.labs.value(0));
    QCOMPARE(labBack->profile().frames.size(), 1);
    QVERIFY(!labBack->profile().autoPong);
    auto *back = qobject_cast<ConnectionTab *>(second.tabs()->widget(0));
    QVERIFY(back);
    QCOMPARE(back->profile().url, u"ws://127.0.0.1:9/feed"_s);
    QCOMPARE(back->profile().options.onOpen, QStringList {u"login"_s});
    QCOMPARE(back->profile().options.headers[0].value, u"k-1"_s);
    auto *serverBack = qobject_cast<ServerTab *>(second.tabs()->widget(1));
    QVERIFY(serverBack);
    QCOMPARE(serverBack->profile().rules.toJson(), RuleSet::fixedReply(u"pong"_s).toJson());
    QCOMPARE(second.session().snippets, saved.snippets);
    QVERIFY(!second.isSessionModified());
    // The secret came back from this run's secret store.
    QCOMPARE(back->profile().options.headers[1].value, u"Bearer hidden"_s);
}

void tst_SessionWindow::titleMarkerAndClosePrompt()
{
    auto *window = new MainWindow;
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(!window->isWindowModified());
    QVERIFY(window->windowTitle().contains(u"[*]"_s)); // where Qt shows the marker
    ConnectionTab *tab = window->newConnectionTab();
    QVERIFY(window->isWindowModified());
    const QString path = m_dir.filePath(u"prompt.sockscope.json"_s);
    QString error;
    QVERIFY(window->saveSessionAs(path, &error));
    QVERIFY(!window->isWindowModified());
    QTest::keyClicks(byName<QLineEdit>(tab, u"Server URL"_s), u"ws://edited"_s);
    QVERIFY(window->isWindowModified());

    // Cancel keeps the window and the changes.
    QString asked;
    answerNextMessageBox(QMessageBox::Cancel, &asked);
    QVERIFY(!window->close());
    QVERIFY2(asked.contains(u"prompt.sockscope.json"_s), qPrintable(asked));
    QVERIFY(window->isVisible());
    QVERIFY(window->isSessionModified());
    // Save writes the change and closes.
    answerNextMessageBox(QMessageBox::Save);
    QVERIFY(window->close());
    QVERIFY(fileText(path).contains(u"ws://edited"_s));
    delete window;
}

void tst_SessionWindow::failedSaveStaysUnsaved()
{
    MainWindow window;
    window.newConnectionTab(u"ws://keep.example/"_s);
    QString error;
    const QString missing = m_dir.filePath(u"no/such/folder/x.sockscope.json"_s);
    QVERIFY(!window.saveSessionAs(missing, &error));
    QVERIFY2(error.contains(u"Could not save"_s) && error.contains(u"x.sockscope.json"_s),
             qPrintable(error));
    QVERIFY(window.isSessionModified());
    QVERIFY(window.sessionPath().isEmpty());
    // Saving elsewhere then works.
    QVERIFY(window.saveSessionAs(m_dir.filePath(u"elsewhere.sockscope.json"_s), &error));
    QVERIFY(!window.isSessionModified());
}

void tst_SessionWindow::badSessionFileIsReportedAndKept()
{
    const QString path = m_dir.filePath(u"broken.sockscope.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"connections\": [{\"url\": 42}]}");
    file.close();
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.newConnectionTab(u"ws://mine/"_s);
    window.openFiles({path});
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(QDir::toNativeSeparators(path))
                 && box->text().contains(u"connections[0].url: expected a string"_s),
             qPrintable(box->text()));
    QVERIFY(!box->isModal() || box->windowModality() != Qt::ApplicationModal);
    QCOMPARE(fileText(path), u"{\"version\": 1, \"connections\": [{\"url\": 42}]}"_s);
    QCOMPARE(window.tabs()->indexOf(tab), 0); // the current session is untouched
    // A newer version names the version it needs.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{\"version\": 9}");
    file.close();
    QString error;
    QVERIFY(!window.openSession(path, &error));
    QVERIFY2(error.contains(u"session version 9"_s), qPrintable(error));
}

void tst_SessionWindow::emptySecretIsSaidBeforeConnecting()
{
    // A secret header and a secret variable with no value (never entered, or not in the
    // keychain at open): Connect says so once; Connect again goes without them.
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.currentConnectionTab();
    ConnectionProfile profile = tab->profile();
    profile.url = window.echoServerUrl().toString() + u"?t={{token}}"_s;
    profile.options.headers = {{u"Authorization"_s, QString(), true, true}};
    tab->setProfile(profile);
    QTableWidget *table = window.sidebar()->variablesTable();
    QTest::mouseClick(byName<QPushButton>(window.sidebar(), u"Add variable"_s), Qt::LeftButton);
    table->item(0, 0)->setText(u"token"_s);
    table->item(0, 2)->setCheckState(Qt::Checked);

    auto *urlError = byName<QLabel>(tab, u"URL error"_s);
    tab->toggleConnection();
    QCOMPARE(urlError->text(),
             u"Secrets header Authorization and variable {{token}} have no value. Enter them "
             "(secret values come from the keychain, never from the session file), or press "
             "Connect again to connect without them."_s);
    QCOMPARE(tab->connection()->state(), Connection::State::Closed);
    // Entering one leaves the other to be said.
    table->item(0, 1)->setText(u"t-1"_s);
    tab->toggleConnection();
    QCOMPARE(urlError->text(),
             u"Secret header Authorization has no value. Enter it (secret values come from "
             "the keychain, never from the session file), or press Connect again to connect "
             "without it."_s);
    QCOMPARE(tab->connection()->state(), Connection::State::Closed);
    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QVERIFY(urlError->text().isEmpty());
}

void tst_SessionWindow::variablesAreFlaggedAndSubstituted()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.currentConnectionTab();
    tab->setUrl(u"ws://127.0.0.1:{{port}}/"_s);
    tab->toggleConnection();
    auto *urlError = byName<QLabel>(tab, u"URL error"_s);
    QVERIFY2(urlError->text().contains(u"Unknown variable {{port}}"_s),
             qPrintable(urlError->text()));
    QCOMPARE(tab->connection()->state(), Connection::State::Closed);

    // Define it (and a secret) in the sidebar's table.
    QTableWidget *table = window.sidebar()->variablesTable();
    QTest::mouseClick(byName<QPushButton>(window.sidebar(), u"Add variable"_s), Qt::LeftButton);
    table->item(0, 0)->setText(u"port"_s);
    table->item(0, 1)->setText(QString::number(window.echoServerUrl().port()));
    QTest::mouseClick(byName<QPushButton>(window.sidebar(), u"Add variable"_s), Qt::LeftButton);
    table->item(1, 0)->setText(u"token"_s);
    table->item(1, 1)->setText(u"t-SECRET"_s);
    table->item(1, 2)->setCheckState(Qt::Checked);
    QCOMPARE(window.session().variables.size(), 2);
    QVERIFY(window.isSessionModified());

    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QCOMPARE(tab->profile().url, u"ws://127.0.0.1:{{port}}/"_s); // the stored text keeps it
    auto *composer = byName<QPlainTextEdit>(tab, u"Message composer"_s);
    QTest::keyClicks(composer, u"auth {{token}}"_s);
    tab->send();
    MessageLogModel *log = tab->log();
    int sent = -1;
    QTRY_VERIFY((sent = findRow(log, Direction::Sent, EventType::Text)) >= 0);
    QCOMPARE(log->payload(sent), QByteArray("auth t-SECRET"));
    QCOMPARE(composer->toPlainText(), u"auth {{token}}"_s); // kept as typed, not substituted
    composer->clear();
    QTest::keyClicks(composer, u"who is {{nobody}}"_s);
    QSignalSpy status(tab, &ConnectionTab::statusMessage);
    tab->send();
    QCOMPARE(status.size(), 1);
    QVERIFY(status[0][0].toString().contains(u"{{nobody}}"_s));
    QCOMPARE(composer->toPlainText(), u"who is {{nobody}}"_s); // kept, not sent

    const QString path = m_dir.filePath(u"vars.sockscope.json"_s);
    QString error;
    QVERIFY(window.saveSessionAs(path, &error));
    QVERIFY(!fileText(path).contains(u"t-SECRET"_s));
    QVERIFY(fileText(path).contains(u"\"name\": \"token\""_s));
}

// A secret variable used in the URL, a header and a message, and a header marked secret: the
// server gets the values, and no copy of the log shows them (screen, Copy rows, every export).
void tst_SessionWindow::secretsAreMaskedInEveryCopy()
{
    QWebSocketServer server(u"secrets"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QWebSocket *peer = nullptr;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        peer = server.nextPendingConnection();
        peer->setParent(&server); // ours to delete; the server goes with the test
        connect(peer, &QWebSocket::textMessageReceived, peer,
                [p = peer](const QString &text) { p->sendTextMessage(u"echo: "_s + text); });
    });
    MainWindow window;
    ConnectionTab *tab = window.newConnectionTab(
        u"ws://127.0.0.1:%1/feed?key={{token}}"_s.arg(server.serverPort()));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTableWidget *table = window.sidebar()->variablesTable();
    QTest::mouseClick(byName<QPushButton>(window.sidebar(), u"Add variable"_s), Qt::LeftButton);
    table->item(0, 0)->setText(u"token"_s);
    table->item(0, 1)->setText(u"t-SECRET 1"_s); // a space makes the URL invalid
    table->item(0, 2)->setCheckState(Qt::Checked);
    tab->optionsPanel()->addHeader({u"Authorization"_s, u"Bearer {{token}}"_s, true});
    tab->optionsPanel()->addHeader({u"X-Api-Key"_s, u"k-HIDDEN"_s, true, true});
    auto *urlError = byName<QLabel>(tab, u"URL error"_s);
    QTest::mouseClick(byName<QPushButton>(tab, u"Connect"_s), Qt::LeftButton);
    // The message quotes the URL as it would have gone, with the secret masked.
    QVERIFY2(urlError->text().contains(u"key=••••"_s), qPrintable(urlError->text()));
    QVERIFY2(!urlError->text().contains(u"SECRET"_s), qPrintable(urlError->text()));

    table->item(0, 1)->setText(u"t-SECRETü"_s); // percent-encoded in the request line
    QTest::mouseClick(byName<QPushButton>(tab, u"Connect"_s), Qt::LeftButton);
    QTRY_VERIFY2(peer, qPrintable(urlError->text()));
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    // The values reach the server.
    QCOMPARE(peer->request().rawHeader("Authorization"), QByteArray("Bearer t-SECRETü"));
    QCOMPARE(peer->request().rawHeader("X-Api-Key"), QByteArray("k-HIDDEN"));
    QCOMPARE(peer->requestUrl().query(QUrl::FullyDecoded), u"key=t-SECRETü"_s);
    auto *composer = byName<QPlainTextEdit>(tab, u"Message composer"_s);
    QTest::keyClicks(composer, u"auth {{token}}"_s);
    tab->send();
    MessageLogModel *log = tab->log();
    QTRY_VERIFY(findRow(log, Direction::Received, EventType::Text) >= 0);
    log->flush();
    QCOMPARE(log->payload(findRow(log, Direction::Sent, EventType::Text)),
             QByteArray("auth t-SECRETü")); // kept as sent, for Resend

    const auto leaks = [](const QString &text) {
        return text.contains(u"SECRET"_s) || text.contains(u"k-HIDDEN"_s);
    };
    // On screen: every row's preview and tooltip, and the inspector of every row.
    LogPane *pane = tab->logPane();
    for (int row = 0; row < log->rowCount(); ++row) {
        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)}) {
            const QString shown = log->index(row, LogColumn::Preview).data(role).toString();
            QVERIFY2(!leaks(shown), qPrintable(shown));
        }
        pane->view()->setCurrentIndex(pane->filteredLog()->index(row, 0));
        QVERIFY2(!leaks(pane->inspector()->payloadText()),
                 qPrintable(pane->inspector()->payloadText()));
    }
    const int connecting = findRow(log, Direction::Lifecycle, EventType::Connecting);
    pane->view()->setCurrentIndex(pane->filteredLog()->index(connecting, 0));
    const QString request = pane->inspector()->payloadText();
    QVERIFY2(request.contains(u"Authorization: Bearer ••••"_s), qPrintable(request));
    QVERIFY2(request.contains(u"X-Api-Key: ••••"_s), qPrintable(request));
    QVERIFY2(request.contains(u"key=••••"_s), qPrintable(request));
    const int echoed = findRow(log, Direction::Received, EventType::Text);
    QCOMPARE(log->index(echoed, LogColumn::Preview).data().toString(), u"echo: auth ••••"_s);

    // Copy rows.
    pane->view()->selectAll();
    const QString copied = pane->selectedRowsText();
    QVERIFY2(!leaks(copied) && copied.contains(u"echo: auth <secret>"_s), qPrintable(copied));
    // Every export.
    for (const QString &name : {u"log.jsonl"_s, u"log.har"_s, u"log.txt"_s}) {
        const QString path = m_dir.filePath(name);
        QString error;
        QVERIFY2(pane->exportTo(path, &error), qPrintable(error));
        const QString text = fileText(path);
        QVERIFY2(!leaks(text), qPrintable(name + u": "_s + text));
        QVERIFY2(text.contains(u"<secret>"_s), qPrintable(name));
    }
}

void tst_SessionWindow::sidebarActions()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.newConnectionTab(u"ws://a.example:81/"_s);
    const QString id = tab->profileId();
    QTreeWidget *tree = window.sidebar()->tree();
    QTreeWidgetItem *item = window.sidebar()->itemFor(SessionSidebar::Kind::Connection, id);
    QVERIFY(item);
    QCOMPARE(item->text(0), u"a.example:81"_s);

    // Rename: the sidebar, the session and the tab's title follow.
    item->setText(0, u"Feed A"_s);
    QCOMPARE(window.session().connection(id)->name, u"Feed A"_s);
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(tab)), u"Feed A"_s);

    // Duplicate, then close the original's tab and double-click to open it again.
    tree->setCurrentItem(window.sidebar()->itemFor(SessionSidebar::Kind::Connection, id));
    window.sidebar()->duplicateSelected();
    QCOMPARE(window.session().connections.size(), 2);
    QCOMPARE(window.session().connections[1].name, u"Feed A (copy)"_s);
    QCOMPARE(window.session().connections[1].url, u"ws://a.example:81/"_s);
    window.closeTab(window.tabs()->indexOf(tab));
    QCOMPARE(window.tabs()->count(), 0);
    tree->setCurrentItem(window.sidebar()->itemFor(SessionSidebar::Kind::Connection, id));
    emit tree->itemActivated(tree->currentItem(), 0);
    QCOMPARE(window.tabs()->count(), 1);
    auto *reopened = qobject_cast<ConnectionTab *>(window.tabs()->widget(0));
    QCOMPARE(reopened->profileId(), id);
    QCOMPARE(reopened->title(), u"Feed A"_s);
    // Opening it again shows the same tab.
    window.openProfile(SessionSidebar::Kind::Connection, id);
    QCOMPARE(window.tabs()->count(), 1);

    // Delete: gone from the session, and its tab closes.
    tree->setCurrentItem(window.sidebar()->itemFor(SessionSidebar::Kind::Connection, id));
    window.sidebar()->deleteSelected();
    QCOMPARE(window.session().connections.size(), 1);
    QCOMPARE(window.tabs()->count(), 0);

    // A snippet sent from the sidebar goes to the current tab.
    QWebSocketServer server(u"s"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QWebSocket *peer = nullptr;
    connect(&server, &QWebSocketServer::newConnection, this,
            [&] { peer = server.nextPendingConnection(); });
    ConnectionTab *live = window.newConnectionTab(u"ws://127.0.0.1:%1/"_s.arg(server.serverPort()));
    live->toggleConnection();
    QTRY_VERIFY(peer);
    QTRY_COMPARE(live->connection()->state(), Connection::State::Open);
    QSignalSpy received(peer, &QWebSocket::binaryMessageReceived);
    window.addSnippet({{}, u"Bytes"_s, Snippet::Type::Binary, QByteArray("\x01\x02", 2)});
    const QString snippetId = window.session().snippets.last().id;
    tree->setCurrentItem(window.sidebar()->itemFor(SessionSidebar::Kind::Snippet, snippetId));
    emit tree->itemActivated(tree->currentItem(), 0);
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received[0][0].toByteArray(), QByteArray("\x01\x02", 2));
    // And so does one picked from the composer's Snippets menu.
    QMenu *menu = byName<QToolButton>(live, u"Send a snippet"_s)->menu();
    emit menu->aboutToShow();
    const QList<QAction *> actions = menu->actions();
    const auto bytes = std::find_if(actions.begin(), actions.end(),
                                    [](QAction *a) { return a->text() == u"Bytes"_s; });
    QVERIFY(bytes != actions.end());
    (*bytes)->trigger();
    QTRY_COMPARE(received.size(), 2);
    delete peer;
}

void tst_SessionWindow::sessionFileOnTheCommandLineAtFirstLaunch()
{
    // `sockscope work.sockscope.json` on a first launch: the echo tab the app made is nobody's
    // unsaved work, so the file opens with no question, and unmodified (its tabs give back
    // exactly the profiles they were given).
    const QString path = m_dir.filePath(u"first/work.sockscope.json"_s);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    Session session;
    ConnectionProfile prices;
    prices.id = Session::newId();
    prices.name = u"Prices"_s;
    prices.url = u"ws://127.0.0.1:1/prices"_s;
    session.connections << prices;
    QString error;
    QVERIFY2(SessionFile::save(path, session, &error), qPrintable(error));

    MainWindow window;
    window.setWorkspacePath(m_dir.filePath(u"first/workspace.json"_s));
    window.restoreWorkspaceOrStart();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.isSessionModified());
    window.openFiles({path}); // a question here would block (a modal box), and fail the test
    QCOMPARE(window.session().connections.size(), 1);
    QCOMPARE(window.session().connections[0], prices);
    QVERIFY(!window.isSessionModified());
    QVERIFY2(window.windowTitle().startsWith(u"work.sockscope.json"_s),
             qPrintable(window.windowTitle()));
    window.setWorkspacePath({});
}

void tst_SessionWindow::savedEchoTabFindsThisRunsEchoServer()
{
    // The first-launch echo tab, saved in a session and opened in another run (whose echo
    // server has another port), connects to that run's echo server: no "connection refused".
    const QString path = m_dir.filePath(u"echo/echo.sockscope.json"_s);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QString error;
    int firstPort = 0;
    {
        MainWindow first;
        first.setWorkspacePath(m_dir.filePath(u"echo/first-workspace.json"_s));
        first.restoreWorkspaceOrStart();
        QCOMPARE(first.tabs()->count(), 1);
        QCOMPARE(first.session().connections.size(), 1);
        QCOMPARE(first.tabs()->tabText(0), u"Built-in echo server"_s);
        QCOMPARE(first.tabs()->tabToolTip(0), first.echoServerUrl().toString());
        firstPort = first.echoServerUrl().port();
        QVERIFY2(first.saveSessionAs(path, &error), qPrintable(error));
        QVERIFY(fileText(path).contains(u"\"builtInEcho\": true"_s));
        first.setWorkspacePath({});

        MainWindow second; // the first run's echo server still holds its port
        second.show();
        QVERIFY2(second.openSession(path, &error), qPrintable(error));
        auto *tab = qobject_cast<ConnectionTab *>(second.tabs()->widget(0));
        QVERIFY(tab);
        QVERIFY(second.echoServerUrl().isValid());
        QVERIFY(second.echoServerUrl().port() != firstPort);
        QCOMPARE(tab->profile().url, second.echoServerUrl().toString());
        QCOMPARE(second.tabs()->tabText(0), u"Built-in echo server"_s);
        QVERIFY(!second.isSessionModified());
        first.close();
    }
    // With the first run gone, its port is closed; the tab still connects and echoes.
    MainWindow third;
    third.show();
    QVERIFY(QTest::qWaitForWindowExposed(&third));
    QVERIFY2(third.openSession(path, &error), qPrintable(error));
    auto *tab = qobject_cast<ConnectionTab *>(third.tabs()->widget(0));
    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Open);
    QVERIFY(tab->connection()->sendText(u"still here"_s));
    QTRY_VERIFY(findRow(tab->log(), Direction::Received, EventType::Text) >= 0);

    tab->toggleConnection();
    QTRY_COMPARE(tab->connection()->state(), Connection::State::Closed);

    // Typing another URL makes it an ordinary connection, titled by its host.
    auto *url = byName<QLineEdit>(tab, u"Server URL"_s);
    url->selectAll();
    QTest::keyClicks(url, u"ws://127.0.0.1:4455/x"_s);
    QCOMPARE(url->text(), u"ws://127.0.0.1:4455/x"_s);
    QCOMPARE(third.tabs()->tabText(0), u"127.0.0.1:4455"_s);
    QCOMPARE(third.tabs()->tabToolTip(0), u"ws://127.0.0.1:4455/x"_s);
    QVERIFY(!tab->profile().builtInEcho);
}

void tst_SessionWindow::tabTitlesAndTooltips()
{
    MainWindow window;
    window.show();
    ConnectionTab *blank = window.newConnectionTab();
    const int at = window.tabs()->indexOf(blank);
    // Not the name of the action that made it.
    QCOMPARE(window.tabs()->tabText(at), u"Untitled connection"_s);
    ConnectionTab *templated = window.newConnectionTab(u"wss://{{host}}/feed"_s);
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(templated)), u"{{host}}/feed"_s);
    QCOMPARE(window.tabs()->tabToolTip(window.tabs()->indexOf(templated)),
             u"wss://{{host}}/feed"_s);
    ServerTab *server = window.newServerTab();
    const int serverAt = window.tabs()->indexOf(server);
    QCOMPARE(window.tabs()->tabToolTip(serverAt),
             u"Stopped; listens on 127.0.0.1, any free port"_s);
    server->toggleServer();
    QVERIFY(server->server()->isListening());
    QCOMPARE(window.tabs()->tabToolTip(serverAt),
             u"Listening on %1"_s.arg(server->server()->url().toString()));

    // Two logs with the same title, from two files, get titles that tell them apart.
    const QString har = QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/devtools-trading.har");
    const QString copy = m_dir.filePath(u"titles/other.har"_s);
    QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
    QVERIFY(QFile::copy(har, copy));
    QString error;
    QVERIFY2(window.openFile(har, &error), qPrintable(error));
    const QString firstTitle = window.tabs()->tabText(window.tabs()->currentIndex());
    QVERIFY2(window.openFile(copy, &error), qPrintable(error));
    const QString secondTitle = window.tabs()->tabText(window.tabs()->currentIndex());
    QVERIFY2(firstTitle != secondTitle, qPrintable(secondTitle));
    QVERIFY2(secondTitle.contains(u"other.har"_s), qPrintable(secondTitle));
}

void tst_SessionWindow::workspaceSurvivesACrash()
{
    const QString path = m_dir.filePath(u"crash/workspace.json"_s);
    {
        MainWindow window;
        window.setWorkspacePath(path);
        window.restoreWorkspaceOrStart(); // first launch: the echo tab
        window.show();
        QCOMPARE(window.tabs()->count(), 1);
        ConnectionTab *echo = window.currentConnectionTab();
        QVERIFY(echo->profile().url.startsWith(u"ws://127.0.0.1:"_s));
        ConnectionTab *other = window.newConnectionTab(u"ws://other.example/"_s);
        other->setComposerText(u"half-written message"_s);
        window.newServerTab();
        window.tabs()->setCurrentIndex(1);
        QVERIFY(window.saveWorkspace(false)); // what the autosave timer does
        // The window goes away without closing (as in a crash): no save at quit.
        window.setWorkspacePath({});
    }
    Workspace saved;
    QString error;
    QVERIFY2(WorkspaceFile::load(path, &saved, &error), qPrintable(error));
    QVERIFY(!saved.cleanExit);

    MainWindow restored;
    restored.setWorkspacePath(path);
    restored.restoreWorkspaceOrStart();
    restored.show();
    QCOMPARE(restored.tabs()->count(), 3);
    QCOMPARE(restored.tabs()->currentIndex(), 1);
    auto *other = qobject_cast<ConnectionTab *>(restored.tabs()->widget(1));
    QCOMPARE(other->profile().url, u"ws://other.example/"_s);
    QCOMPARE(other->composerText(), u"half-written message"_s);
    QVERIFY(qobject_cast<ServerTab *>(restored.tabs()->widget(2)));
    // The echo tab points at the echo server of this run.
    auto *echo = qobject_cast<ConnectionTab *>(restored.tabs()->widget(0));
    QCOMPARE(echo->profile().url, restored.echoServerUrl().toString());
    QVERIFY(restored.statusBar()->currentMessage().contains(u"did not quit normally"_s));
    QVERIFY(restored.isSessionModified()); // the new tabs were never saved to a file
}

void tst_SessionWindow::corruptWorkspaceIsMovedAside()
{
    const QString path = m_dir.filePath(u"corrupt/workspace.json"_s);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\x89garbage\x00\x01", 10);
    file.close();
    MainWindow window;
    window.setWorkspacePath(path);
    window.restoreWorkspaceOrStart();
    window.show();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window.findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(u"was kept as"_s) && box->text().contains(u".corrupt-"_s),
             qPrintable(box->text()));
    const QStringList aside
        = QDir(QFileInfo(path).path()).entryList({u"workspace.json.corrupt-*"_s}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QFile kept(QFileInfo(path).path() + u'/' + aside.first());
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("\x89garbage\x00\x01", 10));
    QCOMPARE(window.tabs()->count(), 1); // a clean start, with the echo tab
    Workspace fresh;
    QString error;
    QVERIFY2(WorkspaceFile::load(path, &fresh, &error), qPrintable(error));
}

void tst_SessionWindow::autosaveFollowsChanges()
{
    const QString path = m_dir.filePath(u"auto/workspace.json"_s);
    MainWindow window;
    window.setWorkspacePath(path);
    window.setAutosaveDelay(50);
    window.restoreWorkspaceOrStart();
    window.show();
    ConnectionTab *tab = window.newConnectionTab();
    QTest::keyClicks(byName<QLineEdit>(tab, u"Server URL"_s), u"ws://autosaved.example/"_s);
    QTRY_VERIFY(fileText(path).contains(u"ws://autosaved.example/"_s));
    QTest::keyClicks(byName<QPlainTextEdit>(tab, u"Message composer"_s), u"draft 1"_s);
    QTRY_VERIFY(fileText(path).contains(u"draft 1"_s));
    // Quitting saves it too, marked as a clean exit.
    answerNextMessageBox(QMessageBox::Discard);
    QVERIFY(window.close());
    Workspace saved;
    QString error;
    QVERIFY(WorkspaceFile::load(path, &saved, &error));
    QVERIFY(saved.cleanExit);
}

QTEST_MAIN(tst_SessionWindow)
#include "tst_sessionwindow.moc"
