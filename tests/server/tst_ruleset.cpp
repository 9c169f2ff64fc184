// The mock server's rules: reading a rules file (and refusing bad ones by place), matching,
// and reply templates.

#include "server/messagetemplate.h"
#include "server/ruleset.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

namespace {
// The example from the issue, as users will write it (shipped in resources/examples).
QByteArray example()
{
    QFile file(QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/rules-example.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class tst_RuleSet : public QObject
{
    Q_OBJECT

private slots:
    void readsTheExample();
    void matching_data();
    void matching();
    void templates_data();
    void templates();
    void renderGuardsUnvalidatedMatches();
    void regexThatGivesUpIsNamed();
    void badFiles_data();
    void badFiles();
    void roundTrip();
};

void tst_RuleSet::readsTheExample()
{
    RuleSet set;
    QString error;
    QVERIFY2(RuleSet::fromJson(example(), &set, &error), qPrintable(error));
    QCOMPARE(set.greeting, u"welcome {{client.id}}"_s);
    QCOMPARE(set.rules.size(), size_t(4));
    QCOMPARE(set.rules[1].delayMs, 50);
    QCOMPARE(set.rules[2].action, RuleSet::Rule::ActionKind::Close);
    QCOMPARE(set.rules[2].closeCode, 4001);
    QCOMPARE(set.rules[3].action, RuleSet::Rule::ActionKind::Broadcast);
    QCOMPARE(set.fallback, RuleSet::Fallback::Echo);
    QCOMPARE(set.timers.size(), size_t(1));
    QCOMPARE(set.timers[0].everyMs, 1000);
}

void tst_RuleSet::matching_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("rule");
    QTest::addColumn<QStringList>("captures");
    QTest::newRow("regex") << u"ping 42"_s << 0 << QStringList {u"ping 42"_s, u"42"_s};
    QTest::newRow("regex anchored") << u"ping 42 now"_s << -1 << QStringList();
    QTest::newRow("json equals") << u"{\"type\":\"subscribe\",\"channel\":\"btc\"}"_s << 1
                                 << QStringList();
    QTest::newRow("json other value") << u"{\"type\":\"unsubscribe\"}"_s << -1 << QStringList();
    QTest::newRow("not json") << u"type subscribe"_s << -1 << QStringList();
    QTest::newRow("contains") << u"ok, bye now"_s << 2 << QStringList();
    QTest::newRow("contains is case-sensitive") << u"BYE"_s << -1 << QStringList();
    QTest::newRow("exact") << u"all"_s << 3 << QStringList();
    QTest::newRow("exact only") << u"all "_s << -1 << QStringList();
    // First match wins: this contains "bye" and is also exactly... nothing else.
    QTest::newRow("first wins") << u"{\"type\":\"subscribe\",\"x\":\"bye\"}"_s << 1
                                << QStringList();
}

void tst_RuleSet::matching()
{
    QFETCH(QString, message);
    QFETCH(int, rule);
    QFETCH(QStringList, captures);
    RuleSet set;
    QVERIFY(RuleSet::fromJson(example(), &set, nullptr));
    const RuleSet::Match m = set.match(message);
    QCOMPARE(m.rule, rule);
    QCOMPARE(m.captures, captures); // only a regex captures; every other match has none
}

void tst_RuleSet::templates_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"hello"_s << u"hello"_s;
    QTest::newRow("message")
        << u"<{{message}}>"_s
        << u"<{\"type\":\"subscribe\",\"channel\":\"btc\",\"n\":[1,{\"k\":true}]}>"_s;
    QTest::newRow("match") << u"{{match.0}}/{{match.1}}/{{match.9}}"_s << u"all/a/"_s;
    QTest::newRow("json string") << u"{{json.channel}}"_s << u"btc"_s;
    QTest::newRow("json nested") << u"{{json.n.1.k}} {{json.n.0}}"_s << u"true 1"_s;
    QTest::newRow("json object") << u"{{json.n.1}}"_s << u"{\"k\":true}"_s;
    QTest::newRow("json missing") << u"[{{json.nope}}]"_s << u"[]"_s;
    QTest::newRow("client") << u"{{client.id}}@{{client.address}}"_s << u"7@127.0.0.1:5000"_s;
    QTest::newRow("counter and spaces") << u"n={{ counter }}"_s << u"n=3"_s;
    QTest::newRow("timestamp") << u"{{timestamp}}"_s << u"2026-11-24T21:00:00.123Z"_s;
    QTest::newRow("braces that are not placeholders") << u"{a} {{ }"_s << u"{a} {{ }"_s;
    QTest::newRow("match past any int") << u"[{{match.99999999999}}]"_s << u"[]"_s;
}

void tst_RuleSet::templates()
{
    QFETCH(QString, templ);
    QFETCH(QString, expected);
    TemplateContext context;
    context.message = u"{\"type\":\"subscribe\",\"channel\":\"btc\",\"n\":[1,{\"k\":true}]}"_s;
    context.json = QJsonDocument::fromJson(context.message.toUtf8()).object();
    context.captures = {u"all"_s, u"a"_s};
    context.clientId = 7;
    context.clientAddress = u"127.0.0.1:5000"_s;
    context.counter = 3;
    context.timestampMs
        = QDateTime(QDate(2026, 11, 24), QTime(21, 0, 0, 123), Qt::UTC).toMSecsSinceEpoch();
    QString error;
    QVERIFY2(MessageTemplate::validate(templ, &error), qPrintable(error));
    QCOMPARE(MessageTemplate::render(templ, context), expected);
}

// render() is only given validated templates, but must stay safe without that.
void tst_RuleSet::renderGuardsUnvalidatedMatches()
{
    TemplateContext context;
    context.captures = {u"all"_s, u"a"_s};
    QString error;
    QVERIFY(!MessageTemplate::validate(u"{{match.-1}}"_s, &error));
    QCOMPARE(MessageTemplate::render(u"[{{match.-1}}]"_s, context), u"[]"_s);
    QCOMPARE(MessageTemplate::render(u"[{{match.1}}]"_s, context), u"[a]"_s);
}

void tst_RuleSet::regexThatGivesUpIsNamed()
{
    RuleSet set;
    QVERIFY(RuleSet::fromJson(R"({"version":1,"rules":[{"match":{"regex":"^(a+)+$"},"reply":"1"},)"
                              R"({"match":{"regex":"^a"},"reply":"2"}]})",
                              &set, nullptr));
    const RuleSet::Match gaveUp = set.match(QString(40, u'a') + u'!');
    QCOMPARE(gaveUp.gaveUp, QList<int> {0});
    QCOMPARE(gaveUp.rule, 1); // the next rule still gets its turn
    const RuleSet::Match fine = set.match(u"aaa"_s);
    QCOMPARE(fine.gaveUp, QList<int> {});
    QCOMPARE(fine.rule, 0);
}

void tst_RuleSet::badFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\"version\":1,") << u"not valid JSON at byte"_s;
    QTest::newRow("array") << QByteArray("[]") << u"expected a JSON object at the top"_s;
    QTest::newRow("no version") << QByteArray("{}") << u"version: must be 1"_s;
    QTest::newRow("newer version") << QByteArray("{\"version\":3}") << u"version: 3 is newer"_s;
    QTest::newRow("unknown top key")
        << QByteArray("{\"version\":1,\"rulez\":[]}") << u"unknown key \"rulez\""_s;
    QTest::newRow("unknown rule key") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"},\"reply\":\"b\",\"dealy\":5}]}")
                                      << u"rules[0]: unknown key \"dealy\""_s;
    QTest::newRow("two match kinds")
        << QByteArray("{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\",\"contains\":\"b\"},"
                      "\"reply\":\"c\"}]}")
        << u"rules[0].match: needs exactly one of"_s;
    QTest::newRow("unknown match kind")
        << QByteArray("{\"version\":1,\"rules\":[{\"match\":{\"prefix\":\"a\"},\"reply\":\"c\"}]}")
        << u"rules[0].match: unknown key \"prefix\""_s;
    QTest::newRow("bad regex") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"x\"},\"reply\":\"y\"},{\"match\":{"
        "\"regex\":\"(a\"},\"reply\":\"c\"}]}")
                               << u"rules[1].match.regex: invalid regular expression"_s;
    QTest::newRow("missing action")
        << QByteArray("{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"}}]}")
        << u"rules[0]: needs exactly one action"_s;
    QTest::newRow("two actions") << QByteArray("{\"version\":1,\"rules\":[{\"match\":{\"exact\":"
                                               "\"a\"},\"reply\":\"b\",\"broadcast\":\"c\"}]}")
                                 << u"rules[0]: needs exactly one action"_s;
    QTest::newRow("json match without equals") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"json\":{\"path\":\"a\"}},\"reply\":\"b\"}]}")
                                               << u"rules[0].match.json: needs \"path\""_s;
    QTest::newRow("close code 1006") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"},\"close\":{\"code\":1006}}]}")
                                     << u"rules[0].close.code: 1006 cannot be sent"_s;
    QTest::newRow("negative delay")
        << QByteArray("{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"},\"reply\":\"b\","
                      "\"delayMs\":-1}]}")
        << u"rules[0].delayMs: expected a whole number from 0 to 3600000"_s;
    QTest::newRow("huge delay") << QByteArray("{\"version\":1,\"rules\":[{\"match\":{\"exact\":"
                                              "\"a\"},\"reply\":\"b\",\"delayMs\":1e300}]}")
                                << u"rules[0].delayMs: expected a whole number from 0 to 3600000"_s;
    QTest::newRow("close code as text") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"},\"close\":{\"code\":\"4000\"}}]}")
                                        << u"rules[0].close.code: expected a whole number"_s;
    QTest::newRow("close reason not text") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"},\"close\":{\"reason\":4}}]}")
                                           << u"rules[0].close.reason: expected a string"_s;
    QTest::newRow("rules not a list")
        << QByteArray("{\"version\":1,\"rules\":{}}") << u"rules: expected a list"_s;
    QTest::newRow("unknown placeholder") << QByteArray(
        "{\"version\":1,\"rules\":[{\"match\":{\"exact\":\"a\"},\"reply\":\"{{mesage}}\"}]}")
                                         << u"rules[0].reply: unknown placeholder {{mesage}}"_s;
    QTest::newRow("bad fallback") << QByteArray("{\"version\":1,\"fallback\":\"mirror\"}")
                                  << u"fallback: must be \"echo\""_s;
    QTest::newRow("timer too fast")
        << QByteArray("{\"version\":1,\"timers\":[{\"everyMs\":1,\"broadcast\":\"x\"}]}")
        << u"timers[0].everyMs: expected a whole number from 10 to 86400000"_s;
    QTest::newRow("timer without period")
        << QByteArray("{\"version\":1,\"timers\":[{\"broadcast\":\"x\"}]}")
        << u"timers[0]: needs \"everyMs\""_s;
    QTest::newRow("timer without broadcast")
        << QByteArray("{\"version\":1,\"timers\":[{\"everyMs\":100}]}")
        << u"timers[0]: needs \"broadcast\""_s;
}

void tst_RuleSet::badFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    RuleSet set;
    set.greeting = u"unchanged"_s;
    QString error;
    QVERIFY(!RuleSet::fromJson(json, &set, &error));
    QVERIFY2(error.startsWith(expected) || error.contains(expected), qPrintable(error));
    QCOMPARE(set.greeting, u"unchanged"_s);
}

void tst_RuleSet::roundTrip()
{
    RuleSet set;
    QVERIFY(RuleSet::fromJson(example(), &set, nullptr));
    RuleSet again;
    QString error;
    QVERIFY2(RuleSet::fromJson(QJsonDocument(set.toJson()).toJson(), &again, &error),
             qPrintable(error));
    QCOMPARE(QJsonDocument(again.toJson()).toJson(), QJsonDocument(set.toJson()).toJson());
    QCOMPARE(again.rules.size(), size_t(4));
    QCOMPARE(again.rules[0].pattern, u"^ping (\\d+)$"_s);
}

QTEST_GUILESS_MAIN(tst_RuleSet)
#include "tst_ruleset.moc"
