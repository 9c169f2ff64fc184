#pragma once

#include <QTableView>

namespace Sockscope {

// The table that shows a MessageLogModel. Rows have one fixed height so the view never
// measures them, and new rows are followed only while the user is already at the bottom.
class MessageLogView : public QTableView
{
    Q_OBJECT

public:
    explicit MessageLogView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    bool isFollowingTail() const { return m_followTail; }

private:
    bool isAtBottom() const;

    bool m_followTail = true;
};

} // namespace Sockscope
