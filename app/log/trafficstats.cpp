#include "trafficstats.h"

namespace Sockscope {

TrafficStats::Rate TrafficStats::sampleRate(qint64 nowMs)
{
    Rate rate;
    if (m_lastSampleMs >= 0 && nowMs > m_lastSampleMs) {
        const double seconds = (nowMs - m_lastSampleMs) / 1000.0;
        rate.messagesPerSecond = (m_totals.messagesIn + m_totals.messagesOut
                                  - m_lastSample.messagesIn - m_lastSample.messagesOut)
            / seconds;
        rate.bytesPerSecond
            = (m_totals.bytesIn + m_totals.bytesOut - m_lastSample.bytesIn - m_lastSample.bytesOut)
            / seconds;
    }
    m_lastSample = m_totals;
    m_lastSampleMs = nowMs;
    return rate;
}

} // namespace Sockscope
