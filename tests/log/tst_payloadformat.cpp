// Payload decoding for the inspector: UTF-8 validity, JSON, and which view a payload gets.

#include "inspector/payloadformat.h"

#include <QTest>

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
    QCOMPARE(PayloadFormat::isValidUtf8(bytes), valid);
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
    QCOMPARE(PayloadFormat::prettyJson(json), pretty);
    // Pretty or not, it is the same JSON.
    QCOMPARE(PayloadFormat::parseJson(pretty.toUtf8()), PayloadFormat::parseJson(json));
}

QTEST_GUILESS_MAIN(tst_PayloadFormat)
#include "tst_payloadformat.moc"
