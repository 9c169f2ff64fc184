#include "messagelogview.h"

#include "common/statuscolors.h"
#include "log/logcolumns.h"
#include "websocket/eventtype.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QStyledItemDelegate>

namespace Sockscope {

namespace {
constexpr int kFollowIntervalMs = 100;

// Marks which way a row went at a glance: an arrow before its direction, and sent rows on a
// faint green (as DevTools shows them). Only what is drawn changes; the model's text (what a
// screen reader and a copy get) stays "Sent", "Received", "Event".
class DirectionDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto direction = Direction(index.data(LogRole::DirectionValue).toInt());
        if (index.column() == LogColumn::Direction) {
            const QChar mark = direction == Direction::Sent ? u'↑'
                : direction == Direction::Received          ? u'↓'
                                                            : u'•';
            option->text = mark + u' ' + option->text;
        }
        if (direction == Direction::Sent)
            option->backgroundBrush = StatusColors::sentRowBackground(option->palette);
    }
};
} // namespace

MessageLogView::MessageLogView(QWidget *parent)
    : QTableView(parent)
{
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
    setItemDelegate(new DirectionDelegate(this));

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
    // Just what each column's usual text needs ("12:34:56.789", "↓ Received", "text (3
    // frames)", "999.9 KiB"): the payload's preview gets the rest.
    setColumnWidth(LogColumn::Time, charWidth * 12);
    setColumnWidth(LogColumn::Direction, charWidth * 10);
    setColumnWidth(LogColumn::Type, charWidth * 11);
    setColumnWidth(LogColumn::Size, charWidth * 8);
    const auto follow = [this] {
        if (m_followTail && !m_followTimer.isActive())
            m_followTimer.start();
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, follow);
    connect(model, &QAbstractItemModel::modelReset, this, follow);
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
