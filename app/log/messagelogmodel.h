#pragma once

#include "logdecoding.h"
#include "logrecord.h"
#include "logsink.h"
#include "payloadarena.h"
#include "secretmask.h"

#include <QAbstractTableModel>
#include <QStringEncoder>
#include <QTimer>

#include <deque>
#include <unordered_map>
#include <vector>

namespace Sockscope {

// The event log of one connection, server client or imported file: one row per message,
// control frame or lifecycle event.
// - Appends are queued and inserted in batches (one beginInsertRows per flush), so a fast feed
//   costs one view update per batch, not one per message.
// - Records are 32 bytes and payloads live in an arena; display text is made only in data().
// - A cap on rows and bytes drops the oldest rows in batches and counts them.
// - Capture can be paused: messages are then counted but not stored.
// Every row has a sequence number that stays the same when older rows are dropped.
class MessageLogModel : public QAbstractTableModel, public LogSink
{
    Q_OBJECT

public:
    static constexpr qsizetype kDefaultMaxRows = 2'000'000;
    static constexpr qint64 kDefaultMaxBytes = 512LL * 1024 * 1024;

    explicit MessageLogModel(QObject *parent = nullptr);
    ~MessageLogModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Queues an event; it becomes a row at the next flush (within flushIntervalMs(), or
    // kFloodFlushIntervalMs during a flood).
    void append(LogEvent event) override;
    // The fast path for text messages: encodes UTF-8 straight into the arena, now. Returns the
    // message's size in UTF-8 bytes (stored or not).
    qsizetype appendText(Direction direction, QStringView text,
                         std::vector<FrameInfo> frames = {}) override;
    // Values to hide in every copy of the log: its preview, the inspector, Copy rows, exports.
    void addSecrets(const QStringList &values) override;
    const SecretMask &secrets() const { return m_secrets; }
    quint64 nextSequence() const override { return m_firstSeq + m_records.size(); }
    using LogSink::attachWire;
    void attachWire(quint64 seq, std::span<const WireLog::Frame> frames) override;
    void attachWire(quint64 seq, std::span<const WireLog::Record> records) override;
    // The frames behind the rows, kept and dropped with them.
    const WireLog &wire() const { return m_wire; }
    // Frame i's payload, unmasked (as its row holds it, or its own bytes).
    QByteArray wirePayload(qsizetype i) const;
    // For logs that combine several sources (a server's clients): the row shows "#source"
    // before its preview.
    void appendFrom(quint32 source, LogEvent event);
    quint32 sourceOf(int row) const;

    // Inserts every queued record now.
    void flush();
    void clear();

    // Resuming after messages were missed adds a lifecycle row saying how many
    // ("— 630 messages not captured —"), where they would have been.
    void setCapturePaused(bool paused);
    bool isCapturePaused() const { return m_paused; }
    // Messages that arrived while capture was paused and so were not stored.
    qint64 notCapturedCount() const { return m_notCaptured; }

    // At most maxRows rows and maxBytes of payload are kept; the oldest go first.
    void setLimits(qsizetype maxRows, qint64 maxBytes);
    qsizetype maxRows() const { return m_maxRows; }
    qint64 maxBytes() const { return m_maxBytes; }
    // Rows dropped to stay under the limits since the log was created or cleared.
    qint64 droppedCount() const { return m_dropped; }
    // Payload bytes held, including arena room not yet used.
    qint64 bytesHeld() const { return m_arena.bytesHeld() + m_largeBytes + m_wire.bytesHeld(); }

    const LogRecord &record(int row) const { return m_records[size_t(row)]; }
    // The payload's bytes, valid until the next flush, drop or clear. No copy.
    QByteArrayView payloadView(int row) const;
    // The payload as it was sent or received, secrets and all (Resend uses it).
    QByteArray payload(int row) const;
    // The payload as it may be shown or copied: each secret value replaced by placeholder
    // (SecretMask::kOnScreen on screen, kSecretPlaceholder in files and the clipboard).
    QByteArray maskedPayload(int row, QByteArrayView placeholder) const;
    // Each frame's size and FIN flag for a fragmented message; empty for a single frame.
    std::vector<FrameInfo> frames(int row) const;
    // The row as the event it was made from, as files hold it: secret values in the payload
    // and the connection facts are kSecretPlaceholder (without secrets, the payload is shared,
    // not copied).
    LogEvent event(int row) const;
    using QAbstractTableModel::event; // QObject's, which the row's does not replace
    // The facts of the connection this row belongs to (from the latest Open row at or before
    // it), or nullptr if there are none.
    std::shared_ptr<const ConnectionFacts> connectionFacts(int row) const;
    // When the connection this row belongs to opened (the latest Open row at or before it),
    // or -1 if there was none.
    qint64 connectedAtMs(int row) const;
    // The sequence number of that Open row, or kNoOpenRow.
    static constexpr quint64 kNoOpenRow = ~quint64(0);
    quint64 openSequenceOf(int row) const;
    quint64 sequenceOf(int row) const { return m_firstSeq + quint64(row); }
    // The row that now holds this sequence number, or -1 if it was dropped or is still queued.
    int rowOfSequence(quint64 seq) const;
    quint64 firstSequence() const { return m_firstSeq; }
    // Rows plus records still queued for the next flush.
    qsizetype totalCount() const { return qsizetype(m_records.size()); }

    // Decoding (see LogDecoding): "" picks each connection's decoder itself, "none" decodes
    // nothing, else a decoder's id ("socketio", "protobuf"…) decodes every message with it.
    void setDecodeAs(const QString &decoderId);
    // Decodes every message with a decoder of the user's own (ProtobufSchemaDecoder).
    void setDecoder(std::shared_ptr<const Decoder> decoder);
    QString decodeAs() const { return m_decoding.decodeAs(); }
    // The row's message decoded, with a tree of at most treeBudget nodes (0: summary and fields
    // only). Empty for lifecycle and control rows and what no decoder reads. paths and
    // fieldNames: see DecodeContext.
    Decoded decoded(int row, qsizetype treeBudget = 5000, const QStringList *paths = nullptr,
                    const QStringList *fieldNames = nullptr) const
    {
        return m_decoding.decoded(row, treeBudget, paths, fieldNames);
    }
    // Feeds the log's stateful decoders its messages up to row (LogDecoding::track). The log
    // feeds them by itself too, once rows stop coming for kTrackIdleMs, kTrackSliceMs at a time
    // between events, so that a filter finds them fed.
    void trackDecoding(int row) const { m_decoding.track(row); }
    qsizetype untrackedRows() const { return m_decoding.untrackedRows(); }
    static constexpr int kTrackIdleMs = 200;
    static constexpr int kTrackSliceMs = 8;
    // Whether the row's decoding takes a field as its text is (LogDecoding::verbatimInText).
    bool decodesVerbatim(int row, QStringView field) const
    {
        return m_decoding.verbatimInText(row, field);
    }
    // As the Summary column shows it. Empty for now when the decoders are more than
    // kTrackInlineRows rows behind the row (an opened file shown at its end): they are fed in
    // the background at once, and the column changes (dataChanged) when they are.
    QString summaryText(int row) const;
    static constexpr qsizetype kTrackInlineRows = 20'000;

    static constexpr int flushIntervalMs() { return 30; }
    // After a batch of this many rows (a flood), the next one waits longer.
    static constexpr size_t kFloodBatchRows = 1000;
    static constexpr int kFloodFlushIntervalMs = 100;
    // How long the next queued record waits to become a row.
    int nextFlushDelayMs() const { return m_flushTimer.interval(); }

    static QString directionText(Direction direction);
    static QString typeText(EventType type);
    // As the Type column shows it: "text", or "binary (2 frames)" for a fragmented message.
    static QString typeText(EventType type, int frameCount);
    // As the Type column shows a row: "pong (automatic)" for what Qt sent on its own.
    static QString typeText(const LogRecord &record);
    static QString sizeText(qint64 bytes);
    // The payload's size on the wire: for a close, the code's two bytes and the reason.
    static qint64 wireSize(const LogRecord &record);
    // A one-line preview of a record, as the log's Preview column shows it.
    static QString previewText(const LogRecord &record, QByteArrayView payload);

signals:
    // droppedCount() or notCapturedCount() changed.
    void countersChanged();
    // Frames were attached since the last flush (announced with it) or the log was cleared.
    void wireChanged();
    // The "Decode as" choice changed: summaries, decoded views and field filters change too.
    void decodingChanged();

private:
    struct OpenRow
    {
        quint64 sequence;
        qint64 timestampMs;
        std::shared_ptr<const ConnectionFacts> facts;
    };

    void enqueue(LogRecord record, std::vector<FrameInfo> frames,
                 std::shared_ptr<const ConnectionFacts> facts = {});
    const OpenRow *openRowOf(int row) const;
    void wireAttached(); // announced at the next flush
    bool skipWhilePaused(EventType type);
    void trimToLimits();
    void announceDecoding(); // every Summary cell changed
    void trackAhead(); // a slice of feeding the decoders in the background
    // Feeds them after delayMs from now, unless that is under way already without waiting.
    void feedDecodersIn(int delayMs) const;
    QByteArrayView payloadOf(const LogRecord &record, quint64 seq) const;
    QString shownPreview(int row) const;

    std::deque<LogRecord> m_records; // every stored record, shown or still queued
    size_t m_shownRows = 0; // the first m_shownRows records are rows
    PayloadArena m_arena;
    SecretMask m_secrets;
    std::unordered_map<quint64, QByteArray> m_largePayloads; // by sequence number
    std::unordered_map<quint64, std::vector<FrameInfo>> m_fragments; // by sequence number
    std::unordered_map<quint64, quint32> m_sources; // by sequence number
    std::deque<OpenRow> m_opens;
    WireLog m_wire;
    bool m_wireAttached = false; // since the last flush
    qint64 m_largeBytes = 0;
    quint64 m_firstSeq = 0;
    qsizetype m_maxRows = kDefaultMaxRows;
    qint64 m_maxBytes = kDefaultMaxBytes;
    qint64 m_dropped = 0;
    qint64 m_notCaptured = 0;
    qint64 m_notCapturedBeforePause = 0;
    bool m_paused = false;
    QTimer m_flushTimer;
    mutable QTimer m_trackTimer;
    mutable bool m_summariesWaiting = false; // for the decoders to be fed
    QStringEncoder m_utf8 {QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
    mutable LogDecoding m_decoding {*this};
};

} // namespace Sockscope
