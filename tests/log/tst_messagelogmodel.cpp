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
    void floodsAreShownInLargerBatches();
    void columns_data();
    void columns();
    void clearEmptiesTheLog();
    void rowCapDropsOldestInBatches_data();
    void rowCapDropsOldestInBatches();
    void byteCapDropsOldest();
    void framesGoWithTheirRows();
    void pausedCaptureCountsButDoesNotStore();
    void fragmentsKeepTheirFrames();
    void largePayloadsAreSharedNotCopied();
    void appendTextEncodesUtf8();
    void timeSinceConnect();
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

// Each batch costs a shown log a repaint; during a flood the batches come less often.
void tst_MessageLogModel::floodsAreShownInLargerBatches()
{
    MessageLogModel model;
    QCOMPARE(model.nextFlushDelayMs(), MessageLogModel::flushIntervalMs());
    const auto add = [&](int count) {
        for (int i = 0; i < count; ++i)
            model.append(makeRecord(Direction::Received, EventType::Text, "x"));
    };
    add(int(MessageLogModel::kFloodBatchRows) - 1);
    model.flush();
    QCOMPARE(model.nextFlushDelayMs(), MessageLogModel::flushIntervalMs()); // busy, no flood
    add(int(MessageLogModel::kFloodBatchRows));
    model.flush();
    QCOMPARE(model.nextFlushDelayMs(), MessageLogModel::kFloodFlushIntervalMs);
    add(1);
    QTRY_COMPARE(model.rowCount(), 2 * int(MessageLogModel::kFloodBatchRows)); // still shown
    QCOMPARE(model.nextFlushDelayMs(), MessageLogModel::flushIntervalMs()); // quiet again
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
        << QStringList {u"Received"_s, u"close"_s, u"5 B"_s, // the code's 2 bytes and "bye"
                        u"1001 Going Away · closed by the peer · “bye”"_s};
    QTest::newRow("close with a code only")
        << int(Direction::Sent) << int(EventType::Close) << QByteArray() << 1000 << -1
        << QStringList {u"Sent"_s, u"close"_s, u"2 B"_s, u"1000 Normal Closure · closed by you"_s};
    QTest::newRow("close with no code")
        << int(Direction::Received) << int(EventType::Close) << QByteArray() << 1005 << -1
        << QStringList {u"Received"_s, u"close"_s, u"0 B"_s,
                        u"1005 No Status Received · closed by the peer"_s};
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
    model.flush(); // what the flush timer would do: nothing is left to insert
    QCOMPARE(model.rowCount(), 0); // the queued record went too
}

void tst_MessageLogModel::rowCapDropsOldestInBatches_data()
{
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("appended");
    QTest::addColumn<int>("flushEvery");
    QTest::addColumn<int>("expectedRows");
    QTest::addColumn<int>("expectedDropped");
    // Over the cap, the oldest go, plus 1% of the cap (at least one row) so drops are batched.
    QTest::newRow("under the cap") << 100 << 100 << 100 << 100 << 0;
    QTest::newRow("one over, one flush") << 100 << 101 << 101 << 99 << 2;
    QTest::newRow("many over, one flush") << 100 << 250 << 250 << 99 << 151;
    QTest::newRow("flush per row") << 100 << 150 << 1 << 100 << 50;
    QTest::newRow("cap of one") << 1 << 5 << 1 << 1 << 4;
    QTest::newRow("big cap batches") << 1000 << 1500 << 10 << 1000 << 500;
}

void tst_MessageLogModel::rowCapDropsOldestInBatches()
{
    QFETCH(int, cap);
    QFETCH(int, appended);
    QFETCH(int, flushEvery);
    QFETCH(int, expectedRows);
    QFETCH(int, expectedDropped);
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLimits(cap, 1LL << 40);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < appended; ++i) {
        model.append(makeRecord(Direction::Received, EventType::Text, QByteArray::number(i)));
        if ((i + 1) % flushEvery == 0)
            model.flush();
    }
    model.flush();
    QVERIFY(model.rowCount() <= cap);
    if (flushEvery == 1 || appended <= cap)
        QCOMPARE(model.rowCount(), expectedRows);
    QCOMPARE(model.droppedCount() + model.rowCount(), qint64(appended));
    if (flushEvery > 1)
        QCOMPARE(model.droppedCount(), qint64(expectedDropped));
    // The newest rows survive, in order, and sequence numbers still find them.
    QCOMPARE(cell(&model, model.rowCount() - 1, LogColumn::Preview), QString::number(appended - 1));
    QCOMPARE(cell(&model, 0, LogColumn::Preview), QString::number(model.droppedCount()));
    QCOMPARE(model.rowOfSequence(quint64(appended - 1)), model.rowCount() - 1);
    QCOMPARE(model.rowOfSequence(0), appended > cap ? -1 : 0);
    // Drops come in batches, not one remove per row.
    if (appended > cap)
        QVERIFY2(removed.size() <= qMax(1, (appended - cap) / qMax(1, cap / 100)),
                 qPrintable(QString::number(removed.size())));
}

// A row's frames are kept as long as the row and go with it under the cap, their own payloads
// and verdicts too; frames attached late (a sent message's, after a later row) still land with
// their row.
void tst_MessageLogModel::framesGoWithTheirRows()
{
    MessageLogModel model;
    const int cap = 10'000;
    const int appended = 25'000;
    model.setLimits(cap, 1LL << 40);
    const auto frameOf = [](int i, bool own) {
        WireLog::Frame f;
        f.timeUs = i;
        f.opcode = own ? 0x9 : 0x1;
        f.payloadLength = quint64(QByteArray::number(i).size());
        if (own)
            f.ownPayload = "own " + QByteArray::number(i);
        if (i % 7 == 0)
            f.verdict = u"rule %1"_s.arg(i);
        return f;
    };
    quint64 late = 0;
    bool lateWaits = false;
    for (int i = 0; i < appended; ++i) {
        const quint64 seq = model.nextSequence();
        model.append(makeRecord(Direction::Sent, EventType::Text, QByteArray::number(i)));
        // Every 100th row's frames come after the next row's.
        if (lateWaits) {
            model.attachWire(late, {frameOf(i - 1, false), frameOf(i - 1, true)});
            lateWaits = false;
        }
        if (i % 100 == 0) {
            late = seq;
            lateWaits = true;
        } else {
            model.attachWire(seq, {frameOf(i, false), frameOf(i, true)});
        }
        if (i % 500 == 499)
            model.flush();
    }
    model.flush();
    QVERIFY(model.rowCount() <= cap);
    const WireLog &wire = model.wire();
    QCOMPARE(wire.size(), qsizetype(model.rowCount()) * 2);
    for (int row = 0; row < model.rowCount(); ++row) {
        const int i = cell(&model, row, LogColumn::Preview).toInt();
        const auto [first, end] = wire.rangeOf(model.sequenceOf(row));
        QCOMPARE(end - first, qsizetype(2));
        QCOMPARE(wire.at(first).timeUs(), qint64(i));
        QCOMPARE(wire.payloadOf(first, QByteArray::number(i)), QByteArray::number(i));
        QCOMPARE(wire.payloadOf(first + 1, {}), "own " + QByteArray::number(i));
        QCOMPARE(wire.verdictOf(first), i % 7 == 0 ? u"rule %1"_s.arg(i) : QString());
    }
    // What is held apart is only the surviving rows' own payloads and verdicts.
    qint64 held = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const int i = cell(&model, row, LogColumn::Preview).toInt();
        held += ("own " + QByteArray::number(i)).size();
        if (i % 7 == 0) // both of its frames, in UTF-16
            held += 2 * u"rule %1"_s.arg(i).size() * qint64(sizeof(QChar));
    }
    QCOMPARE(wire.bytesHeld(), held);
}

void tst_MessageLogModel::byteCapDropsOldest()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 cap = 4 * PayloadArena::kChunkSize;
    model.setLimits(1'000'000, cap);
    const QByteArray payload(10'000, 'x');
    for (int i = 0; i < 2000; ++i) { // 20 MB of payloads
        model.append(makeRecord(Direction::Received, EventType::Binary, payload));
        if (i % 50 == 0)
            model.flush();
    }
    model.flush();
    QVERIFY2(model.bytesHeld() <= cap + PayloadArena::kChunkSize,
             qPrintable(QString::number(model.bytesHeld())));
    QVERIFY(model.droppedCount() > 0);
    QCOMPARE(model.droppedCount() + model.rowCount(), 2000);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.payloadView(row).size(), payload.size());
    QCOMPARE(model.payload(model.rowCount() - 1), payload);
}

void tst_MessageLogModel::pausedCaptureCountsButDoesNotStore()
{
    MessageLogModel model;
    QSignalSpy counters(&model, &MessageLogModel::countersChanged);
    model.append(makeRecord(Direction::Received, EventType::Text, "before"));
    model.setCapturePaused(true);
    model.append(makeRecord(Direction::Received, EventType::Text, "paused 1"));
    model.appendText(Direction::Received, u"paused 2");
    model.append(makeRecord(Direction::Received, EventType::Pong, "p"));
    // Lifecycle rows are not messages: they are always kept.
    model.append(makeRecord(Direction::Lifecycle, EventType::Error, "host gone"));
    model.setCapturePaused(false);
    model.append(makeRecord(Direction::Received, EventType::Text, "after"));
    model.flush();
    QCOMPARE(model.notCapturedCount(), 3);
    QCOMPARE(logLines(&model),
             (QStringList {u"Received | text | 6 B | before"_s, u"Event | error |  | host gone"_s,
                           u"Event | info |  | — 3 messages not captured —"_s,
                           u"Received | text | 5 B | after"_s}));
    QVERIFY(counters.size() >= 3);
    // A pause that missed nothing leaves no row; one that missed one says so in the singular.
    model.setCapturePaused(true);
    model.setCapturePaused(false);
    model.setCapturePaused(true);
    model.appendText(Direction::Sent, u"missed");
    model.setCapturePaused(false);
    model.flush();
    QCOMPARE(logLines(&model).mid(4),
             QStringList {u"Event | info |  | — 1 message not captured —"_s});
}

void tst_MessageLogModel::fragmentsKeepTheirFrames()
{
    MessageLogModel model;
    LogEvent event = makeRecord(Direction::Received, EventType::Binary, QByteArray(10, 'z'));
    event.frames = {{4, false}, {4, false}, {2, true}};
    model.append(event);
    model.appendText(Direction::Received, u"single");
    model.appendText(Direction::Received, u"abcdef", {{3, false}, {3, true}});
    model.flush();
    QCOMPARE(cell(&model, 0, LogColumn::Type), u"binary (3 frames)"_s);
    // The column may be too narrow for it: the tooltip says it too.
    QCOMPARE(model.index(0, LogColumn::Type).data(Qt::ToolTipRole).toString(),
             u"binary (3 frames)"_s);
    QCOMPARE(model.index(0, 0).data(LogRole::FrameCount).toInt(), 3);
    QVERIFY(model.frames(0) == event.frames);
    QCOMPARE(cell(&model, 1, LogColumn::Type), u"text"_s);
    QVERIFY(model.frames(1).empty());
    QCOMPARE(cell(&model, 2, LogColumn::Type), u"text (2 frames)"_s);
    QCOMPARE(model.frames(2).size(), size_t(2));
}

void tst_MessageLogModel::largePayloadsAreSharedNotCopied()
{
    MessageLogModel model;
    QByteArray big(PayloadArena::kMaxPayload + 1, 'b');
    big[0] = 'B';
    model.append(makeRecord(Direction::Received, EventType::Binary, big));
    model.append(makeRecord(Direction::Received, EventType::Text, "small"));
    model.flush();
    const QByteArray out = model.payload(0);
    QCOMPARE(out, big);
    QCOMPARE(out.constData(), big.constData()); // the same buffer, not a copy
    QCOMPARE(model.payload(1), QByteArray("small"));
    QCOMPARE(cell(&model, 0, LogColumn::Size), MessageLogModel::sizeText(big.size()));
}

void tst_MessageLogModel::appendTextEncodesUtf8()
{
    MessageLogModel model;
    const QString text = u"grüß 👋 \u20ac"_s;
    model.appendText(Direction::Sent, text);
    const QString long3 = QString(30'000, QChar(0x4e2d)); // 90,000 UTF-8 bytes: past the arena
    model.appendText(Direction::Sent, long3);
    model.flush();
    QCOMPARE(model.payload(0), text.toUtf8());
    QCOMPARE(model.record(0).payloadSize, quint32(text.toUtf8().size()));
    QCOMPARE(model.payload(1), long3.toUtf8());
}

void tst_MessageLogModel::timeSinceConnect()
{
    MessageLogModel model;
    LogEvent open = makeRecord(Direction::Lifecycle, EventType::Open, "Opened");
    open.timestampMs = 1000;
    LogEvent first = makeRecord(Direction::Sent, EventType::Text, "a");
    first.timestampMs = 500;
    LogEvent later = makeRecord(Direction::Sent, EventType::Text, "b");
    later.timestampMs = 3500;
    LogEvent reopen = makeRecord(Direction::Lifecycle, EventType::Open, "Opened");
    reopen.timestampMs = 5000;
    model.append(first);
    model.append(open);
    model.append(later);
    model.append(reopen);
    model.append(later);
    model.flush();
    QCOMPARE(model.connectedAtMs(0), -1);
    QCOMPARE(model.connectedAtMs(1), 1000);
    QCOMPARE(model.connectedAtMs(2), 1000);
    QCOMPARE(model.connectedAtMs(4), 5000);
}

QTEST_GUILESS_MAIN(tst_MessageLogModel)
#include "tst_messagelogmodel.moc"
