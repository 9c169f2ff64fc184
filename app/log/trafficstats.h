#pragma once

#include "logrecord.h"

namespace Sockscope {

// Message and byte counts in each direction, and the recent rate, for a connection's counters.
// Counting goes on while capture is paused: the log stores rows, this only counts.
class TrafficStats
{
public:
    struct Totals
    {
        qint64 messagesIn = 0;
        qint64 messagesOut = 0;
        qint64 bytesIn = 0;
        qint64 bytesOut = 0;
    };
    struct Rate
    {
        double messagesPerSecond = 0;
        double bytesPerSecond = 0;
    };

    void count(Direction direction, qint64 bytes)
    {
        if (direction == Direction::Sent) {
            ++m_totals.messagesOut;
            m_totals.bytesOut += bytes;
        } else {
            ++m_totals.messagesIn;
            m_totals.bytesIn += bytes;
        }
    }
    const Totals &totals() const { return m_totals; }

    // Messages and bytes per second, both directions together, since the previous call.
    Rate sampleRate(qint64 nowMs);
    void reset() { *this = TrafficStats(); }

private:
    Totals m_totals;
    Totals m_lastSample;
    qint64 m_lastSampleMs = -1;
};

} // namespace Sockscope
