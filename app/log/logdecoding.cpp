#include "logdecoding.h"

#include "decoders/decoderregistry.h"
#include "messagelogmodel.h"

#include <QElapsedTimer>

#include <algorithm>
#include <set>

namespace Sockscope {

namespace {
// The payload as decoders may read it: its own bytes, not copied, or with secrets masked.
QByteArray readable(const MessageLogModel &log, int row)
{
    if (log.secrets().isEmpty()) {
        const QByteArrayView view = log.payloadView(row);
        return QByteArray::fromRawData(view.data(), view.size());
    }
    return log.maskedPayload(row, SecretMask::kOnScreen);
}
} // namespace

LogDecoding::LogDecoding(const MessageLogModel &log)
    : m_log(log)
    , m_registry(DecoderRegistry::standard())
{ }

LogDecoding::~LogDecoding() = default;

void LogDecoding::setDecodeAs(const QString &id)
{
    m_decodeAs = id;
    m_own.reset();
    m_forced = id.isEmpty() || id == u"none" ? nullptr : m_registry.byId(id);
    reset();
}

void LogDecoding::setDecoder(std::shared_ptr<const Decoder> decoder)
{
    m_decodeAs = decoder->id();
    m_own = std::move(decoder);
    m_forced = m_own.get();
    reset();
}

void LogDecoding::reset()
{
    m_trackedUpTo = m_log.firstSequence();
    m_firsts.clear();
    m_firstsFrom = m_trackedUpTo;
    m_connections.clear();
    m_opensOfSource.clear();
    m_tracked.clear();
    m_summaries.clear();
}

void LogDecoding::dropBefore(quint64 firstSequence)
{
    if (m_trackedUpTo < firstSequence)
        m_trackedUpTo = firstSequence;
    for (; m_firstsFrom < firstSequence && !m_firsts.empty(); ++m_firstsFrom)
        m_firsts.pop_front();
    if (m_firsts.empty())
        m_firstsFrom = m_trackedUpTo;
    while (!m_tracked.empty() && m_tracked.front().first < firstSequence)
        m_tracked.pop_front();
    std::erase_if(m_summaries, [&](const auto &entry) { return entry.first < firstSequence; });
    // Connections whose rows are all gone: each source keeps its last Open row before the
    // first row (its rows go on) and those after it.
    std::set<quint64> live {MessageLogModel::kNoOpenRow};
    for (auto &[source, opens] : m_opensOfSource) {
        auto kept = std::upper_bound(opens.begin(), opens.end(), firstSequence);
        if (kept != opens.begin())
            --kept;
        opens.erase(opens.begin(), kept);
        live.insert(opens.begin(), opens.end());
    }
    std::erase_if(m_connections, [&](const auto &entry) {
        return !live.contains(entry.first) && entry.first < firstSequence;
    });
}

quint64 LogDecoding::openOf(int row, quint64 sequence) const
{
    // A server's log interleaves its clients: a row belongs to its own client's latest Open
    // row, found by the row's source.
    if (const auto it = m_opensOfSource.find(m_log.sourceOf(row)); it != m_opensOfSource.end()) {
        const auto after = std::upper_bound(it->second.begin(), it->second.end(), sequence);
        if (after != it->second.begin())
            return *std::prev(after);
    }
    return m_log.openSequenceOf(row);
}

void LogDecoding::trackUpTo(quint64 sequence)
{
    if (m_decodeAs == u"none")
        return;
    for (; m_trackedUpTo <= sequence; ++m_trackedUpTo) {
        const int row = m_log.rowOfSequence(m_trackedUpTo);
        if (row < 0)
            return; // not a row yet
        m_firsts.push_back(kNoDecoder);
        const LogRecord &r = m_log.record(row);
        if (r.type == EventType::Open) {
            // A new connection: new ids, new namespaces.
            m_opensOfSource[m_log.sourceOf(row)].push_back(m_trackedUpTo);
            const auto facts = m_log.connectionFacts(row);
            m_connections[m_trackedUpTo].chosen
                = facts ? m_registry.forConnection(facts->subprotocol, facts->url) : nullptr;
            continue;
        }
        if (r.type != EventType::Text && r.type != EventType::Binary)
            continue;
        Connection &source = m_connections[openOf(row, m_trackedUpTo)];
        const QByteArray payload = readable(m_log, row);
        const bool binary = r.type == EventType::Binary;
        const Decoder *decoder = firstDecoder(&source, payload, binary);
        m_firsts.back() = codeOf(decoder);
        if (!decoder)
            continue;
        auto it = source.states.find(decoder);
        if (it == source.states.end())
            it = source.states.emplace(decoder, decoder->newState()).first;
        if (!it->second)
            continue; // a decoder without state
        const DecodeContext context {r.direction, binary, r.timestampMs, m_trackedUpTo, 0};
        Tracked tracked = decoder->track(payload, context, it->second.get());
        if (!tracked.isEmpty()) {
            m_tracked.emplace_back(m_trackedUpTo, std::move(tracked));
            m_firsts.back() |= kHasTracked;
        }
    }
}

void LogDecoding::track(int row)
{
    if (row >= 0 && row < m_log.rowCount())
        trackUpTo(m_log.sequenceOf(row));
}

qsizetype LogDecoding::untrackedRows(int row) const
{
    const quint64 end = m_log.firstSequence() + quint64(row < 0 ? m_log.rowCount() : row + 1);
    return m_decodeAs == u"none" || m_trackedUpTo >= end ? 0 : qsizetype(end - m_trackedUpTo);
}

bool LogDecoding::trackAhead(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (const qsizetype left = untrackedRows()) {
        trackUpTo(m_trackedUpTo + quint64(qMin<qsizetype>(left, 256)) - 1);
        if (clock.elapsed() >= ms)
            break;
    }
    return untrackedRows() > 0;
}

const LogDecoding::Connection *LogDecoding::connectionOf(int row)
{
    const quint64 sequence = m_log.sequenceOf(row);
    trackUpTo(sequence);
    const auto it = m_connections.find(openOf(row, sequence));
    return it == m_connections.end() ? nullptr : &it->second;
}

const Decoder *LogDecoding::firstDecoder(const Connection *source, QByteArrayView payload,
                                         bool binary) const
{
    const Decoder *chosen = source ? source->chosen : nullptr;
    // A payload format chosen for a connection whose framing protocol its facts name reads
    // that protocol's payloads (an MQTT PUBLISH's protobuf), not the whole message.
    if (m_forced && chosen && m_forced->kind() == Decoder::Kind::Payload
        && chosen->kind() == Decoder::Kind::Framing)
        return chosen;
    if (m_forced)
        return m_forced;
    if (chosen)
        return chosen;
    return m_registry.recognise(payload, binary);
}

quint8 LogDecoding::codeOf(const Decoder *decoder) const
{
    if (decoder && decoder == m_own.get())
        return kOwnDecoder;
    const auto &all = m_registry.decoders();
    for (size_t i = 0; i < all.size() && i < kOwnDecoder; ++i) {
        if (all[i].get() == decoder)
            return quint8(i);
    }
    return kNoDecoder;
}

Tracked LogDecoding::trackedOf(quint64 sequence) const
{
    const auto it = std::lower_bound(
        m_tracked.begin(), m_tracked.end(), sequence,
        [](const std::pair<quint64, Tracked> &entry, quint64 s) { return entry.first < s; });
    return it != m_tracked.end() && it->first == sequence ? it->second : Tracked();
}

bool LogDecoding::mayHaveTracked(quint64 sequence) const
{
    if (sequence < m_firstsFrom || sequence - m_firstsFrom >= m_firsts.size())
        return true;
    return m_firsts[sequence - m_firstsFrom] & kHasTracked;
}

const Decoder *LogDecoding::trackedFirst(int row, quint64 sequence, const Connection *source)
{
    if (sequence < m_firstsFrom || sequence - m_firstsFrom >= m_firsts.size())
        return firstDecoder(source, readable(m_log, row),
                            m_log.record(row).type == EventType::Binary);
    const quint8 code = m_firsts[sequence - m_firstsFrom] & ~kHasTracked;
    if (code == kOwnDecoder)
        return m_own.get();
    return code == kNoDecoder ? nullptr : m_registry.decoders()[code].get();
}

bool LogDecoding::verbatimInText(int row, QStringView field)
{
    const Decoder *first = firstDecoder(row);
    // Under a payload choice the values come from that format, not the framing protocol's text.
    return first && (!m_forced || first == m_forced) && first->verbatimInText(field);
}

bool LogDecoding::isMessage(int row) const
{
    if (row < 0 || row >= m_log.rowCount() || m_decodeAs == u"none")
        return false;
    const EventType type = m_log.record(row).type;
    return type == EventType::Text || type == EventType::Binary;
}

const Decoder *LogDecoding::firstDecoder(int row)
{
    if (!isMessage(row))
        return nullptr;
    const Connection *source = connectionOf(row);
    return trackedFirst(row, m_log.sequenceOf(row), source);
}

Decoded LogDecoding::decoded(int row, qsizetype treeBudget, const QStringList *paths,
                             const QStringList *fieldNames)
{
    if (!isMessage(row))
        return {};
    const LogRecord &r = m_log.record(row);
    const quint64 seq = m_log.sequenceOf(row);
    const Connection *source = connectionOf(row);
    const QByteArray payload = readable(m_log, row);
    const bool binary = r.type == EventType::Binary;
    const Decoder *first = trackedFirst(row, seq, source);
    const DecoderState *state = nullptr;
    if (source && first) {
        if (const auto it = source->states.find(first); it != source->states.end())
            state = it->second.get();
    }
    const Tracked tracked = mayHaveTracked(seq) ? trackedOf(seq) : Tracked();
    const DecodeContext context {r.direction, binary, r.timestampMs, seq,
                                 treeBudget,  paths,  fieldNames};
    return m_registry.decode(payload, context, first, state, tracked,
                             first != m_forced ? m_forced : nullptr);
}

QString LogDecoding::summary(int row)
{
    const quint64 seq = m_log.sequenceOf(row);
    if (const auto it = m_summaries.find(seq); it != m_summaries.end())
        return it->second;
    QString text = decoded(row, 0).summary;
    if (m_summaries.size() >= kMaxCachedSummaries)
        m_summaries.clear();
    m_summaries.emplace(seq, text);
    return text;
}

} // namespace Sockscope
