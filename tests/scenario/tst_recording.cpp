// Record -> mock -> replay: a conversation with a real `ws` server becomes a mock server's rules
// (in a session, and as `sockscope serve --replay`) and a scenario, and both give back the same
// conversation, message by message.

#include "testsupport.h"

#include "log/logexport.h"
#include "log/logsink.h"
#include "scenario/scenario.h"
#include "scenario/scenariorecorder.h"
#include "scenario/scenarioreport.h"
#include "scenario/scenariorunner.h"
#include "server/recordedmock.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_Recording : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void mockAnswersAsTheServerDid();
    void recordedScenarioPassesAgainstTheServer();
    void serveReplayAsAProcess_data();
    void serveReplayAsAProcess();
    void answersBecomeSequences();
    void recordedRulesRoundTrip();
    void nothingToRecordIsSaid();

private:
    std::vector<LogEvent> m_recorded;
    int m_port = 0;
    NodePeer m_server;
};

namespace {
// Keeps every row a run writes, as a log would.
class Recorder : public LogSink
{
public:
    std::vector<LogEvent> events;
    void append(LogEvent event) override { events.push_back(std::move(event)); }
    qsizetype appendText(Direction direction, QStringView text,
                         std::vector<FrameInfo> frames) override
    {
        LogEvent e = LogEvent::now(direction, EventType::Text, text.toUtf8());
        e.frames = std::move(frames);
        events.push_back(e);
        return e.data.size();
    }
    void addSecrets(const QStringList &) override { }
    quint64 nextSequence() const override { return events.size(); }
    using LogSink::attachWire;
    void attachWire(quint64, std::span<const WireLog::Frame>) override { }
    void attachWire(quint64, std::span<const WireLog::Record>) override { }
};

// The client of the conversation: a greeting, a login, a message answered differently each
// time, a push 150 ms after its request, and a close by the server.
QByteArray clientSteps(const QString &url)
{
    return QStringLiteral(R"([
        {"kind": "connect", "url": "%1"},
        {"kind": "expect", "match": {"json": "type", "equals": "welcome"}},
        {"kind": "send", "json": {"op": "login", "user": "ada"}},
        {"kind": "expect", "match": {"json": "type", "equals": "login"}},
        {"kind": "send", "json": {"op": "count"}},
        {"kind": "expect", "match": {"json": "n", "equals": 1}},
        {"kind": "send", "json": {"op": "count"}},
        {"kind": "expect", "match": {"json": "n", "equals": 2}},
        {"kind": "send", "json": {"op": "later", "ms": 150}},
        {"kind": "expect", "match": {"json": "type", "equals": "pushed"}, "within": 3000},
        {"kind": "send", "json": {"op": "bye", "code": 4005}},
        {"kind": "expectClose", "code": 4005}
    ])")
        .arg(url)
        .toUtf8();
}

Scenario scenarioOf(const QByteArray &stepsJson, const QByteArray &before = {})
{
    JsonReader r;
    const QJsonArray steps = QJsonDocument::fromJson(stepsJson).array();
    QJsonArray all = QJsonDocument::fromJson("[" + before + "]").array();
    for (const QJsonValue &v : steps)
        all.append(v);
    const Scenario s
        = Scenario::fromJson(r, QJsonObject {{u"name"_s, u"client"_s}, {u"steps"_s, all}}, u"s"_s);
    if (!r.ok())
        qWarning() << r.error();
    return s;
}

struct Ran
{
    ScenarioOutcome outcome;
    std::vector<LogEvent> events;
};

Ran runWithLog(const Scenario &scenario, const Session &session = {})
{
    Recorder log;
    ScenarioRunner runner(scenario, session);
    runner.setLog(&log);
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    runner.start();
    if (!finished.wait(20000))
        runner.abort(u"the test's time ran out"_s);
    return {ScenarioOutcome::of(runner), std::move(log.events)};
}

// The messages and closes of a conversation, one line each, as the client saw them.
QStringList conversation(const std::vector<LogEvent> &events)
{
    QStringList lines;
    for (const LogEvent &e : events) {
        if (e.direction == Direction::Lifecycle)
            continue;
        if (e.type != EventType::Text && e.type != EventType::Binary && e.type != EventType::Close)
            continue;
        lines << WireNames::direction(e.direction).toString() + u' '
                + WireNames::type(e.type).toString() + u' '
                + (e.type == EventType::Close ? QString::number(e.closeCode) + u' ' : QString())
                + QString::fromUtf8(e.data);
    }
    return lines;
}

// When the first message whose text contains `what` came, in ms since the epoch.
qint64 timeOf(const std::vector<LogEvent> &events, const QString &what)
{
    for (const LogEvent &e : events) {
        if (QString::fromUtf8(e.data).contains(what))
            return e.timestampMs;
    }
    return -1;
}
} // namespace

void tst_Recording::initTestCase()
{
    m_port = m_server.startListening(u"ws-scenario-server.js"_s);
    QVERIFY(m_port > 0);
    const Ran ran = runWithLog(scenarioOf(clientSteps(u"ws://127.0.0.1:%1/api"_s.arg(m_port))));
    QVERIFY2(ran.outcome.passed, qPrintable(ran.outcome.lines().join(u'\n')));
    m_recorded = ran.events;
    QCOMPARE(conversation(m_recorded).size(), 11); // 5 sent, 5 received, the close
}

void tst_Recording::mockAnswersAsTheServerDid()
{
    const Result<RecordedMock::Built> built = RecordedMock::fromConversation(m_recorded);
    QVERIFY2(built.ok(), qPrintable(built.error()));
    QCOMPARE(built->rules.greetings.size(), size_t(1));
    QCOMPARE(built->rules.rules.size(), size_t(4)); // login, count, later, bye
    QVERIFY(built->notes.isEmpty());

    // The mock, started by the scenario itself, answers the same client script.
    Session session;
    ServerProfile server;
    server.name = u"Recorded"_s;
    server.rules = built->rules;
    session.servers << server;
    const Ran replayed = runWithLog(scenarioOf(clientSteps(u"{{mock.url}}/api"_s),
                                               R"({"kind": "serve", "server": "Recorded"})"),
                                    session);
    QVERIFY2(replayed.outcome.passed, qPrintable(replayed.outcome.lines().join(u'\n')));
    QCOMPARE(conversation(replayed.events), conversation(m_recorded));
    // With its timing: the push came about 150 ms after its request, as it did from the server.
    const qint64 pushDelay
        = timeOf(replayed.events, u"pushed"_s) - timeOf(replayed.events, u"\"later\""_s);
    QVERIFY2(pushDelay >= 145 && pushDelay < 2000, qPrintable(QString::number(pushDelay)));
}

void tst_Recording::recordedScenarioPassesAgainstTheServer()
{
    ScenarioRecorder::Options options;
    options.name = u"Recorded"_s;
    const Result<Scenario> recorded = ScenarioRecorder::fromConversation(m_recorded, options);
    QVERIFY2(recorded.ok(), qPrintable(recorded.error()));
    const QList<ScenarioStep> &steps = recorded->steps;
    QCOMPARE(steps.size(), 12);
    QCOMPARE(steps[0].url, u"ws://127.0.0.1:%1/api"_s.arg(m_port));
    QCOMPARE(steps[2].payload, ScenarioStep::Payload::Json);
    QCOMPARE(steps[5].match.pattern, u"{\"type\":\"count\",\"n\":1}"_s);
    QCOMPARE(steps[11].kind, ScenarioStep::Kind::ExpectClose);
    QCOMPARE(steps[11].code, 4005);
    // It passes against the server it was recorded from, and reads back from its own JSON.
    const Ran again = runWithLog(*recorded);
    QVERIFY2(again.outcome.passed, qPrintable(again.outcome.lines().join(u'\n')));
    JsonReader r;
    QCOMPARE(Scenario::fromJson(r, recorded->toJson(), u"s"_s), *recorded);

    // Expecting JSON by the fields the user ticked, and spaced as recorded.
    options.jsonFields = {u"type"_s};
    options.keepTiming = true;
    const Result<Scenario> byField = ScenarioRecorder::fromConversation(m_recorded, options);
    QVERIFY(byField.ok());
    const auto wait
        = std::find_if(byField->steps.begin(), byField->steps.end(),
                       [](const ScenarioStep &s) { return s.kind == ScenarioStep::Kind::Wait; });
    QVERIFY(wait != byField->steps.end());
    const auto countExpect = std::find_if(
        byField->steps.begin(), byField->steps.end(), [](const ScenarioStep &s) {
            return s.kind == ScenarioStep::Kind::Expect && s.match.equals == QJsonValue(u"count"_s);
        });
    QVERIFY(countExpect != byField->steps.end());
    QCOMPARE(countExpect->match.kind, MessageMatch::Kind::JsonEquals);
    QCOMPARE(countExpect->match.pattern, u"type"_s);
    QVERIFY2(runWithLog(*byField).outcome.passed, "the by-field scenario failed");
}

void tst_Recording::serveReplayAsAProcess_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("timed");
    QTest::newRow("recorded timing") << QStringList {} << true;
    QTest::newRow("no timing") << QStringList {u"--replay-timing"_s, u"none"_s} << false;
}

void tst_Recording::serveReplayAsAProcess()
{
    QFETCH(QStringList, options);
    QFETCH(bool, timed);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"recorded.jsonl"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(LogExport::jsonLinesHeader(u"recorded"_s));
    for (const LogEvent &e : m_recorded)
        file.write(LogExport::jsonLine(e));
    file.close();

    QProcess serve;
    serve.start(QStringLiteral(SOCKSCOPE_BINARY),
                QStringList {u"serve"_s, u"--port"_s, u"0"_s, u"--replay"_s, path} + options);
    QVERIFY(serve.waitForStarted());
    QString out;
    QRegularExpressionMatch listening;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(serve.readAllStandardOutput());
            listening = QRegularExpression(u"listening on (ws://\\S+)"_s).match(out);
            return listening.hasMatch();
        },
        10000));
    QVERIFY2(out.contains(u"replaying "_s + QDir::toNativeSeparators(path)
                          + u": 5 client messages in 4 rules, 5 server messages"_s),
             qPrintable(out));
    const Ran replayed = runWithLog(scenarioOf(clientSteps(listening.captured(1) + u"/api"_s)));
    QVERIFY2(replayed.outcome.passed, qPrintable(replayed.outcome.lines().join(u'\n')));
    QCOMPARE(conversation(replayed.events), conversation(m_recorded));
    const qint64 pushDelay
        = timeOf(replayed.events, u"pushed"_s) - timeOf(replayed.events, u"\"later\""_s);
    QVERIFY2(timed ? pushDelay >= 145 : pushDelay < 140, qPrintable(QString::number(pushDelay)));
    serve.terminate();
    QVERIFY(serve.waitForFinished(5000));
    QCOMPARE(serve.exitCode(), 0);
}

void tst_Recording::answersBecomeSequences()
{
    // "count" was answered n=1, then n=2: a sequence, which ends (or loops) after the last.
    RecordedMock::Options options;
    Result<RecordedMock::Built> built = RecordedMock::fromConversation(m_recorded, options);
    QVERIFY(built.ok());
    const auto count
        = std::find_if(built->rules.rules.begin(), built->rules.rules.end(),
                       [](const RuleSet::Rule &r) { return r.pattern.contains(u"count"); });
    QVERIFY(count != built->rules.rules.end());
    QCOMPARE(count->answers.size(), size_t(2));
    QCOMPARE(count->loop, false);
    QCOMPARE(count->answers[1].front().templ, u"{\"type\":\"count\",\"n\":2}"_s);
    // Login was answered once: one answer, given every time.
    QCOMPARE(built->rules.rules.front().answers.size(), size_t(1));
    QCOMPARE(built->rules.rules.front().loop, true);

    options.loop = true;
    options.keepTiming = false;
    built = RecordedMock::fromConversation(m_recorded, options);
    QVERIFY(built.ok());
    for (const RuleSet::Rule &rule : built->rules.rules) {
        QVERIFY(rule.loop);
        for (const RuleSet::Answer &answer : rule.answers) {
            for (const RuleSet::Send &send : answer)
                QCOMPARE(send.delayMs, 0);
        }
    }

    // Against a mock without loop, the third "count" gets nothing and the server says why.
    Session session;
    ServerProfile server;
    server.name = u"Recorded"_s;
    server.rules = RecordedMock::fromConversation(m_recorded).value().rules;
    session.servers << server;
    const Ran third = runWithLog(scenarioOf(R"([
        {"kind": "serve", "server": "Recorded"},
        {"kind": "connect", "url": "{{mock.url}}"},
        {"kind": "send", "json": {"op": "count"}},
        {"kind": "send", "json": {"op": "count"}},
        {"kind": "send", "json": {"op": "count"}},
        {"kind": "expect", "match": {"json": "n", "equals": 1}},
        {"kind": "expect", "match": {"json": "n", "equals": 2}},
        {"kind": "expect", "match": {"json": "type", "equals": "count"}, "within": 300}
    ])"),
                                 session);
    QCOMPARE(third.outcome.failedStep(), 7);
}

void tst_Recording::recordedRulesRoundTrip()
{
    const Result<RecordedMock::Built> built = RecordedMock::fromConversation(m_recorded);
    QVERIFY(built.ok());
    const QJsonObject json = built->rules.toJson();
    QCOMPARE(json.value(u"version").toInt(), 2);
    RuleSet back;
    QString error;
    QVERIFY2(RuleSet::fromJson(QJsonDocument(json).toJson(), &back, &error), qPrintable(error));
    QCOMPARE(back.greetings, built->rules.greetings);
    QCOMPARE(back.rules.size(), built->rules.rules.size());
    for (size_t i = 0; i < back.rules.size(); ++i) {
        QCOMPARE(back.rules[i].answers, built->rules.rules[i].answers);
        QCOMPARE(back.rules[i].loop, built->rules.rules[i].loop);
    }
    // A rules file without recorded answers stays version 1.
    QCOMPARE(RuleSet::echo().toJson().value(u"version").toInt(), 1);
    // Mistakes in answers are named by place.
    QVERIFY(!RuleSet::fromJson(R"({"version": 2, "rules": [{"match": {"exact": "a"},
        "answers": [[{"send": "x", "sendText": "y"}]]}]})",
                               &back, &error));
    QCOMPARE(error,
             u"rules[0].answers[0][0]: needs exactly one of \"send\", \"sendText\", "
             "\"sendBase64\" or \"close\""_s);
    QVERIFY(!RuleSet::fromJson(
        R"({"version": 2, "rules": [{"match": {"exact": "a"}, "reply": "b", "loop": true}]})",
        &back, &error));
    QCOMPARE(error, u"rules[0].loop: goes with \"answers\""_s);
}

void tst_Recording::nothingToRecordIsSaid()
{
    std::vector<LogEvent> onlyOpen {LogEvent::now(Direction::Lifecycle, EventType::Open, {})};
    const Result<RecordedMock::Built> mock = RecordedMock::fromConversation(onlyOpen);
    QVERIFY(!mock.ok());
    QCOMPARE(mock.error(), u"The log has no messages to make a mock server from."_s);
    const Result<Scenario> scenario = ScenarioRecorder::fromConversation(onlyOpen, {});
    QVERIFY(!scenario.ok());
    QCOMPARE(scenario.error(), u"The log does not say where it connected; give the URL."_s);
}

QTEST_GUILESS_MAIN(tst_Recording)
#include "tst_recording.moc"
