// FilteredLogModel and LogFilter: which rows a filter shows, including rows that arrive and
// rows that are dropped while a filter is on, under QAbstractItemModelTester.

#include "log/filteredlogmodel.h"
#include "log/messagelogmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

namespace {
LogEvent event(Direction direction, EventType type, const QByteArray &data)
{
    LogEvent e;
    e.timestampMs = 1'700'000'000'000;
    e.direction = direction;
    e.type = type;
    e.data = data;
    return e;
}

// A small log with every kind of row.
void fill(MessageLogModel &log)
{
    log.append(event(Direction::Lifecycle, EventType::Connecting, "Connecting to ws://x"));
    log.append(event(Direction::Lifecycle, EventType::Open, "Opened (no subprotocol)"));
    log.append(event(Direction::Sent, EventType::Text, "{\"op\":\"Subscribe\",\"id\":17}"));
    log.append(event(Direction::Received, EventType::Text, "{\"type\":\"subscribed\",\"id\":17}"));
    log.append(event(Direction::Received, EventType::Binary, QByteArray("\x00SUBSCRIBE\xff", 11)));
    log.append(event(Direction::Sent, EventType::Ping, "probe"));
    log.append(event(Direction::Received, EventType::Pong, "probe"));
    log.append(event(Direction::Received, EventType::Text, "grüß dich ÄÖÜ"));
    log.append(event(Direction::Lifecycle, EventType::Error, "Host not found: x."));
    log.flush();
}

QStringList previews(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, LogColumn::Preview).data().toString();
    return out;
}

// A filter on this text, as a substring or a regex.
LogFilter compiled(const QString &text, bool regex)
{
    LogFilterSpec spec;
    spec.text = text;
    spec.mode = regex ? LogFilterSpec::TextMode::Regex : LogFilterSpec::TextMode::Substring;
    LogFilter filter;
    filter.compile(spec);
    return filter;
}

quint32 bits(std::initializer_list<EventType> types)
{
    quint32 mask = 0;
    for (EventType t : types)
        mask |= 1u << int(t);
    return mask;
}
} // namespace

class tst_FilteredLogModel : public QObject
{
    Q_OBJECT

private slots:
    void filters_data();
    void filters();
    void rangesToMark_data();
    void rangesToMark();
    void byteRangesToMark_data();
    void byteRangesToMark();
    void invalidRegexKeepsTheCurrentFilter();
    void liveAppendsAreFiltered();
    void droppedRowsLeaveTheFilteredView();
    void clearingTheFilterShowsEverything();
    void scanRunsInSlices();
};

void tst_FilteredLogModel::rangesToMark_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QList<int>>("startsAndLengths");

    QTest::newRow("no needle") << QString() << false << u"anything"_s << QList<int> {};
    QTest::newRow("not found") << u"zz"_s << false << u"abc"_s << QList<int> {};
    QTest::newRow("every match, any case")
        << u"id"_s << false << u"{\"id\":1,\"ID\":2}"_s << QList<int> {2, 2, 9, 2};
    QTest::newRow("matches do not overlap")
        << u"aa"_s << false << u"aaaaa"_s << QList<int> {0, 2, 2, 2};
    QTest::newRow("non-ascii folds case")
        << u"äöü"_s << false << u"grüß ÄÖÜ"_s << QList<int> {5, 3};
    QTest::newRow("hex run together, as the preview writes it")
        << u"fdfe"_s << false << u"01 fd fe 02"_s << QList<int> {3, 5};
    QTest::newRow("hex with 0x") << u"0xFD 0xFE"_s << false << u"fd fe fd fe"_s
                                 << QList<int> {0, 5, 6, 5};
    QTest::newRow("hex as typed and as written")
        << u"fd fe"_s << false << u"fd fe"_s << QList<int> {0, 5};
    QTest::newRow("word that reads as hex, found as text")
        << u"cafe"_s << false << u"cafe: ca fe"_s << QList<int> {0, 4, 6, 5};
    QTest::newRow("regex") << uR"(\d+)"_s << true << u"a1 b22 c333"_s
                           << QList<int> {1, 1, 4, 2, 8, 3};
    QTest::newRow("regex that matches empty marks nothing")
        << u"x*"_s << true << u"abc"_s << QList<int> {};
}

// What the preview and the inspector mark for the filter's text.
void tst_FilteredLogModel::rangesToMark()
{
    QFETCH(QString, needle);
    QFETCH(bool, regex);
    QFETCH(QString, shown);
    QFETCH(QList<int>, startsAndLengths);
    const LogFilter filter = compiled(needle, regex);
    QList<int> found;
    for (const LogFilter::Range &r : filter.rangesIn(shown))
        found << int(r.start) << int(r.length);
    QCOMPARE(found, startsAndLengths);
    if (found.size() > 2) // no more than asked for
        QCOMPARE(filter.rangesIn(shown, 1).size(), 1);
}

void tst_FilteredLogModel::byteRangesToMark_data()
{
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QList<int>>("startsAndLengths");
    QTest::newRow("ascii, any case") << u"ab"_s << false
                                     << QByteArray("xABab\x00"
                                                   "ab",
                                                   8)
                                     << QList<int> {1, 2, 3, 2, 6, 2};
    QTest::newRow("hex needle") << u"fffe"_s << false << QByteArray("\x00\xff\xfe\xff\xfe", 5)
                                << QList<int> {1, 2, 3, 2};
    QTest::newRow("non-ascii as utf-8")
        << u"é"_s << false << QByteArray("caf\xc3\xa9") << QList<int> {3, 2};
    QTest::newRow("word and hex finding the same bytes")
        << u"cafe"_s << false << QByteArray("cafe\xca\xfe", 6) << QList<int> {0, 4, 4, 2};
    QTest::newRow("regex marks no bytes") << u"a+"_s << true << QByteArray("aaa") << QList<int> {};
}

// What the hex view marks: bytes, not text.
void tst_FilteredLogModel::byteRangesToMark()
{
    QFETCH(QString, needle);
    QFETCH(bool, regex);
    QFETCH(QByteArray, payload);
    QFETCH(QList<int>, startsAndLengths);
    const LogFilter filter = compiled(needle, regex);
    QList<int> found;
    for (const LogFilter::Range &r : filter.byteRangesIn(payload))
        found << int(r.start) << int(r.length);
    QCOMPARE(found, startsAndLengths);
}

void tst_FilteredLogModel::filters_data()
{
    QTest::addColumn<quint32>("directions");
    QTest::addColumn<quint32>("types");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<int>("expectedRows");

    const quint32 all = ~0u;
    QTest::newRow("nothing") << all << all << QString() << false << 9;
    QTest::newRow("sent only") << quint32(1u << int(Direction::Sent)) << all << QString() << false
                               << 2;
    QTest::newRow("events only") << quint32(1u << int(Direction::Lifecycle)) << all << QString()
                                 << false << 3;
    QTest::newRow("text and binary")
        << all << bits({EventType::Text, EventType::Binary}) << QString() << false << 4;
    QTest::newRow("substring ignores case") << all << all << u"subscribe"_s << false << 3;
    QTest::newRow("substring upper") << all << all << u"SUBSCRIBED"_s << false << 1;
    QTest::newRow("substring in binary bytes") << all << all << u"scribe\u00ff"_s << false << 0;
    QTest::newRow("non-ascii substring folds case") << all << all << u"äöü"_s << false << 1;
    QTest::newRow("substring + direction")
        << quint32(1u << int(Direction::Received)) << all << u"id\":17"_s << false << 1;
    QTest::newRow("substring in lifecycle text") << all << all << u"host not"_s << false << 1;
    QTest::newRow("regex") << all << all << uR"("id":\d+\})"_s << true << 2;
    QTest::newRow("regex is case-sensitive") << all << all << u"^grüß"_s << true << 1;
    QTest::newRow("regex no match") << all << all << u"^GRÜSS"_s << true << 0;
    QTest::newRow("ping and pong")
        << all << bits({EventType::Ping, EventType::Pong}) << u"probe"_s << false << 2;
    QTest::newRow("one-char needle") << all << all << u"{"_s << false << 2;
    QTest::newRow("needle longer than payloads") << all << all << QString(300, u'x') << false << 0;
    // Binary rows are also found by the hex their preview shows.
    QTest::newRow("hex of a binary row") << all << all << u"45 ff"_s << false << 1;
    QTest::newRow("hex run together") << all << all << u"0053"_s << false << 1;
    QTest::newRow("hex with 0x and colons") << all << all << u"0x45:0xFF"_s << false << 1;
    QTest::newRow("hex not in the row") << all << all << u"ff 00"_s << false << 0;
    QTest::newRow("half a byte is not hex") << all << all << u"45 f"_s << false << 0;
    QTest::newRow("hex is not looked for in text rows")
        << all << bits({EventType::Text}) << u"7b 22"_s << false << 0;
}

void tst_FilteredLogModel::filters()
{
    QFETCH(quint32, directions);
    QFETCH(quint32, types);
    QFETCH(QString, text);
    QFETCH(bool, regex);
    QFETCH(int, expectedRows);

    MessageLogModel log;
    fill(log);
    FilteredLogModel filtered(&log);
    QAbstractItemModelTester tester(&filtered,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(&filtered, &FilteredLogModel::filterFinished);
    LogFilterSpec spec;
    spec.directions = directions;
    spec.types = types;
    spec.text = text;
    spec.mode = regex ? LogFilterSpec::TextMode::Regex : LogFilterSpec::TextMode::Substring;
    QVERIFY(filtered.setFilter(spec));
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!filtered.isFiltering());
    QCOMPARE(filtered.rowCount(), expectedRows);

    // Every shown row passes the filter, and every hidden row fails it.
    LogFilter check;
    QVERIFY(check.compile(spec));
    int passing = 0;
    for (int row = 0; row < log.rowCount(); ++row) {
        const bool pass = check.matches(log.record(row), log.payloadView(row));
        passing += pass;
        QCOMPARE(filtered.rowForSourceRow(row) >= 0, pass);
    }
    QCOMPARE(passing, expectedRows);
    for (int row = 0; row < filtered.rowCount(); ++row) {
        const int source = filtered.sourceRow(row);
        QCOMPARE(filtered.index(row, LogColumn::Preview).data(),
                 log.index(source, LogColumn::Preview).data());
    }
}

void tst_FilteredLogModel::invalidRegexKeepsTheCurrentFilter()
{
    MessageLogModel log;
    fill(log);
    FilteredLogModel filtered(&log);
    LogFilterSpec spec;
    spec.text = u"probe"_s;
    QVERIFY(filtered.setFilter(spec));
    QTRY_VERIFY(!filtered.isFiltering());
    QCOMPARE(filtered.rowCount(), 2);

    spec.text = u"(unclosed"_s;
    spec.mode = LogFilterSpec::TextMode::Regex;
    QString error;
    QVERIFY(!filtered.setFilter(spec, &error));
    QVERIFY2(error.contains(u"Invalid regular expression"_s), qPrintable(error));
    QCOMPARE(filtered.rowCount(), 2);
    QCOMPARE(filtered.filter().text, u"probe"_s);
}

void tst_FilteredLogModel::liveAppendsAreFiltered()
{
    MessageLogModel log;
    FilteredLogModel filtered(&log);
    QAbstractItemModelTester tester(&filtered,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogFilterSpec spec;
    spec.text = u"keep"_s;
    QVERIFY(filtered.setFilter(spec));
    QTRY_VERIFY(!filtered.isFiltering());
    QSignalSpy inserted(&filtered, &QAbstractItemModel::rowsInserted);
    for (int batch = 0; batch < 5; ++batch) {
        for (int i = 0; i < 100; ++i)
            log.appendText(Direction::Received, (i % 10 == 0) ? u"KEEP %1"_s.arg(i) : u"drop"_s);
        log.flush();
    }
    QCOMPARE(log.rowCount(), 500);
    QCOMPARE(filtered.rowCount(), 50);
    QCOMPARE(inserted.size(), 5); // one insert per flushed batch
    QVERIFY(previews(&filtered).filter(u"drop"_s).isEmpty());
}

void tst_FilteredLogModel::droppedRowsLeaveTheFilteredView()
{
    MessageLogModel log;
    log.setLimits(100, 1LL << 40);
    FilteredLogModel filtered(&log);
    QAbstractItemModelTester tester(&filtered,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogFilterSpec spec;
    spec.text = u"even"_s;
    QVERIFY(filtered.setFilter(spec));
    QTRY_VERIFY(!filtered.isFiltering());
    for (int i = 0; i < 300; ++i) {
        log.appendText(Direction::Received, i % 2 == 0 ? u"even %1"_s.arg(i) : u"odd %1"_s.arg(i));
        if (i % 7 == 0)
            log.flush();
    }
    log.flush();
    QVERIFY(log.droppedCount() > 0);
    int expected = 0;
    for (int row = 0; row < log.rowCount(); ++row)
        expected += log.payloadView(row).startsWith("even");
    QCOMPARE(filtered.rowCount(), expected);
    for (int row = 0; row < filtered.rowCount(); ++row)
        QVERIFY(filtered.sourceRow(row) >= 0);
    QCOMPARE(filtered.index(filtered.rowCount() - 1, LogColumn::Preview).data().toString(),
             u"even 298"_s);
}

void tst_FilteredLogModel::clearingTheFilterShowsEverything()
{
    MessageLogModel log;
    fill(log);
    FilteredLogModel filtered(&log);
    QAbstractItemModelTester tester(&filtered,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogFilterSpec spec;
    spec.text = u"probe"_s;
    QVERIFY(filtered.setFilter(spec));
    QTRY_VERIFY(!filtered.isFiltering());
    QVERIFY(filtered.setFilter(LogFilterSpec()));
    QCOMPARE(filtered.rowCount(), log.rowCount());
    log.appendText(Direction::Sent, u"new"_s);
    log.flush();
    QCOMPARE(filtered.rowCount(), 10);
    log.clear();
    QCOMPARE(filtered.rowCount(), 0);
}

void tst_FilteredLogModel::scanRunsInSlices()
{
    // A regex over 200,000 rows takes longer than one slice: the scan must yield to the event
    // loop, and a timer on it must keep firing.
    MessageLogModel log;
    for (int i = 0; i < 200'000; ++i)
        log.appendText(Direction::Received, u"row %1 with some payload text"_s.arg(i));
    log.flush();
    FilteredLogModel filtered(&log);
    LogFilterSpec spec;
    spec.text = u"row \\d*7 with"_s;
    spec.mode = LogFilterSpec::TextMode::Regex;
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
    ticker.start(1);
    QSignalSpy finished(&filtered, &FilteredLogModel::filterFinished);
    QVERIFY(filtered.setFilter(spec));
    QVERIFY(filtered.isFiltering()); // nothing ran yet: setFilter returns at once
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(filtered.rowCount(), 20'000);
    QVERIFY2(ticks >= 2, qPrintable(QString::number(ticks)));
}

QTEST_GUILESS_MAIN(tst_FilteredLogModel)
#include "tst_filteredlogmodel.moc"
