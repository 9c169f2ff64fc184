// A server tab in the window with 10,000 npm `ws` clients: the window runs on Qt's GLib event
// dispatcher and keeps a log per client, its server on a thread of its own with Qt's Unix
// dispatcher; `sockscope serve` (the baseline, in the same run) runs on one thread and keeps
// no log. Measured: the time to open the clients,
// a broadcast from the send until the last client has it (median of 5), and the longest the
// window's event loop went without running during the broadcasts.
// Usage: bench_servertab [CLIENTS]

#include "benchsupport.h"
#include "server/ruleset.h"
#include "server/servertab.h"
#include "server/threadedmockserver.h"

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QEventLoop>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

namespace {
struct Figures
{
    double openMs = -1;
    double broadcastMs = -1;
    double stallMs = -1;
    double kibPerClient = -1; // this process's resident memory (the window's run only)
};

void raiseOpenFilesLimit()
{
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

// A line from the process, running the event loop while waiting (the server may be ours).
QByteArray lineFrom(QProcess &process, int timeoutMs)
{
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &loop, [&] {
        if (process.canReadLine())
            loop.quit();
    });
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    if (!process.canReadLine())
        loop.exec();
    return process.readLine().trimmed();
}

Figures measure(const QUrl &url, int count, bool inProcess)
{
    Figures f;
    const qint64 before = Bench::residentBytes();
    QProcess clients;
    clients.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    clients.start(QStringLiteral(SOCKSCOPE_NODE),
                  {QStringLiteral(SOCKSCOPE_BENCH_DIR "/many-clients.js"), url.toString(),
                   QString::number(count)});
    const QByteArray opened = lineFrom(clients, 180000);
    if (!opened.startsWith("OPEN ")) {
        std::printf("  clients did not open: %s\n", opened.constData());
        return f;
    }
    f.openMs = opened.split(' ').value(2).toDouble();
    if (inProcess)
        f.kibPerClient = double(Bench::residentBytes() - before) / 1024 / count;
    Bench::StallProbe probe;
    probe.start();
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
        clients.write("broadcast\n");
        const QByteArray line = lineFrom(clients, 60000);
        if (line.startsWith("BROADCAST "))
            times.push_back(line.mid(10).toDouble());
    }
    probe.stop();
    f.stallMs = probe.maxGapMs();
    std::sort(times.begin(), times.end());
    if (!times.empty())
        f.broadcastMs = times[times.size() / 2];
    clients.write("quit\n");
    clients.waitForFinished(30000);
    return f;
}
} // namespace

int main(int argc, char *argv[])
{
    Bench::useOffscreen();
    Sockscope::ThreadedMockServer::useUnixDispatcherOnThreads(); // as main() does
    raiseOpenFilesLimit();
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
    std::printf("Server tab: %d npm ws clients, broadcast median of 5 (dispatcher: %s)\n", count,
                QAbstractEventDispatcher::instance()->metaObject()->className());

    // The baseline: sockscope serve, headless, with the same rules.
    QProcess serve;
    serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    serve.start(QStringLiteral(SOCKSCOPE_BINARY),
                {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                 QStringLiteral("--quiet"), QStringLiteral("--rules"),
                 QStringLiteral(SOCKSCOPE_BENCH_DIR "/bench-rules.json")});
    const QByteArray listening = lineFrom(serve, 10000);
    const QUrl serveUrl(QString::fromUtf8(listening.mid(listening.indexOf("ws://"))));
    const Figures headless = measure(serveUrl, count, false);
    serve.terminate();
    serve.waitForFinished(10000);

    Sockscope::ServerTab tab;
    tab.resize(1100, 700);
    tab.show();
    tab.toggleServer();
    Sockscope::RuleSet rules;
    QString error;
    if (!tab.server()->isListening()
        || !Sockscope::RuleSet::load(QStringLiteral(SOCKSCOPE_BENCH_DIR "/bench-rules.json"),
                                     &rules, &error)) {
        std::printf("  the server tab did not start: %s\n", qPrintable(error));
        return 1;
    }
    tab.server()->setRules(rules);
    std::printf("  (the server tab's server thread: %s)\n",
                QAbstractEventDispatcher::instance(tab.server()->serverThread())
                    ->metaObject()
                    ->className());
    const Figures window = measure(tab.server()->url(), count, true);

    std::printf("  %-26s %10s %14s %18s %12s\n", "", "open (ms)", "broadcast ms",
                "longest stall ms", "KiB/client");
    std::printf("  %-26s %10.0f %14.1f %18s %12s\n", "sockscope serve baseline", headless.openMs,
                headless.broadcastMs, "-", "-");
    std::printf("  %-26s %10.0f %14.1f %18.1f %12.1f\n", "server tab in the window", window.openMs,
                window.broadcastMs, window.stallMs, window.kibPerClient);
    std::printf("RESULT server tab broadcast: %.1f ms to the last of %d clients (target < 500 ms; "
                "serve: %.1f ms, %.2fx); the window's loop stalled at most %.1f ms\n",
                window.broadcastMs, count, headless.broadcastMs,
                window.broadcastMs / headless.broadcastMs, window.stallMs);
    return 0;
}
