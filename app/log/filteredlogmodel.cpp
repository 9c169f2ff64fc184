#include "filteredlogmodel.h"

#include "messagelogmodel.h"

#include <QThread>

#include <algorithm>
#include <atomic>

namespace Sockscope {

FilteredLogModel::FilteredLogModel(MessageLogModel *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_source(source)
{
    m_scanTimer.setInterval(0);
    m_helper.setMaxThreadCount(qMax(1, QThread::idealThreadCount() - 1));
    connect(&m_scanTimer, &QTimer::timeout, this, &FilteredLogModel::scanSlice);
    connect(
        source, &QAbstractItemModel::rowsAboutToBeInserted, this,
        [this](const QModelIndex &, int first, int last) { onSourceAboutToInsert(first, last); });
    connect(source, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onSourceInserted(first, last); });
    connect(
        source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
        [this](const QModelIndex &, int first, int last) { onSourceAboutToRemove(first, last); });
    connect(source, &QAbstractItemModel::rowsRemoved, this, &FilteredLogModel::onSourceRemoved);
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
            &FilteredLogModel::onSourceAboutToReset);
    connect(source, &QAbstractItemModel::modelReset, this, &FilteredLogModel::onSourceReset);
    // A column's cells changed (the Summary column once the decoders are fed): ours show them.
    connect(source, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                   const QList<int> &roles) {
                if (rowCount() == 0)
                    return;
                const int first = m_passThrough ? topLeft.row() : 0;
                const int last = m_passThrough ? bottomRight.row() : rowCount() - 1;
                emit dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()),
                                 roles);
            });
    // Another "Decode as": rows filtered on decoded fields are tested again.
    connect(source, &MessageLogModel::decodingChanged, this, [this] {
        if (m_filter.hasFieldTerms() || (m_scanning && m_pending.hasFieldTerms()))
            setFilter(m_scanning ? m_pending.spec() : m_filter.spec());
    });
}

int FilteredLogModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_source)
        return 0;
    return m_passThrough ? m_source->rowCount() : int(m_visible.size());
}

int FilteredLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_source ? 0 : m_source->columnCount();
}

int FilteredLogModel::sourceRow(int row) const
{
    if (!m_source || row < 0 || row >= rowCount())
        return -1;
    return m_passThrough ? row : m_source->rowOfSequence(m_visible[size_t(row)]);
}

int FilteredLogModel::rowForSourceRow(int sourceRow) const
{
    if (!m_source || sourceRow < 0 || sourceRow >= m_source->rowCount())
        return -1;
    if (m_passThrough)
        return sourceRow;
    const quint64 seq = m_source->sequenceOf(sourceRow);
    const auto it = std::lower_bound(m_visible.begin(), m_visible.end(), seq);
    return it != m_visible.end() && *it == seq ? int(it - m_visible.begin()) : -1;
}

QVariant FilteredLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = sourceRow(index.row());
    return row < 0 ? QVariant() : m_source->index(row, index.column()).data(role);
}

QVariant FilteredLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_source ? m_source->headerData(section, orientation, role) : QVariant();
}

bool FilteredLogModel::setFilter(const LogFilterSpec &spec, QString *error)
{
    LogFilter compiled;
    if (!compiled.compile(spec, error))
        return false;
    if (compiled.isPassThrough()) {
        m_scanTimer.stop();
        m_scanning = false;
        m_scanned.clear();
        beginResetModel();
        m_filter = compiled;
        m_passThrough = true;
        m_visible.clear();
        m_visible.shrink_to_fit();
        endResetModel();
        emit countsChanged();
        emit filterFinished();
        return true;
    }
    // Scan from the oldest row; what is on screen stays until the scan is done.
    m_pending = compiled;
    m_scanned.clear();
    m_scanNext = m_source->firstSequence();
    m_sharedRowsPerMs = 0;
    m_scanning = true;
    m_scanTimer.start();
    emit countsChanged();
    return true;
}

bool FilteredLogModel::test(LogFilter &filter, int row) const
{
    return filter.matches(
        m_source->record(row), m_source->payloadView(row),
        [&] {
            return m_source->decoded(row, DecodeContext::kFieldsOnly, &filter.jsonPaths(),
                                     &filter.fieldNames());
        },
        [&](QStringView field) { return m_source->decodesVerbatim(row, field); });
}

void FilteredLogModel::scanSlice()
{
    if (!m_source)
        return;
    QElapsedTimer slice;
    slice.start();
    const quint64 first = m_source->firstSequence();
    m_scanNext = qMax(m_scanNext, first);
    const quint64 end = first + quint64(m_source->rowCount());
    int sinceCheck = 0;
    static const bool twoThreads = QThread::idealThreadCount() > 1;
    while (m_scanNext < end && m_pending.hasFieldTerms() && twoThreads) {
        const double msLeft = kSliceMs - slice.nsecsElapsed() / 1e6;
        const quint64 rows = m_sharedRowsPerMs > 0
            ? quint64(qBound(256.0, m_sharedRowsPerMs * msLeft, 1e6))
            : kFirstSharedRows;
        const quint64 to = qMin(end, m_scanNext + rows);
        QElapsedTimer shared;
        shared.start();
        scanShared(first, m_scanNext, to);
        m_sharedRowsPerMs = double(to - m_scanNext) * 1e6 / qMax<qint64>(shared.nsecsElapsed(), 1);
        m_scanNext = to;
        if (slice.elapsed() >= kSliceMs)
            return;
    }
    while (m_scanNext < end) {
        const int row = int(m_scanNext - first);
        if (test(m_pending, row))
            m_scanned.push_back(m_scanNext);
        ++m_scanNext;
        // Decoding a row takes longer than searching its bytes: look at the clock more often.
        if (++sinceCheck == (m_pending.hasFieldTerms() ? 16 : 256)) {
            sinceCheck = 0;
            if (slice.elapsed() >= kSliceMs)
                return; // the timer brings us back after the event loop has had its turn
        }
    }
    // Caught up with the log: show the result.
    m_scanTimer.stop();
    m_scanning = false;
    pruneDropped(m_scanned);
    beginResetModel();
    m_filter = m_pending;
    m_passThrough = false;
    m_visible.swap(m_scanned);
    m_scanned.clear();
    endResetModel();
    emit countsChanged();
    emit filterFinished();
}

void FilteredLogModel::scanShared(quint64 firstSequence, quint64 from, quint64 to)
{
    m_source->trackDecoding(int(to - 1 - firstSequence));
    const size_t chunks = size_t((to - from + kSharedChunk - 1) / kSharedChunk);
    std::vector<std::vector<quint64>> matched(chunks); // by chunk, in order
    std::atomic<size_t> next {0};
    const auto scan = [&](LogFilter &filter) {
        for (size_t chunk; (chunk = next.fetch_add(1)) < chunks;) {
            const quint64 begin = from + chunk * kSharedChunk;
            for (quint64 seq = begin; seq < qMin(to, begin + kSharedChunk); ++seq) {
                if (test(filter, int(seq - firstSequence)))
                    matched[chunk].push_back(seq);
            }
        }
    };
    // matches() counts, so each thread has its own filter.
    std::vector<LogFilter> helperFilters;
    for (int i = 0; i < m_helper.maxThreadCount(); ++i)
        helperFilters.push_back(m_pending.copyForThread());
    for (LogFilter &filter : helperFilters)
        m_helper.start([&] { scan(filter); });
    scan(m_pending);
    m_helper.waitForDone();
    for (const std::vector<quint64> &rows : matched)
        m_scanned.insert(m_scanned.end(), rows.begin(), rows.end());
}

void FilteredLogModel::onSourceAboutToInsert(int first, int last)
{
    if (m_passThrough)
        beginInsertRows({}, first, last);
}

void FilteredLogModel::onSourceInserted(int first, int last)
{
    if (m_passThrough) {
        endInsertRows();
    } else {
        // New rows are tested as they arrive. A scan in progress reaches them by itself; the
        // rows on screen keep following the current filter meanwhile.
        std::vector<quint64> matched;
        for (int row = first; row <= last; ++row) {
            if (test(m_filter, row))
                matched.push_back(m_source->sequenceOf(row));
        }
        if (!matched.empty()) {
            const int at = int(m_visible.size());
            beginInsertRows({}, at, at + int(matched.size()) - 1);
            m_visible.insert(m_visible.end(), matched.begin(), matched.end());
            endInsertRows();
        }
    }
    emit countsChanged();
}

void FilteredLogModel::onSourceAboutToRemove(int first, int last)
{
    if (m_passThrough)
        beginRemoveRows({}, first, last);
}

void FilteredLogModel::onSourceRemoved()
{
    if (m_passThrough) {
        endRemoveRows();
    } else {
        // The log drops its oldest rows; drop ours that went with them.
        const auto keep
            = std::lower_bound(m_visible.begin(), m_visible.end(), m_source->firstSequence());
        const int gone = int(keep - m_visible.begin());
        if (gone > 0) {
            beginRemoveRows({}, 0, gone - 1);
            m_visible.erase(m_visible.begin(), keep);
            endRemoveRows();
        }
    }
    emit countsChanged();
}

void FilteredLogModel::onSourceAboutToReset()
{
    beginResetModel();
}

void FilteredLogModel::onSourceReset()
{
    m_visible.clear();
    m_scanned.clear();
    if (m_scanning)
        m_scanNext = m_source->firstSequence();
    endResetModel();
    emit countsChanged();
}

void FilteredLogModel::pruneDropped(std::vector<quint64> &seqs) const
{
    const auto keep = std::lower_bound(seqs.begin(), seqs.end(), m_source->firstSequence());
    seqs.erase(seqs.begin(), keep);
}

} // namespace Sockscope
