// The scenario format: every step kind read and written back, and every mistake named by its
// place, in a session file and in a standalone *.scenario.json.

#include "scenario/messagematch.h"
#include "scenario/scenario.h"
#include "scenario/scenariofile.h"
#include "session/sessionfile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

namespace {
QString readError(const QByteArray &scenarioJson)
{
    QList<Scenario> list;
    QString error;
    const QJsonArray array = QJsonDocument::fromJson("[" + scenarioJson + "]").array();
    if (array.isEmpty())
        return u"(the test's JSON does not parse)"_s;
    Scenario::listFromJson(array, &list, &error);
    return error;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

const QByteArray kEveryKind = R"j({"id": "s1", "name": "Every kind",
    "onOpen": [{"kind": "send", "socket": "feed", "json": {"op": "subscribe"}}],
    "steps": [
    {"kind": "serve", "server": "Mock", "as": "m"},
    {"kind": "connect", "url": "{{m.url}}", "subprotocols": ["v1"], "headers": {"X-A": "b"}, "reconnect": true},
    {"kind": "connect", "socket": "feed", "connection": "Feed"},
    {"kind": "send", "name": "say hi", "text": "hi"},
    {"kind": "send", "hex": "0102"},
    {"kind": "send", "base64": "AQI="},
    {"kind": "send", "snippet": "Hello"},
    {"kind": "expect", "match": {"regex": "^h"}, "within": 100, "count": 2, "order": "strict"},
    {"kind": "expect", "socket": "feed", "match": {"json": "a.b", "equals": 3}},
    {"kind": "expect", "match": {"json": "a", "exists": true}},
    {"kind": "expect", "match": {"hex": "0102"}},
    {"kind": "expect", "match": {"contains": "x"}},
    {"kind": "capture", "json": "$.token", "into": "token"},
    {"kind": "capture", "regex": "id=(\\d+)", "group": 1, "into": "id"},
    {"kind": "ping", "text": "p", "within": 200},
    {"kind": "wait", "ms": 10},
    {"kind": "close", "code": 4000, "reason": "bye"},
    {"kind": "expectClose", "code": 1000, "within": 300},
    {"kind": "expectServerReceived", "server": "m", "match": {"exact": "hi"}, "count": 1}
]})j";
} // namespace

class tst_Scenario : public QObject
{
    Q_OBJECT

private slots:
    void everyKindRoundTrips();
    void mistakesAreNamedByPlace_data();
    void mistakesAreNamedByPlace();
    void matchesMessages_data();
    void matchesMessages();
    void sessionKeepsScenarios();
    void scenarioFileNamesItsSession();
    void scenarioFileMistakes_data();
    void scenarioFileMistakes();
};

void tst_Scenario::everyKindRoundTrips()
{
    JsonReader r;
    const Scenario s = Scenario::fromJson(r, QJsonDocument::fromJson(kEveryKind).object(), u"s"_s);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(s.steps.size(), 19);
    QCOMPARE(s.onOpen.size(), 1);
    QCOMPARE(s.steps[1].subprotocols, QStringList {u"v1"_s});
    QCOMPARE(s.steps[1].headers.first().second, u"b"_s);
    QVERIFY(s.steps[1].reconnect);
    QCOMPARE(s.steps[7].strictOrder, true);
    QCOMPARE(s.steps[7].count, 2);
    QCOMPARE(s.steps[8].match.kind, MessageMatch::Kind::JsonEquals);
    QCOMPARE(s.steps[8].match.equals, QJsonValue(3));
    QCOMPARE(s.steps[10].match.bytes, QByteArray("\x01\x02"));
    QCOMPARE(s.steps[16].code, 4000);
    QCOMPARE(s.steps[3].title(), u"say hi"_s);
    QCOMPARE(s.steps[11].title(), u"expect text containing \"x\""_s);

    // What is written reads back the same.
    JsonReader again;
    const Scenario back = Scenario::fromJson(again, s.toJson(), u"s"_s);
    QVERIFY2(again.ok(), qPrintable(again.error()));
    QCOMPARE(back, s);
}

void tst_Scenario::mistakesAreNamedByPlace_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("no name") << QByteArray(R"({"steps": []})") << u"scenarios[0].name: missing"_s;
    QTest::newRow("unknown key") << QByteArray(R"({"name": "a", "stpes": []})")
                                 << u"scenarios[0]: unknown key \"stpes\""_s;
    QTest::newRow("unknown kind")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "sned"}]})")
        << u"scenarios[0].steps[0].kind: \"sned\" is not a step; the steps are connect, send, "
           "expect, capture, ping, wait, close, expectClose, serve, expectServerReceived, emit, expectEvent"_s;
    QTest::newRow("key of another kind")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "wait", "ms": 1, "text": "x"}]})")
        << u"scenarios[0].steps[0]: unknown key \"text\" for a wait step (it takes ms)"_s;
    QTest::newRow("send without payload")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "send"}]})")
        << u"scenarios[0].steps[0]: needs one of \"text\", \"json\", \"hex\", \"base64\" or \"snippet\""_s;
    QTest::newRow("send with two payloads")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "send", "text": "a", "hex": "00"}]})")
        << u"scenarios[0].steps[0]: has both \"text\" and \"hex\"; a step sends one payload"_s;
    QTest::newRow("bad hex") << QByteArray(
        R"({"name": "a", "steps": [{"kind": "send", "hex": "0g"}]})")
                             << u"scenarios[0].steps[0].hex: expected pairs of hex digits"_s;
    QTest::newRow("connect without target")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "connect"}]})")
        << u"scenarios[0].steps[0]: needs either \"connection\" (a connection of the session) or \"url\""_s;
    QTest::newRow("within not a number")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "expect", "within": "2s"}]})")
        << u"scenarios[0].steps[0].within: expected a whole number from 0 to 3600000"_s;
    QTest::newRow("order") << QByteArray(
        R"({"name": "a", "steps": [{"kind": "expect", "order": "next"}]})")
                           << u"scenarios[0].steps[0].order: expected \"any\" or \"strict\""_s;
    QTest::newRow("match with two kinds") << QByteArray(
        R"({"name": "a", "steps": [{"kind": "expect", "match": {"exact": "a", "regex": "b"}}]})")
                                          << u"scenarios[0].steps[0].match: needs one of "
                                             u"\"exact\", \"contains\", \"regex\", "
                                             "\"json\", \"hex\" or \"base64\", not exact and regex"_s;
    QTest::newRow("bad regex")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "expect", "match": {"regex": "("}}]})")
        << u"scenarios[0].steps[0].match.regex: missing closing parenthesis"_s;
    QTest::newRow("equals without json")
        << QByteArray(
               R"({"name": "a", "steps": [{"kind": "expect", "match": {"exact": "a", "equals": 1}}]})")
        << u"scenarios[0].steps[0].match: \"equals\" and \"exists\" go with \"json\""_s;
    QTest::newRow("capture without into")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "capture", "json": "a"}]})")
        << u"scenarios[0].steps[0].into: missing"_s;
    QTest::newRow("wait without ms") << QByteArray(R"({"name": "a", "steps": [{"kind": "wait"}]})")
                                     << u"scenarios[0].steps[0].ms: missing"_s;
    QTest::newRow("close code out of range")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "close", "code": 999}]})")
        << u"scenarios[0].steps[0].code: expected a whole number from 1000 to 4999"_s;
    QTest::newRow("onOpen expect")
        << QByteArray(R"({"name": "a", "onOpen": [{"kind": "expect"}], "steps": []})")
        << u"scenarios[0].onOpen[0]: only send steps run on open"_s;
    QTest::newRow("empty socket") << QByteArray(
        R"({"name": "a", "steps": [{"kind": "ping", "socket": ""}]})")
                                  << u"scenarios[0].steps[0].socket: must not be empty"_s;
    QTest::newRow("ping with json")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "ping", "json": {}}]})")
        << u"scenarios[0].steps[0]: unknown key \"json\" for a ping step (it takes text, hex, "
           "base64, within, socket)"_s;
    // A step that acts on no socket takes none, so a file never says one that is not used.
    QTest::newRow("socket on a wait")
        << QByteArray(R"({"name": "a", "steps": [{"kind": "wait", "ms": 1, "socket": "x"}]})")
        << u"scenarios[0].steps[0]: unknown key \"socket\" for a wait step (it takes ms)"_s;
}

void tst_Scenario::mistakesAreNamedByPlace()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QCOMPARE(readError(json), error);
}

void tst_Scenario::matchesMessages_data()
{
    QTest::addColumn<QByteArray>("match");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("matches");
    QTest::newRow("any text") << QByteArray("{}") << false << QByteArray("x") << true;
    QTest::newRow("any binary") << QByteArray("{}") << true << QByteArray("\x00", 1) << true;
    QTest::newRow("exact") << QByteArray(R"({"exact": "hi"})") << false << QByteArray("hi") << true;
    QTest::newRow("exact, longer")
        << QByteArray(R"({"exact": "hi"})") << false << QByteArray("hi!") << false;
    QTest::newRow("exact never binary")
        << QByteArray(R"({"exact": "hi"})") << true << QByteArray("hi") << false;
    QTest::newRow("contains, UTF-8")
        << QByteArray(R"({"contains": "é"})") << false << QByteArray("café") << true;
    QTest::newRow("regex") << QByteArray(R"({"regex": "^id=\\d+$"})") << false
                           << QByteArray("id=42") << true;
    QTest::newRow("json equals string") << QByteArray(R"({"json": "a.b", "equals": "x"})") << false
                                        << QByteArray(R"({"a": {"b": "x"}})") << true;
    QTest::newRow("json equals number, not string")
        << QByteArray(R"({"json": "a", "equals": 1})") << false << QByteArray(R"({"a": "1"})")
        << false;
    QTest::newRow("json array index") << QByteArray(R"({"json": "$.items.1", "equals": true})")
                                      << false << QByteArray(R"({"items": [false, true]})") << true;
    QTest::newRow("json exists") << QByteArray(R"({"json": "a"})") << false
                                 << QByteArray(R"({"a": null})") << true;
    QTest::newRow("json missing") << QByteArray(R"({"json": "b"})") << false
                                  << QByteArray(R"({"a": 1})") << false;
    QTest::newRow("json, not JSON")
        << QByteArray(R"({"json": "a"})") << false << QByteArray("a=1") << false;
    QTest::newRow("hex") << QByteArray(R"({"hex": "00 ff"})") << true << QByteArray("\x00\xff", 2)
                         << true;
    QTest::newRow("base64 against text")
        << QByteArray(R"({"base64": "aGk="})") << false << QByteArray("hi") << true;
}

void tst_Scenario::matchesMessages()
{
    QFETCH(QByteArray, match);
    QFETCH(bool, binary);
    QFETCH(QByteArray, message);
    QFETCH(bool, matches);
    JsonReader r;
    const MessageMatch m
        = MessageMatch::fromJson(r, QJsonDocument::fromJson(match).object(), u"m"_s);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    const Result<MessageMatch::Resolved> resolved = m.resolved([](const QString &t) { return t; });
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->matches(binary, message), matches);
}

void tst_Scenario::sessionKeepsScenarios()
{
    Session session;
    QJsonParseError parseError;
    session.scenarios = QJsonDocument::fromJson("[" + kEveryKind + "]", &parseError).array();
    QVERIFY2(!session.scenarios.isEmpty(), qPrintable(parseError.errorString()));
    const QByteArray saved = SessionFile::toJson(session);
    QVERIFY2(saved.contains("\"version\": 3"), saved.left(300).constData());
    Session back;
    QString error;
    QVERIFY2(SessionFile::fromJson(saved, &back, &error), qPrintable(error));
    QList<Scenario> scenarios;
    QVERIFY2(Scenario::listFromJson(back.scenarios, &scenarios, &error), qPrintable(error));
    QCOMPARE(scenarios.size(), 1);
    QCOMPARE(scenarios.first().steps.size(), 19);
    // Without scenarios a session is still written as version 1, for older Sockscopes.
    QVERIFY(SessionFile::toJson(Session {}).contains("\"version\": 1"));
}

void tst_Scenario::scenarioFileNamesItsSession()
{
    QTemporaryDir dir;
    Session session;
    ConnectionProfile c;
    c.name = u"Feed"_s;
    c.url = u"ws://127.0.0.1:1"_s;
    session.connections << c;
    QDir(dir.path()).mkdir(u"sessions"_s);
    const QString sessionPath = dir.filePath(u"sessions/shop.sockscope.json"_s);
    QString error;
    QVERIFY(SessionFile::save(sessionPath, session, &error));
    JsonReader r;
    const Scenario s = Scenario::fromJson(r, QJsonDocument::fromJson(kEveryKind).object(), u"s"_s);
    const QString path = dir.filePath(u"ci/smoke.scenario.json"_s);
    QDir(dir.path()).mkdir(u"ci"_s);
    QVERIFY2(ScenarioFile::save(path, {s}, sessionPath, &error), qPrintable(error));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    // The session is named relative to the scenario file, so the pair can be moved together.
    QVERIFY(written.readAll().contains(R"("session": "../sessions/shop.sockscope.json")"));

    const Result<ScenarioFile::Loaded> loaded = ScenarioFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(loaded->scenarios.size(), 1);
    QCOMPARE(loaded->scenarios.first(), s);
    QCOMPARE(loaded->session.connections.first().name, u"Feed"_s);
    QCOMPARE(loaded->sessionPath, QFileInfo(sessionPath).absoluteFilePath());

    // A session file's own scenarios load the same way.
    session.scenarios = Scenario::listToJson({s});
    QVERIFY(SessionFile::save(sessionPath, session, &error));
    const Result<ScenarioFile::Loaded> fromSession = ScenarioFile::load(sessionPath);
    QVERIFY2(fromSession.ok(), qPrintable(fromSession.error()));
    QCOMPARE(fromSession->scenarios.first(), s);
}

void tst_Scenario::scenarioFileMistakes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("error"); // after the file's path
    QTest::newRow("not JSON") << u"a.scenario.json"_s << QByteArray("{")
                              << u" is not a scenario file"_s;
    QTest::newRow("newer") << u"a.scenario.json"_s
                           << QByteArray(R"({"version": 2, "scenarios": []})")
                           << u" is not a scenario file Sockscope can run: written by a newer "
                              "Sockscope (scenario version 2); this version reads version 1. "
                              "Update Sockscope to run it."_s;
    QTest::newRow("no version")
        << u"a.scenario.json"_s << QByteArray(R"({"scenarios": []})")
        << u" is not a scenario file Sockscope can run: version: missing."_s;
    QTest::newRow("bad step")
        << u"a.scenario.json"_s
        << QByteArray(
               R"({"version": 1, "scenarios": [{"name": "x", "steps": [{"kind": "wait", "ms": -1}]}]})")
        << u" is not a scenario file Sockscope can run: "
           "scenarios[0].steps[0].ms: expected a whole number from 0 to 3600000."_s;
    QTest::newRow("missing session")
        << u"a.scenario.json"_s
        << QByteArray(R"({"version": 1, "session": "gone.sockscope.json", "scenarios": []})")
        << u" names the session gone.sockscope.json: "_s;
    QTest::newRow("bad scenario in a session")
        << u"b.sockscope.json"_s
        << QByteArray(
               R"({"version": 3, "scenarios": [{"name": "x", "steps": [{"kind": "nope"}]}]})")
        << u" has a scenario Sockscope cannot run: scenarios[0].steps[0].kind: \"nope\" is not a step"_s;
}

void tst_Scenario::scenarioFileMistakes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, contents);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QVERIFY(writeFile(path, contents));
    const Result<ScenarioFile::Loaded> loaded = ScenarioFile::load(path);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().startsWith(QDir::toNativeSeparators(path) + error),
             qPrintable(loaded.error()));
}

QTEST_GUILESS_MAIN(tst_Scenario)
#include "tst_scenario.moc"
