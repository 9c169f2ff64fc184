#include "messagelogmodel.h"

#include "io/secretplaceholder.h"
#include "logcolumns.h"
#include "messagepreview.h"
#include "websocket/closecodes.h"
#include "websocket/utf8.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace Sockscope {

namespace {
constexpr int kPreviewChars = 200;
constexpr int kPreviewHexBytes = 32;

bool isMessage(EventType type)
{
    return type == EventType::Text || type == EventType::Binary || type == EventType::Ping
        || type == EventType::Pong;
}
} // namespace

MessageLogModel::MessageLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushIntervalMs());
    connect(&m_flushTimer, &QTimer::timeout, this, &MessageLogModel::flush);
    m_trackTimer.setSingleShot(true);
    connect(&m_trackTimer, &QTimer::timeout, this, &MessageLogModel::trackAhead);
}

MessageLogModel::~MessageLogModel() = default;

int MessageLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shownRows);
}

int MessageLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : LogColumn::Count;
}

QVariant MessageLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const LogRecord &r = m_records[size_t(row)];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LogColumn::Time:
            return QDateTime::fromMSecsSinceEpoch(r.timestampMs).toString(u"HH:mm:ss.zzz");
        case LogColumn::Direction:
            return directionText(r.direction);
        case LogColumn::Type:
            return typeText(r);
        case LogColumn::Size:
            return r.direction == Direction::Lifecycle ? QString() : sizeText(wireSize(r));
        case LogColumn::Summary:
            return summaryText(row);
        case LogColumn::Preview:
            if (!m_sources.empty()) {
                if (const quint32 source = sourceOf(row); source != 0)
                    return QString(u'#' + QString::number(source) + u' ' + shownPreview(row));
            }
            return shownPreview(row);
        }
        return {};
    case Qt::ToolTipRole:
        // The preview column is often too narrow for a lifecycle sentence.
        if (index.column() == LogColumn::Preview && r.direction == Direction::Lifecycle)
            return shownPreview(row);
        // A narrow log shows only the direction's arrow.
        if (index.column() == LogColumn::Direction)
            return directionText(r.direction);
        if (index.column() == LogColumn::Summary)
            return summaryText(row);
        // "binary (2 frames)" may not fit the Type column.
        if (index.column() == LogColumn::Type && r.frameCount > 1)
            return typeText(r);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LogColumn::Size)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case LogRole::Payload:
        return payload(row);
    case LogRole::DirectionValue:
        return int(r.direction);
    case LogRole::TypeValue:
        return int(r.type);
    case LogRole::TimestampMs:
        return r.timestampMs;
    case LogRole::CloseCode:
        return int(r.closeCode);
    case LogRole::RoundTripUs:
        return r.roundTripUs;
    case LogRole::SizeBytes:
        return wireSize(r);
    case LogRole::FrameCount:
        return int(r.frameCount);
    case LogRole::Sequence:
        return sequenceOf(row);
    case LogRole::ConnectedAtMs:
        return connectedAtMs(row);
    }
    return {};
}

QVariant MessageLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LogColumn::Time:
        return tr("Time");
    case LogColumn::Direction:
        return tr("Direction");
    case LogColumn::Type:
        return tr("Type");
    case LogColumn::Size:
        return tr("Size");
    case LogColumn::Summary:
        return tr("Summary");
    case LogColumn::Preview:
        return tr("Preview");
    }
    return {};
}

bool MessageLogModel::skipWhilePaused(EventType type)
{
    if (!m_paused || !isMessage(type))
        return false;
    ++m_notCaptured;
    emit countersChanged();
    return true;
}

void MessageLogModel::append(LogEvent event)
{
    if (skipWhilePaused(event.type))
        return;
    LogRecord record;
    record.timestampMs = event.timestampMs;
    record.payloadSize = quint32(event.data.size());
    record.roundTripUs = event.roundTripUs;
    record.closeCode = event.closeCode;
    record.direction = event.direction;
    record.type = event.type;
    if (event.automatic)
        record.flags |= LogRecord::Automatic;
    const quint64 seq = m_firstSeq + m_records.size();
    if (event.data.size() > PayloadArena::kMaxPayload) {
        // Kept as its own shared buffer: the arena is for the many small payloads.
        record.flags |= LogRecord::LargePayload;
        quint64 offset = 0;
        m_arena.reserve(0, &offset); // keeps payload offsets in sequence order
        record.payloadOffset = offset;
        m_largeBytes += event.data.size();
        m_largePayloads.emplace(seq, std::move(event.data));
    } else {
        record.payloadOffset = m_arena.append(event.data);
    }
    enqueue(record, std::move(event.frames), std::move(event.facts));
    if (!event.wire.empty())
        attachWire(seq, event.wire);
}

void MessageLogModel::appendFrom(quint32 source, LogEvent event)
{
    const quint64 seq = m_firstSeq + m_records.size();
    const qsizetype before = totalCount();
    append(std::move(event));
    if (totalCount() > before) // not skipped while paused
        m_sources.emplace(seq, source);
}

quint32 MessageLogModel::sourceOf(int row) const
{
    const auto it = m_sources.find(sequenceOf(row));
    return it == m_sources.end() ? 0 : it->second;
}

qsizetype MessageLogModel::appendText(Direction direction, QStringView text,
                                      std::vector<FrameInfo> frames)
{
    if (skipWhilePaused(EventType::Text))
        return Utf8::length(text);
    const qsizetype maxBytes = text.size() * 3;
    if (maxBytes > PayloadArena::kMaxPayload) {
        LogEvent event;
        event.timestampMs = QDateTime::currentMSecsSinceEpoch();
        event.direction = direction;
        event.type = EventType::Text;
        event.data = text.toUtf8();
        event.frames = std::move(frames);
        const qsizetype size = event.data.size();
        append(std::move(event));
        return size;
    }
    LogRecord record;
    record.timestampMs = QDateTime::currentMSecsSinceEpoch();
    record.direction = direction;
    record.type = EventType::Text;
    char *out = m_arena.reserve(maxBytes, &record.payloadOffset);
    const char *end = m_utf8.appendToBuffer(out, text);
    record.payloadSize = quint32(end - out);
    m_arena.commit(record.payloadSize);
    enqueue(record, std::move(frames));
    return record.payloadSize;
}

void MessageLogModel::enqueue(LogRecord record, std::vector<FrameInfo> frames,
                              std::shared_ptr<const ConnectionFacts> facts)
{
    const quint64 seq = m_firstSeq + m_records.size();
    if (frames.size() > 1) {
        record.frameCount = quint16(qMin<size_t>(frames.size(), 0xffff));
        m_fragments.emplace(seq, std::move(frames));
    }
    if (record.type == EventType::Open)
        m_opens.push_back({seq, record.timestampMs, std::move(facts)});
    // Stored now, shown at the next flush: rowCount() counts only the rows announced.
    m_records.push_back(record);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MessageLogModel::attachWire(quint64 seq, std::span<const WireLog::Frame> frames)
{
    if (seq < m_firstSeq || seq >= nextSequence() || frames.empty())
        return; // its row was dropped, or never stored
    m_wire.attach(seq, frames);
    wireAttached();
}

void MessageLogModel::attachWire(quint64 seq, std::span<const WireLog::Record> records)
{
    if (seq < m_firstSeq || seq >= nextSequence() || records.empty())
        return;
    m_wire.attachPacked(seq, records);
    wireAttached();
}

void MessageLogModel::wireAttached()
{
    m_wireAttached = true;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

QByteArray MessageLogModel::wirePayload(qsizetype i) const
{
    const quint64 seq = m_wire.at(i).seq;
    if (seq < m_firstSeq || seq >= nextSequence())
        return {};
    return m_wire.payloadOf(i, payloadOf(m_records[size_t(seq - m_firstSeq)], seq));
}

void MessageLogModel::flush()
{
    m_flushTimer.stop();
    const bool wire = std::exchange(m_wireAttached, false);
    if (m_shownRows == m_records.size()) {
        if (wire)
            emit wireChanged();
        return;
    }
    const size_t added = m_records.size() - m_shownRows;
    beginInsertRows({}, int(m_shownRows), int(m_records.size()) - 1);
    m_shownRows = m_records.size();
    endInsertRows();
    trimToLimits();
    feedDecodersIn(kTrackIdleMs); // again: rows are still coming
    if (wire)
        emit wireChanged();
    // A flood is shown in fewer, larger batches: each batch costs a view a repaint, and at
    // thousands of rows a second nobody reads them as they pass. A quiet log stays prompt.
    m_flushTimer.setInterval(added >= kFloodBatchRows ? kFloodFlushIntervalMs : flushIntervalMs());
}

// Only called once every record is shown (after a flush).
void MessageLogModel::trimToLimits()
{
    Q_ASSERT(m_shownRows == m_records.size());
    const qsizetype rows = qsizetype(m_records.size());
    qsizetype drop = qMax<qsizetype>(0, rows - m_maxRows);
    if (drop == 0 && bytesHeld() <= m_maxBytes)
        return;
    // Drop in batches (1% of the cap at a time) so a full log does not drop on every flush.
    drop += qMax<qsizetype>(1, m_maxRows / 100);
    qint64 freedLarge = 0;
    // Over the byte cap: keep dropping until the payloads dropped bring it under.
    qint64 bytesToFree = bytesHeld() - m_maxBytes;
    qsizetype byBytes = 0;
    qint64 freed = 0;
    while (freed < bytesToFree && byBytes < rows) {
        freed += m_records[size_t(byBytes)].payloadSize;
        ++byBytes;
    }
    drop = qMin(rows, qMax(drop, byBytes));

    beginRemoveRows({}, 0, int(drop) - 1);
    for (qsizetype i = 0; i < drop; ++i) {
        const quint64 seq = m_firstSeq + quint64(i);
        if (m_records[size_t(i)].flags & LogRecord::LargePayload) {
            auto it = m_largePayloads.find(seq);
            freedLarge += it->second.size();
            m_largePayloads.erase(it);
        }
        m_fragments.erase(seq);
        m_sources.erase(seq);
    }
    m_records.erase(m_records.begin(), m_records.begin() + drop);
    m_shownRows -= size_t(drop);
    m_firstSeq += quint64(drop);
    m_largeBytes -= freedLarge;
    m_wire.dropBefore(m_firstSeq);
    m_decoding.dropBefore(m_firstSeq);
    // Keep the latest Open at or before the first row: later rows measure time from it.
    while (m_opens.size() > 1 && m_opens[1].sequence <= m_firstSeq)
        m_opens.pop_front();
    if (!m_records.empty())
        m_arena.releaseBefore(m_records.front().payloadOffset);
    else
        m_arena.clear();
    endRemoveRows();
    m_dropped += drop;
    emit countersChanged();
}

void MessageLogModel::clear()
{
    m_flushTimer.stop();
    beginResetModel();
    m_firstSeq += m_records.size();
    m_records.clear();
    m_shownRows = 0;
    m_arena.clear();
    m_largePayloads.clear();
    m_fragments.clear();
    m_sources.clear();
    m_opens.clear();
    m_wire.clear();
    m_wireAttached = false;
    m_decoding.reset();
    m_largeBytes = 0;
    m_dropped = 0;
    m_notCaptured = 0;
    m_notCapturedBeforePause = 0;
    endResetModel();
    emit countersChanged();
    emit wireChanged();
}

void MessageLogModel::setCapturePaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused) {
        m_notCapturedBeforePause = m_notCaptured;
    } else if (const qint64 missed = m_notCaptured - m_notCapturedBeforePause; missed > 0) {
        LogEvent marker;
        marker.timestampMs = QDateTime::currentMSecsSinceEpoch();
        marker.direction = Direction::Lifecycle;
        marker.type = EventType::Info;
        marker.data
            = (missed == 1
                   ? tr("— 1 message not captured —")
                   : tr("— %1 messages not captured —").arg(QLocale::system().toString(missed)))
                  .toUtf8();
        append(std::move(marker));
    }
    emit countersChanged();
}

void MessageLogModel::setLimits(qsizetype maxRows, qint64 maxBytes)
{
    m_maxRows = qMax<qsizetype>(1, maxRows);
    m_maxBytes = qMax<qint64>(PayloadArena::kChunkSize, maxBytes);
    flush();
    trimToLimits();
}

QByteArrayView MessageLogModel::payloadOf(const LogRecord &record, quint64 seq) const
{
    if (record.flags & LogRecord::LargePayload) {
        const auto it = m_largePayloads.find(seq);
        return it == m_largePayloads.end() ? QByteArrayView() : QByteArrayView(it->second);
    }
    return m_arena.view(record.payloadOffset, record.payloadSize);
}

QByteArrayView MessageLogModel::payloadView(int row) const
{
    return payloadOf(m_records[size_t(row)], sequenceOf(row));
}

QByteArray MessageLogModel::payload(int row) const
{
    const LogRecord &r = m_records[size_t(row)];
    if (r.flags & LogRecord::LargePayload) {
        const auto it = m_largePayloads.find(sequenceOf(row));
        return it == m_largePayloads.end() ? QByteArray() : it->second; // shared, not copied
    }
    return payloadView(row).toByteArray();
}

QByteArray MessageLogModel::maskedPayload(int row, QByteArrayView placeholder) const
{
    if (m_secrets.isEmpty() || !m_secrets.contains(payloadView(row)))
        return payload(row);
    return m_secrets.apply(payloadView(row), placeholder);
}

QString MessageLogModel::shownPreview(int row) const
{
    const LogRecord &r = m_records[size_t(row)];
    if (m_secrets.isEmpty())
        return previewText(r, payloadView(row));
    return previewText(r, maskedPayload(row, SecretMask::kOnScreen));
}

void MessageLogModel::addSecrets(const QStringList &values)
{
    m_secrets.add(values);
}

std::vector<FrameInfo> MessageLogModel::frames(int row) const
{
    const auto it = m_fragments.find(sequenceOf(row));
    return it == m_fragments.end() ? std::vector<FrameInfo>() : it->second;
}

LogEvent MessageLogModel::event(int row) const
{
    const LogRecord &r = record(row);
    LogEvent e;
    e.timestampMs = r.timestampMs;
    e.data = maskedPayload(row, kSecretPlaceholder);
    e.roundTripUs = r.roundTripUs;
    e.closeCode = r.closeCode;
    e.direction = r.direction;
    e.type = r.type;
    e.frames = frames(row);
    e.automatic = r.flags & LogRecord::Automatic;
    const auto [first, end] = m_wire.rangeOf(sequenceOf(row));
    for (qsizetype i = first; i < end; ++i) {
        WireLog::Frame f = m_wire.frameAt(i);
        if (f.ownPayload)
            f.ownPayload = m_secrets.apply(*f.ownPayload, kSecretPlaceholder);
        e.wire.push_back(std::move(f));
    }
    if (r.type == EventType::Open) {
        if (const OpenRow *open = openRowOf(row); open && open->sequence == sequenceOf(row))
            e.facts = open->facts;
    }
    if (e.facts && !m_secrets.isEmpty()) {
        auto masked = std::make_shared<ConnectionFacts>(*e.facts);
        masked->url = m_secrets.applyToText(masked->url, kSecretPlaceholder);
        for (auto *headers : {&masked->requestHeaders, &masked->responseHeaders}) {
            for (ConnectionFacts::Header &h : *headers)
                h.value = m_secrets.applyToText(h.value, kSecretPlaceholder);
        }
        e.facts = std::move(masked);
    }
    return e;
}

void MessageLogModel::setDecodeAs(const QString &decoderId)
{
    if (decoderId == m_decoding.decodeAs())
        return;
    m_decoding.setDecodeAs(decoderId);
    announceDecoding();
}

void MessageLogModel::setDecoder(std::shared_ptr<const Decoder> decoder)
{
    m_decoding.setDecoder(std::move(decoder));
    announceDecoding();
}

void MessageLogModel::trackAhead()
{
    if (m_decoding.trackAhead(kTrackSliceMs)) {
        m_trackTimer.start(0); // the next slice after the events waiting
        return;
    }
    if (std::exchange(m_summariesWaiting, false) && m_shownRows > 0)
        emit dataChanged(index(0, LogColumn::Summary),
                         index(int(m_shownRows) - 1, LogColumn::Summary));
}

QString MessageLogModel::summaryText(int row) const
{
    if (m_decoding.untrackedRows(row) > kTrackInlineRows) {
        m_summariesWaiting = true;
        feedDecodersIn(0);
        return {};
    }
    return m_decoding.summary(row);
}

void MessageLogModel::feedDecodersIn(int delayMs) const
{
    if (!m_trackTimer.isActive() || m_trackTimer.interval() >= delayMs)
        m_trackTimer.start(delayMs);
}

void MessageLogModel::announceDecoding()
{
    feedDecodersIn(kTrackIdleMs);
    if (m_shownRows > 0)
        emit dataChanged(index(0, LogColumn::Summary),
                         index(int(m_shownRows) - 1, LogColumn::Summary));
    emit decodingChanged();
}

const MessageLogModel::OpenRow *MessageLogModel::openRowOf(int row) const
{
    const quint64 seq = sequenceOf(row);
    const auto it
        = std::upper_bound(m_opens.begin(), m_opens.end(), seq,
                           [](quint64 s, const OpenRow &open) { return s < open.sequence; });
    return it == m_opens.begin() ? nullptr : &*std::prev(it);
}

qint64 MessageLogModel::connectedAtMs(int row) const
{
    const OpenRow *open = openRowOf(row);
    return open ? open->timestampMs : -1;
}

quint64 MessageLogModel::openSequenceOf(int row) const
{
    const OpenRow *open = openRowOf(row);
    return open ? open->sequence : kNoOpenRow;
}

std::shared_ptr<const ConnectionFacts> MessageLogModel::connectionFacts(int row) const
{
    const OpenRow *open = openRowOf(row);
    return open ? open->facts : nullptr;
}

int MessageLogModel::rowOfSequence(quint64 seq) const
{
    if (seq < m_firstSeq || seq - m_firstSeq >= m_shownRows)
        return -1;
    return int(seq - m_firstSeq);
}

QString MessageLogModel::directionText(Direction direction)
{
    switch (direction) {
    case Direction::Sent:
        return tr("Sent");
    case Direction::Received:
        return tr("Received");
    case Direction::Lifecycle:
        return tr("Event");
    }
    return {};
}

QString MessageLogModel::typeText(const LogRecord &record)
{
    return record.flags & LogRecord::Automatic
        ? tr("%1 (automatic)").arg(typeText(record.type, record.frameCount))
        : typeText(record.type, record.frameCount);
}

QString MessageLogModel::typeText(EventType type, int frameCount)
{
    return frameCount > 1 ? tr("%1 (%2 frames)").arg(typeText(type)).arg(frameCount)
                          : typeText(type);
}

QString MessageLogModel::typeText(EventType type)
{
    switch (type) {
    case EventType::Text:
        return tr("text");
    case EventType::Binary:
        return tr("binary");
    case EventType::Ping:
        return tr("ping");
    case EventType::Pong:
        return tr("pong");
    case EventType::Close:
        return tr("close");
    case EventType::Connecting:
        return tr("connecting");
    case EventType::Open:
        return tr("open");
    case EventType::Error:
        return tr("error");
    case EventType::Info:
        return tr("info");
    }
    return {};
}

QString MessageLogModel::sizeText(qint64 bytes)
{
    return QLocale::system().toString(bytes) + QStringLiteral(" B");
}

qint64 MessageLogModel::wireSize(const LogRecord &record)
{
    return record.type == EventType::Close
        ? CloseCodes::payloadSize(record.closeCode, record.payloadSize)
        : qint64(record.payloadSize);
}

QString MessageLogModel::previewText(const LogRecord &r, QByteArrayView payload)
{
    switch (r.type) {
    case EventType::Pong: {
        const QString rtt = r.roundTripUs >= 0
            ? tr("round trip %1 ms").arg(r.roundTripUs / 1000.0, 0, 'f', 2)
            : tr("unsolicited (no matching ping)");
        return payload.isEmpty() ? rtt
                                 : rtt + QStringLiteral(" · ")
                + MessagePreview::oneLine(r.type, payload, kPreviewChars, kPreviewHexBytes);
    }
    case EventType::Close: {
        QString text = CloseCodes::describe(r.closeCode);
        if (r.direction == Direction::Sent)
            text += tr(" · closed by you");
        else if (r.direction == Direction::Received)
            text += tr(" · closed by the peer");
        else
            text += tr(" · connection dropped without a close frame");
        if (!payload.isEmpty())
            text += QStringLiteral(" · “") + MessagePreview::singleLine(QString::fromUtf8(payload))
                + u'”';
        return text;
    }
    default:
        return MessagePreview::oneLine(r.type, payload, kPreviewChars, kPreviewHexBytes);
    }
}

} // namespace Sockscope
