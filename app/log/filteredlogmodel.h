#pragma once

#include "logfilter.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <vector>

namespace Sockscope {

class MessageLogModel;

// The rows of a MessageLogModel that pass a LogFilter, in order. Instead of a dynamic
// QSortFilterProxyModel it keeps a vector of the visible rows' sequence numbers:
// - a new filter is applied by scanning the log in time slices on the event loop, so typing
//   never waits for a million rows; the previous result stays on screen until the scan is done;
// - a filter on decoded fields tests a slice's rows on two threads, half each, since decoding
//   is most of its time; the log's stateful decoders are fed the rows first, in order, on this
//   thread, so that both threads only read;
// - rows appended to the log are tested as they arrive;
// - with no filter it passes every row through and stores nothing.
class FilteredLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit FilteredLogModel(MessageLogModel *source, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    MessageLogModel *sourceLog() const { return m_source; }
    // The log's row for one of ours, or -1.
    int sourceRow(int row) const;
    // Our row for a log row, or -1 when the filter hides it.
    int rowForSourceRow(int sourceRow) const;

    // Returns false with a sentence in *error when the spec cannot compile (an invalid regex);
    // the current filter then stays as it is.
    bool setFilter(const LogFilterSpec &spec, QString *error = nullptr);
    const LogFilterSpec &filter() const { return m_filter.spec(); }
    bool isFiltering() const { return m_scanning; }
    // Rows the filter shown gave up on (a regex past PCRE2's match limit); they are not shown.
    qint64 gaveUpCount() const { return m_passThrough ? 0 : m_filter.gaveUpCount(); }

    // How long one slice of a scan may run before the event loop gets a turn.
    static constexpr int kSliceMs = 8;
    // How many rows the two threads of a decoded-field scan share at first; then as many as
    // they test in what is left of the slice. A slice's work at once, so that the system has
    // time to move the helper to the other core (woken for a millisecond's work, it would
    // wait for this one).
    static constexpr quint64 kFirstSharedRows = 1024;

signals:
    // rowCount() or the log's row count changed, or a scan started or finished.
    void countsChanged();
    void filterFinished();

private:
    void scanSlice();
    // Tests rows [from, to) of the log (sequence numbers) on this thread and m_helper's, each
    // taking the next kSharedChunk rows until none are left (a thread slowed by the machine's
    // other work does fewer).
    void scanShared(quint64 firstSequence, quint64 from, quint64 to);
    static constexpr quint64 kSharedChunk = 256;
    bool test(LogFilter &filter, int row) const;
    void onSourceAboutToInsert(int first, int last);
    void onSourceInserted(int first, int last);
    void onSourceAboutToRemove(int first, int last);
    void onSourceRemoved();
    void onSourceAboutToReset();
    void onSourceReset();
    void pruneDropped(std::vector<quint64> &seqs) const;

    QPointer<MessageLogModel> m_source;
    LogFilter m_filter;
    LogFilter m_pending; // the filter being scanned for
    bool m_passThrough = true;
    bool m_scanning = false;
    std::vector<quint64> m_visible; // sequence numbers, when not passing through
    std::vector<quint64> m_scanned; // the scan's result so far
    quint64 m_scanNext = 0; // the next sequence number the scan will test
    QTimer m_scanTimer;
    QThreadPool m_helper; // a thread for each of the machine's other cores
    double m_sharedRowsPerMs = 0; // as measured by the scan so far; 0 before
};

} // namespace Sockscope
