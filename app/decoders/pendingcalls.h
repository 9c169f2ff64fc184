#pragma once

#include "decoded.h"

#include <QHash>

namespace Sockscope {

// Requests of a connection still waiting for their answer, for the decoders that pair them
// (JSON-RPC ids, Socket.IO acks, SignalR invocations, GraphQL-WS operations). A key names the
// side that asked and the request's id, so that both sides may use the same ids.
class PendingCalls
{
public:
    // At most this many wait at once; the oldest is forgotten first (a peer that never
    // answers must not grow a log's memory without end).
    static constexpr qsizetype kMaxPending = 10000;

    static QString key(Direction asker, QStringView id)
    {
        return QString::number(int(asker)) + u'|' + id;
    }
    static Direction other(Direction direction)
    {
        return direction == Direction::Sent ? Direction::Received : Direction::Sent;
    }

    void ask(const QString &key, const DecodeContext &context, QString what)
    {
        if (m_calls.size() >= kMaxPending)
            m_calls.clear();
        m_calls.insert(key, {context.sequence, context.timestampMs, std::move(what)});
    }
    // What the answer is to; empty when nothing asked. keep: more answers may follow (a
    // subscription's results), so the call stays, and only the first answer has a latency.
    Tracked answer(const QString &key, const DecodeContext &context, bool keep = false)
    {
        Tracked tracked;
        const auto it = m_calls.find(key);
        if (it == m_calls.end())
            return tracked;
        tracked.relatedSequence = it->sequence;
        tracked.note = it->what;
        if (!it->answered)
            tracked.latencyMs = context.timestampMs - it->timestampMs;
        if (keep)
            it->answered = true;
        else
            m_calls.erase(it);
        return tracked;
    }

private:
    struct Call
    {
        quint64 sequence;
        qint64 timestampMs;
        QString what;
        bool answered = false;
    };
    QHash<QString, Call> m_calls;
};

} // namespace Sockscope
