#pragma once

// Helpers for Sockscope's benchmarks: resident memory, a UI-thread stall probe, and the node
// flood server. Benchmarks print figures; they are not timed tests.

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTimer>
#include <QtGlobal>

#include <ctime>
#include <unistd.h>

namespace Bench {

// Draws offscreen unless told otherwise, and keeps the figures readable: the offscreen
// platform warns about size hints on every window. Call before creating the QApplication.
inline void useOffscreen()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static QtMessageHandler previous = nullptr;
    previous = qInstallMessageHandler(
        [](QtMsgType type, const QMessageLogContext &context, const QString &message) {
            if (message.contains(QStringLiteral("propagateSizeHints")))
                return;
            if (previous)
                previous(type, context, message);
        });
}

// Resident set size in bytes, from /proc/self/statm (Linux).
inline qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : -1;
}

// CPU time the calling thread has used, in seconds: a figure that other processes on a shared
// machine disturb less than the wall clock.
inline double threadCpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// Fires every 10 ms on the UI thread and records the longest gap between two ticks.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0)
                m_maxGapNs = qMax(m_maxGapNs, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_maxGapNs = 0;
        m_last = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double maxGapMs() const { return m_maxGapNs / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_maxGapNs = 0;
};

// Starts tests/bench/flood-server.js and returns its port, or 0.
inline quint16 startFloodServer(QProcess &process, int count, int size)
{
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(SOCKSCOPE_NODE),
                  {QStringLiteral(SOCKSCOPE_BENCH_DIR "/flood-server.js"), QString::number(count),
                   QString::number(size)});
    if (!process.waitForStarted(5000) || !process.waitForReadyRead(10000))
        return 0;
    const QByteArray line = process.readLine().trimmed();
    return line.startsWith("PORT ") ? quint16(line.mid(5).toUInt()) : 0;
}

} // namespace Bench
