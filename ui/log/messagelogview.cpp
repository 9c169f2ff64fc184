#include "messagelogview.h"

#include "log/logcolumns.h"

#include <QHeaderView>
#include <QScrollBar>

namespace Sockscope {

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
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setAccessibleName(tr("Message log columns"));

    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { m_followTail = isAtBottom(); });
}

void MessageLogView::setModel(QAbstractItemModel *model)
{
    QTableView::setModel(model);
    if (!model)
        return;
    const int charWidth = fontMetrics().horizontalAdvance(u'0');
    setColumnWidth(LogColumn::Time, charWidth * 14);
    setColumnWidth(LogColumn::Direction, charWidth * 10);
    setColumnWidth(LogColumn::Type, charWidth * 12);
    setColumnWidth(LogColumn::Size, charWidth * 11);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail)
            scrollToBottom();
    });
}

bool MessageLogView::isAtBottom() const
{
    const QScrollBar *bar = verticalScrollBar();
    return bar->value() >= bar->maximum();
}

} // namespace Sockscope
