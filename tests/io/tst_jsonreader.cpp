// The one JSON reader every file format uses: typed values, the place of the first mistake,
// and numbers checked before they are converted (1e300 must not be undefined behaviour).

#include "io/jsonreader.h"

#include <QJsonDocument>
#include <QTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

class tst_JsonReader : public QObject
{
    Q_OBJECT

private slots:
    void integers_data();
    void integers();
    void typesAreChecked_data();
    void typesAreChecked();
    void firstMistakeIsKept();
    void listsOfIntegers();
    void parseObject_data();
    void parseObject();
};

namespace {
QJsonObject objectOf(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}
} // namespace

void tst_JsonReader::integers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<qint64>("expected"); // the fallback, 7, when it is a mistake
    QTest::addColumn<bool>("ok");
    const qint64 big = std::numeric_limits<qint64>::max();
    QTest::newRow("in range") << "{\"n\":42}"_ba << 0LL << 100LL << 42LL << true;
    QTest::newRow("missing") << "{}"_ba << 0LL << 100LL << 7LL << true;
    QTest::newRow("min") << "{\"n\":-5}"_ba << -5LL << 5LL << -5LL << true;
    QTest::newRow("max") << "{\"n\":5}"_ba << -5LL << 5LL << 5LL << true;
    QTest::newRow("below") << "{\"n\":-6}"_ba << -5LL << 5LL << 7LL << false;
    QTest::newRow("above") << "{\"n\":6}"_ba << -5LL << 5LL << 7LL << false;
    QTest::newRow("fraction") << "{\"n\":1.5}"_ba << 0LL << 100LL << 7LL << false;
    QTest::newRow("1e300") << "{\"n\":1e300}"_ba << 0LL << big << 7LL << false;
    QTest::newRow("-1e300") << "{\"n\":-1e300}"_ba << -big << big << 7LL << false;
    QTest::newRow("2^63-1 written out")
        << "{\"n\":9223372036854775807}"_ba << 0LL << 65535LL << 7LL << false;
    QTest::newRow("a string") << "{\"n\":\"3\"}"_ba << 0LL << 100LL << 7LL << false;
    QTest::newRow("null") << "{\"n\":null}"_ba << 0LL << 100LL << 7LL << false;
}

void tst_JsonReader::integers()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, min);
    QFETCH(qint64, max);
    QFETCH(qint64, expected);
    QFETCH(bool, ok);
    JsonReader r;
    QCOMPARE(r.integer(objectOf(json), "n", u"top"_s, 7, min, max), expected);
    QCOMPARE(r.ok(), ok);
    if (!ok)
        QCOMPARE(r.error(), u"top.n: expected a whole number from %1 to %2"_s.arg(min).arg(max));
}

void tst_JsonReader::typesAreChecked_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("string ok") << "{\"s\":\"x\",\"b\":true,\"l\":[\"a\"]}"_ba << QString();
    QTest::newRow("string a number") << "{\"s\":1}"_ba << u"item.s: expected a string"_s;
    QTest::newRow("bool a string") << "{\"b\":\"yes\"}"_ba << u"item.b: expected true or false"_s;
    QTest::newRow("list an object") << "{\"l\":{}}"_ba << u"item.l: expected a list"_s;
    QTest::newRow("list of numbers") << "{\"l\":[\"a\",2]}"_ba << u"item.l[1]: expected a string"_s;
    QTest::newRow("required missing") << "{\"b\":true}"_ba << u"item.r: missing"_s;
}

void tst_JsonReader::typesAreChecked()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const QJsonObject o = objectOf(json);
    JsonReader r;
    const QString s = r.string(o, "s", u"item"_s, u"fallback"_s);
    r.boolean(o, "b", u"item"_s, false);
    r.strings(o, "l", u"item"_s);
    if (o.contains(u"b"_s) && !o.contains(u"s"_s) && !o.contains(u"l"_s))
        r.string(o, "r", u"item"_s, {}, true);
    QCOMPARE(r.error(), error);
    if (o.value(u"s"_s).isDouble())
        QCOMPARE(s, u"fallback"_s); // a mistake gives the fallback, not a converted value
}

void tst_JsonReader::firstMistakeIsKept()
{
    const QJsonObject o = objectOf("{\"a\":1,\"b\":2}");
    JsonReader r;
    r.string(o, "a", u"x"_s);
    r.string(o, "b", u"x"_s);
    r.fail(u"x.c"_s, u"later"_s);
    QCOMPARE(r.error(), u"x.a: expected a string"_s);
}

void tst_JsonReader::listsOfIntegers()
{
    JsonReader r;
    QCOMPARE(r.integers(objectOf("{\"l\":[1,2,3]}"), "l", u"x"_s, 1, 9), (QList<qint64> {1, 2, 3}));
    QCOMPARE(r.integers(objectOf("{}"), "l", u"x"_s, 1, 9), QList<qint64>());
    QVERIFY(r.ok());
    // Each item is checked as one value is, and its mistake placed.
    r.integers(objectOf("{\"l\":[1,1e300,2]}"), "l", u"x"_s, 1, 9);
    QCOMPARE(r.error(), u"x.l[1]: expected a whole number from 1 to 9"_s);
    JsonReader notList;
    notList.integers(objectOf("{\"l\":5}"), "l", u"x"_s, 1, 9);
    QCOMPARE(notList.error(), u"x.l: expected a list"_s);
}

void tst_JsonReader::parseObject_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("object") << "{\"a\":1}"_ba << QString();
    QTest::newRow("array") << "[1]"_ba << u"expected a JSON object at the top"_s;
    QTest::newRow("broken") << "{\"a\":"_ba << u"not valid JSON at byte"_s;
    QTest::newRow("empty") << QByteArray() << u"not valid JSON at byte 0"_s;
}

void tst_JsonReader::parseObject()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QJsonObject out;
    QString why;
    QCOMPARE(JsonFiles::parseObject(json, &out, &why), error.isEmpty());
    QVERIFY2(error.isEmpty() ? why.isEmpty() : why.startsWith(error), qPrintable(why));
}

QTEST_GUILESS_MAIN(tst_JsonReader)
#include "tst_jsonreader.moc"
