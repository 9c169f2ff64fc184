#include "messagelogview.h"

#include "common/statuscolors.h"
#include "log/logcolumns.h"
#include "websocket/eventtype.h"

#include <QApplication>
#include <QHeaderView>
#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTextLayout>

#include <utility>

namespace Sockscope {

namespace {
constexpr int kFollowIntervalMs = 100;

// Marks which way a row went at a glance: an arrow before its direction, and sent rows on a
// faint green (as DevTools shows them); and where the filter's text is in the preview. Only
// what is drawn changes; the model's text (what a screen reader and a copy get) stays "Sent",
// "Received", "Event".
class LogRowDelegate : public QStyledItemDelegate
{
public:
    explicit LogRowDelegate(MessageLogView *view)
        : QStyledItemDelegate(view)
        , m_view(view)
    { }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        if (index.column() != LogColumn::Preview || m_view->matchFilter().spec().text.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        const QWidget *widget = o.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        const QString text = std::exchange(o.text, QString());
        const QList<LogFilter::Range> ranges = m_view->matchFilter().rangesIn(text);
        if (ranges.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        style->drawControl(QStyle::CE_ItemViewItem, &o, painter, widget); // all but the text
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &o, widget)
                               .adjusted(margin, 0, -margin, 0);
        const QString shown = o.fontMetrics.elidedText(text, o.textElideMode, rect.width());
        // An elided text ends in "…": marks stop before it.
        const qsizetype kept = shown == text ? text.size() : shown.size() - 1;
        QList<QTextLayout::FormatRange> marks;
        for (const LogFilter::Range &r : ranges) {
            if (r.start >= kept)
                break;
            QTextLayout::FormatRange mark;
            mark.start = int(r.start);
            mark.length = int(qMin(r.length, kept - r.start));
            mark.format.setBackground(StatusColors::matchBackground(o.palette));
            mark.format.setForeground(o.palette.color(QPalette::Text));
            marks << mark;
        }
        QTextLayout layout(shown, o.font);
        layout.setFormats(marks);
        layout.beginLayout();
        QTextLine line = layout.createLine();
        line.setLineWidth(rect.width());
        layout.endLayout();
        painter->save();
        painter->setClipRect(rect);
        const bool selected = o.state & QStyle::State_Selected;
        painter->setPen(o.palette.color(QPalette::Normal,
                                        selected ? QPalette::HighlightedText : QPalette::Text));
        layout.draw(painter,
                    QPointF(rect.left(), rect.top() + (rect.height() - line.height()) / 2));
        painter->restore();
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto direction = Direction(index.data(LogRole::DirectionValue).toInt());
        if (index.column() == LogColumn::Direction) {
            const QChar mark = direction == Direction::Sent ? u'↑'
                : direction == Direction::Received          ? u'↓'
                                                            : u'•';
            // A narrow log keeps its Direction column to the arrow (the word is its tooltip).
            option->text
                = m_view->isDirectionCompact() ? QString(mark) : mark + u' ' + option->text;
            if (m_view->isDirectionCompact())
                option->displayAlignment = Qt::AlignCenter;
        }
        if (direction == Direction::Sent)
            option->backgroundBrush = StatusColors::sentRowBackground(option->palette);
    }

private:
    const MessageLogView *m_view;
};

// Column titles end in "…" when a column is narrower than its title (Qt 6.4 cuts them off).
class ElidingHeader : public QHeaderView
{
public:
    explicit ElidingHeader(QWidget *parent)
        : QHeaderView(Qt::Horizontal, parent)
    { }

protected:
    void initStyleOptionForIndex(QStyleOptionHeader *option, int logicalIndex) const override
    {
        QHeaderView::initStyleOptionForIndex(option, logicalIndex);
        const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, option, this);
        option->text = fontMetrics().elidedText(option->text, Qt::ElideRight,
                                                sectionSize(logicalIndex) - 2 * margin);
    }
};
} // namespace

MessageLogView::MessageLogView(QWidget *parent)
    : QTableView(parent)
{
    setHorizontalHeader(new ElidingHeader(this));
    setAccessibleName(tr("Message log"));
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setTabKeyNavigation(false); // Tab leaves the log; the arrows move through its rows
    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setHorizontalScrollMode(ScrollPerPixel);
    setVerticalScrollMode(ScrollPerItem);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setAccessibleName(tr("Message log columns"));
    setItemDelegate(new LogRowDelegate(this));

    m_summaryCheck.setSingleShot(true);
    m_summaryCheck.setInterval(kFollowIntervalMs);
    connect(&m_summaryCheck, &QTimer::timeout, this, &MessageLogView::revealSummaryColumn);
    m_followTimer.setSingleShot(true);
    m_followTimer.setInterval(kFollowIntervalMs);
    connect(&m_followTimer, &QTimer::timeout, this, [this] {
        if (m_followTail)
            scrollToBottom();
    });
    // Only a scroll the user makes changes the value; new rows change the range.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        const bool atBottom = isAtBottom();
        if (atBottom != m_followTail) {
            m_followTail = atBottom;
            emit followTailChanged(atBottom);
        }
    });
}

void MessageLogView::setModel(QAbstractItemModel *model)
{
    QTableView::setModel(model);
    if (!model)
        return;
    const int charWidth = fontMetrics().horizontalAdvance(u'0');
    m_directionCompact = false; // until the next resize says otherwise
    // Just what each column's usual text needs ("12:34:56.789", "↓ Received", "binary",
    // "999.9 KiB"): the payload's preview gets the rest. A fragmented message's type ("binary
    // (2 frames)") may be cut; its tooltip and the inspector give it whole.
    setColumnWidth(LogColumn::Time, charWidth * 12);
    setColumnWidth(LogColumn::Direction, charWidth * 10);
    setColumnWidth(LogColumn::Type, charWidth * 11);
    setColumnWidth(LogColumn::Size, charWidth * 8);
    // What a decoder makes of the message ("emit "chat" ["hi"] ack 3"); its tooltip has it whole.
    setColumnWidth(LogColumn::Summary, charWidth * 24);
    const auto follow = [this] {
        if (m_followTail && !m_followTimer.isActive())
            m_followTimer.start();
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, follow);
    connect(model, &QAbstractItemModel::modelReset, this, follow);
    setColumnHidden(LogColumn::Summary, true);
    const auto check = [this] {
        if (!m_summaryCheck.isActive())
            m_summaryCheck.start();
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, check);
    connect(model, &QAbstractItemModel::modelReset, this, check);
    connect(model, &QAbstractItemModel::dataChanged, this, check);
    check(); // a log that already has rows (an imported file, a pane made late)
}

void MessageLogView::scrollContentsBy(int dx, int dy)
{
    QTableView::scrollContentsBy(dx, dy);
    if (dy != 0 && isColumnHidden(LogColumn::Summary) && !m_summaryCheck.isActive())
        m_summaryCheck.start();
}

void MessageLogView::revealSummaryColumn()
{
    if (!model() || !isColumnHidden(LogColumn::Summary))
        return;
    const int first = qMax(0, rowAt(0));
    int last = rowAt(viewport()->height() - 1);
    if (last < 0)
        last = model()->rowCount() - 1;
    for (int row = first; row <= last && row < first + 200; ++row) {
        if (!model()->index(row, LogColumn::Summary).data().toString().isEmpty()) {
            setColumnHidden(LogColumn::Summary, false);
            return;
        }
    }
}

void MessageLogView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    if (!model())
        return;
    // When the preview would get fewer than about 25 characters, the Direction column gives up
    // its word for the arrow alone.
    const int charWidth = fontMetrics().horizontalAdvance(u'0');
    const int others = columnWidth(LogColumn::Time) + columnWidth(LogColumn::Type)
        + columnWidth(LogColumn::Size)
        + (isColumnHidden(LogColumn::Summary) ? 0 : columnWidth(LogColumn::Summary))
        + charWidth * 10;
    const bool compact = viewport()->width() - others < charWidth * 25;
    if (compact == m_directionCompact)
        return;
    m_directionCompact = compact;
    setColumnWidth(LogColumn::Direction, charWidth * (compact ? 4 : 10));
}

void MessageLogView::setMatchFilter(const LogFilter &filter)
{
    m_matchFilter = filter;
    viewport()->update();
}

void MessageLogView::setFollowTail(bool follow)
{
    if (follow)
        scrollToBottom();
    if (m_followTail != follow) {
        m_followTail = follow;
        emit followTailChanged(follow);
    }
}

bool MessageLogView::isAtBottom() const
{
    const QScrollBar *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

} // namespace Sockscope
