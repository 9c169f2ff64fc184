// `sockscope run` as a process, as CI runs it: no display, exit codes, lines, JUnit and JSON.

#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_Run : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void passAndFailWithReports();
    void chosenScenarioAndVariables();
    void exampleSessionPassesOnItsOwn();
    void fileAndUsageErrorsExitTwo_data();
    void fileAndUsageErrorsExitTwo();
    void timeoutFailsTheRun();
    void exportRunsInArtillery();

private:
    NodePeer m_server;
    int m_port = 0;
    QTemporaryDir m_dir;
};

namespace {
struct Finished
{
    int code = -1;
    QString out;
    QString err;
};

Finished runSockscope(const QStringList &args, const QProcessEnvironment &env = {})
{
    QProcess p;
    QProcessEnvironment e = env.isEmpty() ? QProcessEnvironment::systemEnvironment() : env;
    e.remove(u"DISPLAY"_s); // CI has none
    e.remove(u"WAYLAND_DISPLAY"_s);
    e.remove(u"QT_QPA_PLATFORM"_s);
    e.insert(u"SOCKSCOPE_NO_KEYCHAIN"_s, u"1"_s);
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(SOCKSCOPE_BINARY), QStringList {u"run"_s} + args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// A session of two scenarios against a ws server on `port`: one passes, one fails at its
// third step.
QByteArray twoScenarios(int port)
{
    QByteArray json = R"({"version": 3, "variables": [{"name": "who", "value": "ada"}],
    "scenarios": [
        {"name": "Greets", "steps": [
            {"kind": "connect", "url": "ws://127.0.0.1:PORT"},
            {"kind": "expect", "match": {"json": "type", "equals": "welcome"}},
            {"kind": "send", "json": {"op": "login", "user": "{{who}}"}},
            {"kind": "expect", "match": {"json": "token", "equals": "tok-{{who}}"}}
        ]},
        {"name": "Wrong <token>", "steps": [
            {"kind": "connect", "url": "ws://127.0.0.1:PORT"},
            {"kind": "send", "json": {"op": "echo", "token": "forged", "data": 1}},
            {"kind": "expect", "match": {"json": "type", "equals": "echo"}, "within": 500},
            {"kind": "close"}
        ]}
    ]})";
    return json.replace("PORT", QByteArray::number(port));
}
} // namespace

void tst_Run::initTestCase()
{
    m_port = m_server.startListening(u"ws-scenario-server.js"_s);
    QVERIFY(m_port > 0);
    QVERIFY(writeFile(m_dir.filePath(u"two.sockscope.json"_s), twoScenarios(m_port)));
}

void tst_Run::passAndFailWithReports()
{
    const QString junit = m_dir.filePath(u"junit.xml"_s);
    const QString json = m_dir.filePath(u"results.json"_s);
    const Finished f = runSockscope(
        {m_dir.filePath(u"two.sockscope.json"_s), u"--junit"_s, junit, u"--json"_s, json});
    QCOMPARE(f.code, 1);
    QVERIFY2(f.out.contains(u"Scenario \"Greets\" (4 steps)\n"), qPrintable(f.out));
    QVERIFY2(f.out.contains(u"Scenario \"Greets\" passed in "), qPrintable(f.out));
    QVERIFY2(f.out.contains(u"Scenario \"Wrong <token>\" FAILED in "), qPrintable(f.out));
    // The failing step says what was expected and what came instead; the rest are skipped.
    QVERIFY2(f.out.contains(u"  FAIL      3  expect JSON with type = \"echo\""), qPrintable(f.out));
    QVERIFY2(f.out.contains(u"Expected JSON with type = \"echo\" within 500 ms; 2 other messages "
                            "came, the last \"{\"type\":\"error\",\"reason\":\"bad token\"}\"."),
             qPrintable(f.out));
    QVERIFY2(f.out.contains(u"  skipped   4  close with 1000"), qPrintable(f.out));
    QVERIFY2(f.out.contains(u"1 of 2 scenarios passed."), qPrintable(f.out));

    // The JUnit report is what a CI server reads: valid against the schema, one test case a
    // scenario, the failure's message naming the step.
    QProcess xmllint;
    xmllint.start(u"xmllint"_s,
                  {u"--noout"_s, u"--schema"_s, QStringLiteral(SOCKSCOPE_JUNIT_XSD), junit});
    QVERIFY(xmllint.waitForFinished(10000));
    QVERIFY2(xmllint.exitCode() == 0, xmllint.readAllStandardError().constData());
    QFile file(junit);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QStringList cases;
    QString failure;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"testsuite") {
            QCOMPARE(xml.attributes().value(QLatin1String("tests")), u"2");
            QCOMPARE(xml.attributes().value(QLatin1String("failures")), u"1");
            QCOMPARE(xml.attributes().value(QLatin1String("name")), u"two.sockscope.json");
        } else if (xml.name() == u"testcase") {
            cases << xml.attributes().value(QLatin1String("name")).toString();
        } else if (xml.name() == u"failure") {
            failure = xml.attributes().value(QLatin1String("message")).toString();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(cases, (QStringList {u"Greets"_s, u"Wrong <token>"_s}));
    QVERIFY2(failure.startsWith(u"step 3, expect JSON with type = \"echo\": Expected JSON with "
                                "type = \"echo\" within 500 ms;"),
             qPrintable(failure));

    QFile results(json);
    QVERIFY(results.open(QIODevice::ReadOnly));
    const QJsonArray scenarios
        = QJsonDocument::fromJson(results.readAll()).object().value(u"scenarios").toArray();
    QCOMPARE(scenarios.size(), 2);
    QCOMPARE(scenarios[0].toObject().value(u"passed").toBool(), true);
    const QJsonArray steps = scenarios[1].toObject().value(u"steps").toArray();
    QCOMPARE(steps[2].toObject().value(u"outcome").toString(), u"failed"_s);
    QCOMPARE(steps[3].toObject().value(u"outcome").toString(), u"skipped"_s);
}

void tst_Run::chosenScenarioAndVariables()
{
    // --var wins over the session's value, and the environment gives values too.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SOCKSCOPE_VAR_who"_s, u"grace"_s);
    Finished f = runSockscope(
        {m_dir.filePath(u"two.sockscope.json"_s), u"--scenario"_s, u"Greets"_s}, env);
    QCOMPARE(f.code, 0);
    QVERIFY2(f.out.contains(u"1 of 1 scenarios passed."), qPrintable(f.out));
    QVERIFY(!f.out.contains(u"Wrong"));
    QVERIFY(m_server.waitForLine([](const QString &l) { return l.contains(u"grace"); }, 3000));

    f = runSockscope({m_dir.filePath(u"two.sockscope.json"_s), u"--scenario=Greets"_s, u"--var"_s,
                      u"who=linus"_s},
                     env);
    QCOMPARE(f.code, 0);
    QVERIFY(m_server.waitForLine([](const QString &l) { return l.contains(u"linus"); }, 3000));
}

void tst_Run::exampleSessionPassesOnItsOwn()
{
    // The example starts its own mock server with a serve step: nothing else is running.
    const Finished f
        = runSockscope({QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/scenario-demo.sockscope.json")});
    QVERIFY2(f.code == 0, qPrintable(f.out + f.err));
    QVERIFY2(f.out.contains(u"Scenario \"Login and echo\" passed"), qPrintable(f.out));
    QVERIFY2(f.out.contains(u"listening on ws://127.0.0.1:"), qPrintable(f.out));
}

void tst_Run::fileAndUsageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("no file") << QStringList {} << u"sockscope: run: which scenarios?"_s;
    QTest::newRow("missing file") << QStringList {u"/nonexistent/x.sockscope.json"_s}
                                  << u"sockscope: run: "_s;
    QTest::newRow("unknown scenario")
        << QStringList {u"TWO"_s, u"--scenario"_s, u"Nope"_s}
        << u"has no scenario \"Nope\" (it has \"Greets\", \"Wrong <token>\")."_s;
    QTest::newRow("bad var") << QStringList {u"TWO"_s, u"--var"_s, u"novalue"_s}
                             << u"sockscope: run: --var takes NAME=VALUE, not 'novalue'"_s;
    QTest::newRow("bad timeout") << QStringList {u"TWO"_s, u"--timeout"_s, u"soon"_s}
                                 << u"sockscope: run: --timeout takes seconds"_s;
    QTest::newRow("unknown option")
        << QStringList {u"TWO"_s, u"--fast"_s} << u"sockscope: run: unknown option '--fast'"_s;
}

void tst_Run::fileAndUsageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    args.replaceInStrings(u"TWO"_s, m_dir.filePath(u"two.sockscope.json"_s));
    const Finished f = runSockscope(args);
    QCOMPARE(f.code, 2);
    QVERIFY2(f.err.contains(error), qPrintable(f.err));
}

void tst_Run::timeoutFailsTheRun()
{
    QVERIFY(writeFile(m_dir.filePath(u"slow.scenario.json"_s),
                      R"({"version": 1, "scenarios": [{"name": "Slow", "steps": [
                          {"kind": "wait", "ms": 30000}]}]})"));
    QElapsedTimer clock;
    clock.start();
    const Finished f
        = runSockscope({m_dir.filePath(u"slow.scenario.json"_s), u"--timeout"_s, u"1"_s});
    QCOMPARE(f.code, 1);
    QVERIFY(clock.elapsed() < 15000);
    QVERIFY2(f.out.contains(u"The run took longer than 1 s (--timeout)."), qPrintable(f.out));
}

void tst_Run::exportRunsInArtillery()
{
    // Sockscope's own mock server answers a login with a token and echoes data with it.
    const auto rule = [](const QString &op, const QJsonObject &reply) {
        return QJsonObject {
            {u"match"_s,
             QJsonObject {{u"json"_s, QJsonObject {{u"path"_s, u"op"_s}, {u"equals"_s, op}}}}},
            {u"reply"_s, QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact))}};
    };
    const QJsonObject rules {
        {u"version"_s, 1},
        {u"fallback"_s, u"none"_s},
        {u"rules"_s,
         QJsonArray {
             rule(u"login"_s, {{u"type"_s, u"login"_s}, {u"token"_s, u"tok-{{json.user}}"_s}}),
             rule(u"echo"_s, {{u"type"_s, u"echo"_s}, {u"token"_s, u"{{json.token}}"_s}})}}};
    QVERIFY(writeFile(m_dir.filePath(u"rules.json"_s), QJsonDocument(rules).toJson()));
    QProcess serve;
    serve.start(QStringLiteral(SOCKSCOPE_BINARY),
                {u"serve"_s, u"--port"_s, u"0"_s, u"--rules"_s, m_dir.filePath(u"rules.json"_s)});
    QVERIFY(serve.waitForStarted());
    QVERIFY(serve.waitForReadyRead(10000));
    const QString url = QString::fromUtf8(serve.readLine()).trimmed().section(u' ', 2);
    QVERIFY2(url.startsWith(u"ws://127.0.0.1:"), qPrintable(url));

    const auto exportAndRun = [&](const QString &expectedToken, QString *output) {
        QVERIFY(writeFile(m_dir.filePath(u"load.scenario.json"_s),
                          uR"j({"version": 1, "scenarios": [{"name": "Login", "steps": [
            {"kind": "connect", "url": "{{target}}"},
            {"kind": "send", "json": {"op": "login", "user": "{{who}}"}},
            {"kind": "expect", "match": {"json": "type", "equals": "login"}},
            {"kind": "capture", "json": "token", "into": "token"},
            {"kind": "send", "json": {"op": "echo", "token": "{{token}}"}},
            {"kind": "expect", "match": {"json": "token", "equals": "%1"}},
            {"kind": "ping"}]}]})j"_s.arg(expectedToken)
                              .toUtf8()));
        const QString script = m_dir.filePath(u"load.yml"_s);
        const Finished exported
            = runSockscope({m_dir.filePath(u"load.scenario.json"_s), u"--export-artillery"_s,
                            script, u"--var"_s, u"target="_s + url, u"--var"_s, u"who=ada"_s});
        QCOMPARE(exported.code, 0);
        // What Artillery cannot do is said, not dropped silently.
        QVERIFY2(exported.out.contains(u"left out: Login, step 7 (ping): Artillery's ws engine "
                                       "sends no pings"),
                 qPrintable(exported.out));
        QProcess artillery;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"ARTILLERY_DISABLE_TELEMETRY"_s, u"1"_s);
        env.insert(u"NODE_OPTIONS"_s,
                   u"--require "_s
                       + QStringLiteral(SOCKSCOPE_PEERS_DIR "/artillery/no-telemetry.js"));
        artillery.setProcessEnvironment(env);
        artillery.setProcessChannelMode(QProcess::MergedChannels);
        artillery.start(
            QStringLiteral(SOCKSCOPE_NODE),
            {QStringLiteral(SOCKSCOPE_PEERS_DIR "/artillery/node_modules/artillery/bin/run"),
             u"run"_s, script});
        QVERIFY(artillery.waitForFinished(120000));
        *output = QString::fromUtf8(artillery.readAll());
        output->prepend(u"exit %1\n"_s.arg(artillery.exitCode()));
    };
    QString output;
    exportAndRun(u"tok-ada"_s, &output);
    QVERIFY2(output.startsWith(u"exit 0\n"), qPrintable(output));
    QVERIFY2(output.contains(QRegularExpression(u"vusers\\.completed: \\.+ 1\n"_s)),
             qPrintable(output));
    QVERIFY2(output.contains(u"ok: maxErrorRate < 0"), qPrintable(output));
    // The token captured from the login went back to the server in the echo.
    QString served;
    QVERIFY(QTest::qWaitFor(
        [&] {
            served += QString::fromUtf8(serve.readAllStandardOutput());
            return served.contains(u"\"token\":\"tok-ada\""_s);
        },
        5000));

    // A match that fails in Artillery fails its run.
    exportAndRun(u"tok-bob"_s, &output);
    QVERIFY2(!output.startsWith(u"exit 0\n"), qPrintable(output));
    QVERIFY2(output.contains(u"fail: maxErrorRate < 0"), qPrintable(output));
    serve.terminate();
    QVERIFY(serve.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(tst_Run)
#include "tst_run.moc"
