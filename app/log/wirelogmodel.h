#pragma once

#include "wirelog.h"

#include <QAbstractTableModel>

namespace Sockscope {

class MessageLogModel;

// The wire view's table: one row per frame a log keeps (see WireLog), with every header field
// and the rule it breaks. It follows its log: frames come with the log's flushes and go when
// their rows are dropped. Secrets are masked in the payload as in the log.
class WireLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Direction, Fin, Rsv, Opcode, Mask, Length, Payload, Verdict, Count };
    enum Role {
        Sequence = Qt::UserRole + 1, // quint64: the sequence number of the frame's log row
    };

    explicit WireLogModel(MessageLogModel *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The frames of the log row with this sequence number: [first, end) of this model's rows.
    std::pair<int, int> framesOf(quint64 sequence) const;

private:
    void refresh();
    QVariant handshakeData(int i, const WireLog::Record &r, int column) const;

    MessageLogModel *m_log;
    int m_rows = 0;
};

} // namespace Sockscope
