#include "wirelog.h"

#include <QStringList>

#include <algorithm>

namespace Sockscope {

WireLog::Frame WireLog::Frame::from(const WireFrame &f, bool fromClient, qint64 timeUs)
{
    Frame frame;
    frame.timeUs = timeUs;
    frame.fromClient = fromClient;
    frame.fin = f.fin;
    frame.rsv1 = f.rsv1;
    frame.rsv2 = f.rsv2;
    frame.rsv3 = f.rsv3;
    frame.opcode = f.opcode;
    frame.masked = f.masked;
    frame.maskingKey = f.maskingKey;
    frame.lengthForm = f.lengthForm;
    frame.payloadLength = f.payloadLength;
    return frame;
}

WireLog::Frame WireLog::Frame::judged(const WireFrame &f, bool fromClient, qint64 timeUs,
                                      std::vector<ProtocolVerdict> &pending, bool *violation)
{
    Frame frame = from(f, fromClient, timeUs);
    frame.ownPayload = f.payload;
    QStringList said;
    bool breaks = false;
    const auto about = [&](const ProtocolVerdict &v) {
        if (v.frameOffset != f.offset)
            return false;
        said << v.text();
        breaks = breaks || v.isViolation();
        return true;
    };
    pending.erase(std::remove_if(pending.begin(), pending.end(), about), pending.end());
    frame.verdict = said.join(u'\n');
    if (violation)
        *violation = breaks;
    return frame;
}

WireLog::Frame WireLog::Frame::written(const FrameSpec &spec, bool fromClient, qint64 timeUs)
{
    Frame frame;
    frame.timeUs = timeUs;
    frame.fromClient = fromClient;
    frame.fin = spec.fin;
    frame.rsv1 = spec.rsv1;
    frame.rsv2 = spec.rsv2;
    frame.rsv3 = spec.rsv3;
    frame.opcode = spec.opcode & 0x0F;
    frame.masked = spec.masked;
    frame.maskingKey = spec.maskingKey;
    frame.payloadLength = spec.declaredLength.value_or(quint64(spec.payload.size()));
    frame.lengthForm = spec.lengthForm.value_or(shortestLengthForm(frame.payloadLength));
    return frame;
}

WireLog::Frame WireLog::Frame::handshakeHead(const QByteArray &bytes, bool fromClient,
                                             qint64 timeUs)
{
    Frame frame;
    frame.timeUs = timeUs;
    frame.fromClient = fromClient;
    frame.handshake = true;
    frame.fin = false;
    frame.opcode = 0;
    frame.payloadLength = quint64(bytes.size());
    frame.ownPayload = bytes;
    return frame;
}

WireLog::Record WireLog::pack(const Frame &f)
{
    Record r;
    const quint8 first = quint8((f.fin ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.rsv2 ? 0x20 : 0)
                                | (f.rsv3 ? 0x10 : 0) | (f.opcode & 0x0F));
    r.packed = (quint64(qMax<qint64>(0, f.timeUs)) & Record::kTimeMask) | (quint64(first) << 48)
        | (f.masked ? Record::kMasked : 0) | (quint64(f.lengthForm) << 57)
        | (f.fromClient ? Record::kFromClient : 0) | (f.handshake ? Record::kHandshake : 0);
    r.payloadLength = quint32(qMin<quint64>(f.payloadLength, 0xFFFFFFFF));
    if (f.payloadLength > 0xFFFFFFFF)
        r.packed |= Record::kLengthCapped;
    r.maskingKey = f.maskingKey;
    return r;
}

void WireLog::attach(quint64 seq, std::span<const Frame> frames)
{
    insert(seq, frames.size(), [&](qsizetype i, quint64 key) {
        const Frame &f = frames[size_t(i)];
        Record r = pack(f);
        if (f.ownPayload) {
            r.packed |= Record::kOwnPayload;
            m_heldBytes += f.ownPayload->size();
            m_ownPayloads[key] = *f.ownPayload;
        }
        if (!f.verdict.isEmpty()) {
            r.packed |= Record::kVerdict;
            m_heldBytes += f.verdict.size() * 2;
            m_verdicts[key] = f.verdict;
        }
        return r;
    });
}

void WireLog::attachPacked(quint64 seq, std::span<const Record> records)
{
    insert(seq, records.size(), [&](qsizetype i, quint64) { return records[size_t(i)]; });
}

template<typename RecordAt> void WireLog::insert(quint64 seq, size_t count, RecordAt recordAt)
{
    // Rows usually get their frames in order, at the end; a sent message's may come after a
    // later row's.
    const auto first = m_records.begin() + qsizetype(m_head);
    const auto at = m_records.size() == m_head || m_records.back().seq <= seq
        ? m_records.end()
        : std::upper_bound(first, m_records.end(), seq,
                           [](quint64 s, const Record &r) { return s < r.seq; });
    qsizetype ordinal = 0;
    for (auto it = at; it != first && std::prev(it)->seq == seq; --it)
        ++ordinal;
    const bool atEnd = at == m_records.end();
    const qsizetype insertAt = at - m_records.begin();
    std::vector<Record> records; // for an insertion before the end
    for (size_t i = 0; i < count; ++i) {
        Record r = recordAt(qsizetype(i), keyOf(seq, ordinal++));
        r.seq = seq;
        if (atEnd)
            m_records.push_back(r);
        else
            records.push_back(r);
    }
    if (!atEnd)
        m_records.insert(m_records.begin() + insertAt, records.begin(), records.end());
}

void WireLog::clear()
{
    m_records.clear();
    m_head = 0;
    m_ownPayloads.clear();
    m_verdicts.clear();
    m_heldBytes = 0;
}

void WireLog::dropBefore(quint64 seq)
{
    qsizetype ordinal = 0;
    while (m_head < m_records.size() && m_records[m_head].seq < seq) {
        const Record &r = m_records[m_head];
        const quint64 key = keyOf(r.seq, ordinal);
        if (r.hasOwnPayload()) {
            const auto it = m_ownPayloads.find(key);
            m_heldBytes -= it->second.size();
            m_ownPayloads.erase(it);
        }
        if (r.hasVerdict()) {
            const auto it = m_verdicts.find(key);
            m_heldBytes -= it->second.size() * 2;
            m_verdicts.erase(it);
        }
        const quint64 was = r.seq;
        ++m_head;
        ordinal = m_head < m_records.size() && m_records[m_head].seq == was ? ordinal + 1 : 0;
    }
    // The dropped records go once they are half of what is held: each is moved at most once.
    if (m_head > 4096 && m_head * 2 > m_records.size()) {
        m_records.erase(m_records.begin(), m_records.begin() + qsizetype(m_head));
        m_head = 0;
    }
}

std::pair<qsizetype, qsizetype> WireLog::rangeOf(quint64 seq) const
{
    const auto begin = m_records.begin() + qsizetype(m_head);
    const auto first = std::lower_bound(begin, m_records.end(), seq,
                                        [](const Record &r, quint64 s) { return r.seq < s; });
    const auto end = std::upper_bound(first, m_records.end(), seq,
                                      [](quint64 s, const Record &r) { return s < r.seq; });
    return {first - begin, end - begin};
}

quint64 WireLog::keyAt(qsizetype i) const
{
    const quint64 seq = at(i).seq;
    return keyOf(seq, i - rangeOf(seq).first);
}

QByteArray WireLog::payloadOf(qsizetype i, QByteArrayView rowPayload) const
{
    const Record &r = at(i);
    if (r.hasOwnPayload()) {
        const auto it = m_ownPayloads.find(keyAt(i));
        return it == m_ownPayloads.end() ? QByteArray() : it->second;
    }
    // After the row's frames before it that are slices too.
    quint64 offset = 0;
    for (qsizetype j = rangeOf(r.seq).first; j < i; ++j) {
        if (!at(j).hasOwnPayload())
            offset += at(j).payloadLength;
    }
    if (offset >= quint64(rowPayload.size()))
        return {};
    return rowPayload.sliced(qsizetype(offset))
        .first(qsizetype(qMin<quint64>(r.payloadLength, quint64(rowPayload.size()) - offset)))
        .toByteArray();
}

WireLog::Frame WireLog::frameAt(qsizetype i) const
{
    const Record &r = at(i);
    Frame f = unpack(r);
    if (r.hasOwnPayload())
        f.ownPayload = payloadOf(i, {});
    f.verdict = verdictOf(i);
    return f;
}

WireLog::Frame WireLog::unpack(const Record &r)
{
    Frame f;
    f.timeUs = r.timeUs();
    f.fromClient = r.fromClient();
    f.handshake = r.isHandshake();
    f.fin = r.fin();
    f.rsv1 = r.rsv1();
    f.rsv2 = r.rsv2();
    f.rsv3 = r.rsv3();
    f.opcode = r.opcode();
    f.masked = r.masked();
    f.maskingKey = r.maskingKey;
    f.lengthForm = r.lengthForm();
    f.payloadLength = r.payloadLength;
    return f;
}

QString WireLog::verdictOf(qsizetype i) const
{
    if (!at(i).hasVerdict())
        return {};
    const auto it = m_verdicts.find(keyAt(i));
    return it == m_verdicts.end() ? QString() : it->second;
}

} // namespace Sockscope
