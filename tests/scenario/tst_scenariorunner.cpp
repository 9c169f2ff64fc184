// Scenarios run against real servers on loopback: npm `ws`, Debian's python3-websockets and
// Sockscope's own mock server. Each step kind passes, and fails with the sentence a user needs.

#include "testsupport.h"

#include "scenario/scenario.h"
#include "scenario/scenarioreport.h"
#include "scenario/scenariorunner.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

namespace {
Scenario scenarioFrom(const QByteArray &json)
{
    JsonReader r;
    const Scenario s = Scenario::fromJson(r, QJsonDocument::fromJson(json).object(), u"scenario"_s);
    if (!r.ok())
        qWarning() << "bad scenario in the test:" << r.error();
    return s;
}

QString withPort(QByteArray json, int port)
{
    return QString::fromUtf8(json.replace("PORT", QByteArray::number(port)));
}

// A port nothing listens on.
int closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

// A session with a mock server that answers "hello" with "world" and a connection to a URL.
Session testSession(const QString &connectionUrl = {})
{
    Session session;
    ServerProfile server;
    server.id = u"srv-1"_s;
    server.name = u"Greeter"_s;
    server.rules.greeting = u"welcome"_s;
    RuleSet::Rule rule;
    rule.pattern = u"hello"_s;
    rule.templ = u"world"_s;
    server.rules.rules.push_back(rule);
    session.servers << server;
    ConnectionProfile connection;
    connection.id = u"conn-1"_s;
    connection.name = u"API"_s;
    connection.url = connectionUrl;
    session.connections << connection;
    Snippet snippet;
    snippet.id = u"snip-1"_s;
    snippet.name = u"Say hello"_s;
    snippet.payload = "hello";
    session.snippets << snippet;
    session.variables << Variable {u"user"_s, u"ada"_s, false};
    return session;
}

// Runs to the end; the outcome, and every step's line for failure messages.
struct Run
{
    ScenarioOutcome outcome;
    QString text() const { return outcome.lines().join(u'\n'); }
};

Run run(const Scenario &scenario, const Session &session, int timeoutMs = 30000)
{
    ScenarioRunner runner(scenario, session);
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    if (!finished.wait(timeoutMs))
        runner.abort(u"the test's time ran out"_s);
    return {ScenarioOutcome::of(runner)};
}
} // namespace

class tst_ScenarioRunner : public QObject
{
    Q_OBJECT

private slots:
    void passesAgainstEchoServers_data();
    void passesAgainstEchoServers();
    void loginCaptureAndReuse();
    void unrelatedPushesAreIgnored();
    void strictOrderFailsOnAnUnrelatedPush();
    void everyStepKindFailsInWords_data();
    void everyStepKindFailsInWords();
    void serveStepAndServerJournal();
    void reconnectReplaysOnOpen();
    void socketIoStepsAgainstSocketIoServer();
    void abortFailsTheRunningStep();
};

void tst_ScenarioRunner::passesAgainstEchoServers_data()
{
    QTest::addColumn<QString>("peer");
    QTest::newRow("npm ws") << u"ws-server.js"_s;
    QTest::newRow("python3-websockets") << u"py-server.py"_s;
}

void tst_ScenarioRunner::passesAgainstEchoServers()
{
    QFETCH(QString, peer);
    NodePeer server;
    const int port = server.startListening(peer);
    QVERIFY(port > 0);
    const Scenario scenario = scenarioFrom(withPort(R"({"name": "Echo", "steps": [
        {"kind": "connect", "connection": "API"},
        {"kind": "send", "text": "hi {{user}}"},
        {"kind": "expect", "match": {"exact": "hi ada"}, "within": 3000},
        {"kind": "send", "json": {"n": 1, "who": "{{user}}"}},
        {"kind": "expect", "match": {"json": "who", "equals": "ada"}},
        {"kind": "send", "hex": "00 01 fe"},
        {"kind": "expect", "match": {"hex": "0001fe"}},
        {"kind": "send", "snippet": "Say hello"},
        {"kind": "expect", "match": {"regex": "^hel+o$"}},
        {"kind": "ping", "text": "are you there"},
        {"kind": "send", "text": "close-me 4001 done"},
        {"kind": "expectClose", "code": 4001}
    ]})",
                                                    port)
                                               .toUtf8());
    const Run r = run(scenario, testSession(u"ws://127.0.0.1:%1/echo"_s.arg(port)));
    QVERIFY2(r.outcome.passed, qPrintable(r.text()));
    QCOMPARE(r.outcome.results.size(), 12);
    QVERIFY2(r.outcome.results[11].message.contains(u"4001"), qPrintable(r.text()));
    QVERIFY2(r.outcome.results[11].message.contains(u"\"done\""), qPrintable(r.text()));
    QVERIFY2(r.outcome.results[9].message.startsWith(u"pong in "), qPrintable(r.text()));
}

void tst_ScenarioRunner::loginCaptureAndReuse()
{
    NodePeer server;
    const int port = server.startListening(u"ws-scenario-server.js"_s);
    QVERIFY(port > 0);
    const Scenario scenario = scenarioFrom(withPort(R"({"name": "Login", "steps": [
        {"kind": "connect", "url": "ws://127.0.0.1:PORT"},
        {"kind": "expect", "match": {"json": "type", "equals": "welcome"}},
        {"kind": "send", "json": {"op": "login", "user": "{{user}}"}},
        {"kind": "expect", "match": {"json": "$.type", "equals": "login"}},
        {"kind": "capture", "json": "$.token", "into": "token"},
        {"kind": "send", "json": {"op": "echo", "token": "{{token}}", "data": "x"}},
        {"kind": "expect", "match": {"json": "type", "equals": "echo"}, "within": 2000},
        {"kind": "capture", "regex": "\"data\":\"(\\w)\"", "into": "data"},
        {"kind": "close", "code": 1000}
    ]})",
                                                    port)
                                               .toUtf8());
    ScenarioRunner runner(scenario, testSession());
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QVERIFY(finished.wait(20000));
    const ScenarioOutcome outcome = ScenarioOutcome::of(runner);
    QVERIFY2(outcome.passed, qPrintable(outcome.lines().join(u'\n')));
    QCOMPARE(runner.variable(u"token"_s), u"tok-ada"_s);
    QCOMPARE(runner.variable(u"data"_s), u"x"_s);
    QCOMPARE(outcome.results[4].message, u"{{token}} = \"tok-ada\""_s);
    // The server got the captured token back.
    QVERIFY(server.waitForLine([](const QString &line) { return line.contains(u"tok-ada"); }));
}

void tst_ScenarioRunner::unrelatedPushesAreIgnored()
{
    NodePeer server;
    const int port = server.startListening(u"ws-scenario-server.js"_s, {u"--noisy"_s, u"5"_s});
    QVERIFY(port > 0);
    // Ticks arrive every 5 ms between the replies; each expect still finds its reply, and two
    // subscriptions answered in any order are both found.
    const Scenario scenario = scenarioFrom(withPort(R"({"name": "Noisy", "steps": [
        {"kind": "connect", "url": "ws://127.0.0.1:PORT"},
        {"kind": "wait", "ms": 60},
        {"kind": "send", "json": {"op": "subscribe", "topic": "a"}},
        {"kind": "send", "json": {"op": "subscribe", "topic": "b"}},
        {"kind": "wait", "ms": 60},
        {"kind": "expect", "match": {"json": "topic", "equals": "b"}},
        {"kind": "expect", "match": {"json": "topic", "equals": "a"}},
        {"kind": "expect", "match": {"json": "type", "equals": "tick"}, "count": 5}
    ]})",
                                                    port)
                                               .toUtf8());
    const Run r = run(scenario, testSession());
    QVERIFY2(r.outcome.passed, qPrintable(r.text()));
}

void tst_ScenarioRunner::strictOrderFailsOnAnUnrelatedPush()
{
    NodePeer server;
    const int port = server.startListening(u"ws-scenario-server.js"_s, {u"--noisy"_s, u"5"_s});
    QVERIFY(port > 0);
    // What Artillery does (only the next message counts) breaks on the same server.
    const Scenario scenario = scenarioFrom(withPort(R"({"name": "Strict", "steps": [
        {"kind": "connect", "url": "ws://127.0.0.1:PORT"},
        {"kind": "expect", "match": {"json": "type", "equals": "welcome"}, "order": "strict"},
        {"kind": "wait", "ms": 50},
        {"kind": "send", "json": {"op": "subscribe", "topic": "a"}},
        {"kind": "expect", "match": {"json": "type", "equals": "subscribed"}, "order": "strict"}
    ]})",
                                                    port)
                                               .toUtf8());
    const Run r = run(scenario, testSession());
    QVERIFY2(!r.outcome.passed, qPrintable(r.text()));
    QCOMPARE(r.outcome.failedStep(), 4);
    QVERIFY2(r.outcome.results[4].message.startsWith(
                 u"Expected JSON with type = \"subscribed\" as the next message; "
                 "\"{\"type\":\"tick\",\"n\":"_s),
             qPrintable(r.text()));
}

void tst_ScenarioRunner::everyStepKindFailsInWords_data()
{
    QTest::addColumn<QByteArray>("steps");
    QTest::addColumn<int>("failing");
    QTest::addColumn<QString>("message"); // a regular expression over the failing step's message

    const QByteArray open = R"({"kind": "connect", "url": "ws://127.0.0.1:PORT"}, )";
    QTest::newRow("connect: refused")
        << QByteArray(R"({"kind": "connect", "url": "ws://127.0.0.1:CLOSED"})") << 0
        << u"(?i)refused"_s;
    QTest::newRow("connect: no such connection")
        << QByteArray(R"({"kind": "connect", "connection": "Nope"})") << 0
        << u"^The session has no connection \"Nope\"\\.$"_s;
    QTest::newRow("connect: bad URL")
        << QByteArray(R"({"kind": "connect", "url": "http://127.0.0.1:1"})") << 0 << u"(?i)http"_s;
    QTest::newRow("connect: twice")
        << open + open.chopped(2) << 1 << u"^Socket \"main\" is already open"_s;
    QTest::newRow("send: no socket") << QByteArray(R"({"kind": "send", "text": "x"})") << 0
                                     << u"^There is no socket \"main\": a connect step"_s;
    QTest::newRow("send: unknown variable") << open + R"({"kind": "send", "text": "{{nope}}"})" << 1
                                            << u"^Unknown variable \\{\\{nope\\}\\}"_s;
    QTest::newRow("send: unknown snippet") << open + R"({"kind": "send", "snippet": "Nope"})" << 1
                                           << u"^The session has no snippet \"Nope\"\\.$"_s;
    QTest::newRow("expect: nothing matches")
        << open + R"({"kind": "expect", "match": {"exact": "never"}, "within": 300})" << 1
        << u"^Expected the text \"never\" within 300 ms; 1 other message came, the last "
           "\"\\{\"type\":\"welcome\"\\}\"\\.$"_s;
    QTest::newRow("expect: too few")
        << open
            + R"({"kind": "expect", "match": {"json": "type", "equals": "welcome"}, "count": 2, "within": 300})"
        << 1 << u"^Expected 2 × JSON with type = \"welcome\" within 300 ms; only 1 of 2 came\\.$"_s;
    QTest::newRow("expect: closed first")
        << open
            + R"({"kind": "send", "json": {"op": "bye", "code": 4002}}, )"
              R"({"kind": "expect", "match": {"exact": "never"}, "within": 5000})"
        << 2 << u"^Expected the text \"never\", but the server closed the connection with 4002"_s;
    QTest::newRow("capture: nothing matched yet")
        << open + R"({"kind": "capture", "json": "token", "into": "t"})" << 1
        << u"^Nothing to capture \\{\\{t\\}\\} from"_s;
    QTest::newRow("capture: path missing")
        << open + R"({"kind": "expect"}, {"kind": "capture", "json": "$.token", "into": "t"})" << 2
        << u"^Could not capture \\{\\{t\\}\\}: the last matched message, "
           "\"\\{\"type\":\"welcome\"\\}\", has nothing at \\$\\.token\\.$"_s;
    QTest::newRow("capture: regex does not match")
        << open + R"j({"kind": "expect"}, {"kind": "capture", "regex": "id=(\\d+)", "into": "t"})j"
        << 2 << u"^Could not capture \\{\\{t\\}\\}: /id=\\(\\\\d\\+\\)/ does not match"_s;
    QTest::newRow("ping: no socket")
        << QByteArray(R"({"kind": "ping"})") << 0 << u"^There is no socket \"main\""_s;
    QTest::newRow("close: not open")
        << open + R"({"kind": "close"}, {"kind": "close", "within": 500})" << 2
        << u"^Socket \"main\" is not open: Sockscope closed the connection with 1000 Normal Closure\\.$"_s;
    QTest::newRow("send: closed by the server")
        << open
            + R"({"kind": "send", "json": {"op": "bye", "code": 4003}}, {"kind": "wait", "ms": 300}, )"
              R"({"kind": "send", "text": "late"})"
        << 3 << u"^Socket \"main\" is not open: the server closed the connection with 4003"_s;
    QTest::newRow("expectClose: wrong code")
        << open
            + R"({"kind": "send", "json": {"op": "bye", "code": 4001}}, )"
              R"({"kind": "expectClose", "code": 4002})"
        << 2
        << u"^Expected a close with 4002[^;]*; the server closed the connection with 4001[^,]*, reason \"bye\"\\.$"_s;
    QTest::newRow("expectClose: still open")
        << open + R"({"kind": "expectClose", "within": 300})" << 1
        << u"^Expected the connection to close within 300 ms; it is still open\\.$"_s;
    QTest::newRow("serve: no such server") << QByteArray(R"({"kind": "serve", "server": "Nope"})")
                                           << 0 << u"^The session has no server \"Nope\"\\.$"_s;
    QTest::newRow("expectServerReceived: nothing")
        << QByteArray(
               R"({"kind": "serve", "server": "Greeter"}, )"
               R"({"kind": "expectServerReceived", "match": {"exact": "hello"}, "within": 300})")
        << 1
        << u"^Expected server mock to receive the text \"hello\" within 300 ms; no client sent "
           "anything\\.$"_s;
    QTest::newRow("expectServerReceived: no server")
        << QByteArray(R"({"kind": "expectServerReceived", "server": "other"})") << 0
        << u"^There is no server \"other\" in this run"_s;
}

void tst_ScenarioRunner::everyStepKindFailsInWords()
{
    QFETCH(QByteArray, steps);
    QFETCH(int, failing);
    QFETCH(QString, message);
    NodePeer server;
    const int port = server.startListening(u"ws-scenario-server.js"_s);
    QVERIFY(port > 0);
    steps.replace("CLOSED", QByteArray::number(closedPort()));
    const Scenario scenario = scenarioFrom(
        withPort("{\"name\": \"Failing\", \"steps\": [" + steps + "]}", port).toUtf8());
    QVERIFY(!scenario.steps.isEmpty());
    const Run r = run(scenario, testSession());
    QVERIFY2(!r.outcome.passed, qPrintable(r.text()));
    QCOMPARE(r.outcome.failedStep(), failing);
    const QString got = r.outcome.results[failing].message;
    QVERIFY2(QRegularExpression(message).match(got).hasMatch(), qPrintable(r.text()));
    // Every step after it is skipped, and said to be.
    for (qsizetype i = failing + 1; i < r.outcome.results.size(); ++i)
        QCOMPARE(r.outcome.results[i].outcome, ScenarioRunner::Outcome::Skipped);
}

void tst_ScenarioRunner::serveStepAndServerJournal()
{
    const Scenario scenario = scenarioFrom(R"({"name": "Own mock", "steps": [
        {"kind": "serve", "server": "Greeter", "as": "greeter"},
        {"kind": "connect", "url": "{{greeter.url}}/room"},
        {"kind": "expect", "match": {"exact": "welcome"}},
        {"kind": "send", "snippet": "snip-1"},
        {"kind": "expect", "match": {"exact": "world"}},
        {"kind": "expectServerReceived", "server": "greeter", "match": {"contains": "ell"}},
        {"kind": "close", "code": 4000, "reason": "bye"}
    ]})");
    const Run r = run(scenario, testSession());
    QVERIFY2(r.outcome.passed, qPrintable(r.text()));
    QVERIFY2(r.outcome.results[0].message.startsWith(u"listening on ws://127.0.0.1:"),
             qPrintable(r.text()));
}

void tst_ScenarioRunner::reconnectReplaysOnOpen()
{
    auto server = std::make_unique<NodePeer>();
    const int port = server->startListening(u"ws-scenario-server.js"_s);
    QVERIFY(port > 0);
    const Scenario scenario = scenarioFrom(withPort(R"({"name": "Reconnect",
        "onOpen": [{"kind": "send", "json": {"op": "subscribe", "topic": "{{user}}"}}],
        "steps": [
        {"kind": "connect", "url": "ws://127.0.0.1:PORT", "reconnect": true},
        {"kind": "expect", "match": {"json": "topic", "equals": "ada"}},
        {"kind": "expect", "match": {"json": "type", "equals": "welcome"}},
        {"kind": "expect", "match": {"json": "topic", "equals": "ada"}, "within": 15000}
    ]})",
                                                    port)
                                               .toUtf8());
    ScenarioRunner runner(scenario, testSession());
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    // Once the first subscription is confirmed, the server dies and comes back on its port.
    connect(&runner, &ScenarioRunner::stepFinished, this, [&](int index) {
        if (index != 1)
            return;
        server.reset();
        server = std::make_unique<NodePeer>();
        QCOMPARE(server->startListening(u"ws-scenario-server.js"_s,
                                        {u"--port"_s, QString::number(port)}),
                 port);
    });
    runner.start();
    QVERIFY(finished.wait(25000));
    const ScenarioOutcome outcome = ScenarioOutcome::of(runner);
    QVERIFY2(outcome.passed, qPrintable(outcome.lines().join(u'\n')));
    // The restarted server was sent the subscription again.
    QVERIFY(server->waitForLine([](const QString &l) { return l.contains(u"subscribe"); }, 2000));
}

void tst_ScenarioRunner::abortFailsTheRunningStep()
{
    const Scenario scenario = scenarioFrom(R"({"name": "Slow", "steps": [
        {"kind": "wait", "ms": 60000}, {"kind": "wait", "ms": 1}]})");
    ScenarioRunner runner(scenario, testSession());
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    QTRY_COMPARE(runner.results()[0].outcome, ScenarioRunner::Outcome::Running);
    runner.abort(u"Stopped by the user."_s);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(runner.results()[0].outcome, ScenarioRunner::Outcome::Failed);
    QCOMPARE(runner.results()[0].message, u"Stopped by the user."_s);
    QCOMPARE(runner.results()[1].outcome, ScenarioRunner::Outcome::Skipped);
}

void tst_ScenarioRunner::socketIoStepsAgainstSocketIoServer()
{
    // emit and expectEvent against an npm socket.io 4 server whose pings come every 300 ms.
    NodePeer server;
    const int port = server.startListening(u"socketio-server.js"_s, {u"300"_s, u"300"_s});
    QVERIFY(port > 0);
    const QByteArray json
        = R"JSON({"name": "socket.io", "onOpen": [{"kind": "send", "text": "42[\"chat\",\"on open\"]"}],
      "steps": [
        {"kind": "connect", "url": "http://127.0.0.1:PORT", "socketIo": true},
        {"kind": "expectEvent", "event": "chat"},
        {"kind": "emit", "event": "chat", "args": ["hi", {"n": 1}]},
        {"kind": "expect", "match": {"contains": "[\"chat\",\"hi\""}},
        {"kind": "emit", "event": "echo", "args": [{"a": 1}], "ack": true},
        {"kind": "expect", "match": {"regex": "^430\\[\\{\"echoed\""}},
        {"kind": "emit", "event": "getfile"},
        {"kind": "expectEvent", "event": "file"},
        {"kind": "send", "text": "40/admin,{\"token\":\"letmein\"}"},
        {"kind": "expectEvent", "event": "welcome", "namespace": "/admin"},
        {"kind": "wait", "ms": 1000},
        {"kind": "expectEvent", "event": "nosuch", "within": 300}
      ]})JSON";
    const Scenario scenario = scenarioFrom(withPort(json, port).toUtf8());
    QCOMPARE(scenario.steps.size(), 12);
    QCOMPARE(scenario.steps[1].kind, ScenarioStep::Kind::Expect);
    QCOMPARE(scenario.steps[1].match.kind, MessageMatch::Kind::Event);
    const Run result = run(scenario, testSession());
    QVERIFY2(!result.outcome.passed, qPrintable(result.text()));
    // Everything before the last step passed (still open after a second of the server's
    // pings, answered on their own); the last fails in words.
    QCOMPARE(result.outcome.failedStep(), 11);
    QVERIFY2(result.text().contains(u"Expected the Socket.IO event \"nosuch\" within 300 ms"_s),
             qPrintable(result.text()));
    // The steps write back as they read (expectEvent as an expect with an event match).
    JsonReader r;
    QCOMPARE(Scenario::fromJson(r, scenario.toJson(), u"s"_s), scenario);
    QVERIFY(r.ok());
}

QTEST_GUILESS_MAIN(tst_ScenarioRunner)
#include "tst_scenariorunner.moc"
