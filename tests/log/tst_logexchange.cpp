// Export and import: JSON Lines and HAR round trips, a HAR as browser DevTools save it, and
// files that are broken in the ways real files are.

#include "log/logexport.h"
#include "log/logimport.h"
#include "log/messagelogmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Sockscope;
using namespace Qt::StringLiterals;

namespace {
LogEvent make(qint64 ms, Direction d, EventType t, QByteArray data)
{
    LogEvent e;
    e.timestampMs = ms;
    e.direction = d;
    e.type = t;
    e.data = std::move(data);
    return e;
}

WireLog::Frame frame(bool fromClient, quint8 opcode, quint64 length, bool fin = true)
{
    WireLog::Frame f;
    f.timeUs = 1000 + qint64(length);
    f.fromClient = fromClient;
    f.opcode = opcode;
    f.fin = fin;
    f.payloadLength = length;
    f.lengthForm = shortestLengthForm(length);
    if (fromClient) {
        f.masked = true;
        f.maskingKey = {0xde, 0xad, 0xbe, 0xef};
    }
    return f;
}

// One of every kind of row, with the awkward cases: empty, binary, invalid UTF-8 text,
// non-ASCII text, fragments, a close and a pong; and the frames of a wire capture: handshake
// heads (one with a secret in it), masked and fragmented frames, a control frame's own
// payload, a frame with a verdict, a non-minimal length.
std::vector<LogEvent> sampleEvents()
{
    std::vector<LogEvent> events;
    const qint64 t0 = 1'763'633'700'612;
    LogEvent connecting
        = make(t0, Direction::Lifecycle, EventType::Connecting, "Connecting to ws://h/");
    connecting.wire = {WireLog::Frame::handshakeHead(
        "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t0ken\r\n\r\n", true, 12)};
    events.push_back(connecting);
    LogEvent open = make(t0 + 1, Direction::Lifecycle, EventType::Open, "Opened, subprotocol chat");
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = u"ws://h/"_s;
    facts->subprotocol = u"chat"_s;
    facts->requestHeaders = {{u"Host"_s, u"h"_s}, {u"Authorization"_s, u"Bearer t0ken"_s, true}};
    facts->responseHeaders = {{u"Sec-WebSocket-Protocol"_s, u"chat"_s}};
    open.facts = facts;
    open.wire = {WireLog::Frame::handshakeHead(
        "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Protocol: chat\r\n\r\n", false, 80)};
    events.push_back(open);
    LogEvent hi = make(t0 + 2, Direction::Sent, EventType::Text, "{\"op\":\"hi\"}");
    hi.wire = {frame(true, 0x1, 11)};
    hi.wire[0].lengthForm = LengthForm::Long64; // legal, not the shortest
    events.push_back(hi);
    events.push_back(
        make(t0 + 3, Direction::Received, EventType::Text, "grüß dich — 価格 📈\nline 2"));
    events.push_back(make(t0 + 4, Direction::Received, EventType::Text, ""));
    events.push_back(
        make(t0 + 5, Direction::Received, EventType::Text, QByteArray("bad \xff utf8", 10)));
    LogEvent binary
        = make(t0 + 6, Direction::Received, EventType::Binary, QByteArray("\x00\x01\xfe\xff", 4));
    binary.frames = {{2, false}, {2, true}};
    binary.wire = {frame(false, 0x2, 2, false), frame(false, 0x0, 2)};
    binary.wire[1].rsv2 = true;
    binary.wire[1].verdict = u"RSV2 is set, and no extension was negotiated"_s;
    events.push_back(binary);
    events.push_back(make(t0 + 7, Direction::Sent, EventType::Binary, QByteArray()));
    LogEvent ping = make(t0 + 8, Direction::Sent, EventType::Ping, "p1");
    ping.wire = {frame(true, 0x9, 2)};
    ping.wire[0].ownPayload = "p1";
    events.push_back(ping);
    LogEvent pong = make(t0 + 9, Direction::Received, EventType::Pong, "p1");
    pong.roundTripUs = 1234;
    events.push_back(pong);
    LogEvent automatic = make(t0 + 9, Direction::Sent, EventType::Pong, "s1");
    automatic.automatic = true; // Qt's answer to the server's ping
    events.push_back(automatic);
    LogEvent close = make(t0 + 10, Direction::Received, EventType::Close, "going away");
    close.closeCode = 1001;
    events.push_back(close);
    LogEvent drop = make(t0 + 11, Direction::Lifecycle, EventType::Close, QByteArray());
    drop.closeCode = 1006;
    events.push_back(drop);
    events.push_back(make(t0 + 12, Direction::Lifecycle, EventType::Error, "Host not found: h."));
    return events;
}

void fill(MessageLogModel &log, const std::vector<LogEvent> &events)
{
    log.addSecrets({u"Bearer t0ken"_s}); // as the connection adds its secret headers' values
    for (const LogEvent &e : events)
        log.append(e);
    log.flush();
}

void compareEvent(const LogEvent &a, const LogEvent &b)
{
    QCOMPARE(a.timestampMs, b.timestampMs);
    QCOMPARE(int(a.direction), int(b.direction));
    QCOMPARE(int(a.type), int(b.type));
    QCOMPARE(a.data, b.data);
    QCOMPARE(a.closeCode, b.closeCode);
    QCOMPARE(a.roundTripUs, b.roundTripUs);
    QCOMPARE(a.automatic, b.automatic);
    QVERIFY(a.frames == b.frames);
    QCOMPARE(a.wire.size(), b.wire.size());
    for (size_t i = 0; i < a.wire.size(); ++i) {
        const WireLog::Frame &x = a.wire[i];
        const WireLog::Frame &y = b.wire[i];
        QCOMPARE(x.timeUs, y.timeUs);
        QCOMPARE(x.fromClient, y.fromClient);
        QCOMPARE(x.handshake, y.handshake);
        QCOMPARE(x.fin, y.fin);
        QCOMPARE(x.rsv1, y.rsv1);
        QCOMPARE(x.rsv2, y.rsv2);
        QCOMPARE(x.rsv3, y.rsv3);
        QCOMPARE(x.opcode, y.opcode);
        QCOMPARE(x.masked, y.masked);
        QVERIFY(x.maskingKey == y.maskingKey);
        QCOMPARE(int(x.lengthForm), int(y.lengthForm));
        QCOMPARE(x.verdict, y.verdict);
        // A file never holds a secret, in a handshake head either.
        const auto written = [](std::optional<QByteArray> bytes) {
            if (bytes)
                bytes->replace("Bearer t0ken", "<secret>");
            return bytes;
        };
        QCOMPARE(x.ownPayload, written(y.ownPayload));
        if (!x.handshake)
            QCOMPARE(x.payloadLength, y.payloadLength);
    }
    QCOMPARE(bool(a.facts), bool(b.facts));
    if (b.facts) {
        // A file never holds a secret: what comes back is the placeholder, still marked.
        ConnectionFacts written = *b.facts;
        for (ConnectionFacts::Header &h : written.requestHeaders) {
            if (h.secret)
                h.value = u"<secret>"_s;
        }
        QCOMPARE(a.facts->url, written.url);
        QCOMPARE(a.facts->subprotocol, written.subprotocol);
        QCOMPARE(a.facts->requestHeaders, written.requestHeaders);
        QCOMPARE(a.facts->responseHeaders, written.responseHeaders);
    }
}
// A translator that changes every string, as the first translation of Sockscope would.
class ShoutingTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *sourceText, const char *, int) const override
    {
        return QString::fromUtf8(sourceText).toUpper() + u"!"_s;
    }
};
} // namespace

class tst_LogExchange : public QObject
{
    Q_OBJECT

private slots:
    void jsonLinesRoundTripKeepsEveryField_data();
    void jsonLinesRoundTripKeepsEveryField();
    void harRoundTripKeepsMessages();
    void extremeTimesRoundTrip();
    void devToolsHarFixture();
    void harCloseIsRead_data();
    void harCloseIsRead();
    void plainTextExport();
    void malformedJsonLines_data();
    void malformedJsonLines();
    void malformedHar_data();
    void malformedHar();
    void unreadableFiles();
    void writeFailureIsReported();
    void fullDiskKeepsTheOldFile();

private:
    QTemporaryDir m_dir;
};

// The second row installs a translator that changes every string, as the first translation of
// Sockscope would: a log written while it is installed must still import, with every direction
// and type intact, since files hold wire names, never what the user reads.
void tst_LogExchange::jsonLinesRoundTripKeepsEveryField_data()
{
    QTest::addColumn<bool>("translated");
    QTest::newRow("as written") << false;
    QTest::newRow("under a translator") << true;
}

void tst_LogExchange::jsonLinesRoundTripKeepsEveryField()
{
    QFETCH(bool, translated);
    ShoutingTranslator translator;
    if (translated) {
        QVERIFY(QCoreApplication::installTranslator(&translator));
        // The translator is in effect: what the user reads is translated.
        QCOMPARE(MessageLogModel::typeText(EventType::Text), u"TEXT!"_s);
    }
    const auto removeTranslator
        = qScopeGuard([&] { QCoreApplication::removeTranslator(&translator); });
    const std::vector<LogEvent> events = sampleEvents();
    MessageLogModel log;
    fill(log, events);
    const QString path = m_dir.filePath(u"round.jsonl"_s);
    QString error;
    QVERIFY2(LogExport::write(log, LogExport::Format::JsonLines, path, u"ws://h/"_s, &error),
             qPrintable(error));
    std::vector<ImportedLog> logs;
    QVERIFY2(LogImport::read(path, &logs, &error), qPrintable(error));
    QCOMPARE(logs.size(), size_t(1));
    QCOMPARE(logs[0].title, u"ws://h/"_s);
    QCOMPARE(logs[0].events.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i)
        compareEvent(logs[0].events[i], events[i]);
    // An imported log's frames are in its wire view, with their rows, as an imported tab
    // shows them.
    MessageLogModel imported;
    size_t frames = 0;
    for (const LogEvent &e : logs[0].events) {
        frames += e.wire.size();
        imported.append(e);
    }
    imported.flush();
    QVERIFY(frames > 0);
    QCOMPARE(size_t(imported.wire().size()), frames);
    const int hiRow = 2; // {"op":"hi"}, in one 64-bit-form frame
    const auto [first, end] = imported.wire().rangeOf(imported.sequenceOf(hiRow));
    QCOMPARE(end - first, qsizetype(1));
    QCOMPARE(imported.wirePayload(first), QByteArray("{\"op\":\"hi\"}"));

    // The file itself: a header line, then one JSON object per row, and no secret in it.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains("t0ken"));
    const QList<QByteArray> lines = bytes.trimmed().split('\n');
    QCOMPARE(lines.size(), qsizetype(events.size() + 1));
    const QJsonObject header = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(header.value(u"format"_s).toString(), u"sockscope-log"_s);
    QCOMPARE(header.value(u"version"_s).toInt(), 1);
    const QJsonObject binary = QJsonDocument::fromJson(lines[7]).object();
    QCOMPARE(binary.value(u"base64"_s).toString(), u"AAH+/w=="_s);
    QCOMPARE(binary.value(u"time"_s).toString(), u"2025-11-20T10:15:00.618Z"_s);
    // A close's size is its frame's payload: the code's two bytes and the reason.
    const QJsonObject close = QJsonDocument::fromJson(lines[12]).object();
    QCOMPARE(close.value(u"closeCode"_s).toInt(), 1001);
    QCOMPARE(close.value(u"size"_s).toInt(), 2 + 10);
    // A log written by 0.1.0 gave the reason's size alone; it is still read.
    ImportedLog older;
    QVERIFY2(LogImport::readJsonLines(
                 lines[0] + '\n' + QByteArray(lines[11]).replace("\"size\":12", "\"size\":10"),
                 &older, &error),
             qPrintable(error));
    QCOMPARE(older.events.size(), size_t(1));
    const QJsonObject sent = QJsonDocument::fromJson(lines[3]).object();
    QCOMPARE(sent.value(u"type"_s).toString(), u"text"_s);
    QCOMPARE(sent.value(u"direction"_s).toString(), u"sent"_s);
    // What serve --log streams is the same line, with the client.
    QJsonObject streamed = QJsonDocument::fromJson(LogExport::jsonLine(events[2], 3)).object();
    QCOMPARE(streamed.take(u"client"_s).toInt(), 3);
    QCOMPARE(streamed, sent);
}

void tst_LogExchange::harRoundTripKeepsMessages()
{
    const std::vector<LogEvent> events = sampleEvents();
    MessageLogModel log;
    fill(log, events);
    const QString path = m_dir.filePath(u"round.har"_s);
    QString error;
    qsizetype written = -1;
    QVERIFY2(
        LogExport::write(log, LogExport::Format::Har, path, u"wss://title/"_s, &error, &written),
        qPrintable(error));
    // Six of the thirteen rows are messages and one is the close that ended the connection;
    // the status line says so, and why the rest is missing.
    QCOMPARE(written, qsizetype(7));
    QCOMPARE(LogExport::doneMessage(LogExport::Format::Har, written, log.rowCount(), path),
             u"Exported 7 of 14 rows to %1; HAR has no place for pings, pongs, events or a second "
             u"close: JSON Lines keeps everything"_s.arg(path));
    std::vector<ImportedLog> logs;
    QVERIFY2(LogImport::read(path, &logs, &error), qPrintable(error));
    QCOMPARE(logs.size(), size_t(1));
    QCOMPARE(logs[0].title, u"ws://h/"_s); // the connection's own URL, from its Open row
    // HAR holds data messages (text and binary, with their direction, time, bytes and our own
    // wire frames) and the close that ended the connection, which HAR does not say who sent.
    std::vector<LogEvent> messages;
    for (const LogEvent &e : events) {
        if (e.type == EventType::Text || e.type == EventType::Binary) {
            LogEvent m = make(e.timestampMs, e.direction, e.type, e.data);
            // Text frames in HAR are strings: bytes that are not UTF-8 cannot survive as such.
            if (e.type == EventType::Text)
                m.data = QString::fromUtf8(e.data).toUtf8();
            m.wire = e.wire;
            messages.push_back(m);
        } else if (e.type == EventType::Close && messages.back().type != EventType::Close) {
            LogEvent end = make(e.timestampMs, Direction::Lifecycle, EventType::Close, e.data);
            end.closeCode = e.closeCode;
            messages.push_back(end);
        }
    }
    QCOMPARE(messages.back().closeCode, quint16(1001)); // the server's close, not the drop
    QCOMPARE(logs[0].events.size(), messages.size());
    for (size_t i = 0; i < messages.size(); ++i)
        compareEvent(logs[0].events[i], messages[i]);

    // Chrome's field names and types.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject entry = QJsonDocument::fromJson(file.readAll())
                                  .object()[u"log"_s]
                                  .toObject()[u"entries"_s]
                                  .toArray()[0]
                                  .toObject();
    const QJsonObject first = entry[u"_webSocketMessages"_s].toArray()[0].toObject();
    QCOMPARE(first[u"type"_s].toString(), u"send"_s);
    QCOMPARE(first[u"opcode"_s].toInt(), 1);
    QCOMPARE(first[u"time"_s].toDouble(), 1'763'633'700.614);
    QCOMPARE(entry[u"response"_s].toObject()[u"status"_s].toInt(), 101);
    // HTTP Toolkit's close and our own frames, where other tools look for nothing.
    QCOMPARE(entry[u"_webSocketClose"_s].toObject(),
             (QJsonObject {{u"code"_s, 1001},
                           {u"reason"_s, u"going away"_s},
                           {u"timestamp"_s, 1'763'633'700.622}}));
    const QJsonArray firstWire = first[u"_sockscope"_s].toObject()[u"wire"_s].toArray();
    QCOMPARE(firstWire.size(), 1);
    QCOMPARE(firstWire[0].toObject()[u"lengthForm"_s].toInt(), 64);
    // The handshake's headers, the secret one as a placeholder.
    const QJsonArray request = entry[u"request"_s].toObject()[u"headers"_s].toArray();
    QCOMPARE(request.size(), 2);
    QCOMPARE(request[0].toObject(), (QJsonObject {{u"name"_s, u"Host"_s}, {u"value"_s, u"h"_s}}));
    QCOMPARE(request[1].toObject(),
             (QJsonObject {{u"name"_s, u"Authorization"_s}, {u"value"_s, u"<secret>"_s}}));
    const QJsonArray response = entry[u"response"_s].toObject()[u"headers"_s].toArray();
    QCOMPARE(response.size(), 1);
    QCOMPARE(response[0].toObject()[u"value"_s].toString(), u"chat"_s);
}

// The first and last times an import accepts are written back so that they are read again.
void tst_LogExchange::extremeTimesRoundTrip()
{
    const qint64 first = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 last
        = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    MessageLogModel log;
    fill(log,
         {make(first, Direction::Sent, EventType::Text, "first"),
          make(last, Direction::Received, EventType::Text, "last")});
    for (const auto format : {LogExport::Format::JsonLines, LogExport::Format::Har}) {
        const QString path
            = m_dir.filePath(format == LogExport::Format::Har ? u"t.har"_s : u"t.jsonl"_s);
        QString error;
        QVERIFY2(LogExport::write(log, format, path, u"ws://h/"_s, &error), qPrintable(error));
        std::vector<ImportedLog> logs;
        QVERIFY2(LogImport::read(path, &logs, &error), qPrintable(error));
        QCOMPARE(logs.at(0).events.size(), size_t(2));
        QCOMPARE(logs[0].events[0].timestampMs, first);
        QCOMPARE(logs[0].events[1].timestampMs, last);
    }
}

void tst_LogExchange::devToolsHarFixture()
{
    std::vector<ImportedLog> logs;
    QString error;
    QVERIFY2(LogImport::read(QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/devtools-trading.har"), &logs,
                             &error),
             qPrintable(error));
    QCOMPARE(logs.size(), size_t(2)); // the page request is not a socket
    QCOMPARE(logs[0].title, u"wss://example.test/feed?v=2"_s);
    QCOMPARE(logs[0].events.size(), size_t(4));
    QCOMPARE(int(logs[0].events[0].direction), int(Direction::Sent));
    QCOMPARE(logs[0].events[0].timestampMs, 1'763'633'700'612);
    QCOMPARE(logs[0].events[2].data,
             u"{\"price\":101.5,\"note\":\"grüß dich — 価格 📈\"}"_s.toUtf8());
    QCOMPARE(int(logs[0].events[3].type), int(EventType::Binary));
    QCOMPARE(logs[0].events[3].data, QByteArray("\x00\x01\x02\xfd\xfe\xff", 6));
    QCOMPARE(logs[1].title, u"wss://example.test/chat"_s);
    QCOMPARE(logs[1].events[0].data, u"hello, Привет"_s.toUtf8());
    QCOMPARE(logs[1].events[1].data, QByteArray());
    QCOMPARE(int(logs[1].events[2].type), int(EventType::Binary));
}

// HTTP Toolkit writes how a socket ended: a close's code, reason and time, or "aborted". It
// becomes the log's last row, at the last message's time when the file gives none.
void tst_LogExchange::harCloseIsRead_data()
{
    QTest::addColumn<QByteArray>("close");
    QTest::addColumn<qint64>("timeMs");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("aborted") << QByteArray("\"aborted\"") << qint64(1500) << 1006 << QByteArray();
    QTest::newRow("closed, with a time")
        << QByteArray("{\"code\":4000,\"reason\":\"bye\",\"timestamp\":2.25}") << qint64(2250)
        << 4000 << QByteArray("bye");
    QTest::newRow("closed, no time, no code")
        << QByteArray("{\"reason\":\"\"}") << qint64(1500) << 1005 << QByteArray();
}

void tst_LogExchange::harCloseIsRead()
{
    QFETCH(QByteArray, close);
    QFETCH(qint64, timeMs);
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    const QByteArray har = "{\"log\":{\"entries\":[{\"request\":{\"url\":\"wss://a/\"},"
                           "\"_webSocketMessages\":[{\"type\":\"receive\",\"time\":1.5,"
                           "\"opcode\":1,\"data\":\"x\"}],\"_webSocketClose\":"
        + close + "}]}}";
    std::vector<ImportedLog> logs;
    QString error;
    QVERIFY2(LogImport::readHar(har, &logs, &error), qPrintable(error));
    QCOMPARE(logs.size(), size_t(1));
    QCOMPARE(logs[0].events.size(), size_t(2));
    const LogEvent &end = logs[0].events[1];
    QCOMPARE(int(end.type), int(EventType::Close));
    QCOMPARE(int(end.direction), int(Direction::Lifecycle));
    QCOMPARE(end.timestampMs, timeMs);
    QCOMPARE(int(end.closeCode), code);
    QCOMPARE(end.data, reason);
}

void tst_LogExchange::plainTextExport()
{
    MessageLogModel log;
    fill(log, sampleEvents());
    const QString path = m_dir.filePath(u"log.txt"_s);
    QCOMPARE(LogExport::formatForPath(path), LogExport::Format::PlainText);
    QString error;
    QVERIFY(LogExport::write(log, LogExport::formatForPath(path), path, {}, &error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 14);
    QVERIFY2(lines[3].endsWith(u"\tReceived\ttext\t34\tgrüß dich — 価格 📈\\nline 2"_s),
             qPrintable(lines[3]));
    QVERIFY2(lines[6].endsWith(u"\tbinary\t4\t00 01 fe ff"_s), qPrintable(lines[6]));
}

void tst_LogExchange::malformedJsonLines_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray header = "{\"format\":\"sockscope-log\",\"version\":1,\"title\":\"t\"}\n";
    const QByteArray good = "{\"time\":\"2025-11-20T10:15:00.612Z\",\"direction\":\"sent\","
                            "\"type\":\"text\",\"size\":2,\"text\":\"hi\"}\n";
    // Each mistake is worded as in every other file Sockscope reads: the line, then the
    // field's place, then what was expected.
    QTest::newRow("empty") << QByteArray() << u"the file is empty"_s;
    QTest::newRow("no header") << good
                               << u"line 1: the first line must be the header with \"format\": "
                                  u"\"sockscope-log\""_s;
    QTest::newRow("newer version")
        << QByteArray("{\"format\":\"sockscope-log\",\"version\":7}\n")
        << u"it was written by a newer Sockscope (log version 7; this one reads up to 1)"_s;
    QTest::newRow("no version") << QByteArray("{\"format\":\"sockscope-log\"}\n")
                                << u"line 1: version: missing"_s;
    QTest::newRow("version as text")
        << QByteArray("{\"format\":\"sockscope-log\",\"version\":\"1\"}\n")
        << u"line 1: version: expected a whole number from 1 to "
           u"2147483647"_s;
    QTest::newRow("truncated line") << header + good + good.left(30)
                                    << u"line 3: not valid JSON at byte 31 (unterminated string)"_s;
    QTest::newRow("random bytes") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10)
                                  << u"line 1: not valid JSON at byte 1 (illegal value)"_s;
    QTest::newRow("array line") << header + "[1,2]\n"
                                << u"line 2: expected a JSON object at the top"_s;
    QTest::newRow("bad time") << header
            + QByteArray(good).replace("2025-11-20T10:15:00.612Z", "yesterday")
                              << u"line 2: time: expected an ISO 8601 date and time"_s;
    QTest::newRow("time past year 9999 in UTC")
        << header
            + QByteArray(good).replace("2025-11-20T10:15:00.612Z", "9999-12-31T23:59:59.000-14:00")
        << u"line 2: time: expected a time in the years 1 to 9999 (UTC)"_s;
    QTest::newRow("no time") << header
            + QByteArray(good).replace("\"time\":\"2025-11-20T10:15:00.612Z\",", "")
                             << u"line 2: time: missing"_s;
    QTest::newRow("bad direction")
        << header + QByteArray(good).replace("\"sent\"", "\"up\"")
        << u"line 2: direction: expected \"sent\", \"received\" or \"event\""_s;
    QTest::newRow("bad type") << header
            + QByteArray(good).replace("\"text\",\"size\"", "\"frame\",\"size\"")
                              << u"line 2: type: “frame” is not a known event type"_s;
    QTest::newRow("size mismatch") << header + QByteArray(good).replace("\"size\":2", "\"size\":3")
                                   << u"line 2: size: 3 does not match the payload (2 bytes)"_s;
    QTest::newRow("size a fraction")
        << header + QByteArray(good).replace("\"size\":2", "\"size\":2.5")
        << u"line 2: size: expected a whole number from 0 to 2147483647"_s;
    QTest::newRow("text not text")
        << header + QByteArray(good).replace("\"hi\"", "7") << u"line 2: text: expected a string"_s;
    QTest::newRow("bad base64") << header
            + QByteArray(good).replace("\"text\":\"hi\"", "\"base64\":\"@@\"")
                                << u"line 2: base64: not valid base64"_s;
    QTest::newRow("no payload") << header + QByteArray(good).replace(",\"text\":\"hi\"", "")
                                << u"line 2: text: missing (a record needs \"text\" or "
                                   u"\"base64\")"_s;
    QTest::newRow("close code as text")
        << header + QByteArray(good).replace("}\n", ",\"closeCode\":\"1000\"}\n")
        << u"line 2: closeCode: expected a whole number from 0 to 65535"_s;
    QTest::newRow("close code 1e300")
        << header + QByteArray(good).replace("}\n", ",\"closeCode\":1e300}\n")
        << u"line 2: closeCode: expected a whole number from 0 to 65535"_s;
    QTest::newRow("negative round trip")
        << header + QByteArray(good).replace("}\n", ",\"roundTripUs\":-4}\n")
        << u"line 2: roundTripUs: expected a whole number from 0 to 2147483647"_s;
    QTest::newRow("frame without fin")
        << header + QByteArray(good).replace("}\n", ",\"frames\":[{\"size\":1}]}\n")
        << u"line 2: frames[0].fin: missing"_s;
    QTest::newRow("frame without size")
        << header + QByteArray(good).replace("}\n", ",\"frames\":[{\"fin\":true}]}\n")
        << u"line 2: frames[0].size: missing"_s;
    QTest::newRow("automatic not a flag")
        << header + QByteArray(good).replace("}\n", ",\"automatic\":\"yes\"}\n")
        << u"line 2: automatic: expected true or false"_s;
    QTest::newRow("frames not a list")
        << header + QByteArray(good).replace("}\n", ",\"frames\":{}}\n")
        << u"line 2: frames: expected a list"_s;
    const QByteArray open = "{\"time\":\"2025-11-20T10:15:00.612Z\",\"direction\":\"event\","
                            "\"type\":\"open\",\"text\":\"Opened\",\"connection\":";
    QTest::newRow("facts on a message")
        << header + QByteArray(good).replace("}\n", ",\"connection\":{\"url\":\"ws://h/\"}}\n")
        << u"line 2: connection: only an \"open\" record has one"_s;
    QTest::newRow("facts not an object") << header + open + "[]}\n"
                                         << u"line 2: connection: expected an object"_s;
    QTest::newRow("facts url not text") << header + open + "{\"url\":7}}\n"
                                        << u"line 2: connection.url: expected a string"_s;
    QTest::newRow("header without value")
        << header + open + "{\"requestHeaders\":[{\"name\":\"Host\"}]}}\n"
        << u"line 2: connection.requestHeaders[0].value: missing"_s;
    QTest::newRow("header secret not a flag")
        << header + open + "{\"requestHeaders\":[{\"name\":\"A\",\"value\":\"b\",\"secret\":1}]}}\n"
        << u"line 2: connection.requestHeaders[0].secret: expected true or false"_s;
    QTest::newRow("headers not a list") << header + open + "{\"responseHeaders\":{}}}\n"
                                        << u"line 2: connection.responseHeaders: expected a list"_s;
    // A wire capture's frames, field by field.
    const QByteArray frame = "{\"timeUs\":5,\"from\":\"client\",\"fin\":true,\"opcode\":1,"
                             "\"masked\":true,\"maskingKey\":\"deadbeef\",\"length\":2,"
                             "\"lengthForm\":7}";
    const auto withWire = [&](const QByteArray &frames) -> QByteArray {
        return header
            + QByteArray(good).replace("}\n", QByteArray(",\"wire\":[" + frames + "]}\n"));
    };
    QTest::newRow("wire not a list") << header + QByteArray(good).replace("}\n", ",\"wire\":{}}\n")
                                     << u"line 2: wire: expected a list"_s;
    QTest::newRow("wire frame from nowhere")
        << withWire(QByteArray(frame).replace("\"client\"", "\"proxy\""))
        << u"line 2: wire[0].from: expected \"client\" or \"server\""_s;
    QTest::newRow("wire frame without opcode")
        << withWire(frame + "," + QByteArray(frame).replace("\"opcode\":1,", ""))
        << u"line 2: wire[1].opcode: missing"_s;
    QTest::newRow("wire opcode 16")
        << withWire(QByteArray(frame).replace("\"opcode\":1", "\"opcode\":16"))
        << u"line 2: wire[0].opcode: expected a whole number from 0 to 15"_s;
    QTest::newRow("wire masking key short")
        << withWire(QByteArray(frame).replace("deadbeef", "dead"))
        << u"line 2: wire[0].maskingKey: expected 4 bytes as 8 hex digits"_s;
    QTest::newRow("wire masked without key")
        << withWire(QByteArray(frame).replace(",\"maskingKey\":\"deadbeef\"", ""))
        << u"line 2: wire[0].maskingKey: missing"_s;
    QTest::newRow("wire length form 32")
        << withWire(QByteArray(frame).replace("\"lengthForm\":7", "\"lengthForm\":32"))
        << u"line 2: wire[0].lengthForm: expected 7, 16 or 64"_s;
    QTest::newRow("wire negative length")
        << withWire(QByteArray(frame).replace("\"length\":2", "\"length\":-1"))
        << u"line 2: wire[0].length: expected a whole number from 0 to 9223372036854775807"_s;
    QTest::newRow("wire handshake without head")
        << withWire("{\"timeUs\":5,\"from\":\"server\",\"handshake\":true}")
        << u"line 2: wire[0].text: missing (a handshake needs \"text\" or \"base64\")"_s;
}

void tst_LogExchange::malformedJsonLines()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    ImportedLog log;
    QString error;
    QVERIFY(!LogImport::readJsonLines(content, &log, &error));
    QCOMPARE(error, expected);
}

void tst_LogExchange::malformedHar_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray message = "{\"type\":\"send\",\"time\":1.5,\"opcode\":1,\"data\":\"x\"}";
    const auto har = [](const QByteArray &messages) -> QByteArray {
        return "{\"log\":{\"entries\":[{\"request\":{\"url\":\"wss://a\"},\"_webSocketMessages\":["
            + messages + "]}]}}";
    };
    QTest::newRow("truncated") << har(message).left(40)
                               << u"not valid JSON at byte 41 (unterminated string)"_s;
    QTest::newRow("no entries") << QByteArray("{\"log\":{}}") << u"log.entries: missing"_s;
    QTest::newRow("entries not a list")
        << QByteArray("{\"log\":{\"entries\":7}}") << u"log.entries: expected a list"_s;
    QTest::newRow("no sockets") << QByteArray("{\"log\":{\"entries\":[{\"request\":{}}]}}")
                                << u"it holds no WebSocket connections (no entry has "
                                   u"\"_webSocketMessages\")"_s;
    QTest::newRow("messages not an array")
        << QByteArray("{\"log\":{\"entries\":[{\"_webSocketMessages\":{}}]}}")
        << u"log.entries[0]._webSocketMessages: expected a list"_s;
    QTest::newRow("bad type") << har(message + ","
                                     + QByteArray(message).replace("send", "sideways"))
                              << u"log.entries[0]._webSocketMessages[1].type: expected \"send\" "
                                 u"or \"receive\""_s;
    QTest::newRow("bad opcode") << har(QByteArray(message).replace("\"opcode\":1", "\"opcode\":9"))
                                << u"log.entries[0]._webSocketMessages[0].opcode: expected 1 "
                                   u"(text) or 2 (binary)"_s;
    QTest::newRow("bad time") << har(QByteArray(message).replace("1.5", "\"soon\""))
                              << u"log.entries[0]._webSocketMessages[0].time: expected a number "
                                 u"of seconds"_s;
    QTest::newRow("time in milliseconds")
        << har(QByteArray(message).replace("1.5", "1714714557600.3"))
        << u"log.entries[0]._webSocketMessages[0].time: expected seconds since 1970 within the "
           u"years 1 to 9999"_s;
    QTest::newRow("time 1e300") << har(QByteArray(message).replace("1.5", "1e300"))
                                << u"log.entries[0]._webSocketMessages[0].time: expected seconds "
                                   u"since 1970 within the years 1 to 9999"_s;
    QTest::newRow("no data") << har(QByteArray(message).replace(",\"data\":\"x\"", ""))
                             << u"log.entries[0]._webSocketMessages[0].data: missing"_s;
    QTest::newRow("bad base64") << har(QByteArray(message)
                                           .replace("\"opcode\":1", "\"opcode\":2")
                                           .replace("\"x\"", "\"*not base64*\""))
                                << u"log.entries[0]._webSocketMessages[0].data: not valid "
                                   u"base64"_s;
    const auto closed = [&](const QByteArray &close) -> QByteArray {
        return QByteArray(har(message))
            .replace("]}]}}", QByteArray("],\"_webSocketClose\":" + close + "}]}}"));
    };
    QTest::newRow("close neither object nor aborted")
        << closed("\"gone\"")
        << u"log.entries[0]._webSocketClose: expected an object or \"aborted\""_s;
    QTest::newRow("close code as text")
        << closed("{\"code\":\"1000\"}")
        << u"log.entries[0]._webSocketClose.code: expected a whole number from 0 to 65535"_s;
    QTest::newRow("close time in milliseconds")
        << closed("{\"code\":1000,\"timestamp\":1714714557600.3}")
        << u"log.entries[0]._webSocketClose.timestamp: expected seconds since 1970 within the "
           u"years 1 to 9999"_s;
    QTest::newRow("our wire frames malformed")
        << har(QByteArray(message).replace("}", ",\"_sockscope\":{\"wire\":[{\"from\":1}]}}"))
        << u"log.entries[0]._webSocketMessages[0]._sockscope.wire[0].from: expected a string"_s;
}

void tst_LogExchange::malformedHar()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    std::vector<ImportedLog> logs;
    QString error;
    QVERIFY(!LogImport::readHar(content, &logs, &error));
    QCOMPARE(error, expected);
    QVERIFY(logs.empty());
}

void tst_LogExchange::unreadableFiles()
{
    std::vector<ImportedLog> logs;
    QString error;
    QVERIFY(!LogImport::read(m_dir.filePath(u"missing.har"_s), &logs, &error));
    QVERIFY2(error.contains(u"Could not open"_s) && error.contains(u"missing.har"_s),
             qPrintable(error));
    QFile other(m_dir.filePath(u"notes.txt"_s));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();
    QVERIFY(!LogImport::read(other.fileName(), &logs, &error));
    QVERIFY2(error.contains(u".har and .jsonl"_s), qPrintable(error));
}

void tst_LogExchange::writeFailureIsReported()
{
    MessageLogModel log;
    fill(log, sampleEvents());
    QString error;
    QVERIFY(!LogExport::write(log, LogExport::Format::JsonLines,
                              m_dir.filePath(u"no/such/dir/x.jsonl"_s), {}, &error));
    QVERIFY2(error.contains(u"Could not write"_s), qPrintable(error));
}

void tst_LogExchange::fullDiskKeepsTheOldFile()
{
    // A 64 KiB tmpfs stands in for a full disk; mounting one needs root (as CI runs).
    QTemporaryDir mountPoint;
    QProcess mount;
    mount.start(u"mount"_s,
                {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=64k"_s, u"tmpfs"_s, mountPoint.path()});
    if (!mount.waitForFinished(5000) || mount.exitCode() != 0)
        QSKIP("cannot mount a small tmpfs here (needs root)");
    const auto unmount = qScopeGuard([&] { QProcess::execute(u"umount"_s, {mountPoint.path()}); });
    const QString path = mountPoint.filePath(u"log.jsonl"_s);
    MessageLogModel small;
    fill(small, sampleEvents());
    QString error;
    QVERIFY2(LogExport::write(small, LogExport::Format::JsonLines, path, {}, &error),
             qPrintable(error));
    QFile before(path);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray original = before.readAll();
    before.close();

    MessageLogModel big;
    for (int i = 0; i < 5000; ++i)
        big.appendText(Direction::Received, u"a message that fills the disk %1"_s.arg(i));
    big.flush();
    QVERIFY(!LogExport::write(big, LogExport::Format::JsonLines, path, {}, &error));
    QVERIFY2(error.contains(u"Could not write"_s), qPrintable(error));
    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), original); // the earlier export is intact
}

QTEST_GUILESS_MAIN(tst_LogExchange)
#include "tst_logexchange.moc"
