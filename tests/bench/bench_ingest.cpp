// Benchmarks 1 and 2: ingest rate of a connection tab with its log and wire view shown, with
// wire capture on (the default) and off, against a bare QWebSocket receive loop in the same
// run, and the longest UI-thread stall meanwhile.
// Usage: bench_ingest [COUNT] [SIZE]   (defaults 1,000,000 messages of 100 bytes)

#include "benchsupport.h"
#include "connection/connectionoptionspanel.h"
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

Run connectionTab(int count, int size, bool wireCapture)
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
    ConnectionOptions options = tab.optionsPanel()->options();
    options.wireCapture = wireCapture;
    tab.optionsPanel()->setOptions(options);
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
    std::printf("  tab log holds %d rows (%d messages + connecting + open), %lld frames\n", rows,
                count, static_cast<long long>(tab.log()->wire().size()));
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
    // best[0]: the bare loop; [1]: the tab with wire capture off; [2]: with it on.
    Run best[3];
    double minCpu[3] = {0, 0, 0};
    const char *names[3]
        = {"bare QWebSocket loop ", "tab, wire capture off", "tab, wire capture on "};
    for (int round = 1; round <= 3; ++round) {
        for (int kind = 0; kind < 3; ++kind) {
            const Run run
                = kind == 0 ? bareLoop(count, size) : connectionTab(count, size, kind == 2);
            std::printf("  round %d: %s %.0f msg/s (%.2f s, UI thread CPU %.2f s, longest stall "
                        "%.1f ms)\n",
                        round, names[kind], run.rate(count), run.seconds, run.cpuSeconds,
                        run.stallMs);
            if (run.rate(count) > best[kind].rate(count) || best[kind].seconds == 0)
                best[kind] = run;
            minCpu[kind] = round == 1 ? run.cpuSeconds : std::min(minCpu[kind], run.cpuSeconds);
        }
    }
    const Run &bestBare = best[0];
    if (bestBare.rate(count) <= 0 || best[1].rate(count) <= 0 || best[2].rate(count) <= 0) {
        std::fprintf(stderr,
                     "bench_ingest: no messages arrived; is the npm `ws` peer installed "
                     "(installer/install-deps.sh)?\n");
        return 1;
    }
    const double targets[3] = {0, 0.5, 0.35};
    for (int kind = 1; kind < 3; ++kind) {
        std::printf("RESULT ingest, %s: %.0f msg/s vs bare %.0f msg/s = %.2fx the bare loop "
                    "(target >= %.2fx)\n",
                    names[kind], best[kind].rate(count), bestBare.rate(count),
                    best[kind].rate(count) / bestBare.rate(count), targets[kind]);
        // The same comparison in the UI thread's CPU time, which a busy neighbour on a shared
        // machine disturbs less: the least each took.
        std::printf("RESULT ingest CPU, %s: the UI thread spent %.2f us per message vs %.2f us "
                    "in the bare loop = %.2fx the bare loop's rate\n",
                    names[kind], minCpu[kind] / count * 1e6, minCpu[0] / count * 1e6,
                    minCpu[0] / minCpu[kind]);
        std::printf("RESULT stall, %s: longest UI-thread gap %.1f ms (target <= 50 ms; the "
                    "timer's own period is 10 ms)\n",
                    names[kind], best[kind].stallMs);
    }
    return 0;
}
