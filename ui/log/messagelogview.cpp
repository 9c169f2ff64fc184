#include "messagelogview.h"

#include "log/logcolumns.h"

#include <QHeaderView>
#include <QScrollBar>

namespace Sockscope {

namespace {
constexpr int kFollowIntervalMs = 100;
}

MessageLogView::MessageLogView(QWidget *parent)
    : QTableView(parent)
{
    setAccessibleName(tr("Message log"));
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
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
    setColumnWidth(LogColumn::Time, charWidth * 14);
    setColumnWidth(LogColumn::Direction, charWidth * 10);
    setColumnWidth(LogColumn::Type, charWidth * 16);
    setColumnWidth(LogColumn::Size, charWidth * 11);
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
