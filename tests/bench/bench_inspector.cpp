// Benchmark 5: select a 64 MiB binary message in a shown log pane and time it until the hex
// view first paints; the baseline in the same run is the same for a 100-byte binary message.
// Then the worst 1 MiB JSON a peer can send (1,000 nested arrays around numbers), selected,
// against a flat 1 MiB JSON array of the same numbers: time until the JSON view is filled, and
// the resident memory it added.
// Usage: bench_inspector [MiB]

#include "benchsupport.h"
#include "inspector/frameinspector.h"
#include "inspector/hexview.h"
#include "log/filteredlogmodel.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"
#include "log/messagelogview.h"

#include <QApplication>

#include <cstdio>

using namespace Sockscope;

namespace {
double timeUntilHexPaint(LogPane &pane, int row)
{
    HexView *hex = pane.inspector()->hexView();
    pane.view()->clearSelection();
    pane.inspector()->clear();
    QApplication::processEvents();
    const int paintsBefore = hex->paintCount();
    QElapsedTimer clock;
    clock.start();
    pane.view()->setCurrentIndex(pane.filteredLog()->index(row, 0));
    while (hex->paintCount() == paintsBefore && clock.elapsed() < 10000)
        QApplication::processEvents();
    return clock.nsecsElapsed() / 1e6;
}
} // namespace

int main(int argc, char *argv[])
{
    Bench::useOffscreen();
    QApplication app(argc, argv);
    const qsizetype mib = argc > 1 ? std::atoi(argv[1]) : 64;

    MessageLogModel log;
    QByteArray big(mib * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 31 + (i >> 12));
    LogEvent small;
    small.direction = Direction::Received;
    small.type = EventType::Binary;
    small.data = big.left(100);
    LogEvent large = small;
    large.data = big;
    log.append(small);
    log.append(large);
    log.flush();
    LogPane pane(&log);
    pane.resize(1200, 800);
    pane.show();
    QApplication::processEvents();

    double bestSmall = 1e9;
    double bestLarge = 1e9;
    for (int i = 0; i < 5; ++i) {
        bestSmall = qMin(bestSmall, timeUntilHexPaint(pane, 0));
        bestLarge = qMin(bestLarge, timeUntilHexPaint(pane, 1));
    }
    std::printf(
        "Inspector: select a binary row and wait for the hex view's first paint (best of 5)\n");
    std::printf("  100 B message: %.2f ms\n", bestSmall);
    std::printf("  %lld MiB message: %.2f ms, painted lines %lld-%lld of %lld\n", qint64(mib),
                bestLarge, pane.inspector()->hexView()->firstPaintedLine(),
                pane.inspector()->hexView()->lastPaintedLine(),
                pane.inspector()->hexView()->layout().lineCount());
    std::printf("RESULT inspector: %lld MiB hex view painted in %.1f ms (target <= 100 ms), "
                "%.1fx the 100-byte message\n",
                qint64(mib), bestLarge, bestLarge / bestSmall);

    // JSON: the hostile shape against a flat one of the same size.
    const auto numbers = [](int depth) -> QByteArray {
        QByteArray json(depth, '[');
        while (json.size() < (1 << 20) - depth - 8)
            json += "1234567,";
        return json + '0' + QByteArray(depth, ']');
    };
    MessageLogModel jsonLog;
    for (const int depth : {1, 1000}) {
        LogEvent e;
        e.direction = Direction::Received;
        e.type = EventType::Text;
        e.data = numbers(depth);
        jsonLog.append(e);
    }
    jsonLog.flush();
    LogPane jsonPane(&jsonLog);
    jsonPane.resize(1200, 800);
    jsonPane.show();
    QApplication::processEvents();
    double ms[2] = {0, 0};
    qint64 grew[2] = {0, 0};
    for (int row : {1, 0}) { // the hostile one first, into a fresh heap
        jsonPane.inspector()->clear();
        QApplication::processEvents();
        const qint64 before = Bench::residentBytes();
        QElapsedTimer clock;
        clock.start();
        jsonPane.view()->setCurrentIndex(jsonPane.filteredLog()->index(row, 0));
        QApplication::processEvents();
        ms[row] = clock.nsecsElapsed() / 1e6;
        grew[row] = Bench::residentBytes() - before;
    }
    std::printf("  flat 1 MiB JSON: %.1f ms, +%.1f MiB resident\n", ms[0], grew[0] / 1048576.0);
    std::printf("  1,000-deep 1 MiB JSON: %.1f ms, +%.1f MiB resident\n", ms[1],
                grew[1] / 1048576.0);
    std::printf("RESULT inspector json: the worst 1 MiB JSON opens in %.0f ms and +%.0f MiB "
                "(target: a few hundred ms, tens of MiB), %.1fx the flat one\n",
                ms[1], grew[1] / 1048576.0, ms[1] / ms[0]);
    return 0;
}
