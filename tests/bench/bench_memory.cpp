// Benchmark 3: resident memory per retained 100-byte message, over 1,000,000 messages, in a log
// shown in its pane, without and with wire capture (each message's frame kept as the capture
// attaches it), against the same payloads kept the naive way (a QList<QByteArray>) in the same
// run.
// Usage: bench_memory [COUNT] [SIZE]

#include "benchsupport.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"

#include <QApplication>
#include <QTableView>

#include <cstdio>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace Sockscope;

namespace {
QString payload(int i, int size)
{
    QString text = QStringLiteral("{\"seq\":%1,\"sym\":\"SYM%2\",\"px\":%3}")
                       .arg(i)
                       .arg(i % 1000)
                       .arg(i % 997);
    text = text.leftJustified(size, u' ');
    return text;
}
// Hands freed memory back, so the next measurement starts from what is really in use.
void trim()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

// The log as the app holds it: appended as a connection does, flushed in batches, with its
// pane (filter model, view, wire view, inspector) shown. With wire, each message gets its one
// frame as the wire capture attaches it (a server's unmasked text frame; its payload is the
// row's). Without a wire view, the wire view is given no model: what its header keeps per row
// (Qt's QHeaderView holds 8 bytes a section) is then left out. Returns bytes per message.
double logPane(int count, int size, bool wire, bool wireView = true)
{
    trim();
    MessageLogModel log;
    LogPane pane(&log);
    pane.resize(1200, 800);
    pane.show();
    if (!wireView)
        pane.wireView()->setModel(nullptr);
    QApplication::processEvents();
    const qint64 before = Bench::residentBytes();
    for (int i = 0; i < count; ++i) {
        const quint64 seq = log.nextSequence();
        const qsizetype bytes = log.appendText(Direction::Received, payload(i, size));
        if (wire) {
            WireLog::Frame frame;
            frame.timeUs = i;
            frame.payloadLength = quint64(bytes);
            frame.lengthForm = shortestLengthForm(frame.payloadLength);
            log.attachWire(seq, {frame});
        }
        if (i % 2000 == 1999) {
            log.flush();
            QApplication::processEvents();
        }
    }
    log.flush();
    QApplication::processEvents();
    trim(); // what a container's growth left free is not what the log holds
    const qint64 after = Bench::residentBytes();
    const double per = double(after - before) / count;
    std::printf("  log pane, wire capture %s%s: %d rows and %lld frames retained, resident +%.1f "
                "MiB, %.1f B per message\n",
                wire ? "on " : "off", wireView ? "" : " (wire view without its model)",
                log.rowCount(), static_cast<long long>(log.wire().size()),
                (after - before) / 1048576.0, per);
    return per;
}
} // namespace

int main(int argc, char *argv[])
{
    Bench::useOffscreen();
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int size = argc > 2 ? std::atoi(argv[2]) : 100;
    std::printf("Memory: %d messages of %d B\n", count, size);

    const double perLog = logPane(count, size, false);
    const double perWire = logPane(count, size, true);
    const double perWireUnviewed = logPane(count, size, true, false);
    // The naive way, for scale: each payload its own QByteArray in a list.
    double perList = 0;
    {
        trim();
        const qint64 before = Bench::residentBytes();
        QList<QByteArray> list;
        for (int i = 0; i < count; ++i)
            list.append(payload(i, size).toUtf8());
        trim();
        const qint64 after = Bench::residentBytes();
        perList = double(after - before) / count;
        std::printf("  QList<QByteArray>: resident +%.1f MiB, %.1f B per message\n",
                    (after - before) / 1048576.0, perList);
    }
    std::printf("RESULT memory: %.1f B per retained %d-byte message (target <= 160 B); "
                "a QList<QByteArray> of the same payloads takes %.1f B (%.2fx)\n",
                perLog, size, perList, perLog / perList);
    std::printf("RESULT memory with wire capture: %.1f B per retained %d-byte message, %.1f B "
                "more than without (target: a one-frame message's frame costs <= 24 B); %.2fx "
                "the QList<QByteArray>\n",
                perWire, size, perWire - perLog, perWire / perList);
    std::printf("RESULT memory of the frames alone: %.1f B per frame kept (the wire view's own "
                "rows, %.1f B each, left out)\n",
                perWireUnviewed - perLog, perWire - perWireUnviewed);
    return 0;
}
