// Benchmark 3: resident memory per retained 100-byte message, over 1,000,000 messages, in a log
// shown in its pane, against the same payloads kept the naive way (a QList<QByteArray>) in the
// same run.
// Usage: bench_memory [COUNT] [SIZE]

#include "benchsupport.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"

#include <QApplication>

#include <cstdio>

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
} // namespace

int main(int argc, char *argv[])
{
    Bench::useOffscreen();
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int size = argc > 2 ? std::atoi(argv[2]) : 100;
    std::printf("Memory: %d messages of %d B\n", count, size);

    // The log as the app holds it: appended as a connection does, flushed in batches, with
    // its pane (filter model, view, inspector) shown.
    double perLog = 0;
    {
        MessageLogModel log;
        LogPane pane(&log);
        pane.resize(1200, 800);
        pane.show();
        QApplication::processEvents();
        const qint64 before = Bench::residentBytes();
        for (int i = 0; i < count; ++i) {
            log.appendText(Direction::Received, payload(i, size));
            if (i % 2000 == 1999) {
                log.flush();
                QApplication::processEvents();
            }
        }
        log.flush();
        QApplication::processEvents();
        const qint64 after = Bench::residentBytes();
        perLog = double(after - before) / count;
        std::printf("  log pane: %d rows retained, resident +%.1f MiB, %.1f B per message\n",
                    log.rowCount(), (after - before) / 1048576.0, perLog);
    }
    // The naive way, for scale: each payload its own QByteArray in a list.
    double perList = 0;
    {
        const qint64 before = Bench::residentBytes();
        QList<QByteArray> list;
        for (int i = 0; i < count; ++i)
            list.append(payload(i, size).toUtf8());
        const qint64 after = Bench::residentBytes();
        perList = double(after - before) / count;
        std::printf("  QList<QByteArray>: resident +%.1f MiB, %.1f B per message\n",
                    (after - before) / 1048576.0, perList);
    }
    std::printf("RESULT memory: %.1f B per retained %d-byte message (target <= 160 B); "
                "a QList<QByteArray> of the same payloads takes %.1f B (%.2fx)\n",
                perLog, size, perList, perLog / perList);
    return 0;
}
