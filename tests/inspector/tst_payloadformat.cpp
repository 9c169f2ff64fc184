// Payload decoding for the inspector: UTF-8 validity, JSON, and which view a payload gets.

#include "connection/composerinput.h"
#include "inspector/jsonoutline.h"
#include "inspector/payloadformat.h"
#include "websocket/utf8.h"

#include <QTest>

using namespace Qt::StringLiterals;

using namespace Sockscope;
using PayloadFormat::View;

class tst_PayloadFormat : public QObject
{
    Q_OBJECT

private slots:
    void utf8_data();
    void utf8();
    void bestView_data();
    void bestView();
    void jsonErrorsSayWhere();
    void hugeJsonIsNotParsed();
    void prettyJsonKeepsOrder_data();
    void prettyJsonKeepsOrder();
    void prettyJsonIsBounded();
    void compactJsonKeepsOrder_data();
    void compactJsonKeepsOrder();
    void base64Span_data();
    void base64Span();
    void outlineKeepsOrderAndSpelling();
    void outlineIsBounded();
    void composerInput_data();
    void composerInput();
};

void tst_PayloadFormat::utf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("ascii") << QByteArray("hello") << true;
    QTest::newRow("two-byte") << QByteArray("gr\xc3\xbc\xc3\x9f") << true;
    QTest::newRow("emoji") << QByteArray("\xf0\x9f\x93\x88") << true;
    QTest::newRow("lone continuation") << QByteArray("a\x80z") << false;
    QTest::newRow("truncated sequence") << QByteArray("\xe4\xbe") << false;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("surrogate half") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("0xff") << QByteArray("\xff") << false;
    // An invalid byte far into a large payload is still found.
    QByteArray large(3 * 1024 * 1024, 'a');
    large[large.size() - 2] = '\xfe';
    QTest::newRow("invalid near the end of 3 MiB") << large << false;
}

void tst_PayloadFormat::utf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(Utf8::isValid(bytes), valid);
}

void tst_PayloadFormat::bestView_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("view");
    QTest::newRow("plain text") << int(EventType::Text) << QByteArray("hello") << int(View::Text);
    QTest::newRow("json object") << int(EventType::Text) << QByteArray(" {\"a\":[1,2]}")
                                 << int(View::Json);
    QTest::newRow("json array") << int(EventType::Text) << QByteArray("[true,null]")
                                << int(View::Json);
    QTest::newRow("json scalar is text")
        << int(EventType::Text) << QByteArray("42") << int(View::Text);
    QTest::newRow("broken json is text")
        << int(EventType::Text) << QByteArray("{\"a\":") << int(View::Text);
    QTest::newRow("binary") << int(EventType::Binary) << QByteArray("{\"a\":1}") << int(View::Hex);
    QTest::newRow("text that is not utf-8")
        << int(EventType::Text) << QByteArray("\xff\xfe") << int(View::Hex);
    QTest::newRow("close reason") << int(EventType::Close) << QByteArray("bye") << int(View::Text);
}

void tst_PayloadFormat::bestView()
{
    QFETCH(int, type);
    QFETCH(QByteArray, bytes);
    QFETCH(int, view);
    QCOMPARE(int(PayloadFormat::bestView(EventType(type), bytes)), view);
}

void tst_PayloadFormat::jsonErrorsSayWhere()
{
    QString error;
    QVERIFY(PayloadFormat::parseJson("{\"a\": tru}", &error).isNull());
    QVERIFY2(error.contains(QStringLiteral("at byte")), qPrintable(error));
    const QJsonDocument doc = PayloadFormat::parseJson("{\"a\": true}", &error);
    QVERIFY(doc.isObject());
}

void tst_PayloadFormat::hugeJsonIsNotParsed()
{
    QByteArray huge = "[" + QByteArray(PayloadFormat::kMaxJsonBytes, '1') + "]";
    QString error;
    QVERIFY(PayloadFormat::parseJson(huge, &error).isNull());
    QVERIFY2(error.contains(QStringLiteral("Too large")), qPrintable(error));
    QCOMPARE(PayloadFormat::bestView(EventType::Text, huge), View::Text);
}

namespace {
// What a hostile peer can send in 1 MiB: 1,000 nested arrays around numbers. Unbounded, the
// pretty view of it took 1.2 GB and 3 s.
QByteArray deepArrays(int depth, qsizetype size)
{
    QByteArray json(depth, '[');
    while (json.size() + depth + 8 < size)
        json += "1234567,";
    json += '0';
    json += QByteArray(depth, ']');
    return json;
}
} // namespace

void tst_PayloadFormat::prettyJsonIsBounded()
{
    const QByteArray json = deepArrays(1000, 1 << 20);
    QVERIFY(!PayloadFormat::parseJson(json).isNull());
    const PayloadFormat::Pretty pretty = PayloadFormat::prettyJson(json);
    QVERIFY(pretty.flattened);
    QVERIFY(!pretty.complete);
    QVERIFY(pretty.text.toUtf8().size() <= PayloadFormat::kMaxPrettyBytes);
    // No line is indented past the cap.
    const QString deepest(PayloadFormat::kMaxIndentLevels * 4 + 1, u' ');
    QVERIFY(!pretty.text.contains(u'\n' + deepest));
    QVERIFY(
        pretty.text.contains(u'\n' + QString(PayloadFormat::kMaxIndentLevels * 4, u' ') + u'['));
    // A small budget cuts at a character boundary, never inside one.
    const PayloadFormat::Pretty cut = PayloadFormat::prettyJson("[\"ééééé\"]", 10);
    QVERIFY(!cut.complete);
    QVERIFY2(!cut.text.contains(QChar::ReplacementCharacter), qPrintable(cut.text));
    QCOMPARE(cut.text, u"[\n    \"é"_s);
}

void tst_PayloadFormat::outlineKeepsOrderAndSpelling()
{
    const QByteArray json = R"({"z": 39610.88, "a": [1e3, -0.0, "x\"y"], "m": {}, "t": true,
                                "n": null, "é": "grüß"})";
    const JsonOutline outline = JsonOutline::read(json, 100, 10);
    QVERIFY(outline.complete);
    QStringList shown;
    for (const JsonOutline::Node &n : outline.nodes)
        shown << u"%1%2=%3(%4)"_s.arg(QString(n.depth * 2, u' '), n.key, n.text).arg(n.children);
    QCOMPARE(shown,
             (QStringList {u"=(6)"_s, u"  z=39610.88(0)"_s, u"  a=(3)"_s, u"    0=1e3(0)"_s,
                           u"    1=-0.0(0)"_s, u"    2=\"x\\\"y\"(0)"_s, u"  m=(0)"_s,
                           u"  t=true(0)"_s, u"  n=null(0)"_s, u"  é=\"grüß\"(0)"_s}));
}

void tst_PayloadFormat::outlineIsBounded()
{
    const QByteArray json = deepArrays(1000, 1 << 20);
    const JsonOutline outline = JsonOutline::read(json, 20000, 64);
    QVERIFY(!outline.complete);
    QVERIFY(outline.nodes.size() <= 20000);
    int deepest = 0;
    for (const JsonOutline::Node &n : outline.nodes)
        deepest = qMax(deepest, n.depth);
    QCOMPARE(deepest, 64);
    // Counts stay true for the containers shown, even past the budget.
    const JsonOutline wide = JsonOutline::read("[1,2,3,4,5]", 3, 8);
    QVERIFY(!wide.complete);
    QCOMPARE(wide.nodes.size(), size_t(3));
    QCOMPARE(wide.nodes[0].children, qsizetype(5));
}

void tst_PayloadFormat::prettyJsonKeepsOrder_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pretty");
    QTest::newRow("order and numbers kept")
        << QByteArray("{\"op\":\"sub\",\"a\":1.50,\"list\":[1,2]}")
        << QStringLiteral("{\n    \"op\": \"sub\",\n    \"a\": 1.50,\n    \"list\": [\n        "
                          "1,\n        2\n    ]\n}\n");
    QTest::newRow("strings with structure inside")
        << QByteArray("[\"a,b\",\"{x}\",\"q\\\"[\"]")
        << QStringLiteral("[\n    \"a,b\",\n    \"{x}\",\n    \"q\\\"[\"\n]\n");
    QTest::newRow("empty containers and spacing")
        << QByteArray(" { \"e\" : { } , \"l\" : [ ] } ")
        << QStringLiteral("{\n    \"e\": {},\n    \"l\": []\n}\n");
    QTest::newRow("non-ASCII") << QByteArray("{\"k\":\"grüß 価格\"}")
                               << QStringLiteral("{\n    \"k\": \"grüß 価格\"\n}\n");
}

void tst_PayloadFormat::prettyJsonKeepsOrder()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, pretty);
    QVERIFY(!PayloadFormat::parseJson(json).isNull());
    const PayloadFormat::Pretty out = PayloadFormat::prettyJson(json);
    QVERIFY(out.complete && !out.flattened);
    QCOMPARE(out.text, pretty);
    // Pretty or not, it is the same JSON.
    QCOMPARE(PayloadFormat::parseJson(pretty.toUtf8()), PayloadFormat::parseJson(json));
}

void tst_PayloadFormat::base64Span_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("marked"); // the base64 characters marked
    const QByteArray payload = "hello there!"; // aGVsbG8gdGhlcmUh
    QTest::newRow("a whole group") << payload << 3 << 3 << QByteArray("bG8g");
    QTest::newRow("inside one group") << payload << 4 << 1 << QByteArray("bG8g");
    QTest::newRow("across two groups") << payload << 5 << 2 << QByteArray("bG8gdGhl");
    QTest::newRow("the first byte") << payload << 0 << 1 << QByteArray("aGVs");
    QTest::newRow("the last byte") << payload << 11 << 1 << QByteArray("cmUh");
    QTest::newRow("all of it") << payload << 0 << 12 << QByteArray("aGVsbG8gdGhlcmUh");
    QTest::newRow("into the padding")
        << QByteArray("\x00\x01\xfe\xff", 4) << 2 << 2 << QByteArray("AAH+/w==");
    QTest::newRow("only the padded group")
        << QByteArray("\x00\x01\xfe\xff", 4) << 3 << 1 << QByteArray("/w==");
    QTest::newRow("nothing") << payload << 4 << 0 << QByteArray();
}

// The characters marked are exactly those whose decoding gives back the marked bytes' groups.
void tst_PayloadFormat::base64Span()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, start);
    QFETCH(int, length);
    QFETCH(QByteArray, marked);
    const QByteArray base64 = payload.toBase64();
    const auto [first, count] = PayloadFormat::base64Span(start, length);
    QVERIFY(first >= 0 && first + count <= base64.size());
    QCOMPARE(base64.mid(first, count), marked);
    if (count > 0)
        QVERIFY(QByteArray::fromBase64(marked).contains(payload.mid(start, length)));
}

void tst_PayloadFormat::compactJsonKeepsOrder_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("compact");
    QTest::newRow("already compact") << QByteArray("{\"a\":1}") << QByteArray("{\"a\":1}");
    QTest::newRow("every kind of space")
        << QByteArray(" {\r\n\t\"op\" :  \"sub\" ,\n \"list\": [ 1 , 2 ] } \n")
        << QByteArray("{\"op\":\"sub\",\"list\":[1,2]}");
    QTest::newRow("spaces inside strings stay")
        << QByteArray("[ \"a b\" , \" \\t \" ]") << QByteArray("[\"a b\",\" \\t \"]");
    QTest::newRow("escaped quote, then a space inside")
        << QByteArray("[\"q\\\" x\", 1]") << QByteArray("[\"q\\\" x\",1]");
    QTest::newRow("escaped backslash ends the string")
        << QByteArray("[\"a\\\\\" , \"b\"]") << QByteArray("[\"a\\\\\",\"b\"]");
    QTest::newRow("numbers as written") << QByteArray("{ \"n\": -1.50e+3 , \"z\": 0.0 }")
                                        << QByteArray("{\"n\":-1.50e+3,\"z\":0.0}");
    QTest::newRow("non-ASCII") << QByteArray("{ \"k\" : \"grüß 価格\" }")
                               << QByteArray("{\"k\":\"grüß 価格\"}");
}

void tst_PayloadFormat::compactJsonKeepsOrder()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, compact);
    QVERIFY(!PayloadFormat::parseJson(json).isNull());
    QCOMPARE(PayloadFormat::compactJson(json), compact);
    // Prettify, then compact: the message as it was, with no space between tokens.
    QCOMPARE(PayloadFormat::compactJson(PayloadFormat::prettyJson(json).text.toUtf8()), compact);
    QCOMPARE(PayloadFormat::parseJson(compact), PayloadFormat::parseJson(json));
}

// What the composer accepts in its JSON, hex and base64 modes, and where it marks a mistake.
void tst_PayloadFormat::composerInput_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes"); // expected data when good
    QTest::addColumn<int>("position"); // expected mark when bad, else -1
    QTest::addColumn<QString>("error"); // part of the message when bad
    const QByteArray none;
    QTest::newRow("hex pairs with spaces") << "hex"
                                           << "48 65 6c\n6C 6f" << QByteArray("Hello") << -1 << "";
    QTest::newRow("hex with colons and 0x")
        << "hex"
        << "0x00:0xff:7F" << QByteArray("\x00\xff\x7f", 3) << -1 << "";
    QTest::newRow("hex empty") << "hex"
                               << "" << none << 0 << "The message is empty";
    QTest::newRow("hex only spaces") << "hex"
                                     << " \n " << QByteArray() << -1 << "";
    QTest::newRow("text") << "text"
                          << "héllo {{x}}" << QByteArray("h\xc3\xa9llo {{x}}") << -1 << "";
    QTest::newRow("text that is not JSON") << "text"
                                           << "{oops" << QByteArray("{oops") << -1 << "";
    QTest::newRow("text empty") << "text"
                                << "" << none << 0 << "The message is empty";
    QTest::newRow("hex bad digit") << "hex"
                                   << "48 6g" << none << 4 << "not a hex digit";
    QTest::newRow("hex odd count") << "hex"
                                   << "48 6" << none << 3 << "Half a byte";
    QTest::newRow("hex bad on line 2") << "hex"
                                       << "00\nzz" << none << 3 << "line 2, column 1";
    QTest::newRow("base64") << "base64"
                            << "SGVs bG8=" << QByteArray("Hello") << -1 << "";
    QTest::newRow("base64 without padding") << "base64"
                                            << "SGVsbG8" << QByteArray("Hello") << -1 << "";
    QTest::newRow("base64 url-safe") << "base64"
                                     << "-_8" << QByteArray("\xfb\xff") << -1 << "";
    QTest::newRow("base64 bad character") << "base64"
                                          << "SGV*bG8=" << none << 3 << "not a base64 character";
    QTest::newRow("base64 after padding") << "base64"
                                          << "SGVsbG8=AA" << none << 8 << "after its '=' padding";
    QTest::newRow("base64 dangling") << "base64"
                                     << "SGVsb" << none << 4 << "middle of a byte";
    QTest::newRow("json object, sent compact")
        << "json"
        << "{\"a\": [1, 2],\n \"b\": \"x y\"}" << QByteArray("{\"a\":[1,2],\"b\":\"x y\"}") << -1
        << "";
    QTest::newRow("json object, sent as typed")
        << "json as typed"
        << "{\"a\": [1, 2],\n \"b\": \"x y\"}" << QByteArray("{\"a\": [1, 2],\n \"b\": \"x y\"}")
        << -1 << "";
    QTest::newRow("json string with spaces")
        << "json"
        << " \"just  text\" " << QByteArray("\"just  text\"") << -1 << "";
    QTest::newRow("json string") << "json"
                                 << "\"just text\"" << QByteArray("\"just text\"") << -1 << "";
    QTest::newRow("json number") << "json"
                                 << "42" << QByteArray("42") << -1 << "";
    QTest::newRow("json two values") << "json"
                                     << "1, 2" << none << 1 << "Not valid JSON";
    QTest::newRow("json missing brace") << "json"
                                        << "{\"a\": 1" << none << 6 << "line 1";
    QTest::newRow("json bad on line 2") << "json"
                                        << "{\n  \"é\": tru\n}" << none << 13 << "line 3, column 1";
    // A mistake at the very start, with a newline after it, is line 1, column 1 (it used to
    // say "column -1": the line's start was searched for from the end of the text).
    QTest::newRow("hex bad first character") << "hex"
                                             << "g\nab" << none << 0 << "line 1, column 1";
    QTest::newRow("base64 bad first character") << "base64"
                                                << "*\n"
                                                << none << 0 << "line 1, column 1";
    QTest::newRow("json bad first character") << "json"
                                              << "x\n"
                                              << none << 0 << "line 1, column 1";
    QTest::newRow("json empty") << "json"
                                << " " << none << 0 << "Empty";
}

void tst_PayloadFormat::composerInput()
{
    QFETCH(QString, mode);
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QFETCH(int, position);
    QFETCH(QString, error);
    const ComposerInput::Mode parsedMode = mode == u"hex" ? ComposerInput::Mode::Hex
        : mode == u"base64"                               ? ComposerInput::Mode::Base64
        : mode.startsWith(u"json")                        ? ComposerInput::Mode::Json
                                                          : ComposerInput::Mode::Text;
    const ComposerInput::Result r
        = ComposerInput::parse(parsedMode, text,
                               mode == u"json as typed" ? ComposerInput::JsonSpacing::AsTyped
                                                        : ComposerInput::JsonSpacing::Compact);
    if (position < 0) {
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.data, bytes);
        // What goes out: a binary message for hex and base64, a text message otherwise.
        QCOMPARE(r.binary, mode == u"hex" || mode == u"base64");
    } else {
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
        QCOMPARE(r.position, position);
    }
}

QTEST_GUILESS_MAIN(tst_PayloadFormat)
#include "tst_payloadformat.moc"
