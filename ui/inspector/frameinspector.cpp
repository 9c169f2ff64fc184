#include "frameinspector.h"

#include "common/filedialogs.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "hexview.h"
#include "inspector/framedetail.h"
#include "inspector/hexlayout.h"
#include "inspector/jsonoutline.h"
#include "io/savefile.h"
#include "jsonhighlighter.h"
#include "log/messagelogmodel.h"
#include "websocket/closecodes.h"
#include "websocket/utf8.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>
#include <functional>

namespace Sockscope {

using PayloadFormat::View;

namespace {
// Text views show at most this much; copying and saving always take the whole payload.
constexpr qsizetype kMaxShownBytes = 1024 * 1024;
constexpr int kMaxTreeItems = 20000;
constexpr int kMaxTreeDepth = 64;

QPlainTextEdit *makeTextView(QWidget *parent, const QString &name, bool wrap)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setAccessibleName(name);
    view->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    return view;
}

QLabel *makeNote(QWidget *parent)
{
    auto *note = new QLabel(parent);
    note->setWordWrap(true);
    StatusColors::apply(note, StatusColors::Kind::Warning);
    note->hide();
    return note;
}

QWidget *page(QWidget *parent, QLabel *note, QWidget *content)
{
    auto *w = new QWidget(parent);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(note);
    layout->addWidget(content, 1);
    return w;
}

void setNote(QLabel *note, const QString &text)
{
    note->setText(text);
    note->setVisible(!text.isEmpty());
}

QString truncationNote(qsizetype size)
{
    return size > kMaxShownBytes
        ? FrameInspector::tr("Showing the first %1 of %2 bytes; copy or save to get them all.")
              .arg(QLocale::system().toString(kMaxShownBytes), QLocale::system().toString(size))
        : QString();
}

// The value column of a node: a container's size, or a scalar as written.
QString nodeValue(const JsonOutline::Node &node)
{
    switch (node.kind) {
    case JsonOutline::Node::Kind::Object:
        return node.children == 1 ? FrameInspector::tr("{1 key}")
                                  : FrameInspector::tr("{%1 keys}").arg(node.children);
    case JsonOutline::Node::Kind::Array:
        return node.children == 1 ? FrameInspector::tr("[1 item]")
                                  : FrameInspector::tr("[%1 items]").arg(node.children);
    default:
        return node.text;
    }
}
} // namespace

QWidget *FrameInspector::firstInTabOrder() const
{
    return m_views->tabBar();
}

QWidget *FrameInspector::lastInTabOrder() const
{
    return m_actions->findChildren<QToolButton *>().constLast();
}

void FrameInspector::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        markMatches(m_text); // the marks' colour is picked for the palette
        markMatches(m_jsonPretty);
        markTreeMatches();
    }
}

FrameInspector::FrameInspector(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_views(new QTabWidget(this))
    , m_textNote(makeNote(this))
    , m_text(makeTextView(this, tr("Payload as text"), true))
    , m_jsonNote(makeNote(this))
    , m_jsonPretty(makeTextView(this, tr("Payload as JSON"), false))
    , m_jsonTree(new QTreeWidget(this))
    , m_highlighter(new JsonHighlighter(m_jsonPretty->document(), palette()))
    , m_hex(new HexView(this))
    , m_base64Note(makeNote(this))
    , m_base64(makeTextView(this, tr("Payload as base64"), true))
    , m_wire(makeTextView(this, tr("Frames on the wire"), true))
    , m_decodedNote(makeNote(this))
    , m_decodedTree(new QTreeWidget(this))
    , m_actions(new QWidget(this))
{
    setAccessibleName(tr("Frame inspector"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setAccessibleName(tr("Frame details"));
    m_text->setPlaceholderText(tr("Select a row in the log to see its payload."));

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_jsonPretty->setFont(fixed);
    m_base64->setFont(fixed);
    m_wire->setFont(fixed);
    m_wire->installEventFilter(this);
    m_jsonTree->setAccessibleName(tr("JSON tree"));
    m_jsonTree->setHeaderLabels({tr("Key"), tr("Value")});
    m_jsonTree->setUniformRowHeights(true);
    auto *jsonSplit = new QSplitter(Qt::Vertical, this);
    jsonSplit->addWidget(m_jsonPretty);
    jsonSplit->addWidget(m_jsonTree);

    namedTabs(m_views, tr("Payload views"));
    m_views->setDocumentMode(true);
    m_views->insertTab(int(View::Text), page(this, m_textNote, m_text), tr("Text"));
    m_views->insertTab(int(View::Json), page(this, m_jsonNote, jsonSplit), tr("JSON"));
    m_views->insertTab(int(View::Hex), m_hex, tr("Hex"));
    m_views->insertTab(int(View::Base64), page(this, m_base64Note, m_base64), tr("Base64"));
    m_views->insertTab(int(View::Wire), m_wire, tr("Wire"));
    m_decodedTree->setAccessibleName(tr("Decoded tree"));
    m_decodedTree->setHeaderLabels({tr("Field"), tr("Value")});
    m_decodedTree->setUniformRowHeights(true);
    m_views->insertTab(int(View::Decoded), page(this, m_decodedNote, m_decodedTree), tr("Decoded"));
    m_views->setTabToolTip(int(View::Decoded),
                           tr("What the decoders read in this message (Socket.IO, STOMP, MQTT, "
                              "JSON-RPC…), layer by layer; the other tabs keep its raw bytes"));
    m_views->setTabToolTip(int(View::Wire),
                           tr("The frames that carried this row: header bytes, and the payload "
                              "in hex as sent (masked) and unmasked"));
    connect(m_views, &QTabWidget::currentChanged, this, &FrameInspector::fillCurrentView);

    // Two to a row, so a narrow inspector still shows them all.
    auto *actions = new QGridLayout(m_actions);
    actions->setContentsMargins(0, 0, 0, 0);
    const auto addAction = [&](const QString &text, void (FrameInspector::*slot)()) {
        auto *button = new QToolButton(m_actions);
        button->setText(text);
        button->setAccessibleName(text);
        button->setAutoRaise(true);
        connect(button, &QToolButton::clicked, this, slot);
        const int at = actions->count();
        actions->addWidget(button, at / 2, at % 2);
    };
    addAction(tr("Copy as text"), &FrameInspector::copyAsText);
    addAction(tr("Copy as hex"), &FrameInspector::copyAsHex);
    addAction(tr("Copy as base64"), &FrameInspector::copyAsBase64);
    addAction(tr("Save payload…"), &FrameInspector::savePayload);
    actions->setColumnStretch(2, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_views, 1);
    layout->addWidget(m_actions);
    clear();
}

void FrameInspector::showRow(const MessageLogModel *log, int row)
{
    m_filled = 0;
    m_hasRow = log && row >= 0 && row < log->rowCount();
    m_actions->setEnabled(m_hasRow);
    m_log = m_hasRow ? log : nullptr;
    m_seq = m_hasRow ? log->sequenceOf(row) : 0;
    m_focusFrame = -1;
    if (!m_hasRow) {
        m_payload.clear();
        setMessageText(m_header, tr("No row selected"));
        m_text->clear();
        setNote(m_textNote, {});
        m_views->setCurrentIndex(int(View::Text));
        m_hex->setData({});
        m_wire->clear();
        return;
    }
    const LogRecord &r = log->record(row);
    m_payload = log->maskedPayload(row, SecretMask::kOnScreen);
    const QLocale locale = QLocale::system();

    QStringList header;
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(r.timestampMs);
    QString when = time.toString(u"yyyy-MM-dd HH:mm:ss.zzz");
    if (const qint64 opened = log->connectedAtMs(row); opened >= 0) {
        when += tr(" · %1 s after connect")
                    .arg(locale.toString((r.timestampMs - opened) / 1000.0, 'f', 3));
    }
    header << MessageLogModel::directionText(r.direction) + u' ' + MessageLogModel::typeText(r.type)
            + QStringLiteral(" · ") + when;
    if (const int op = opcodeOf(r.type); op >= 0) {
        QString frameLine = tr("Opcode 0x%1 · payload %2")
                                .arg(op, 1, 16)
                                .arg(MessageLogModel::sizeText(MessageLogModel::wireSize(r)));
        const std::vector<FrameInfo> frames = log->frames(row);
        if (frames.empty()) {
            frameLine += tr(" · FIN 1, single frame");
        } else {
            QStringList parts;
            for (size_t i = 0; i < frames.size(); ++i) {
                parts << tr("#%1 %2 FIN %3")
                             .arg(i + 1)
                             .arg(MessageLogModel::sizeText(frames[i].size))
                             .arg(frames[i].fin ? 1 : 0);
            }
            frameLine += tr(" · %1 frames: ").arg(frames.size()) + parts.join(QStringLiteral("; "));
        }
        header << frameLine;
    }
    if (r.type == EventType::Close) {
        header << tr("Close code %1%2")
                      .arg(CloseCodes::describe(r.closeCode),
                           m_payload.isEmpty()
                               ? QString()
                               : tr(", reason “%1”").arg(QString::fromUtf8(m_payload)));
    }
    if (r.type == EventType::Pong) {
        header << (r.roundTripUs >= 0
                       ? tr("Round trip %1 ms").arg(locale.toString(r.roundTripUs / 1000.0, 'f', 3))
                       : tr("Round trip unknown: no ping of ours had this payload"));
    }
    setMessageText(m_header, header.join(u'\n'));
    if (m_views->currentIndex() == int(View::Wire)) {
        fillCurrentView(); // one who looks at frames goes on looking at them
        return;
    }
    // A message a protocol decoder reads opens on what it read; plain JSON on the JSON view.
    View best = PayloadFormat::bestView(r.type, m_payload);
    if (const Decoded decoded = log->decoded(row, 0);
        !decoded.isEmpty() && decoded.protocols.first() != u"JSON")
        best = View::Decoded;
    if (m_views->currentIndex() == int(best))
        fillCurrentView();
    else
        m_views->setCurrentIndex(int(best)); // fills it
}

PayloadFormat::View FrameInspector::currentView() const
{
    return View(m_views->currentIndex());
}

void FrameInspector::setCurrentView(PayloadFormat::View view)
{
    m_views->setCurrentIndex(int(view));
}

QString FrameInspector::headerText() const
{
    return m_header->text();
}

QString FrameInspector::payloadText() const
{
    switch (currentView()) {
    case View::Text:
        return m_text->toPlainText();
    case View::Json:
        return m_jsonPretty->toPlainText();
    case View::Base64:
        return m_base64->toPlainText();
    case View::Wire:
        return m_wire->toPlainText();
    case View::Decoded:
    case View::Hex:
        break;
    }
    return {};
}

QString FrameInspector::noteText() const
{
    switch (currentView()) {
    case View::Text:
        return m_textNote->text();
    case View::Json:
        return m_jsonNote->text();
    case View::Base64:
        return m_base64Note->text();
    case View::Decoded:
        return m_decodedNote->text();
    case View::Hex:
    case View::Wire:
        break;
    }
    return {};
}

void FrameInspector::fillCurrentView()
{
    const View view = currentView();
    const unsigned bit = 1u << int(view);
    if (!m_hasRow || (m_filled & bit))
        return;
    m_filled |= bit;
    switch (view) {
    case View::Text:
        fillText();
        break;
    case View::Json:
        fillJson();
        break;
    case View::Hex:
        m_hex->setData(m_payload);
        m_hex->setMarks(m_matchFilter.byteRangesIn(m_payload));
        break;
    case View::Base64:
        fillBase64();
        break;
    case View::Wire:
        fillWire();
        break;
    case View::Decoded:
        fillDecoded();
        break;
    }
}

void FrameInspector::showFrame(const MessageLogModel *log, qsizetype wireIndex)
{
    if (!log || wireIndex < 0 || wireIndex >= log->wire().size())
        return;
    const quint64 seq = log->wire().at(wireIndex).seq;
    if (m_log != log || m_seq != seq || !m_hasRow)
        showRow(log, log->rowOfSequence(seq));
    if (!m_hasRow)
        return;
    m_focusFrame = wireIndex;
    m_filled &= ~(1u << int(View::Wire));
    if (m_views->currentIndex() == int(View::Wire))
        fillCurrentView();
    else
        m_views->setCurrentIndex(int(View::Wire)); // fills it
}

int FrameInspector::wireBytesPerLine() const
{
    // Text lines wrap; hex lines are as long as fits (up to 16 bytes), so they need not.
    const int columns
        = m_wire->viewport()->width() / qMax(1, m_wire->fontMetrics().horizontalAdvance(u'0'));
    return qMin(16, HexLayout::bytesPerLineFitting(columns - 1, FrameDetail::kMaxHexBytes));
}

void FrameInspector::fillWire()
{
    m_wireBytesPerLine = wireBytesPerLine();
    const FrameDetail::RowFrames frames
        = FrameDetail::describeRow(*m_log, m_seq, m_focusFrame, m_wireBytesPerLine);
    m_wire->setPlainText(frames.text.isEmpty()
                             ? tr("No frames: wire capture was off when this row was written, "
                                  "or nothing went on the wire for it.")
                             : frames.text);
    // The focused frame's block at the top: from the end, showing the cursor scrolls up to it.
    m_wire->verticalScrollBar()->setValue(m_wire->verticalScrollBar()->maximum());
    m_wire->setTextCursor(QTextCursor(m_wire->document()->findBlockByNumber(frames.focusLine)));
    m_wire->ensureCursorVisible();
}

bool FrameInspector::eventFilter(QObject *watched, QEvent *event)
{
    // A narrower or wider Wire view lays its hex lines out again.
    if (watched == m_wire && event->type() == QEvent::Resize && m_hasRow
        && m_views->currentIndex() == int(View::Wire) && wireBytesPerLine() != m_wireBytesPerLine)
        fillWire();
    return QWidget::eventFilter(watched, event);
}

void FrameInspector::fillText()
{
    const QByteArrayView shown
        = QByteArrayView(m_payload).first(qMin(m_payload.size(), kMaxShownBytes));
    QStringList notes;
    if (!Utf8::isValid(m_payload))
        notes << tr(
            "These bytes are not valid UTF-8: invalid sequences show as �. The hex view shows "
            "them exactly.");
    if (const QString cut = truncationNote(m_payload.size()); !cut.isEmpty())
        notes << cut;
    setNote(m_textNote, notes.join(u' '));
    m_text->setPlainText(QString::fromUtf8(shown));
    markMatches(m_text);
}

void FrameInspector::setMatchFilter(const LogFilter &filter)
{
    m_matchFilter = filter;
    markMatches(m_text);
    markMatches(m_jsonPretty);
    markTreeMatches();
    if (m_hasRow && (m_filled & (1u << int(View::Hex))))
        m_hex->setMarks(m_matchFilter.byteRangesIn(m_payload));
    if (m_hasRow && (m_filled & (1u << int(View::Base64))))
        markBase64Matches();
}

// A key or value of the tree that holds the filter's text is on the find colour.
void FrameInspector::markTreeMatches()
{
    const QBrush mark(StatusColors::matchBackground(palette()));
    for (QTreeWidgetItemIterator it(m_jsonTree); *it; ++it) {
        for (int column = 0; column < 2; ++column) {
            const bool found = !m_matchFilter.rangesIn((*it)->text(column), 1).isEmpty();
            (*it)->setBackground(column, found ? mark : QBrush());
            (*it)->setForeground(column, found ? palette().text() : QBrush());
        }
    }
}

void FrameInspector::markMatches(QPlainTextEdit *edit)
{
    mark(edit, m_matchFilter.rangesIn(edit->toPlainText(), kMaxMarks));
}

// The base64 view marks the groups of four characters that encode the matching bytes.
void FrameInspector::markBase64Matches()
{
    QList<LogFilter::Range> ranges;
    const QByteArrayView shown
        = QByteArrayView(m_payload).first(qMin(m_payload.size(), kMaxShownBytes));
    for (const LogFilter::Range &r : m_matchFilter.byteRangesIn(shown, kMaxMarks)) {
        const auto [first, count] = PayloadFormat::base64Span(r.start, r.length);
        ranges << LogFilter::Range {first, count};
    }
    mark(m_base64, ranges);
}

void FrameInspector::mark(QPlainTextEdit *edit, const QList<LogFilter::Range> &ranges)
{
    QList<QTextEdit::ExtraSelection> marks;
    for (const LogFilter::Range &r : ranges) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(edit->document());
        mark.cursor.setPosition(int(r.start));
        mark.cursor.setPosition(int(r.start + r.length), QTextCursor::KeepAnchor);
        // The inspector's palette: on a theme change its views may not have theirs yet.
        mark.format.setBackground(StatusColors::matchBackground(palette()));
        mark.format.setForeground(palette().color(QPalette::Text));
        marks << mark;
    }
    edit->setExtraSelections(marks);
}

void FrameInspector::fillJson()
{
    m_jsonTree->clear();
    QString error;
    const QJsonDocument doc = PayloadFormat::parseJson(m_payload, &error);
    if (doc.isNull()) {
        setNote(m_jsonNote, error.isEmpty() ? tr("Not a JSON object or array.") : error);
        m_jsonPretty->clear();
        return;
    }
    const PayloadFormat::Pretty pretty = PayloadFormat::prettyJson(m_payload);
    m_jsonPretty->setPlainText(pretty.text);
    markMatches(m_jsonPretty);
    // The tree keeps the message's key order and its numbers as written.
    const JsonOutline outline = JsonOutline::read(m_payload, kMaxTreeItems, kMaxTreeDepth);
    std::vector<QTreeWidgetItem *> parents {m_jsonTree->invisibleRootItem()};
    for (const JsonOutline::Node &node : outline.nodes) {
        parents.resize(size_t(node.depth) + 1);
        auto *item = new QTreeWidgetItem(parents.back());
        item->setText(0, node.depth == 0 ? tr("(root)") : node.key);
        item->setText(1, nodeValue(node));
        parents.push_back(item);
    }
    QStringList notes;
    if (!pretty.complete)
        notes << tr("The pretty view stops after %1 lines or %2; the Text view has all of it.")
                     .arg(QLocale::system().toString(PayloadFormat::kMaxPrettyLines),
                          MessageLogModel::sizeText(PayloadFormat::kMaxPrettyBytes));
    if (pretty.flattened)
        notes << tr("Levels deeper than %1 are indented as level %1.")
                     .arg(PayloadFormat::kMaxIndentLevels);
    if (!outline.complete)
        notes << tr("The tree shows at most %1 values, %2 levels deep.")
                     .arg(kMaxTreeItems)
                     .arg(kMaxTreeDepth);
    setNote(m_jsonNote, notes.join(u' '));
    m_jsonTree->expandToDepth(1);
    m_jsonTree->resizeColumnToContents(0);
    markTreeMatches();
}

void FrameInspector::fillDecoded()
{
    m_decodedTree->clear();
    const int row = m_log ? m_log->rowOfSequence(m_seq) : -1;
    const Decoded decoded = row < 0 ? Decoded() : m_log->decoded(row);
    if (decoded.isEmpty()) {
        setNote(m_decodedNote,
                tr("No decoder reads this message. Choose one with “Decode as” "
                   "above the log."));
        return;
    }
    QString note = decoded.protocols.join(QStringLiteral(" › "));
    if (!decoded.problem.isEmpty())
        note += QStringLiteral(" · ") + decoded.problem;
    setNote(m_decodedNote, note);
    const std::function<void(QTreeWidgetItem *, const DecodedNode &)> add
        = [&](QTreeWidgetItem *parent, const DecodedNode &node) {
              auto *item = new QTreeWidgetItem(parent);
              item->setText(0, node.name);
              item->setText(1, node.value);
              item->setToolTip(1, node.value);
              for (const DecodedNode &child : node.children)
                  add(item, child);
          };
    for (const DecodedNode &layer : decoded.tree.children)
        add(m_decodedTree->invisibleRootItem(), layer);
    m_decodedTree->expandToDepth(1);
    m_decodedTree->resizeColumnToContents(0);
}

void FrameInspector::fillBase64()
{
    setNote(m_base64Note, truncationNote(m_payload.size()));
    m_base64->setPlainText(QString::fromLatin1(QByteArrayView(m_payload)
                                                   .first(qMin(m_payload.size(), kMaxShownBytes))
                                                   .toByteArray()
                                                   .toBase64()));
    markBase64Matches();
}

void FrameInspector::copyAsText()
{
    QApplication::clipboard()->setText(QString::fromUtf8(m_payload));
}

void FrameInspector::copyAsHex()
{
    QApplication::clipboard()->setText(QString::fromLatin1(m_payload.toHex(' ')));
}

void FrameInspector::copyAsBase64()
{
    QApplication::clipboard()->setText(QString::fromLatin1(m_payload.toBase64()));
}

void FrameInspector::savePayload()
{
    // Named for what the bytes are: JSON, text, or anything else.
    const View best = PayloadFormat::bestView(EventType::Text, m_payload);
    const QString extension = best == View::Json ? QStringLiteral(".json")
        : best == View::Text                     ? QStringLiteral(".txt")
                                                 : QStringLiteral(".bin");
    const QString path = FileDialogs::saveFileName(
        this, tr("Save payload"), QStringLiteral("payload"),
        FileDialogs::suggestedName(tr("payload"), extension, QDateTime::currentDateTime()),
        tr("All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!savePayloadTo(path, &error)) {
        QMessageBox::warning(this, tr("Save payload"), error);
        return;
    }
    emit statusMessage(
        tr("Saved the payload (%1) to %2.")
            .arg(MessageLogModel::sizeText(m_payload.size()), QDir::toNativeSeparators(path)));
}

bool FrameInspector::savePayloadTo(const QString &path, QString *error) const
{
    QString problem;
    if (saveAtomically(path, m_payload, &problem))
        return true;
    if (error)
        *error = tr("Could not save the payload to %1: %2").arg(path, problem);
    return false;
}

} // namespace Sockscope
