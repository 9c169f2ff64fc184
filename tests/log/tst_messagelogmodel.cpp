// MessageLogModel: batched inserts and what each column shows, under QAbstractItemModelTester.

#include "log/messagelogmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

namespace {
LogEvent makeRecord(Direction direction, EventType type, QByteArray data, quint16 closeCode = 0,
                    qint32 rttUs = -1)
{
    LogEvent r;
    r.timestampMs = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678)).toMSecsSinceEpoch();
    r.direction = direction;
    r.type = type;
    r.data = std::move(data);
    r.closeCode = closeCode;
    r.roundTripUs = rttUs;
    return r;
}
} // namespace

class tst_MessageLogModel : public QObject
{
    Q_OBJECT

private slots:
    void appendsAreBatched();
    void flushesOnItsOwn();
    void columns_data();
    void columns();
    void clearEmptiesTheLog();
};

void tst_MessageLogModel::appendsAreBatched()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 1000; ++i)
        model.append(makeRecord(Direction::Received, EventType::Text, QByteArray::number(i)));
    QCOMPARE(model.rowCount(), 0); // queued, not yet rows
    QCOMPARE(model.totalCount(), 1000);
    model.flush();
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(inserted.size(), 1); // one beginInsertRows for the whole batch
    QCOMPARE(inserted[0][1].toInt(), 0);
    QCOMPARE(inserted[0][2].toInt(), 999);
    QCOMPARE(cell(&model, 999, LogColumn::Preview), QStringLiteral("999"));

    model.append(makeRecord(Direction::Sent, EventType::Text, "next"));
    model.flush();
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted[1][1].toInt(), 1000);
    model.flush(); // nothing queued: no empty insert
    QCOMPARE(inserted.size(), 2);
}

void tst_MessageLogModel::flushesOnItsOwn()
{
    MessageLogModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append(makeRecord(Direction::Sent, EventType::Text, "a"));
    model.append(makeRecord(Direction::Sent, EventType::Text, "b"));
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 1);
}

void tst_MessageLogModel::columns_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<int>("rttUs");
    QTest::addColumn<QStringList>("expected"); // direction, type, size, preview

    QTest::newRow("sent text") << int(Direction::Sent) << int(EventType::Text)
                               << QByteArray("hello") << 0 << -1
                               << QStringList {u"Sent"_s, u"text"_s, u"5 B"_s, u"hello"_s};
    QTest::newRow("multi-line text is one line")
        << int(Direction::Received) << int(EventType::Text) << QByteArray("a\nb\r\n\tc") << 0 << -1
        << QStringList {u"Received"_s, u"text"_s, u"7 B"_s, u"a⏎b⏎ c"_s};
    QTest::newRow("binary as hex")
        << int(Direction::Received) << int(EventType::Binary) << QByteArray("\x00\x01\xff", 3) << 0
        << -1 << QStringList {u"Received"_s, u"binary"_s, u"3 B"_s, u"00 01 ff"_s};
    QTest::newRow("long binary is cut")
        << int(Direction::Sent) << int(EventType::Binary) << QByteArray(40, '\x10') << 0 << -1
        << QStringList {u"Sent"_s, u"binary"_s, u"40 B"_s,
                        u"10 "_s.repeated(32).trimmed() + u" …"_s};
    QTest::newRow("pong with round trip")
        << int(Direction::Received) << int(EventType::Pong) << QByteArray("p1") << 0 << 1500
        << QStringList {u"Received"_s, u"pong"_s, u"2 B"_s, u"round trip 1.50 ms · p1"_s};
    QTest::newRow("unsolicited pong")
        << int(Direction::Received) << int(EventType::Pong) << QByteArray() << 0 << -1
        << QStringList {u"Received"_s, u"pong"_s, u"0 B"_s, u"unsolicited (no matching ping)"_s};
    QTest::newRow("close by peer")
        << int(Direction::Received) << int(EventType::Close) << QByteArray("bye") << 1001 << -1
        << QStringList {u"Received"_s, u"close"_s, u"3 B"_s,
                        u"1001 Going Away · closed by the peer · “bye”"_s};
    QTest::newRow("dropped")
        << int(Direction::Lifecycle) << int(EventType::Close) << QByteArray() << 1006 << -1
        << QStringList {u"Event"_s, u"close"_s, u""_s,
                        u"1006 Abnormal Closure · connection dropped without a close frame"_s};
    QTest::newRow("error") << int(Direction::Lifecycle) << int(EventType::Error)
                           << QByteArray("Host not found: x.") << 0 << -1
                           << QStringList {u"Event"_s, u"error"_s, u""_s, u"Host not found: x."_s};
}

void tst_MessageLogModel::columns()
{
    QFETCH(int, direction);
    QFETCH(int, type);
    QFETCH(QByteArray, data);
    QFETCH(int, closeCode);
    QFETCH(int, rttUs);
    QFETCH(QStringList, expected);

    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(
        makeRecord(Direction(direction), EventType(type), data, quint16(closeCode), rttUs));
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(&model, 0, LogColumn::Time),
             QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678)).toString(u"HH:mm:ss.zzz"));
    QCOMPARE(cell(&model, 0, LogColumn::Time), QStringLiteral("03:04:05.678"));
    QCOMPARE(logLines(&model), QStringList {expected.join(QStringLiteral(" | "))});
    QCOMPARE(model.index(0, 0).data(LogRole::Payload).toByteArray(), data);
}

void tst_MessageLogModel::clearEmptiesTheLog()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(makeRecord(Direction::Sent, EventType::Text, "x"));
    model.flush();
    model.append(makeRecord(Direction::Sent, EventType::Text, "queued"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QTest::qWait(MessageLogModel::flushIntervalMs() * 2);
    QCOMPARE(model.rowCount(), 0); // the queued record went too
}

QTEST_GUILESS_MAIN(tst_MessageLogModel)
#include "tst_messagelogmodel.moc"
