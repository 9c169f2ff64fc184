// The log pane and frame inspector as a user works them, offscreen: selecting rows picks the
// right payload view, the filter bar filters, and pause, follow tail, clear and copy work.

#include "common/elidedlabel.h"
#include "common/filedialogs.h"
#include "common/statuscolors.h"
#include "inspector/frameinspector.h"
#include "inspector/hexview.h"
#include "inspector/payloadformat.h"
#include "log/filteredlogmodel.h"
#include "log/logcolumns.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"
#include "log/messagelogview.h"
#include "log/wirelogmodel.h"
#include "testsupport.h"
#include "widgetsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;
using PayloadFormat::View;

namespace {

LogEvent make(Direction d, EventType t, QByteArray data)
{
    LogEvent e;
    e.timestampMs = 1'763'633'700'000;
    e.direction = d;
    e.type = t;
    e.data = std::move(data);
    return e;
}
} // namespace

class tst_LogPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void wireViewAndMessagesSelectEachOther();
    void selectingARowPicksTheView_data();
    void selectingARowPicksTheView();
    void headerFields();
    void rowSelectedWithoutFocusIsInspected();
    void filterBarFilters();
    void matchesAreMarked();
    void invalidRegexIsShownAtTheField();
    void regexThatGivesUpIsShownAtTheField();
    void pauseCapture();
    void sentRowsAreMarkedAndTheInspectorCloses();
    void narrowLogKeepsItsPreviewAndCounters();
    void fileNamesAreSuggestedAndCompleted_data();
    void fileNamesAreSuggestedAndCompleted();
    void exportDialogRemembersItsFolder();
    void followTail();
    void clearAndCopy();
    void jsonViewsAreTrueAndBounded();
    void largeBinaryOpensAtOnce();

private:
    void select(int sourceRow);

    std::unique_ptr<MessageLogModel> m_log;
    std::unique_ptr<LogPane> m_pane;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_LogPane::initTestCase()
{
    // The dialogs' remembered folders stay out of the user's settings.
    QStandardPaths::setTestModeEnabled(true);
}

// The frames of a message, as a capture attaches them: choosing the message selects them in
// the wire view, and choosing a frame makes its message current (the inspector shows it).
void tst_LogPane::wireViewAndMessagesSelectEachOther()
{
    const quint64 binarySeq = m_log->sequenceOf(3); // "00 01 fe ff" in two frames
    WireLog::Frame first;
    first.opcode = 0x2;
    first.fin = false;
    first.payloadLength = 3;
    first.timeUs = 1500;
    WireLog::Frame second = first;
    second.opcode = 0x0;
    second.fin = true;
    second.payloadLength = 1;
    second.timeUs = 1700;
    WireLog::Frame hello;
    hello.fromClient = true;
    hello.masked = true;
    hello.maskingKey = {0xde, 0xad, 0xbe, 0xef};
    hello.payloadLength = 11;
    m_log->attachWire(binarySeq, {first, second});
    m_log->attachWire(m_log->sequenceOf(1), {hello});
    m_log->flush();
    QTableView *wire = m_pane->wireView();
    QAbstractItemModelTester tester(wire->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(wire->accessibleName(), u"Wire view"_s);
    QTRY_COMPARE(wire->model()->rowCount(), 3);
    // In row order: "hello there" first, then the binary message's two frames.
    const auto text = [&](int row, int column) {
        return wire->model()->index(row, column).data().toString();
    };
    QCOMPARE(text(0, WireLogModel::Direction), u"↑ client"_s);
    // The words behind the arrow, for a screen reader and the tooltip.
    QCOMPARE(wire->model()->index(0, WireLogModel::Direction).data(Qt::AccessibleTextRole),
             QVariant(u"client → server"_s));
    QCOMPARE(text(0, WireLogModel::Mask), u"de ad be ef"_s);
    QCOMPARE(text(0, WireLogModel::Payload), u"hello there"_s);
    QCOMPARE(text(1, WireLogModel::Opcode), u"binary"_s);
    QCOMPARE(text(1, WireLogModel::Fin), u"0"_s);
    QCOMPARE(text(1, WireLogModel::Payload), u"00 01 fe"_s);
    QCOMPARE(text(2, WireLogModel::Opcode), u"continuation"_s);
    QCOMPARE(text(2, WireLogModel::Payload), u"ff"_s); // its slice, shown as binary
    QCOMPARE(text(2, WireLogModel::Time), u"0.001700 s"_s);

    select(3);
    const QModelIndexList frames = wire->selectionModel()->selectedRows();
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).row(), 1);
    QCOMPARE(frames.at(1).row(), 2);
    wire->setCurrentIndex(wire->model()->index(0, 0));
    QCOMPARE(m_pane->filteredLog()->sourceRow(m_pane->view()->currentIndex().row()), 1);
    // The inspector shows the frame: its header bytes and its payload both ways.
    FrameInspector *inspector = m_pane->inspector();
    QCOMPARE(inspector->currentView(), PayloadFormat::View::Wire);
    QVERIFY(inspector->headerText().startsWith(u"Sent text"_s)); // of the frame's message
    const QString frame = inspector->payloadText();
    QVERIFY2(frame.contains(u"Header, 6 bytes: 81 8b de ad be ef"_s), qPrintable(frame));
    QVERIFY2(frame.contains(u"masking key de ad be ef"_s), qPrintable(frame));
    QVERIFY2(frame.contains(u"Payload, unmasked (11 bytes):\n00000000  68 65 6c 6c"_s),
             qPrintable(frame));
    // "he" XOR de ad: b6 c8.
    QVERIFY2(frame.contains(u"Payload as sent, masked:\n00000000  b6 c8"_s), qPrintable(frame));
    // Choosing the binary message's second frame: the Wire view starts at it.
    wire->setCurrentIndex(wire->model()->index(2, 0));
    QVERIFY2(inspector->payloadText().contains(u"Frame 2 of 2"_s),
             qPrintable(inspector->payloadText()));
    // A message shown after goes on in the Wire view, until the user picks another view.
    select(1);
    QCOMPARE(inspector->currentView(), PayloadFormat::View::Wire);
    inspector->setCurrentView(PayloadFormat::View::Text);
    QCOMPARE(inspector->payloadText(), u"hello there"_s);

    // A new row and its frame, in the same flush: the view has them after it.
    const quint64 late = m_log->nextSequence();
    m_log->append(make(Direction::Sent, EventType::Text, "late"));
    m_log->attachWire(late, {hello});
    m_log->flush();
    QCOMPARE(wire->model()->rowCount(), 4);
}

void tst_LogPane::init()
{
    m_log = std::make_unique<MessageLogModel>();
    m_log->append(make(Direction::Lifecycle, EventType::Open, "Opened (no subprotocol)"));
    m_log->append(make(Direction::Sent, EventType::Text, "hello there"));
    m_log->append(
        make(Direction::Received, EventType::Text, "{\"a\":1,\"list\":[true,null,\"x\"]}"));
    LogEvent binary
        = make(Direction::Received, EventType::Binary, QByteArray("\x00\x01\xfe\xff", 4));
    binary.frames = {{3, false}, {1, true}};
    m_log->append(binary);
    m_log->append(make(Direction::Received, EventType::Text, QByteArray("caf\xe9", 4)));
    LogEvent close = make(Direction::Received, EventType::Close, "maintenance");
    close.closeCode = 1001;
    m_log->append(close);
    LogEvent pong = make(Direction::Received, EventType::Pong, "p1");
    pong.roundTripUs = 2500;
    m_log->append(pong);
    m_log->flush();
    m_pane = std::make_unique<LogPane>(m_log.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_pane->filteredLog(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_pane->resize(1000, 600);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void tst_LogPane::cleanup()
{
    m_tester.reset();
    m_pane.reset();
    m_log.reset();
}

void tst_LogPane::select(int sourceRow)
{
    MessageLogView *view = m_pane->view();
    const int row = m_pane->filteredLog()->rowForSourceRow(sourceRow);
    QVERIFY(row >= 0);
    view->scrollTo(view->model()->index(row, 0));
    const QRect rect = view->visualRect(view->model()->index(row, LogColumn::Preview));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(view->currentIndex().row(), row);
}

void tst_LogPane::selectingARowPicksTheView_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("view");
    QTest::addColumn<QString>("shown");
    QTest::newRow("lifecycle text") << 0 << int(View::Text) << u"Opened (no subprotocol)"_s;
    QTest::newRow("text") << 1 << int(View::Text) << u"hello there"_s;
    QTest::newRow("json")
        << 2 << int(View::Json)
        << u"{\n    \"a\": 1,\n    \"list\": [\n        true,\n        null,\n        \"x\"\n    ]\n}\n"_s;
    QTest::newRow("binary") << 3 << int(View::Hex) << QString();
    QTest::newRow("invalid utf-8") << 4 << int(View::Hex) << QString();
    QTest::newRow("close reason") << 5 << int(View::Text) << u"maintenance"_s;
}

void tst_LogPane::selectingARowPicksTheView()
{
    QFETCH(int, row);
    QFETCH(int, view);
    QFETCH(QString, shown);
    select(row);
    FrameInspector *inspector = m_pane->inspector();
    QCOMPARE(int(inspector->currentView()), view);
    QCOMPARE(inspector->payload(), m_log->payload(row));
    if (view == int(View::Hex)) {
        QCOMPARE(inspector->hexView()->data(), m_log->payload(row));
        QTRY_VERIFY(inspector->hexView()->paintCount() > 0);
    } else {
        QCOMPARE(inspector->payloadText(), shown);
    }
    if (view == int(View::Json)) {
        QTreeWidget *tree = inspector->jsonTree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QCOMPARE(tree->topLevelItem(0)->childCount(), 2);
        QCOMPARE(tree->topLevelItem(0)->child(1)->text(1), u"[3 items]"_s);
    }
}

void tst_LogPane::headerFields()
{
    FrameInspector *inspector = m_pane->inspector();
    select(3);
    QVERIFY2(inspector->headerText().contains(
                 u"Opcode 0x2 · payload 4 B · 2 frames: #1 3 B FIN 0; #2 1 B FIN 1"_s),
             qPrintable(inspector->headerText()));
    QVERIFY2(inspector->headerText().contains(u"s after connect"_s),
             qPrintable(inspector->headerText()));
    select(5);
    QVERIFY2(
        inspector->headerText().contains(u"Close code 1001 Going Away, reason “maintenance”"_s),
        qPrintable(inspector->headerText()));
    select(6);
    QVERIFY2(inspector->headerText().contains(u"Round trip 2.500 ms"_s),
             qPrintable(inspector->headerText()));
    select(1);
    QVERIFY2(inspector->headerText().contains(u"Opcode 0x1 · payload 11 B · FIN 1, single frame"_s),
             qPrintable(inspector->headerText()));

    // Text that is not UTF-8 gets a note when shown as text.
    select(4);
    inspector->setCurrentView(View::Text);
    const QList<QLabel *> note = inspector->findChildren<QLabel *>();
    bool found = false;
    for (QLabel *label : note)
        found = found || (label->isVisible() && label->text().contains(u"not valid UTF-8"_s));
    QVERIFY(found);
    QCOMPARE(inspector->payloadText(), u"caf\ufffd"_s);
}

// A screen reader selects a row through AT-SPI without making it current: the inspector
// shows it all the same.
void tst_LogPane::rowSelectedWithoutFocusIsInspected()
{
    MessageLogView *view = m_pane->view();
    QVERIFY(m_pane->inspector()->headerText().contains(u"No row selected"_s));
    view->selectionModel()->select(m_pane->filteredLog()->index(1, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QVERIFY2(m_pane->inspector()->headerText().startsWith(u"Sent text"_s),
             qPrintable(m_pane->inspector()->headerText()));
    QCOMPARE(view->currentIndex().row(), 1);
    // Several rows selected: the current one stays the one shown.
    view->selectionModel()->select(m_pane->filteredLog()->index(2, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(view->currentIndex().row(), 1);
}

void tst_LogPane::filterBarFilters()
{
    auto *field = byName<QLineEdit>(m_pane.get(), u"Log filter"_s);
    QVERIFY(field);
    auto *status = byName<QLabel>(m_pane.get(), u"Filter result"_s);
    QVERIFY(status);
    QCOMPARE(status->text(), u"showing 7 of 7"_s);
    QTest::keyClicks(field, u"HELLO"_s);
    QTRY_COMPARE(status->text(), u"showing 1 of 7"_s);
    QCOMPARE(logLines(m_pane->filteredLog()), QStringList {u"Sent | text | 11 B | hello there"_s});
    // Rows that arrive now are filtered as they come.
    m_log->appendText(Direction::Received, u"hello again"_s);
    m_log->appendText(Direction::Received, u"bye"_s);
    m_log->flush();
    QTRY_COMPARE(status->text(), u"showing 2 of 9"_s);
    field->clear();
    QTRY_COMPARE(status->text(), u"showing 9 of 9"_s);
}

// Where the filter's text is found, the preview and the inspector mark it, as find does in a
// browser; a hex needle is marked in a binary row's hex.
void tst_LogPane::matchesAreMarked()
{
    auto *field = byName<QLineEdit>(m_pane.get(), u"Log filter"_s);
    MessageLogView *view = m_pane->view();
    const QColor match = StatusColors::matchBackground(view->palette());
    // The columns of the preview cell drawn in the match colour: [first, last], or {-1, -1}.
    const auto marked = [&](int row) {
        const QImage shot = view->viewport()->grab().toImage();
        const QRect cell = view->visualRect(m_pane->filteredLog()->index(row, LogColumn::Preview));
        std::pair<int, int> span {-1, -1};
        for (int x = cell.left(); x <= cell.right(); ++x) {
            if (shot.pixelColor(x * shot.devicePixelRatio(), cell.center().y()) == match) {
                span.first = span.first < 0 ? x : span.first;
                span.second = x;
            }
        }
        return span;
    };
    QCOMPARE(marked(0).first, -1); // nothing marked without a filter

    QTest::keyClicks(field, u"THERE"_s);
    QTRY_COMPARE(m_pane->filteredLog()->rowCount(), 1);
    const std::pair<int, int> there = marked(0);
    QVERIFY(there.first >= 0);
    // "there" is the end of "hello there": the mark starts after "hello " and is as wide as
    // the word.
    const QFontMetrics metrics(view->font());
    const QRect preview = view->visualRect(m_pane->filteredLog()->index(0, LogColumn::Preview));
    QVERIFY2(there.first > preview.left() + metrics.horizontalAdvance(u"hello"_s),
             qPrintable(QString::number(there.first - preview.left())));
    QVERIFY(qAbs(there.second - there.first + 1 - metrics.horizontalAdvance(u"there"_s)) <= 2);

    select(1);
    auto *text = byName<QPlainTextEdit>(m_pane->inspector(), u"Payload as text"_s);
    QVERIFY(text);
    m_pane->inspector()->setCurrentView(PayloadFormat::View::Text);
    QTRY_COMPARE(text->extraSelections().size(), 1);
    QCOMPARE(text->extraSelections().constFirst().cursor.selectedText(), u"there"_s);
    QCOMPARE(text->extraSelections().constFirst().format.background().color(), match);
    // A theme change gives the marks the new palette's colour.
    QPalette dark = m_pane->palette();
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
    dark.setColor(QPalette::Text, Qt::white);
    m_pane->setPalette(dark);
    QVERIFY(StatusColors::matchBackground(dark) != match);
    QCOMPARE(text->extraSelections().constFirst().format.background().color(),
             StatusColors::matchBackground(dark));
    m_pane->setPalette(QPalette());

    // Bytes typed as hex are marked where the binary row's preview writes them.
    field->clear();
    QTest::keyClicks(field, u"feff"_s);
    QTRY_COMPARE(cell(m_pane->filteredLog(), 0, LogColumn::Preview), u"00 01 fe ff"_s);
    QCOMPARE(m_pane->filteredLog()->rowCount(), 1);
    QVERIFY(marked(0).first > preview.left() + metrics.horizontalAdvance(u"00 01"_s));
    // The hex view marks those bytes, in the hex and the text columns.
    select(3);
    m_pane->inspector()->setCurrentView(PayloadFormat::View::Hex);
    HexView *hex = m_pane->inspector()->hexView();
    QTRY_COMPARE(hex->marks().size(), 1);
    QCOMPARE(hex->marks().constFirst(), (LogFilter::Range {2, 2}));
    const QImage dump = hex->viewport()->grab().toImage();
    const int charWidth = hex->fontMetrics().horizontalAdvance(u'0');
    const int rowY = 4 + hex->fontMetrics().height() / 2;
    const auto at = [&](int column) {
        return dump.pixelColor(int((4 + charWidth * column + 1) * dump.devicePixelRatio()),
                               int(rowY * dump.devicePixelRatio()));
    };
    QCOMPARE(at(hex->layout().hexColumnOfByte(2)), match);
    QCOMPARE(at(hex->layout().asciiColumnOfByte(3)), match);
    QVERIFY(at(hex->layout().hexColumnOfByte(0)) != match);
    // The base64 view marks the groups of four characters that encode them ("AAH+/w==" is
    // 00 01 fe and ff).
    m_pane->inspector()->setCurrentView(PayloadFormat::View::Base64);
    auto *base64 = byName<QPlainTextEdit>(m_pane->inspector(), u"Payload as base64"_s);
    QVERIFY(base64);
    QTRY_COMPARE(base64->extraSelections().size(), 1);
    QCOMPARE(base64->extraSelections().constFirst().cursor.selectedText(), u"AAH+/w=="_s);
    field->clear();
    QTest::keyClicks(field, u"ff"_s);
    QTRY_COMPARE(base64->extraSelections().value(0).cursor.selectedText(), u"/w=="_s);
    QCOMPARE(base64->extraSelections().size(), 1);

    // The JSON tree marks the keys and values that hold the text.
    field->clear();
    QTest::keyClicks(field, u"list"_s);
    QTRY_VERIFY(cell(m_pane->filteredLog(), 0, LogColumn::Preview).startsWith(u'{'));
    QCOMPARE(m_pane->filteredLog()->rowCount(), 1);
    select(2);
    m_pane->inspector()->setCurrentView(PayloadFormat::View::Json);
    QTreeWidget *tree = m_pane->inspector()->jsonTree();
    QTRY_VERIFY(tree->topLevelItemCount() == 1);
    const QList<QTreeWidgetItem *> list = tree->findItems(u"list"_s, Qt::MatchRecursive, 0);
    const QList<QTreeWidgetItem *> a = tree->findItems(u"a"_s, Qt::MatchRecursive, 0);
    QCOMPARE(list.size(), 1);
    QCOMPARE(a.size(), 1);
    QCOMPARE(list.constFirst()->background(0).color(), match);
    QCOMPARE(a.constFirst()->background(0).style(), Qt::NoBrush);

    field->clear();
    QTRY_COMPARE(m_pane->filteredLog()->rowCount(), 7);
    QCOMPARE(marked(1).first, -1); // and nothing once the filter is cleared
    QVERIFY(text->extraSelections().isEmpty());
}

void tst_LogPane::invalidRegexIsShownAtTheField()
{
    auto *field = byName<QLineEdit>(m_pane.get(), u"Log filter"_s);
    auto *regex = byName<QToolButton>(m_pane.get(), u"Use regular expression"_s);
    QVERIFY(regex);
    QTest::keyClicks(field, u"hel+o"_s);
    QTest::mouseClick(regex, Qt::LeftButton);
    QTRY_COMPARE(m_pane->filteredLog()->rowCount(), 1);
    QTest::keyClicks(field, u"(["_s);
    m_pane->applyFilter();
    QVERIFY2(m_pane->filterError().contains(u"Invalid regular expression"_s),
             qPrintable(m_pane->filterError()));
    QVERIFY(byName<QLabel>(m_pane.get(), u"Log filter error"_s)->isVisible());
    QCOMPARE(m_pane->filteredLog()->rowCount(), 1); // the last good filter still applies
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClick(field, Qt::Key_Backspace);
    m_pane->applyFilter();
    QVERIFY(m_pane->filterError().isEmpty());
}

void tst_LogPane::regexThatGivesUpIsShownAtTheField()
{
    // Past PCRE2's match limit a row has no answer: it is not shown, and the bar says so,
    // also for rows that arrive later.
    auto *field = byName<QLineEdit>(m_pane.get(), u"Log filter"_s);
    QTest::mouseClick(byName<QToolButton>(m_pane.get(), u"Use regular expression"_s),
                      Qt::LeftButton);
    m_log->append(make(Direction::Received, EventType::Text, QByteArray(40, 'a') + '!'));
    m_log->append(make(Direction::Received, EventType::Text, "aaa"));
    m_log->flush();
    QTest::keyClicks(field, u"^(a+)+$"_s);
    m_pane->applyFilter();
    QTRY_COMPARE(m_pane->filteredLog()->rowCount(), 1); // "aaa"
    QTRY_COMPARE(m_pane->filterError(),
                 u"The pattern gave up on 1 row: too much backtracking (PCRE2's match "
                 "limit). It is not shown; a simpler pattern finds it."_s);
    QVERIFY(byName<QLabel>(m_pane.get(), u"Log filter error"_s)->isVisible());
    m_log->append(make(Direction::Received, EventType::Text, QByteArray(41, 'a') + '?'));
    m_log->flush();
    QTRY_VERIFY2(m_pane->filterError().startsWith(u"The pattern gave up on 2 rows:"_s),
                 qPrintable(m_pane->filterError()));
    field->clear();
    QTest::keyClicks(field, u"a+!"_s);
    m_pane->applyFilter();
    QTRY_COMPARE(m_pane->filteredLog()->rowCount(), 1);
    QTRY_VERIFY(m_pane->filterError().isEmpty());
}

void tst_LogPane::pauseCapture()
{
    auto *pause = byName<QCheckBox>(m_pane.get(), u"Pause capture"_s);
    QVERIFY(pause);
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(m_log->isCapturePaused());
    m_log->appendText(Direction::Received, u"missed"_s);
    m_log->flush();
    QCOMPARE(m_log->rowCount(), 7);
    QCOMPARE(m_log->notCapturedCount(), 1);
    auto *counters = byName<QLabel>(m_pane.get(), u"Counters"_s);
    QTRY_VERIFY2(counters->text().contains(u"1 message not captured while paused"_s),
                 qPrintable(counters->text()));
    m_log->appendText(Direction::Received, u"missed too"_s);
    QTRY_VERIFY2(counters->text().contains(u"2 messages not captured while paused"_s),
                 qPrintable(counters->text()));
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(!m_log->isCapturePaused());
    // Where they would have been, a row says how many were missed.
    QCOMPARE(m_log->rowCount(), 8);
    QCOMPARE(m_log->record(7).type, EventType::Info);
    QCOMPARE(m_log->data(m_log->index(7, LogColumn::Preview)).toString(),
             u"— 2 messages not captured —"_s);
    // A pause that missed nothing leaves no row.
    QTest::mouseClick(pause, Qt::LeftButton);
    QTest::mouseClick(pause, Qt::LeftButton);
    QCOMPARE(m_log->rowCount(), 8);
}

void tst_LogPane::sentRowsAreMarkedAndTheInspectorCloses()
{
    m_pane->resize(1000, 500);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
    MessageLogView *view = m_pane->view();
    // Row 1 was sent and row 2 received: only the sent row is on the faint green.
    const QImage shot = view->viewport()->grab().toImage();
    const auto background = [&](int row) {
        const QRect cell = view->visualRect(m_pane->filteredLog()->index(row, LogColumn::Preview));
        return shot.pixelColor(cell.right() - 4, cell.center().y()).rgb();
    };
    const QRgb sent = StatusColors::sentRowBackground(view->palette()).rgb();
    QCOMPARE(background(1), sent);
    QVERIFY(background(2) != sent);
    QVERIFY(background(4) != sent);
    // The model's text is unchanged (a copy and a screen reader get "Sent").
    QCOMPARE(m_pane->filteredLog()->index(1, LogColumn::Direction).data().toString(), u"Sent"_s);
    // The payload's preview gets most of the width.
    QVERIFY2(view->columnWidth(LogColumn::Preview) > view->viewport()->width() / 2,
             qPrintable(QString::number(view->columnWidth(LogColumn::Preview))));

    // The inspector closes and opens again; closed, the log takes the width.
    QVERIFY(m_pane->isInspectorShown());
    const int withInspector = view->width();
    m_pane->setInspectorShown(false);
    QVERIFY(!m_pane->isInspectorShown());
    QTRY_VERIFY(view->width() > withInspector);
    m_pane->setInspectorShown(true);
    QVERIFY(m_pane->isInspectorShown());
    QTRY_VERIFY(m_pane->inspector()->width() > 100);
}

// A half-screen tile: the Direction column gives up its word for the arrow, so the preview
// keeps room; the counters end in "…" rather than being cut mid-letter.
void tst_LogPane::narrowLogKeepsItsPreviewAndCounters()
{
    MessageLogView *view = m_pane->view();
    const int charWidth = view->fontMetrics().horizontalAdvance(u'0');
    QVERIFY(!view->isDirectionCompact()); // 1000 px: room for everything
    const int wideDirection = view->columnWidth(LogColumn::Direction);
    m_pane->resize(710, 500); // the pane in a 960 px window with the sidebar
    QTRY_VERIFY(view->isDirectionCompact());
    QVERIFY(view->columnWidth(LogColumn::Direction) < wideDirection / 2);
    QVERIFY2(view->columnWidth(LogColumn::Preview) >= charWidth * 20,
             qPrintable(QString::number(view->columnWidth(LogColumn::Preview))));
    // The word is still what a copy, a screen reader and the tooltip get.
    const QModelIndex sent = m_pane->filteredLog()->index(1, LogColumn::Direction);
    QCOMPARE(sent.data().toString(), u"Sent"_s);
    QCOMPARE(sent.data(Qt::ToolTipRole).toString(), u"Sent"_s);

    auto *counters = qobject_cast<ElidedLabel *>(byName<QLabel>(m_pane.get(), u"Counters"_s));
    QVERIFY(counters);
    counters->setText(u"↑ 1,234,567 msg, 118 MB  ·  ↓ 1,234,567 msg, 118 MB  ·  9 msg/s"_s);
    QVERIFY(counters->width() < counters->fontMetrics().horizontalAdvance(counters->text()));
    QVERIFY2(counters->shownText().endsWith(u'…'), qPrintable(counters->shownText()));
    QVERIFY(counters->shownText().startsWith(u"↑ 1,234,567 msg"_s));

    m_pane->resize(1000, 500);
    QTRY_VERIFY(!view->isDirectionCompact());
    QCOMPARE(view->columnWidth(LogColumn::Direction), wideDirection);
}

void tst_LogPane::fileNamesAreSuggestedAndCompleted_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("suggested");
    const QString at = u"-20261202-161800.jsonl"_s;
    QTest::newRow("url") << u"ws://127.0.0.1:8765/"_s << u"127.0.0.1_8765"_s + at;
    QTest::newRow("path and query")
        << u"wss://example.test/feed?v=2"_s << u"example.test_feed"_s + at;
    QTest::newRow("not a url") << u"prices: live / test"_s << u"prices_live_test"_s + at;
    QTest::newRow("nothing usable") << u"///"_s << u"log"_s + at;
}

void tst_LogPane::fileNamesAreSuggestedAndCompleted()
{
    QFETCH(QString, title);
    QFETCH(QString, suggested);
    const QDateTime when(QDate(2026, 12, 2), QTime(16, 18));
    QCOMPARE(FileDialogs::suggestedName(title, u".jsonl"_s, when), suggested);
    // The chosen filter's extension goes on a name with none, and never on one with its own.
    QCOMPARE(FileDialogs::withExtension(u"/tmp/log"_s, u"HAR (*.har)"_s), u"/tmp/log.har"_s);
    QCOMPARE(FileDialogs::withExtension(u"/tmp/log.txt"_s, u"HAR (*.har)"_s), u"/tmp/log.txt"_s);
    QCOMPARE(FileDialogs::withExtension(u"/tmp/rules"_s, u"Rules (*.json)"_s),
             u"/tmp/rules.json"_s);
    QCOMPARE(FileDialogs::withExtension(u"/tmp/x"_s, u"All files (*)"_s), u"/tmp/x"_s);
}

void tst_LogPane::exportDialogRemembersItsFolder()
{
    // Export log through its dialog, as a user does: it offers a name, the chosen folder is
    // offered again next time, and a name typed without an extension gets the filter's.
    QTemporaryDir dir;
    QSettings().remove(u"dialogs"_s);
    m_pane->setTitle(u"ws://127.0.0.1:8765/"_s);
    const auto answer = [&](const QString &typed, QString *offered) {
        QTimer::singleShot(0, [&, typed, offered] {
            QTRY_VERIFY(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()));
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            auto *name = dialog->findChild<QLineEdit *>(u"fileNameEdit"_s);
            *offered = dialog->directory().absolutePath() + u'|' + name->text();
            dialog->selectFile(typed);
            QTest::keyClick(name, Qt::Key_Return);
        });
    };
    QString offered;
    answer(dir.filePath(u"first"_s), &offered);
    m_pane->exportLog();
    QVERIFY2(offered.section(u'|', 1).startsWith(u"127.0.0.1_8765-"_s), qPrintable(offered));
    QVERIFY2(QFile::exists(dir.filePath(u"first.jsonl"_s)), qPrintable(offered));
    // A secret in the URL is not in the name offered.
    m_log->addSecrets({u"t0k3n"_s});
    m_pane->setTitle(u"ws://127.0.0.1:8765/feed/t0k3n"_s);
    answer(dir.filePath(u"second.jsonl"_s), &offered);
    m_pane->exportLog();
    QCOMPARE(offered.section(u'|', 0, 0), QDir(dir.path()).absolutePath());
    QVERIFY2(offered.section(u'|', 1).startsWith(u"127.0.0.1_8765_feed_secret-"_s),
             qPrintable(offered));
    QVERIFY(QFile::exists(dir.filePath(u"second.jsonl"_s)));

    // Saving a payload through its dialog says what was saved, and where.
    QSignalSpy said(m_pane.get(), &LogPane::statusMessage);
    select(2);
    answer(dir.filePath(u"payload.json"_s), &offered);
    m_pane->inspector()->savePayload();
    QVERIFY(QFile::exists(dir.filePath(u"payload.json"_s)));
    QCOMPARE(said.size(), 1);
    QCOMPARE(said.at(0).at(0).toString(),
             u"Saved the payload (30 B) to %1."_s.arg(
                 QDir::toNativeSeparators(dir.filePath(u"payload.json"_s))));
}

void tst_LogPane::followTail()
{
    auto *follow = byName<QCheckBox>(m_pane.get(), u"Follow tail"_s);
    QVERIFY(follow);
    QVERIFY(follow->isChecked());
    for (int i = 0; i < 500; ++i)
        m_log->appendText(Direction::Received, u"row %1"_s.arg(i));
    m_log->flush();
    QScrollBar *bar = m_pane->view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum()); // followed to the new bottom

    bar->setValue(0); // the user scrolls up
    QVERIFY(!follow->isChecked());
    m_log->appendText(Direction::Received, u"more"_s);
    m_log->flush();
    // Only the follow timer scrolls, and it is not started while the user is up the log.
    QVERIFY(!m_pane->view()->isScrollToTailScheduled());
    QCOMPARE(bar->value(), 0); // stays where the user is

    QTest::mouseClick(follow, Qt::LeftButton); // one click jumps back and follows again
    QVERIFY(follow->isChecked());
    QTRY_COMPARE(bar->value(), bar->maximum());
    m_log->appendText(Direction::Received, u"and more"_s);
    m_log->flush();
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_LogPane::clearAndCopy()
{
    select(1);
    QTest::keyClick(m_pane->view(), Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(m_pane->view(), Qt::Key_C, Qt::ControlModifier);
    const QStringList copied = QApplication::clipboard()->text().split(u'\n');
    QCOMPARE(copied.size(), 2);
    QVERIFY2(copied[0].endsWith(u"\tSent\ttext\t11\thello there"_s), qPrintable(copied[0]));
    QVERIFY2(copied[1].endsWith(u"\tReceived\ttext\t30\t{\"a\":1,\"list\":[true,null,\"x\"]}"_s),
             qPrintable(copied[1]));

    auto *clear = byName<QToolButton>(m_pane.get(), u"Clear log"_s);
    QVERIFY(clear);
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(m_log->rowCount(), 0);
    QCOMPARE(m_pane->filteredLog()->rowCount(), 0);
    QCOMPARE(m_pane->inspector()->headerText(), u"No row selected"_s);
}

// The JSON tree keeps the message's key order and numbers; a hostile 1 MiB of nested arrays
// opens with bounded output and says what it left out.
void tst_LogPane::jsonViewsAreTrueAndBounded()
{
    m_log->append(
        make(Direction::Received, EventType::Text, R"({"zeta": 39610.88, "alpha": [1e3, "x"]})"));
    QByteArray deep(1000, '[');
    while (deep.size() < (1 << 20) - 1010)
        deep += "1234567,";
    deep += '0' + QByteArray(1000, ']');
    m_log->append(make(Direction::Received, EventType::Text, deep));
    m_log->flush();
    const int first = m_log->rowCount() - 2;
    select(first);
    FrameInspector *inspector = m_pane->inspector();
    QCOMPARE(int(inspector->currentView()), int(View::Json));
    QTreeWidgetItem *root = inspector->jsonTree()->topLevelItem(0);
    QCOMPARE(root->child(0)->text(0), u"zeta"_s);
    QCOMPARE(root->child(0)->text(1), u"39610.88"_s);
    QCOMPARE(root->child(1)->text(0), u"alpha"_s);
    QCOMPARE(root->child(1)->child(0)->text(1), u"1e3"_s);

    QElapsedTimer clock;
    clock.start();
    select(first + 1);
    QCOMPARE(int(inspector->currentView()), int(View::Json));
    QVERIFY(inspector->payloadText().toUtf8().size() <= PayloadFormat::kMaxPrettyBytes);
    const QString note = inspector->noteText();
    QVERIFY2(note.contains(u"the Text view has all of it"_s) && note.contains(u"deeper than"_s)
                 && note.contains(u"levels deep"_s),
             qPrintable(note));
    qInfo("selecting the 1 MiB deep JSON row took %lld ms", qint64(clock.elapsed()));
}

void tst_LogPane::largeBinaryOpensAtOnce()
{
    QByteArray big(64 * 1024 * 1024, '\0');
    for (qsizetype i = 0; i < big.size(); i += 4096)
        big[i] = char(i >> 12);
    m_log->append(make(Direction::Received, EventType::Binary, big));
    m_log->flush();
    QElapsedTimer timer;
    timer.start();
    select(m_log->rowCount() - 1);
    HexView *hex = m_pane->inspector()->hexView();
    QTRY_VERIFY(hex->paintCount() > 0);
    const qint64 ms = timer.elapsed();
    // Only the visible lines are painted.
    QVERIFY(hex->lastPaintedLine() - hex->firstPaintedLine() < 200);
    // Lines of as many bytes as the width holds.
    const int perLine = hex->layout().bytesPerLine();
    QCOMPARE(hex->layout().lineCount(), qint64(big.size() / perLine));
    const int columns = (hex->viewport()->width() - 8) / hex->fontMetrics().horizontalAdvance(u'0');
    QCOMPARE(perLine, HexLayout::bytesPerLineFitting(columns, big.size()));
    // A wider view takes more per line, and keeps the top byte in view.
    const qint64 top = hex->layout().firstOffsetOfLine(hex->verticalScrollBar()->value());
    hex->resize(1400, 500);
    QTRY_VERIFY(hex->layout().bytesPerLine() > perLine);
    QCOMPARE(hex->layout().lineOfOffset(top), hex->verticalScrollBar()->value());
    qInfo("64 MiB payload: hex view painted %lld ms after the click", ms);
}

QTEST_MAIN(tst_LogPane)
#include "tst_logpane.moc"
