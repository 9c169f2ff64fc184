// Mock server benchmarks, each against the npm `ws` package as the baseline in the same run:
//  1. 10,000 concurrent clients held on loopback, and the server's resident memory per client;
//  2. one broadcast to all of them, from the send until the last client has it;
//  3. echo throughput of `sockscope serve --echo` under the same client load, from 16 Qt
//     clients with 64 messages of 100 B in flight each;
//  4. the same from clients that are not Qt, the shape users have: 100 npm `ws` clients, each
//     keeping 10 messages of 64 B in flight (tests/bench/echo-clients.js).
// Usage: bench_server [CLIENTS] [ECHO_MESSAGES]

#include "benchsupport.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include <sys/resource.h>

namespace {
struct Figures
{
    double openMs = 0;
    double kibPerClient = 0;
    double broadcastMs = 0;
    double echoPerSecond = 0;
    double wsEchoPerSecond = 0;
};

// Lets this process and its children hold tens of thousands of sockets.
void raiseOpenFilesLimit()
{
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    rlimit wanted = limit;
    wanted.rlim_cur = wanted.rlim_max = std::max<rlim_t>(limit.rlim_max, 65536);
    if (setrlimit(RLIMIT_NOFILE, &wanted) != 0) { // not root: as far as the hard limit goes
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    getrlimit(RLIMIT_NOFILE, &limit);
    std::printf("  open files limit: %llu\n", static_cast<unsigned long long>(limit.rlim_cur));
}

qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QByteArray readLineFrom(QProcess &process, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!process.canReadLine() && clock.elapsed() < timeoutMs)
        process.waitForReadyRead(100);
    return process.readLine().trimmed();
}

quint16 startServer(QProcess &server, bool sockscope)
{
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (sockscope) {
        server.start(QStringLiteral(SOCKSCOPE_BINARY),
                     {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--quiet"), QStringLiteral("--rules"),
                      QStringLiteral(SOCKSCOPE_BENCH_DIR "/bench-rules.json")});
    } else {
        server.start(QStringLiteral(SOCKSCOPE_NODE),
                     {QStringLiteral(SOCKSCOPE_BENCH_DIR "/ws-bench-server.js")});
    }
    const QByteArray first = readLineFrom(server, 10000);
    const qsizetype colon = first.lastIndexOf(':');
    if (first.startsWith("PORT "))
        return quint16(first.mid(5).toUInt());
    return colon > 0 ? quint16(first.mid(colon + 1).toUInt()) : 0;
}

// Keeps `window` messages in flight on each of `clients` sockets until `total` have come back.
double echoRate(quint16 port, int clients, int window, int total)
{
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    QEventLoop loop;
    int sent = 0;
    int received = 0;
    int open = 0;
    QElapsedTimer clock;
    const QString payload = QString(100, u'e');
    for (int i = 0; i < clients; ++i) {
        auto socket = std::make_unique<QWebSocket>();
        QWebSocket *s = socket.get();
        QObject::connect(s, &QWebSocket::connected, &loop, [&, s] {
            if (++open == clients) {
                clock.start();
                for (auto &each : sockets) {
                    for (int k = 0; k < window && sent < total; ++k, ++sent)
                        each->sendTextMessage(payload);
                }
            }
            Q_UNUSED(s)
        });
        QObject::connect(s, &QWebSocket::textMessageReceived, &loop, [&, s](const QString &) {
            if (++received == total) {
                loop.quit();
                return;
            }
            if (sent < total) {
                ++sent;
                s->sendTextMessage(payload);
            }
        });
        s->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        sockets.push_back(std::move(socket));
    }
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    return received == total ? total / (clock.nsecsElapsed() / 1e9) : 0;
}

// Echo from npm `ws` clients: 100 of them, 10 messages of 64 B in flight each.
double wsClientEchoRate(quint16 port, int total)
{
    QProcess clients;
    clients.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    clients.start(QStringLiteral(SOCKSCOPE_NODE),
                  {QStringLiteral(SOCKSCOPE_BENCH_DIR "/echo-clients.js"),
                   QStringLiteral("ws://127.0.0.1:%1/").arg(port), QStringLiteral("100"),
                   QStringLiteral("10"), QStringLiteral("64"), QString::number(total)});
    const QByteArray line = readLineFrom(clients, 130000);
    clients.waitForFinished(10000);
    if (!line.startsWith("ECHO ")) {
        std::printf("  ws clients: %s\n", line.constData());
        return 0;
    }
    return line.mid(5).toDouble();
}

Figures run(bool sockscope, int clientCount, int echoMessages)
{
    Figures f;
    QProcess server;
    const quint16 port = startServer(server, sockscope);
    if (port == 0) {
        std::printf("  the server did not start\n");
        return f;
    }
    QCoreApplication::processEvents();
    const qint64 before = residentKiB(server.processId());
    QProcess clients;
    clients.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    clients.start(QStringLiteral(SOCKSCOPE_NODE),
                  {QStringLiteral(SOCKSCOPE_BENCH_DIR "/many-clients.js"),
                   QStringLiteral("ws://127.0.0.1:%1/").arg(port), QString::number(clientCount)});
    const QByteArray opened = readLineFrom(clients, 180000);
    if (!opened.startsWith("OPEN ")) {
        std::printf("  clients did not open: %s\n", opened.constData());
        return f;
    }
    f.openMs = opened.split(' ').value(2).toDouble();
    QThread::msleep(500);
    const qint64 after = residentKiB(server.processId());
    f.kibPerClient = double(after - before) / clientCount;

    std::vector<double> broadcasts;
    for (int i = 0; i < 5; ++i) {
        clients.write("broadcast\n");
        const QByteArray line = readLineFrom(clients, 60000);
        if (line.startsWith("BROADCAST "))
            broadcasts.push_back(line.mid(10).toDouble());
    }
    std::sort(broadcasts.begin(), broadcasts.end());
    f.broadcastMs = broadcasts.empty() ? -1 : broadcasts[broadcasts.size() / 2];
    clients.write("quit\n");
    clients.waitForFinished(30000);

    f.echoPerSecond = echoRate(port, 16, 64, echoMessages);
    f.wsEchoPerSecond = wsClientEchoRate(port, echoMessages);
    server.terminate();
    server.waitForFinished(10000);
    return f;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int clients = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int echoMessages = argc > 2 ? std::atoi(argv[2]) : 400000;
    std::printf("Server: %d concurrent clients (npm ws), broadcast median of 5, echo of %d "
                "messages of 100 B over 16 Qt clients with 64 in flight each\n",
                clients, echoMessages);
    raiseOpenFilesLimit();
    const Figures ws = run(false, clients, echoMessages);
    const Figures ours = run(true, clients, echoMessages);
    std::printf("  %-22s %10s %12s %14s %14s %16s\n", "", "open (ms)", "KiB/client", "broadcast ms",
                "echo msg/s", "ws-client echo");
    std::printf("  %-22s %10.0f %12.1f %14.1f %14.0f %16.0f\n", "ws (node) baseline", ws.openMs,
                ws.kibPerClient, ws.broadcastMs, ws.echoPerSecond, ws.wsEchoPerSecond);
    std::printf("  %-22s %10.0f %12.1f %14.1f %14.0f %16.0f\n", "sockscope serve", ours.openMs,
                ours.kibPerClient, ours.broadcastMs, ours.echoPerSecond, ours.wsEchoPerSecond);
    std::printf("RESULT connections: %d held; resident memory %.1f KiB per client (ws: %.1f KiB)\n",
                clients, ours.kibPerClient, ws.kibPerClient);
    std::printf("RESULT broadcast: %.1f ms to the last of %d clients (target <= 200 ms; ws: %.1f "
                "ms, %.2fx)\n",
                ours.broadcastMs, clients, ws.broadcastMs, ours.broadcastMs / ws.broadcastMs);
    std::printf("RESULT echo, 16 Qt clients: %.0f msg/s vs ws %.0f msg/s = %.2fx\n",
                ours.echoPerSecond, ws.echoPerSecond, ours.echoPerSecond / ws.echoPerSecond);
    std::printf("RESULT echo, 100 ws clients x 10 in flight x 64 B: %.0f msg/s vs ws %.0f msg/s = "
                "%.2fx (target >= 1.0x)\n",
                ours.wsEchoPerSecond, ws.wsEchoPerSecond,
                ours.wsEchoPerSecond / ws.wsEchoPerSecond);
    std::printf("RESULT memory: %.1f KiB per idle client vs ws %.1f KiB = %.2fx (target <= 1.0x)\n",
                ours.kibPerClient, ws.kibPerClient, ours.kibPerClient / ws.kibPerClient);
    return 0;
}
