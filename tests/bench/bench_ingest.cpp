// Benchmarks 1 and 2: ingest rate of a connection tab with its log shown, against a bare
// QWebSocket receive loop in the same run, and the longest UI-thread stall meanwhile.
// Usage: bench_ingest [COUNT] [SIZE]   (defaults 1,000,000 messages of 100 bytes)

#include "benchsupport.h"
#include "connection/connectiontab.h"

#include <QApplication>
#include <QEventLoop>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>

using namespace Sockscope;

namespace {
struct Run
{
    double seconds = 0;
    double cpuSeconds = 0; // of the UI thread, from open to the last message
    double stallMs = 0;
    double rate(int count) const { return seconds > 0 ? count / seconds : 0; }
};

Run bareLoop(int count, int size)
{
    QProcess server;
    const quint16 port = Bench::startFloodServer(server, count, size);
    Run run;
    if (port == 0)
        return run;
    QWebSocket socket;
    QEventLoop loop;
    QElapsedTimer clock;
    int received = 0;
    double cpuAtOpen = 0;
    Bench::StallProbe probe;
    QObject::connect(&socket, &QWebSocket::connected, &loop, [&] {
        clock.start();
        cpuAtOpen = Bench::threadCpuSeconds();
        probe.start();
    });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &loop, [&](const QString &) {
        if (++received == count) {
            run.seconds = clock.nsecsElapsed() / 1e9;
            run.cpuSeconds = Bench::threadCpuSeconds() - cpuAtOpen;
            loop.quit();
        }
    });
    socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    loop.exec();
    run.stallMs = probe.maxGapMs();
    socket.abort();
    server.kill();
    server.waitForFinished();
    return run;
}

Run connectionTab(int count, int size)
{
    QProcess server;
    const quint16 port = Bench::startFloodServer(server, count, size);
    Run run;
    if (port == 0)
        return run;
    ConnectionTab tab;
    tab.resize(1200, 800);
    tab.show();
    tab.setUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    QEventLoop loop;
    QElapsedTimer clock;
    double cpuAtOpen = 0;
    Bench::StallProbe probe;
    QObject::connect(tab.connection(), &Connection::stateChanged, &loop, [&](Connection::State s) {
        if (s == Connection::State::Open) {
            clock.start();
            cpuAtOpen = Bench::threadCpuSeconds();
            probe.start();
        }
    });
    // The tab's own counters say when everything has arrived.
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (tab.connection()->stats().totals().messagesIn >= count) {
            run.seconds = clock.nsecsElapsed() / 1e9;
            run.cpuSeconds = Bench::threadCpuSeconds() - cpuAtOpen;
            loop.quit();
        }
    });
    poll.start();
    tab.toggleConnection();
    loop.exec();
    run.stallMs = probe.maxGapMs();
    // Everything received is in the log (after the last batch is flushed).
    tab.log()->flush();
    const int rows = tab.log()->rowCount();
    std::printf("  tab log holds %d rows (%d messages + connecting + open)\n", rows, count);
    tab.connection()->abort();
    server.kill();
    server.waitForFinished();
    return run;
}
} // namespace

int main(int argc, char *argv[])
{
    Bench::useOffscreen();
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int size = argc > 2 ? std::atoi(argv[2]) : 100;
    std::printf("Ingest: %d text messages of %d B from a local server (ws handshake, then "
                "pre-built frames)\n",
                count, size);

    // Alternate the two, three times, and keep each one's best run: the machine is shared and
    // noisy.
    Run bestBare;
    Run bestTab;
    double minCpu[2] = {0, 0}; // bare, tab
    for (int round = 1; round <= 3; ++round) {
        const Run bare = bareLoop(count, size);
        std::printf("  round %d: bare QWebSocket loop %.0f msg/s (%.2f s, UI thread CPU %.2f s, "
                    "longest stall %.1f ms)\n",
                    round, bare.rate(count), bare.seconds, bare.cpuSeconds, bare.stallMs);
        const Run tab = connectionTab(count, size);
        std::printf("  round %d: connection tab       %.0f msg/s (%.2f s, UI thread CPU %.2f s, "
                    "longest stall %.1f ms)\n",
                    round, tab.rate(count), tab.seconds, tab.cpuSeconds, tab.stallMs);
        if (bare.rate(count) > bestBare.rate(count))
            bestBare = bare;
        minCpu[0] = round == 1 ? bare.cpuSeconds : std::min(minCpu[0], bare.cpuSeconds);
        minCpu[1] = round == 1 ? tab.cpuSeconds : std::min(minCpu[1], tab.cpuSeconds);
        if (tab.rate(count) > bestTab.rate(count) || bestTab.seconds == 0)
            bestTab = tab;
    }
    if (bestBare.rate(count) <= 0 || bestTab.rate(count) <= 0) {
        std::fprintf(stderr,
                     "bench_ingest: no messages arrived; is the npm `ws` peer installed "
                     "(installer/install-deps.sh)?\n");
        return 1;
    }
    const double ratio = bestTab.rate(count) / bestBare.rate(count);
    std::printf("RESULT ingest: tab %.0f msg/s vs bare %.0f msg/s = %.0f%% of the bare loop "
                "(target >= 60%% in a real window with an accessibility client)\n",
                bestTab.rate(count), bestBare.rate(count), ratio * 100);
    // The same comparison in the UI thread's CPU time, which a busy neighbour on a shared
    // machine disturbs less: the least each took.
    std::printf("RESULT ingest CPU: the UI thread spent %.2f us per message in the tab vs %.2f "
                "us in the bare loop = %.0f%% of the bare loop's rate\n",
                minCpu[1] / count * 1e6, minCpu[0] / count * 1e6, minCpu[0] / minCpu[1] * 100);
    std::printf("RESULT stall: longest UI-thread gap in the tab run %.1f ms (target <= 50 ms; "
                "the timer's own period is 10 ms)\n",
                bestTab.stallMs);
    return 0;
}
