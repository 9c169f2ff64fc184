#pragma once

#include "log/logfilter.h"

#include <QTableView>
#include <QTimer>

namespace Sockscope {

// The table that shows a log. Rows have one fixed height so the view never measures them.
// New rows are followed only while the user is at the bottom: scrolling up stops following,
// and setFollowTail(true) jumps back. Following runs on a short timer, so a feed of thousands
// of rows a second scrolls once per tick, not once per batch.
class MessageLogView : public QTableView
{
    Q_OBJECT

public:
    explicit MessageLogView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    bool isFollowingTail() const { return m_followTail; }
    // Whether a scroll to the bottom is due (it runs on a timer, after a batch of rows).
    bool isScrollToTailScheduled() const { return m_followTimer.isActive(); }
    void setFollowTail(bool follow);
    // The filter whose text the preview marks (its directions and types do not matter here).
    void setMatchFilter(const LogFilter &filter);
    const LogFilter &matchFilter() const { return m_matchFilter; }
    // Whether the Direction column shows only its arrow, the log being narrow.
    bool isDirectionCompact() const { return m_directionCompact; }

signals:
    void followTailChanged(bool following);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    // The Summary column shows once a row in view has a summary: a log no decoder reads keeps
    // the width for its previews.
    void revealSummaryColumn();
    bool isAtBottom() const;

    QTimer m_followTimer;
    LogFilter m_matchFilter;
    bool m_directionCompact = false;
    QTimer m_summaryCheck;
    bool m_followTail = true;
};

} // namespace Sockscope
