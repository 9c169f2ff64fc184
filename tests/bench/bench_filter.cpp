// Benchmark 4: a substring filter, then a regex filter, then decoded-field terms (the rows read
// as JSON; then a Socket.IO connection's rows), over 1,000,000 rows in a shown log pane, timed
// until the result is on screen, with the longest UI-thread stall meanwhile.
// Then every registered decoder: each conversation of tests/peers/decoder-samples.js (messages
// written by the npm libraries of each protocol) repeated to 100,000 rows, filtered on
// protocol:*, which decodes every row: straight after the rows came (the log's stateful
// decoders fed by the filter), then after the log has fed them by itself, again, and on the
// protocol's own field.
// Baseline in the same run: a bare loop of QByteArrayView::contains (case-sensitive, so less
// work than the filter's case-insensitive search) over the same payloads.
// Usage: bench_filter [COUNT [CONVERSATION]]: CONVERSATION, a part of a conversation's name,
// measures only the decoders whose conversation names hold it.

#include "benchsupport.h"
#include "decoders/protobuf/protoschema.h"
#include "log/filteredlogmodel.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <cstdio>
#include <ctime>

using namespace Sockscope;
using namespace Qt::StringLiterals;

namespace {
double processCpuMs()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Timing
{
    double ms = 0;
    double cpuMs = 0; // both threads' time, which the machine's other load changes less
    double stallMs = 0;
    int rows = 0;
};

Timing runFilter(FilteredLogModel *filtered, const LogFilterSpec &spec)
{
    Bench::StallProbe probe;
    QEventLoop loop;
    QObject::connect(filtered, &FilteredLogModel::filterFinished, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    probe.start();
    const double cpuBefore = processCpuMs();
    clock.start();
    filtered->setFilter(spec);
    if (filtered->isFiltering())
        loop.exec();
    Timing t;
    t.ms = clock.nsecsElapsed() / 1e6;
    t.cpuMs = processCpuMs() - cpuBefore;
    QApplication::processEvents(); // the view takes the result
    probe.stop();
    t.stallMs = probe.maxGapMs();
    t.rows = filtered->rowCount();
    return t;
}
// A log's own pane, shown as a user has it, filtered once.
Timing filterInPane(MessageLogModel *log, const QString &text)
{
    LogPane pane(log);
    pane.resize(1200, 800);
    pane.show();
    QApplication::processEvents();
    LogFilterSpec spec;
    spec.text = text;
    return runFilter(pane.filteredLog(), spec);
}

// Waits for a log to feed its decoders by itself, as it does once rows stop coming; the time
// until they are fed (kTrackIdleMs after its last rows at most; at once when a Summary cell
// far ahead asks for it).
Timing fedByItself(MessageLogModel *log)
{
    Bench::StallProbe probe;
    probe.start();
    QElapsedTimer clock;
    clock.start();
    while (log->untrackedRows() > 0)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents);
    Timing t;
    t.ms = clock.nsecsElapsed() / 1e6;
    probe.stop();
    t.stallMs = probe.maxGapMs();
    return t;
}

// A term on a field the conversation's protocol gives, that every value matches.
QString fieldTermOf(const QString &conversation)
{
    static const std::pair<const char16_t *, const char16_t *> terms[] = {
        {u"socket.io", u"event:*"},         {u"mqtt", u"topic:*"},
        {u"stomp", u"destination:*"},       {u"graphql", u"operation:*"},
        {u"subscriptions", u"operation:*"}, {u"json-rpc", u"method:*"},
        {u"signalr", u"target:*"},          {u"payloads", u"json.type:*"},
        {u"deflate", u"json.type:*"},       {u"protobuf", u"json.1:*"},
    };
    for (const auto &[name, term] : terms) {
        if (conversation.contains(QStringView(name)))
            return QString::fromUtf16(term);
    }
    return u"protocol:*"_s;
}

// Every registered decoder, every row decoded, per million rows; prints each and returns the
// slowest's name and figure.
std::pair<QString, double> everyDecoder(int count, double bareMs, const QString &only)
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(SOCKSCOPE_SOURCE_DIR "/tests/peers"));
    node.start(QStringLiteral(SOCKSCOPE_NODE), {QStringLiteral("decoder-samples.js")});
    node.waitForFinished(60'000);
    const QJsonArray conversations = QJsonDocument::fromJson(node.readAllStandardOutput()).array();
    const int perDecoder = qMax(count / 10, 1);
    double slowestMs = 0;
    QString slowest;
    for (const QJsonValue &c : conversations) {
        const QJsonObject conversation = c.toObject();
        const QJsonArray messages = conversation.value(u"messages").toArray();
        if (conversation.value(u"name").toString().contains(u".proto") || messages.isEmpty())
            continue; // measured above, with its .proto
        if (!conversation.value(u"name").toString().contains(only, Qt::CaseInsensitive))
            continue;
        MessageLogModel log;
        log.setDecodeAs(conversation.value(u"decodeAs").toString()); // as the user chose it
        auto facts = std::make_shared<ConnectionFacts>();
        facts->url = conversation.value(u"url").toString();
        facts->subprotocol = conversation.value(u"subprotocol").toString();
        LogEvent opened = LogEvent::now(Direction::Lifecycle, EventType::Open, "opened");
        opened.facts = facts;
        log.append(opened);
        for (int i = 0; i < perDecoder; ++i) {
            const QJsonObject m = messages.at(i % messages.size()).toObject();
            log.append(LogEvent::now(
                m.value(u"dir").toString() == u"sent" ? Direction::Sent : Direction::Received,
                m.value(u"binary").toBool() ? EventType::Binary : EventType::Text,
                QByteArray::fromBase64(m.value(u"base64").toString().toLatin1())));
            if (i % 10000 == 9999)
                log.flush();
        }
        log.flush();
        // The first filter of a log feeds its stateful decoders too; a filter after it (or in a
        // log whose Summary column followed its rows) only decodes. protocol:* reads every row's
        // layers; the protocol's own field, with a pattern every value matches, its fields.
        LogPane pane(&log);
        pane.resize(1200, 800);
        pane.show();
        QApplication::processEvents();
        const QString name = conversation.value(u"name").toString();
        LogFilterSpec spec;
        spec.text = u"protocol:*"_s;
        const Timing straight = runFilter(pane.filteredLog(), spec);
        // The same log once it has fed its decoders by itself, as it does when rows stop
        // coming: "Decode as" none and back makes it feed them again.
        runFilter(pane.filteredLog(), LogFilterSpec());
        log.setDecodeAs(u"none"_s);
        log.setDecodeAs(conversation.value(u"decodeAs").toString());
        const Timing feeding = fedByItself(&log);
        const Timing first = runFilter(pane.filteredLog(), spec);
        const Timing again = runFilter(pane.filteredLog(), spec);
        spec.text = fieldTermOf(name);
        const Timing field = runFilter(pane.filteredLog(), spec);
        const auto perMillion = [&](double ms) {
            return ms * 1e6 / perDecoder;
        };
        std::printf(
            "  every row of %s decoded: protocol:* straight after the rows came %.0f ms a "
            "million (%.1fx the bare scan); the log feeding its decoders by itself %.0f "
            "ms (longest stall %.1f ms); then protocol:* %.0f ms (%.1fx), again %.0f ms "
            "(%.1fx), %s %.0f ms (%.1fx); longest stall while filtering %.1f ms; CPU time of "
            "these four %.0f / %.0f / %.0f / %.0f ms\n",
            qPrintable(name), perMillion(straight.ms), perMillion(straight.ms) / bareMs,
            perMillion(feeding.ms), feeding.stallMs, perMillion(first.ms),
            perMillion(first.ms) / bareMs, perMillion(again.ms), perMillion(again.ms) / bareMs,
            qPrintable(spec.text), perMillion(field.ms), perMillion(field.ms) / bareMs,
            qMax(qMax(qMax(straight.stallMs, first.stallMs), again.stallMs), field.stallMs),
            perMillion(straight.cpuMs), perMillion(first.cpuMs), perMillion(again.cpuMs),
            perMillion(field.cpuMs));
        const double slowestOfIt
            = qMax(qMax(perMillion(first.ms), perMillion(again.ms)), perMillion(field.ms));
        if (slowestOfIt > slowestMs) {
            slowestMs = slowestOfIt;
            slowest = name;
        }
    }

    return {slowest, slowestMs};
}
} // namespace

int main(int argc, char *argv[])
{
    Bench::useOffscreen();
    QApplication app(argc, argv);
    const int count = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const QString only = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();

    MessageLogModel log;
    for (int i = 0; i < count; ++i) {
        // Market-data-like rows of about 100 bytes; one symbol in a thousand is SYM123.
        log.appendText(
            Direction::Received,
            QStringLiteral("{\"type\":\"trade\",\"sym\":\"SYM%1\",\"px\":%2.%3,\"qty\":%4,"
                           "\"id\":%5,\"venue\":\"XNAS\"}")
                .arg(i % 1000, 3, 10, QLatin1Char('0'))
                .arg(100 + i % 900)
                .arg(i % 100, 2, 10, QLatin1Char('0'))
                .arg(i % 5000)
                .arg(i));
        if (i % 10000 == 9999)
            log.flush();
    }
    log.flush();
    LogPane pane(&log);
    pane.resize(1200, 800);
    pane.show();
    QApplication::processEvents();
    std::printf("Filter: %d rows of about 100 B\n", log.rowCount());
    // Measured once the log has recognised its rows in the background (each row's decoder,
    // kept for the filter), as it does once rows stop coming.
    const Timing fed = fedByItself(&log);
    std::printf("  the log recognising its rows by itself: %.0f ms, longest stall %.1f ms\n",
                fed.ms, fed.stallMs);

    QElapsedTimer clock;
    clock.start();
    int bare = 0;
    for (int row = 0; row < log.rowCount(); ++row)
        bare += log.payloadView(row).contains("SYM123");
    const double bareMs = clock.nsecsElapsed() / 1e6;
    std::printf("  baseline: bare QByteArrayView::contains over every payload %.1f ms (%d rows)\n",
                bareMs, bare);

    if (!only.isEmpty()) {
        const auto [slowest, slowestMs] = everyDecoder(count, bareMs, only);
        std::printf("RESULT every row decoded: slowest %s, %.0f ms a million (%.1fx the bare "
                    "scan)\n",
                    qPrintable(slowest), slowestMs, slowestMs / bareMs);
        return 0;
    }

    LogFilterSpec substring;
    substring.text = QStringLiteral("sym123");
    const Timing s = runFilter(pane.filteredLog(), substring);
    std::printf(
        "  substring \"sym123\" (case-insensitive): %.1f ms, %d rows, longest stall %.1f ms\n",
        s.ms, s.rows, s.stallMs);

    LogFilterSpec regex;
    regex.text = QStringLiteral(R"("px":1\d\d\.5\d,"qty":4\d{3})");
    regex.mode = LogFilterSpec::TextMode::Regex;
    const Timing r = runFilter(pane.filteredLog(), regex);
    std::printf("  regex %s: %.1f ms, %d rows, longest stall %.1f ms\n", qPrintable(regex.text),
                r.ms, r.rows, r.stallMs);

    // Field terms: JSON here (the rows have no connection, so each is recognised), then
    // Socket.IO events in a log whose Open row names /socket.io/. A row whose text lacks the
    // term's value is not decoded; "SYM*3" is in every row's text, so every row is decoded.
    LogFilterSpec field;
    field.text = QStringLiteral("json.sym=SYM123");
    const Timing f = runFilter(pane.filteredLog(), field);
    std::printf("  field term %s: %.1f ms, %d rows, longest stall %.1f ms\n",
                qPrintable(field.text), f.ms, f.rows, f.stallMs);
    LogFilterSpec everyRow;
    everyRow.text = QStringLiteral("json.sym:SYM*3");
    const Timing w = runFilter(pane.filteredLog(), everyRow);
    std::printf("  field term %s (every row decoded): %.1f ms, %d rows, longest stall %.1f ms\n",
                qPrintable(everyRow.text), w.ms, w.rows, w.stallMs);

    MessageLogModel socketIo;
    LogEvent open = LogEvent::now(Direction::Lifecycle, EventType::Open, "opened");
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = QStringLiteral("ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket");
    open.facts = facts;
    socketIo.append(open);
    for (int i = 0; i < count; ++i) {
        socketIo.appendText(
            Direction::Received,
            QStringLiteral("42[\"%1\",{\"sym\":\"SYM%2\",\"px\":%3.%4,\"qty\":%5,\"id\":%6}]")
                .arg(i % 4 == 0 ? QStringLiteral("quote") : QStringLiteral("trade"))
                .arg(i % 1000, 3, 10, QLatin1Char('0'))
                .arg(100 + i % 900)
                .arg(i % 100, 2, 10, QLatin1Char('0'))
                .arg(i % 5000)
                .arg(i));
        if (i % 10000 == 9999)
            socketIo.flush();
    }
    socketIo.flush();
    const QString event = QStringLiteral("event:trade json.0.sym=SYM123");
    const Timing e = filterInPane(&socketIo, event);
    std::printf("  Socket.IO %s: %.1f ms, %d rows, longest stall %.1f ms\n", qPrintable(event),
                e.ms, e.rows, e.stallMs);
    // Protobuf with a .proto: binary rows, so every one is decoded (DynamicMessage, then its
    // fields by reflection). A tenth of the rows, to keep the run short.
    QString protoError;
    const auto schema = ProtoSchema::load(
        QStringLiteral(SOCKSCOPE_SOURCE_DIR "/tests/decoders/proto/market/quote.proto"),
        &protoError);
    if (!schema) {
        std::printf("  the .proto did not load: %s\n", qPrintable(protoError));
        return 1;
    }
    MessageLogModel quotes;
    quotes.setDecoder(std::make_shared<ProtobufSchemaDecoder>(schema, u"market.Quote"_s));
    const int quoteCount = count / 10;
    for (int i = 0; i < quoteCount; ++i) {
        // symbol = 1 (text), price = 2 (double), size = 3 (varint), as protobufjs writes them.
        QByteArray bytes("\x0a\x06");
        bytes += QStringLiteral("SYM%1").arg(i % 1000, 3, 10, QLatin1Char('0')).toLatin1();
        const double price = 100 + i % 900 + 0.25;
        bytes += '\x11';
        bytes += QByteArray(reinterpret_cast<const char *>(&price), sizeof price);
        bytes += '\x18';
        for (quint32 size = quint32(i % 5000);; size >>= 7) {
            bytes += char((size & 0x7f) | (size > 0x7f ? 0x80 : 0));
            if (size <= 0x7f)
                break;
        }
        quotes.append(LogEvent::now(Direction::Received, EventType::Binary, bytes));
        if (i % 10000 == 9999)
            quotes.flush();
    }
    quotes.flush();
    const QString quote = QStringLiteral("json.symbol=SYM123");
    const Timing q = filterInPane(&quotes, quote);
    std::printf("  protobuf with a .proto %s over %d rows: %.1f ms (%.0f ms a million), %d rows, "
                "longest stall %.1f ms\n",
                qPrintable(quote), quoteCount, q.ms, q.ms * 1e6 / quoteCount, q.rows, q.stallMs);

    const auto [slowest, slowestMs] = everyDecoder(count, bareMs, only);

    clock.restart();
    qsizetype summaryChars = 0;
    for (int row = 0; row < 1000; ++row)
        summaryChars += socketIo.summaryText(socketIo.rowCount() - 1 - row).size();
    std::printf("  Summary column: 1000 rows made in %.2f ms (%lld characters)\n",
                clock.nsecsElapsed() / 1e6, qlonglong(summaryChars));

    const double quoteMs = q.ms * 1e6 / quoteCount;
    std::printf("RESULT field terms: JSON %.0f ms (%.1fx the bare scan), Socket.IO %.0f ms "
                "(%.1fx), every row decoded %.0f ms (%.1fx), protobuf with a .proto %.0f ms a "
                "million (%.1fx), longest UI stall %.1f ms\n",
                f.ms, f.ms / bareMs, e.ms, e.ms / bareMs, w.ms, w.ms / bareMs, quoteMs,
                quoteMs / bareMs, qMax(qMax(qMax(f.stallMs, e.stallMs), w.stallMs), q.stallMs));
    std::printf("RESULT every registered decoder, every row decoded: slowest %s, %.0f ms a "
                "million (%.1fx the bare scan)\n",
                qPrintable(slowest), slowestMs, slowestMs / bareMs);
    std::printf("RESULT filter: substring %.0f ms (target <= 200 ms, %.1fx the bare scan), "
                "regex %.0f ms (target <= 1000 ms), longest UI stall %.1f ms\n",
                s.ms, s.ms / bareMs, r.ms, qMax(s.stallMs, r.stallMs));
    return 0;
}
