#pragma once

#include "logrecord.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <vector>

namespace Sockscope {

// The event log of one connection: one row per message, control frame or lifecycle event.
// Appends are queued and inserted in batches (one beginInsertRows per flush) so a fast feed
// costs one view update per batch, not one per message. Display text is made only in data().
class MessageLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit MessageLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Queues a record; it becomes a row at the next flush (within flushIntervalMs()).
    void append(LogRecord record);
    // Inserts every queued record now.
    void flush();
    void clear();

    const LogRecord &record(int row) const { return m_records[size_t(row)]; }
    // Rows plus records still queued for the next flush.
    qsizetype totalCount() const { return qsizetype(m_records.size() + m_pending.size()); }

    static constexpr int flushIntervalMs() { return 30; }

    static QString directionText(Direction direction);
    static QString typeText(EventType type);
    static QString sizeText(qint64 bytes);
    // A one-line preview of a record, as the log's Preview column shows it.
    static QString previewText(const LogRecord &record);

private:
    std::vector<LogRecord> m_records;
    std::vector<LogRecord> m_pending;
    QTimer m_flushTimer;
};

} // namespace Sockscope
