#include "logpane.h"

#include "common/elidedlabel.h"
#include "common/filedialogs.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "decoders/decoderregistry.h"
#include "decoders/protobuf/protoschema.h"
#include "inspector/frameinspector.h"
#include "io/secretplaceholder.h"
#include "log/filteredlogmodel.h"
#include "log/logexport.h"
#include "log/messagelogmodel.h"
#include "log/trafficstats.h"
#include "log/wirelogmodel.h"
#include "messagelogview.h"
#include "protoschemadialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMetaMethod>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
constexpr int kFilterDelayMs = 150;
constexpr int kCounterIntervalMs = 500;
constexpr int kStatusIntervalMs = 200;
// The "Decode as" item that asks for a .proto file, and the prefix of a .proto type's item.
constexpr char kChooseProto[] = "proto…";
constexpr QStringView kProtoPrefix = u"proto:";

quint32 bit(EventType t)
{
    return 1u << int(t);
}

QString bytesText(double bytes)
{
    return QLocale::system().formattedDataSize(qint64(bytes), 1,
                                               QLocale::DataSizeTraditionalFormat);
}

QToolButton *makeButton(QWidget *parent, const QString &text, const QString &tip, bool checkable)
{
    auto *button = new QToolButton(parent);
    button->setText(text); // also its accessible name, while it has no other
    button->setToolTip(tip);
    button->setCheckable(checkable);
    button->setAutoRaise(true);
    return button;
}
// Pause and follow are states: check boxes show them plainly in every theme (a checked tool
// button is hard to tell from an unchecked one on Fusion's dark palette).
QCheckBox *makeToggle(QWidget *parent, const QString &text, const QString &tip)
{
    auto *box = new QCheckBox(text, parent);
    box->setToolTip(tip);
    return box;
}
} // namespace

LogPane::LogPane(MessageLogModel *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_filtered(new FilteredLogModel(log, this))
    , m_filterText(new QLineEdit(this))
    , m_regex(makeButton(this, tr("Regex"), tr("Match the filter as a regular expression"), true))
    , m_direction(new QComboBox(this))
    , m_type(new QComboBox(this))
    , m_decodeAs(new QComboBox(this))
    , m_filterStatus(new QLabel(this))
    , m_filterError(new QLabel(this))
    , m_pause(makeToggle(this, tr("Pause capture"),
                         tr("Stop storing messages; they are still counted")))
    , m_follow(makeToggle(this, tr("Follow tail"), tr("Keep the newest row in view")))
    , m_clear(makeButton(this, tr("Clear log"), tr("Remove every row from this log"), false))
    , m_export(makeButton(this, tr("Export log"),
                          tr("Save the whole log as JSON Lines, HAR or plain text"), false))
    , m_counters(new ElidedLabel(this))
    , m_view(new MessageLogView(this))
    , m_wire(new WireLogModel(log, this))
    , m_wireView(new QTableView(this))
    , m_views(new QSplitter(Qt::Vertical, this))
    , m_inspector(new FrameInspector(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    m_filterText->setAccessibleName(tr("Log filter"));
    m_filterText->setPlaceholderText(tr("Filter payloads (case-insensitive)"));
    m_filterText->setToolTip(filterHelp());
    m_filterText->setMinimumWidth(m_filterText->fontMetrics().horizontalAdvance(u'x') * 24);
    enableNamedClearButton(m_filterText, tr("Clear filter"));
    m_regex->setAccessibleName(tr("Use regular expression"));
    m_filterError->setAccessibleName(tr("Log filter error"));
    StatusColors::apply(m_filterError, StatusColors::Kind::Error);
    m_filterError->hide();
    m_filterStatus->setAccessibleName(tr("Filter result"));
    m_counters->setAccessibleName(tr("Counters"));
    m_filterStatus->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_filterStatus->setFixedWidth(m_filterStatus->fontMetrics().horizontalAdvance(
        QStringLiteral("showing 00,000,000 of 00,000,000")));
    for (QComboBox *box : {m_direction, m_type}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(9);
    }

    m_direction->setAccessibleName(tr("Direction filter"));
    m_direction->addItem(tr("All directions"), ~0u);
    m_direction->addItem(tr("Sent"), 1u << int(Direction::Sent));
    m_direction->addItem(tr("Received"), 1u << int(Direction::Received));
    m_direction->addItem(tr("Events"), 1u << int(Direction::Lifecycle));
    m_type->setAccessibleName(tr("Type filter"));
    m_type->addItem(tr("All types"), ~0u);
    m_type->addItem(tr("Messages"), bit(EventType::Text) | bit(EventType::Binary));
    m_type->addItem(tr("Text"), bit(EventType::Text));
    m_type->addItem(tr("Binary"), bit(EventType::Binary));
    m_type->addItem(tr("Ping and pong"), bit(EventType::Ping) | bit(EventType::Pong));
    m_type->addItem(tr("Close"), bit(EventType::Close));
    m_type->addItem(tr("Lifecycle and errors"),
                    bit(EventType::Connecting) | bit(EventType::Open) | bit(EventType::Error)
                        | bit(EventType::Info));

    // Which decoder reads this tab's messages: its own choice per connection, none, or one.
    m_decodeAs->setAccessibleName(tr("Decode as"));
    m_decodeAs->setToolTip(
        tr("Which decoder reads the messages for the Summary column, the Decoded view and "
           "field terms in the filter. Automatic: the subprotocol, then the URL path, then "
           "what each message looks like"));
    // Narrow, so the window's minimum stays within a half-screen tile; the list shows it whole.
    m_decodeAs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_decodeAs->setMinimumContentsLength(6);
    m_decodeAs->addItem(tr("Decode: automatic"), QString());
    m_decodeAs->addItem(tr("Decode: none"), QStringLiteral("none"));
    for (const auto &decoder : DecoderRegistry::standard().decoders())
        m_decodeAs->addItem(tr("Decode as %1").arg(decoder->name()), decoder->id());
    m_decodeAs->addItem(tr("Decode as Protobuf with a .proto…"), QString::fromLatin1(kChooseProto));
    connect(m_decodeAs, &QComboBox::currentIndexChanged, this, &LogPane::applyDecodeAs);
    connect(m_log, &MessageLogModel::decodingChanged, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        m_inspector->showRow(m_log, current.isValid() ? m_filtered->sourceRow(current.row()) : -1);
    });

    m_follow->setChecked(true);
    m_view->setModel(m_filtered);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_wireView->setModel(m_wire);
    m_wireView->setAccessibleName(tr("Wire view"));
    m_wireView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_wireView->setWordWrap(false);
    m_wireView->setTabKeyNavigation(false); // as in the log: Tab leaves, the arrows move
    m_wireView->verticalHeader()->hide();
    m_wireView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_wireView->verticalHeader()->setDefaultSectionSize(m_wireView->fontMetrics().height() + 6);
    m_wireView->horizontalHeader()->setStretchLastSection(true);
    m_wireView->horizontalHeader()->setAccessibleName(tr("Wire view columns"));
    // Header fields take a few characters each; the payload and the rule take the rest.
    const int x = m_wireView->fontMetrics().horizontalAdvance(u'x');
    const std::pair<int, int> widths[]
        = {{WireLogModel::Time, 11},   {WireLogModel::Direction, 10}, {WireLogModel::Fin, 4},
           {WireLogModel::Rsv, 5},     {WireLogModel::Opcode, 13},    {WireLogModel::Mask, 13},
           {WireLogModel::Length, 13}, {WireLogModel::Payload, 34}};
    for (const auto &[column, chars] : widths)
        m_wireView->setColumnWidth(column, chars * x);
    m_wireView->setToolTip(tr("Every frame on the wire, when wire capture is on: its header "
                              "fields, its payload unmasked, and the rule it breaks"));
    // The wire view sits under the messages; drag it away to give them the room.
    m_views->addWidget(m_view);
    m_views->addWidget(m_wireView);
    m_views->setStretchFactor(0, 3);
    m_views->setStretchFactor(1, 2);
    m_views->setCollapsible(0, false);
    m_splitter->addWidget(m_views);
    m_splitter->addWidget(m_inspector);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({700, 300});
    m_splitter->setCollapsible(0, false);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filterText, 1);
    bar->addWidget(m_regex);
    bar->addWidget(m_direction);
    bar->addWidget(m_type);
    bar->addWidget(m_decodeAs);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_filterError);
    layout->addWidget(m_splitter, 1);
    // Below the log: what it holds and what the filter shows. Neither asks for width, so a
    // longer count never widens the window; the full text is their tooltip and description.
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_counters, 1);
    footer->addWidget(m_filterStatus);
    footer->addSpacing(8);
    footer->addWidget(m_pause);
    footer->addWidget(m_follow);
    footer->addWidget(m_clear);
    footer->addWidget(m_export);
    layout->addLayout(footer);

    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(kFilterDelayMs);
    connect(&m_filterDelay, &QTimer::timeout, this, &LogPane::applyFilter);
    connect(m_filterText, &QLineEdit::textChanged, this, [this] { m_filterDelay.start(); });
    connect(m_filterText, &QLineEdit::returnPressed, this, &LogPane::applyFilter);
    connect(m_regex, &QToolButton::toggled, this, &LogPane::applyFilter);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &LogPane::applyFilter);
    connect(m_type, &QComboBox::currentIndexChanged, this, &LogPane::applyFilter);
    // Row counts change on every batch; a label's new text re-lays out the pane, so update it
    // a few times a second, not per batch.
    m_statusDelay.setSingleShot(true);
    m_statusDelay.setInterval(kStatusIntervalMs);
    connect(&m_statusDelay, &QTimer::timeout, this, &LogPane::updateFilterStatus);
    connect(m_filtered, &FilteredLogModel::countsChanged, this, [this] {
        if (!m_statusDelay.isActive())
            m_statusDelay.start();
    });
    connect(m_filtered, &FilteredLogModel::filterFinished, this, &LogPane::updateFilterStatus);

    connect(m_pause, &QCheckBox::toggled, this, [this](bool paused) {
        m_log->setCapturePaused(paused);
        m_log->flush(); // the marker row of a pause that missed messages, at once
    });
    connect(m_follow, &QCheckBox::clicked, this, &LogPane::setFollowTail);
    connect(m_view, &MessageLogView::followTailChanged, m_follow, &QCheckBox::setChecked);
    connect(m_clear, &QToolButton::clicked, this, &LogPane::clear);
    connect(m_export, &QToolButton::clicked, this, &LogPane::exportLog);
    connect(m_inspector, &FrameInspector::statusMessage, this, &LogPane::statusMessage);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_inspector->showRow(m_log,
                                     current.isValid() ? m_filtered->sourceRow(current.row()) : -1);
            });
    // A row selected without becoming current (a screen reader selects through AT-SPI) is
    // the one the inspector shows, as a click would make it.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        if (rows.size() == 1 && m_view->currentIndex().row() != rows.constFirst().row())
            m_view->selectionModel()->setCurrentIndex(rows.constFirst(),
                                                      QItemSelectionModel::NoUpdate);
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &LogPane::showContextMenu);
    connect(m_wireView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectMessageOfFrame(current); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    selectFramesOfMessage(m_filtered->sourceRow(current.row()));
            });
    new QShortcut(QKeySequence::Copy, m_view, this, &LogPane::copySelectedRows, Qt::WidgetShortcut);

    // The counters line (traffic, drops, messages missed while paused) refreshes on a timer:
    // reacting to every counted message would re-lay out the pane once per message.
    m_counterTimer.setInterval(kCounterIntervalMs);
    connect(&m_counterTimer, &QTimer::timeout, this, &LogPane::updateCounters);
    m_counterTimer.start();
    updateFilterStatus();
    updateCounters();
    // As laid out: the filter bar, the log and the wire under it, the inspector, then the
    // footer below them.
    chainTabOrder({m_filterText, m_regex, m_direction, m_type, m_decodeAs, m_view, m_wireView,
                   m_inspector->firstInTabOrder()});
    chainTabOrder({m_inspector->lastInTabOrder(), m_pause, m_follow, m_clear, m_export});
}

void LogPane::selectMessageOfFrame(const QModelIndex &frame)
{
    if (m_syncing || !frame.isValid())
        return;
    const int logRow = m_log->rowOfSequence(frame.data(WireLogModel::Sequence).toULongLong());
    const int shown = logRow < 0 ? -1 : m_filtered->rowForSourceRow(logRow);
    const QScopedValueRollback guard(m_syncing, true);
    if (shown >= 0) // not dropped, nor hidden by the filter
        m_view->setCurrentIndex(m_filtered->index(shown, 0));
    m_inspector->showFrame(m_log, frame.row());
}

void LogPane::selectFramesOfMessage(int logRow)
{
    if (m_syncing)
        return;
    const auto [first, end] = m_wire->framesOf(m_log->sequenceOf(logRow));
    const QScopedValueRollback guard(m_syncing, true);
    if (first >= end) {
        m_wireView->clearSelection();
        return;
    }
    const QItemSelection frames(m_wire->index(first, 0),
                                m_wire->index(end - 1, WireLogModel::Count - 1));
    m_wireView->selectionModel()->setCurrentIndex(m_wire->index(first, 0),
                                                  QItemSelectionModel::NoUpdate);
    m_wireView->selectionModel()->select(frames, QItemSelectionModel::ClearAndSelect);
    m_wireView->scrollTo(m_wire->index(first, 0));
}

QWidget *LogPane::firstInTabOrder() const
{
    return m_filterText;
}

QWidget *LogPane::lastInTabOrder() const
{
    return m_export;
}

void LogPane::setTrafficStats(TrafficStats *stats)
{
    m_stats = stats;
    updateCounters();
}

void LogPane::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_pause->setVisible(!readOnly);
    m_clear->setVisible(!readOnly);
}

void LogPane::applyFilter()
{
    m_filterDelay.stop();
    LogFilterSpec spec;
    spec.text = m_filterText->text();
    spec.mode = m_regex->isChecked() ? LogFilterSpec::TextMode::Regex
                                     : LogFilterSpec::TextMode::Substring;
    spec.directions = m_direction->currentData().toUInt();
    spec.types = m_type->currentData().toUInt();
    m_patternError.clear();
    m_filtered->setFilter(spec, &m_patternError);
    // Where the text is found, marked in the preview and the inspector.
    if (LogFilter marks; marks.compile(spec)) {
        m_view->setMatchFilter(marks);
        m_inspector->setMatchFilter(marks);
    }
    showFilterError();
}

void LogPane::showFilterError()
{
    // A pattern that does not compile leaves the last filter on; one that gives up on some
    // rows hides them, and both are said.
    QString error = m_patternError;
    if (const qint64 gaveUp = m_filtered->gaveUpCount(); error.isEmpty() && gaveUp > 0) {
        error = (gaveUp == 1 ? tr("The pattern gave up on 1 row: too much backtracking (PCRE2's "
                                  "match limit). It is not shown; a simpler pattern finds it.")
                             : tr("The pattern gave up on %1 rows: too much backtracking "
                                  "(PCRE2's match limit). They are not shown; a simpler "
                                  "pattern finds them.")
                                   .arg(QLocale::system().toString(gaveUp)));
    }
    if (error == m_filterError->text())
        return;
    setMessageText(m_filterError, error);
    m_filterError->setVisible(!error.isEmpty());
    markFilterField();
    m_filterText->setToolTip(error.isEmpty() ? filterHelp() : error);
}

QString LogPane::filterHelp()
{
    return tr("Text anywhere in the payload, in any case. Hex bytes such as fd fe also find "
              "binary rows. With Regex: a regular expression, case-sensitive.\n\n"
              "Decoded fields, each word name:pattern (* and ? wildcards), name=value, "
              "name>number or name<number:\n"
              "  event:chat  namespace:/admin  ack:3  (Socket.IO)\n"
              "  destination:/topic/*  command:MESSAGE  (STOMP)\n"
              "  topic:sensors/#  topic:sensors/+/temp  qos:1  (MQTT)\n"
              "  method:subscribe  kind:error  (JSON-RPC)  operation:OnPrice  (GraphQL)\n"
              "  target:SendMessage  (SignalR)  protocol:mqtt  latency>100\n"
              "  json.type=trade  json.data.items[0].id=7  (a JSON, MessagePack, CBOR or "
              "protobuf payload)\n"
              "All words must match; other words are searched as text.");
}

void LogPane::markFilterField()
{
    m_filterText->setStyleSheet(
        m_filterError->text().isEmpty()
            ? QString()
            : QStringLiteral("border: 1px solid %1;")
                  .arg(StatusColors::text(StatusColors::Kind::Error, palette()).name()));
}

void LogPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        markFilterField();
}

QString LogPane::filterError() const
{
    return m_filterError->text();
}

bool LogPane::isReadOnly() const
{
    return m_readOnly;
}

bool LogPane::isCapturePaused() const
{
    return m_pause->isChecked();
}

void LogPane::setCapturePaused(bool paused)
{
    m_pause->setChecked(paused); // the box's toggled() pauses the log
}

bool LogPane::isInspectorShown() const
{
    return m_splitter->sizes().value(1) > 0;
}

void LogPane::setInspectorShown(bool shown)
{
    if (shown == isInspectorShown())
        return;
    const int total = m_splitter->width();
    m_splitter->setSizes(shown ? QList<int> {total * 70 / 100, total * 30 / 100}
                               : QList<int> {total, 0});
}

bool LogPane::followsTail() const
{
    return m_follow->isChecked();
}

void LogPane::setFollowTail(bool follow)
{
    m_follow->setChecked(follow);
    m_view->setFollowTail(follow);
}

void LogPane::clear()
{
    m_log->clear();
    m_inspector->clear();
}

void LogPane::applyDecodeAs()
{
    const QString choice = m_decodeAs->currentData().toString();
    if (choice == QLatin1String(kChooseProto)) {
        chooseProtoSchema();
        return;
    }
    if (choice.startsWith(kProtoPrefix) && m_protoDecoder)
        m_log->setDecoder(m_protoDecoder);
    else
        m_log->setDecodeAs(choice);
    m_decodeAsApplied = m_decodeAs->currentIndex();
}

void LogPane::chooseProtoSchema()
{
    ProtoSchemaDialog dialog(this);
    if (m_protoDecoder) {
        dialog.setFile(m_protoDecoder->schema().filePath(), m_protoImports);
        dialog.setMessageType(m_protoDecoder->messageType());
    }
    const bool chosen = dialog.exec() == QDialog::Accepted;
    const QSignalBlocker quiet(m_decodeAs);
    if (!chosen) {
        m_decodeAs->setCurrentIndex(m_decodeAsApplied);
        return;
    }
    m_protoDecoder = dialog.decoder();
    m_protoImports = dialog.importFolders();
    // One item for the type chosen last, just above the chooser.
    int item = m_decodeAs->findData(kProtoPrefix.toString(), Qt::UserRole, Qt::MatchStartsWith);
    if (item < 0) {
        item = m_decodeAs->count() - 1;
        m_decodeAs->insertItem(item, QString());
    }
    const QFileInfo file(m_protoDecoder->schema().filePath());
    m_decodeAs->setItemText(
        item, tr("Decode as %1 (%2)").arg(m_protoDecoder->messageType(), file.fileName()));
    m_decodeAs->setItemData(item, m_protoDecoder->id());
    m_decodeAs->setItemData(item, QDir::toNativeSeparators(file.filePath()), Qt::ToolTipRole);
    m_decodeAs->setCurrentIndex(item);
    m_decodeAsApplied = item;
    m_log->setDecoder(m_protoDecoder);
}

void LogPane::focusFilter()
{
    m_filterText->setFocus(Qt::ShortcutFocusReason);
    m_filterText->selectAll();
}

QString LogPane::filterStatus() const
{
    return m_filterStatus->text();
}

void LogPane::updateFilterStatus()
{
    const QLocale locale = QLocale::system();
    QString text
        = tr("showing %1 of %2")
              .arg(locale.toString(m_filtered->rowCount()), locale.toString(m_log->rowCount()));
    if (m_filtered->isFiltering())
        text += tr(" (filtering…)");
    setMessageText(m_filterStatus, text);
    showFilterError();
}

void LogPane::updateCounters()
{
    QStringList parts;
    if (m_stats) {
        const TrafficStats::Totals &t = m_stats->totals();
        const TrafficStats::Rate rate = m_stats->sampleRate(QDateTime::currentMSecsSinceEpoch());
        const QLocale locale = QLocale::system();
        parts << tr("↑ %1 msg, %2").arg(locale.toString(t.messagesOut), bytesText(t.bytesOut))
              << tr("↓ %1 msg, %2").arg(locale.toString(t.messagesIn), bytesText(t.bytesIn))
              << tr("%1 msg/s, %2/s")
                     .arg(locale.toString(qRound64(rate.messagesPerSecond)),
                          bytesText(rate.bytesPerSecond));
    }
    if (m_log->droppedCount() > 0)
        parts << tr("%1 oldest rows dropped (cap %2 rows or %3)")
                     .arg(QLocale::system().toString(m_log->droppedCount()),
                          QLocale::system().toString(qint64(m_log->maxRows())),
                          bytesText(double(m_log->maxBytes())));
    if (m_log->isCapturePaused() || m_log->notCapturedCount() > 0)
        parts << (m_log->notCapturedCount() == 1
                      ? tr("1 message not captured while paused")
                      : tr("%1 messages not captured while paused")
                            .arg(QLocale::system().toString(m_log->notCapturedCount())));
    setMessageText(m_counters, parts.join(QStringLiteral("  ·  ")));
    m_counters->setToolTip(parts.join(u'\n'));
}

QString LogPane::selectedRowsText() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const int row : rows) {
        const int source = m_filtered->sourceRow(row);
        if (source < 0)
            continue;
        lines << LogExport::textLine(*m_log, source);
    }
    return lines.join(u'\n');
}

void LogPane::copySelectedRows()
{
    const QString text = selectedRowsText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

int LogPane::currentMessageRow() const
{
    const int source = m_filtered->sourceRow(m_view->currentIndex().row());
    if (source < 0)
        return -1;
    const EventType type = m_log->record(source).type;
    return type == EventType::Text || type == EventType::Binary ? source : -1;
}

void LogPane::resendCurrent()
{
    if (const int row = currentMessageRow(); row >= 0)
        emit resendRequested(m_log->record(row).type, m_log->payload(row));
}

void LogPane::editCurrent()
{
    if (const int row = currentMessageRow(); row >= 0)
        emit editRequested(m_log->record(row).type, m_log->payload(row));
}

void LogPane::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    const QModelIndex index = m_view->indexAt(pos);
    const int source = index.isValid() ? m_filtered->sourceRow(index.row()) : -1;
    QAction *copy = menu.addAction(tr("Copy rows"), this, &LogPane::copySelectedRows);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(m_view->selectionModel()->hasSelection());
    if (!m_readOnly) {
        const bool message = source >= 0
            && (m_log->record(source).type == EventType::Text
                || m_log->record(source).type == EventType::Binary);
        menu.addAction(tr("Resend message"), this, &LogPane::resendCurrent)->setEnabled(message);
        if (isSignalConnected(QMetaMethod::fromSignal(&LogPane::editRequested))) {
            menu.addAction(tr("Edit in composer"), this, &LogPane::editCurrent)
                ->setEnabled(message);
        }
        menu.addSeparator();
        menu.addAction(tr("Clear log"), m_clear, &QToolButton::click);
    }
    menu.addAction(tr("Export log…"), this, &LogPane::exportLog);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

bool LogPane::exportTo(const QString &path, QString *error, QString *done) const
{
    m_log->flush();
    const LogExport::Format format = LogExport::formatForPath(path);
    qsizetype written = 0;
    if (!LogExport::write(*m_log, format, path, m_title, error, &written))
        return false;
    if (done)
        *done = LogExport::doneMessage(format, written, m_log->rowCount(), path);
    return true;
}

void LogPane::exportLog()
{
    // The extension the chosen filter implies is added, so the format is what the user picked.
    const QString path = FileDialogs::saveFileName(
        this, tr("Export log"), QStringLiteral("export"),
        // Named from the URL as exports show it: a secret in it is not in the file's name.
        FileDialogs::suggestedName(m_log->secrets().applyToText(m_title, kSecretPlaceholder),
                                   QStringLiteral(".jsonl"), QDateTime::currentDateTime()),
        tr("JSON Lines (*.jsonl);;HAR (*.har);;Plain text (*.txt)"));
    if (path.isEmpty())
        return;
    QString error, done;
    if (!exportTo(path, &error, &done)) {
        QMessageBox::warning(this, tr("Export log"), error);
        return;
    }
    emit statusMessage(done);
}

} // namespace Sockscope
