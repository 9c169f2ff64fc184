// Scenario tabs as a user drives them, offscreen: a new scenario against the built-in echo
// server, its steps turning pass or fail, the conversation in the log; Save as scenario and
// Save as mock server from a connection tab's log; the sidebar, the session file and the
// workspace keeping scenarios.

#include "connection/connectiontab.h"
#include "log/logpane.h"
#include "mainwindow.h"
#include "scenario/savescenariodialog.h"
#include "scenario/scenariotab.h"
#include "server/behavioureditor.h"
#include "server/servertab.h"
#include "session/sessionfile.h"
#include "testsupport.h"
#include "widgetsupport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_ScenarioTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void newScenarioRunsAgainstTheEchoServer();
    void badDetailsAreSaidAndNotSaved();
    void connectionLogBecomesScenarioAndMock();
    void sessionAndWorkspaceKeepScenarios();

private:
    // Triggers the menu bar's action with this text (as the menus show it, without "&").
    static void trigger(MainWindow &window, const QString &text);
    static QString resultOf(ScenarioTab *tab, int row)
    {
        return tab->steps()->item(row, ScenarioTab::ResultColumn)->text();
    }
    QTemporaryDir m_dir;
};

void tst_ScenarioTab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    qputenv("SOCKSCOPE_NO_KEYCHAIN", "1");
}

void tst_ScenarioTab::trigger(MainWindow &window, const QString &text)
{
    for (QAction *action : window.menuBar()->findChildren<QAction *>()) {
        if (QString(action->text()).remove(u'&') == text) {
            action->trigger();
            return;
        }
    }
    QFAIL(qPrintable(u"no action "_s + text));
}

void tst_ScenarioTab::newScenarioRunsAgainstTheEchoServer()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    trigger(window, u"New scenario"_s);
    auto *tab = qobject_cast<ScenarioTab *>(window.tabs()->currentWidget());
    QVERIFY(tab);
    QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), u"Scenario 1"_s);
    QTableWidget *steps = byName<QTableWidget>(tab, u"Scenario steps"_s);
    QVERIFY(steps);
    // It starts with a connect step to the tab the user was on: the echo server.
    QCOMPARE(steps->rowCount(), 1);
    QVERIFY2(steps->item(0, ScenarioTab::DetailsColumn)
                 ->text()
                 .contains(window.echoServerUrl().toString()),
             qPrintable(steps->item(0, ScenarioTab::DetailsColumn)->text()));

    // Add a send and an expect through the buttons, editing their details as a user would.
    auto *kind = byName<QComboBox>(tab, u"Kind of new step"_s);
    auto *add = byName<QPushButton>(tab, u"Add step"_s);
    kind->setCurrentText(u"send"_s);
    QTest::mouseClick(add, Qt::LeftButton);
    steps->item(1, ScenarioTab::DetailsColumn)->setText(uR"({"text":"hello scenario"})"_s);
    kind->setCurrentText(u"expect"_s);
    QTest::mouseClick(add, Qt::LeftButton);
    steps->item(2, ScenarioTab::DetailsColumn)
        ->setText(uR"({"match":{"exact":"hello scenario"}})"_s);
    kind->setCurrentText(u"expect"_s);
    QTest::mouseClick(add, Qt::LeftButton);
    steps->item(3, ScenarioTab::DetailsColumn)
        ->setText(uR"({"match":{"exact":"never"},"within":300})"_s);
    QCOMPARE(steps->rowCount(), 4);
    // The session follows the table.
    QCOMPARE(window.document()->session().scenarios.size(), 1);
    QCOMPARE(window.document()->session().scenarios[0].toObject().value(u"steps").toArray().size(),
             4);

    auto *run = byName<QPushButton>(tab, u"Run scenario"_s);
    QVERIFY(run);
    QTest::mouseClick(run, Qt::LeftButton);
    // While it runs, the button stops it, and says so to a screen reader too.
    QCOMPARE(run->accessibleName(), u"Stop scenario"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning(), 10000);
    QCOMPARE(run->accessibleName(), u"Run scenario"_s);
    QVERIFY2(resultOf(tab, 0).startsWith(u"pass"), qPrintable(resultOf(tab, 0)));
    QVERIFY2(resultOf(tab, 2).startsWith(u"pass"), qPrintable(resultOf(tab, 2)));
    QVERIFY2(resultOf(tab, 3).startsWith(u"FAIL · "), qPrintable(resultOf(tab, 3)));
    QVERIFY2(resultOf(tab, 3).contains(u"Expected the text \"never\" within 300 ms"),
             qPrintable(resultOf(tab, 3)));
    auto *status = byName<QLabel>(tab, u"Scenario result"_s);
    QVERIFY2(status->text().startsWith(u"Failed at step 4, expect the text \"never\": "),
             qPrintable(status->text()));
    // The conversation is in the tab's log, with its sizes and types.
    tab->log()->flush();
    const QStringList lines = logLines(tab->log());
    QVERIFY2(lines.contains(u"Sent | text | 14 B | hello scenario"_s),
             qPrintable(lines.join(u'\n')));
    QVERIFY2(lines.contains(u"Received | text | 14 B | hello scenario"_s),
             qPrintable(lines.join(u'\n')));

    // Removing the failing step makes it pass.
    steps->setCurrentCell(3, ScenarioTab::DetailsColumn);
    QTest::mouseClick(byName<QPushButton>(tab, u"Remove step"_s), Qt::LeftButton);
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isRunning(), 10000);
    QVERIFY2(status->text().startsWith(u"Passed: 3 steps in "), qPrintable(status->text()));
}

void tst_ScenarioTab::badDetailsAreSaidAndNotSaved()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    ScenarioTab *tab = window.newScenarioTab();
    const QJsonArray saved = window.document()->session().scenarios;
    tab->steps()->item(0, ScenarioTab::DetailsColumn)->setText(uR"({"url": 5})"_s);
    auto *status = byName<QLabel>(tab, u"Scenario result"_s);
    QCOMPARE(status->text(), u"Not saved: steps[0].url: expected a string"_s);
    QCOMPARE(window.document()->session().scenarios, saved); // the last good one is kept
    tab->steps()->item(0, ScenarioTab::DetailsColumn)->setText(u"{not json"_s);
    QVERIFY2(status->text().startsWith(u"Not saved: Step 1: the details are not a JSON object"),
             qPrintable(status->text()));
    QTest::mouseClick(byName<QPushButton>(tab, u"Run scenario"_s), Qt::LeftButton);
    QVERIFY2(status->text().startsWith(u"Cannot run: Step 1:"), qPrintable(status->text()));
    QVERIFY(!tab->isRunning());
}

void tst_ScenarioTab::connectionLogBecomesScenarioAndMock()
{
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.show();
    ConnectionTab *connection = window.currentConnectionTab();
    QTest::mouseClick(byName<QPushButton>(connection, u"Connect"_s), Qt::LeftButton);
    QTRY_COMPARE(connection->connection()->state(), Connection::State::Open);
    // Each message once the echo of the one before has come.
    const auto echoes = [connection] {
        int n = 0;
        for (int row = 0; row < connection->log()->rowCount(); ++row)
            n += connection->log()->record(row).direction == Direction::Received;
        return n;
    };
    for (const QString &message : {uR"({"type":"hello","n":1})"_s, u"plain"_s}) {
        const int before = echoes();
        QVERIFY(connection->connection()->sendText(message));
        QTRY_COMPARE(echoes(), before + 1);
    }
    // Log > Save as scenario asks how, offering the fields of the JSON the server sent.
    trigger(window, u"Save as scenario…"_s);
    SaveScenarioDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SaveScenarioDialog *>()) != nullptr);
    QStringList offered;
    for (int i = 0; i < dialog->fields()->count(); ++i)
        offered << dialog->fields()->item(i)->text();
    QCOMPARE(offered, (QStringList {u"n"_s, u"type"_s}));
    dialog->fields()->item(1)->setCheckState(Qt::Checked);
    byName<QLineEdit>(dialog, u"Scenario name"_s)->setText(u"Echo twice"_s);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();

    auto *scenario = qobject_cast<ScenarioTab *>(window.tabs()->currentWidget());
    QVERIFY(scenario);
    QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), u"Echo twice"_s);
    const Result<Scenario> s = scenario->scenario();
    QVERIFY(s.ok());
    QStringList titles;
    for (const ScenarioStep &step : s->steps)
        titles << step.title();
    QVERIFY2(s->steps.size() == 5,
             qPrintable(
                 titles.join(u"; "))); // connect, send, expect by type, send, expect word for word
    QCOMPARE(s->steps[2].match.kind, MessageMatch::Kind::JsonEquals);
    QCOMPARE(s->steps[2].match.pattern, u"type"_s);
    QCOMPARE(s->steps[4].match.pattern, u"plain"_s);
    QTest::mouseClick(byName<QPushButton>(scenario, u"Run scenario"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!scenario->isRunning(), 10000);
    auto *status = byName<QLabel>(scenario, u"Scenario result"_s);
    QVERIFY2(status->text().startsWith(u"Passed: 5 steps"), qPrintable(status->text()));

    // Log > Save as mock server: a server answering each message as the echo server did.
    window.tabs()->setCurrentWidget(connection);
    trigger(window, u"Save as mock server"_s);
    auto *server = qobject_cast<ServerTab *>(window.tabs()->currentWidget());
    QVERIFY(server);
    const ServerProfile profile = server->profile();
    QCOMPARE(profile.rules.rules.size(), size_t(2));
    QCOMPARE(profile.rules.rules[1].pattern, u"plain"_s);
    QCOMPARE(profile.rules.rules[1].action, RuleSet::Rule::ActionKind::Answers);
    QCOMPARE(profile.rules.rules[1].answers.front().front().templ, u"plain"_s);
    // The Behaviour page shows the recorded answers and gives them back unchanged.
    RuleSet edited;
    QString error;
    QVERIFY2(server->behaviour()->rules(&edited, &error), qPrintable(error));
    QCOMPARE(edited.rules[1].answers, profile.rules.rules[1].answers);
    QCOMPARE(edited.rules[1].loop, profile.rules.rules[1].loop);
    QVERIFY(window.document()->session().server(profile.id));
}

void tst_ScenarioTab::sessionAndWorkspaceKeepScenarios()
{
    const QString path = m_dir.filePath(u"s.sockscope.json"_s);
    {
        MainWindow window;
        window.startFirstLaunchEchoServer();
        ScenarioTab *tab = window.newScenarioTab();
        auto *name = byName<QLineEdit>(tab, u"Scenario name"_s);
        name->selectAll();
        QTest::keyClicks(name, u"Kept"_s);
        QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(tab)), u"Kept"_s);
        QString error;
        QVERIFY2(window.saveSessionAs(path, &error), qPrintable(error));
    }
    Session saved;
    QString error;
    QVERIFY2(SessionFile::load(path, &saved, &error), qPrintable(error));
    QCOMPARE(saved.scenarios.size(), 1);
    QCOMPARE(saved.scenarios[0].toObject().value(u"name").toString(), u"Kept"_s);

    MainWindow window;
    QVERIFY2(window.openSession(path, &error), qPrintable(error));
    // Listed in the sidebar under Scenarios, and opened from there.
    QTreeWidgetItem *item = window.sidebar()->itemFor(
        SessionSidebar::Kind::Scenario, saved.scenarios[0].toObject().value(u"id").toString());
    QVERIFY(item);
    QCOMPARE(item->text(0), u"Kept"_s);
    QCOMPARE(item->parent()->text(0), u"Scenarios"_s);
    window.sidebar()->tree()->setCurrentItem(item);
    window.sidebar()->openSelected();
    auto *tab = qobject_cast<ScenarioTab *>(window.tabs()->currentWidget());
    QVERIFY(tab);
    QCOMPARE(tab->title(), u"Kept"_s);
    // The workspace keeps the open scenario tab.
    const Workspace w = window.workspace();
    QVERIFY(std::any_of(w.tabs.begin(), w.tabs.end(), [&](const Workspace::Tab &t) {
        return t.kind == Workspace::Tab::Kind::Scenario && t.profileId == tab->profileId();
    }));
}

QTEST_MAIN(tst_ScenarioTab)
#include "tst_scenariotab.moc"
