// A connection with wire capture on, against the npm `ws` server: each row gets the frames
// that carried it (masked one way, not the other, fragments as sliced), and the log gains what
// Qt keeps to itself: the server's pings, Qt's automatic pongs, the handshake's key and
// response headers, and the note when Qt closes with 1007 on valid UTF-8.

#include "connection/connection.h"
#include "log/messagelogmodel.h"
#include "testsupport.h"

#include <QTest>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_WireCapture : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void framesBelongToTheirRows();
    void whatQtHidesIsLogged();
    void qtsFalse1007IsSaid();
    void offMeansNoRelay();

private:
    // The first row at or after `from` of this direction and type; -1 if none.
    int rowOf(Direction direction, EventType type, int from = 0) const;
    QList<WireLog::Record> framesOf(int row) const;
    QStringList payloadsOf(int row) const;
    bool openCaptured();

    std::unique_ptr<NodePeer> m_server;
    quint16 m_port = 0;
    std::unique_ptr<MessageLogModel> m_log;
    std::unique_ptr<Connection> m_connection;
};

void tst_WireCapture::init()
{
    m_server = std::make_unique<NodePeer>();
    QVERIFY(m_server->start(u"ws-server.js"_s));
    QString port;
    QVERIFY(m_server->waitForLine([&](const QString &line) {
        port = line.mid(5);
        return line.startsWith(u"PORT "_s);
    }));
    m_port = port.toUShort();
    m_log = std::make_unique<MessageLogModel>();
    m_connection = std::make_unique<Connection>(m_log.get());
}

void tst_WireCapture::cleanup()
{
    m_connection.reset();
    m_log.reset();
    m_server.reset();
}

int tst_WireCapture::rowOf(Direction direction, EventType type, int from) const
{
    m_log->flush();
    for (int row = from; row < m_log->rowCount(); ++row) {
        if (m_log->record(row).direction == direction && m_log->record(row).type == type)
            return row;
    }
    return -1;
}

QList<WireLog::Record> tst_WireCapture::framesOf(int row) const
{
    QList<WireLog::Record> frames;
    const auto [first, end] = m_log->wire().rangeOf(m_log->sequenceOf(row));
    for (qsizetype i = first; i < end; ++i)
        frames << m_log->wire().at(i);
    return frames;
}

QStringList tst_WireCapture::payloadsOf(int row) const
{
    QStringList payloads;
    const auto [first, end] = m_log->wire().rangeOf(m_log->sequenceOf(row));
    for (qsizetype i = first; i < end; ++i)
        payloads << QString::fromUtf8(m_log->wirePayload(i));
    return payloads;
}

bool tst_WireCapture::openCaptured()
{
    ConnectionOptions options;
    options.wireCapture = true;
    m_connection->setOptions(options);
    QString error;
    if (!m_connection->open(u"ws://127.0.0.1:%1/wire"_s.arg(m_port), &error)) {
        qWarning() << error;
        return false;
    }
    return QTest::qWaitFor([&] { return m_connection->state() == Connection::State::Open; }, 10000);
}

void tst_WireCapture::framesBelongToTheirRows()
{
    QVERIFY(openCaptured());
    // The handshake as it was on the wire: the key Qt chose, and what the server answered.
    const int open = rowOf(Direction::Lifecycle, EventType::Open);
    QVERIFY(open >= 0);
    const auto facts = m_log->connectionFacts(open);
    QVERIFY(facts);
    const auto has = [](const QList<ConnectionFacts::Header> &headers, const QString &name) {
        return std::any_of(headers.begin(), headers.end(), [&](const ConnectionFacts::Header &h) {
            return h.name.compare(name, Qt::CaseInsensitive) == 0 && !h.value.isEmpty();
        });
    };
    QVERIFY(has(facts->requestHeaders, u"Sec-WebSocket-Key"_s));
    QVERIFY(has(facts->responseHeaders, u"Sec-WebSocket-Accept"_s));
    // The heads themselves: the request with the Connecting row, the 101 with the Open row.
    const QList<WireLog::Record> request
        = framesOf(rowOf(Direction::Lifecycle, EventType::Connecting));
    QCOMPARE(request.size(), 1);
    QVERIFY(request[0].isHandshake());
    QVERIFY(request[0].fromClient());
    const QByteArray requestHead
        = m_log->wirePayload(m_log->wire().rangeOf(m_log->sequenceOf(0)).first);
    QVERIFY2(requestHead.startsWith("GET /wire HTTP/1.1\r\n"), requestHead.constData());
    QVERIFY(requestHead.contains("Sec-WebSocket-Key: "));
    QVERIFY(requestHead.endsWith("\r\n\r\n"));
    QCOMPARE(request[0].payloadLength, quint32(requestHead.size()));
    const QList<WireLog::Record> response = framesOf(open);
    QCOMPARE(response.size(), 1);
    QVERIFY(response[0].isHandshake());
    QVERIFY(!response[0].fromClient());
    const QByteArray responseHead
        = m_log->wirePayload(m_log->wire().rangeOf(m_log->sequenceOf(open)).first);
    QVERIFY2(responseHead.startsWith("HTTP/1.1 101 Switching Protocols\r\n"),
             responseHead.constData());
    QVERIFY(responseHead.contains("Sec-WebSocket-Accept: "));

    QVERIFY(m_connection->sendText(u"hello wire"_s));
    QTRY_VERIFY(rowOf(Direction::Received, EventType::Text) >= 0);
    const int sent = rowOf(Direction::Sent, EventType::Text);
    QTRY_COMPARE(framesOf(sent).size(), 1);
    const WireLog::Record out = framesOf(sent).constFirst();
    QVERIFY(out.fromClient());
    QVERIFY(out.masked()); // a client masks, with a key of its own
    QVERIFY(out.maskingKey != (std::array<quint8, 4> {}));
    QCOMPARE(out.opcode(), quint8(0x1));
    QVERIFY(out.fin());
    QCOMPARE(out.payloadLength, 10u);
    QCOMPARE(payloadsOf(sent), QStringList {u"hello wire"_s}); // unmasked, from the row
    const int echo = rowOf(Direction::Received, EventType::Text);
    QCOMPARE(framesOf(echo).size(), 1);
    QVERIFY(!framesOf(echo).constFirst().masked());
    QVERIFY(!framesOf(echo).constFirst().fromClient());

    // Fragments: each frame is its slice of the message.
    QVERIFY(m_connection->sendText(u"fragment-me"_s));
    QTRY_VERIFY(rowOf(Direction::Received, EventType::Binary) >= 0);
    const int text = rowOf(Direction::Received, EventType::Text, echo + 1);
    QCOMPARE(m_log->payload(text), QByteArray("first-second-last"));
    const QList<WireLog::Record> frames = framesOf(text);
    QCOMPARE(frames.size(), 3);
    QCOMPARE(frames[0].opcode(), quint8(0x1));
    QCOMPARE(frames[1].opcode(), quint8(0x0));
    QCOMPARE(frames[2].opcode(), quint8(0x0));
    QCOMPARE(frames[0].fin(), false);
    QCOMPARE(frames[2].fin(), true);
    QCOMPARE(payloadsOf(text), (QStringList {u"first-"_s, u"second-"_s, u"last"_s}));
    QCOMPARE(framesOf(rowOf(Direction::Received, EventType::Binary)).size(), 2);

    // A close row holds both close frames.
    QVERIFY(m_connection->close(1000, u"done"_s));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    const int close = rowOf(Direction::Sent, EventType::Close);
    QVERIFY(close >= 0);
    QTRY_COMPARE(framesOf(close).size(), 2);
    QVERIFY(framesOf(close)[0].fromClient());
    QVERIFY(!framesOf(close)[1].fromClient());
    QCOMPARE(framesOf(close)[0].opcode(), quint8(0x8));
    QVERIFY(
        m_log->wirePayload(m_log->wire().rangeOf(m_log->sequenceOf(close)).first).endsWith("done"));
}

void tst_WireCapture::whatQtHidesIsLogged()
{
    QVERIFY(openCaptured());
    QVERIFY(m_connection->sendText(u"ping-me"_s));
    // The server's ping, and the pong Qt sent for it on its own.
    QTRY_VERIFY(rowOf(Direction::Sent, EventType::Pong) >= 0);
    const int ping = rowOf(Direction::Received, EventType::Ping);
    QVERIFY(ping >= 0);
    QCOMPARE(m_log->payload(ping), QByteArray("server-ping"));
    QCOMPARE(framesOf(ping).size(), 1);
    const int pong = rowOf(Direction::Sent, EventType::Pong);
    QVERIFY(pong > ping);
    QVERIFY(m_log->record(pong).flags & LogRecord::Automatic);
    QCOMPARE(m_log->data(m_log->index(pong, LogColumn::Type)).toString(), u"pong (automatic)"_s);
    QCOMPARE(m_log->payload(pong), QByteArray("server-ping"));
    QCOMPARE(framesOf(pong).size(), 1);
    QVERIFY(framesOf(pong).constFirst().masked());

    // The user's ping and the server's pong each get their frame.
    QVERIFY(m_connection->ping("mine"));
    QTRY_VERIFY(rowOf(Direction::Received, EventType::Pong) >= 0);
    QTRY_COMPARE(framesOf(rowOf(Direction::Sent, EventType::Ping)).size(), 1);
    QCOMPARE(framesOf(rowOf(Direction::Received, EventType::Pong)).size(), 1);
}

void tst_WireCapture::qtsFalse1007IsSaid()
{
    QVERIFY(openCaptured());
    QVERIFY(m_connection->sendText(u"split-me"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), Connection::State::Closed, 10000);
    QTRY_VERIFY([&] {
        m_log->flush();
        for (int row = 0; row < m_log->rowCount(); ++row) {
            if (m_log->payload(row).contains("a known QtWebSockets defect")) {
                // The frames that were valid, with their bytes: "caf\xC3" and "\xA9".
                const auto range = m_log->wire().rangeOf(m_log->sequenceOf(row));
                return range.second - range.first == 2
                    && m_log->wirePayload(range.first) == "caf\xC3"
                    && m_log->wirePayload(range.first + 1) == "\xA9";
            }
        }
        return false;
    }());
}

void tst_WireCapture::offMeansNoRelay()
{
    ConnectionOptions options;
    options.wireCapture = false;
    m_connection->setOptions(options);
    QVERIFY(m_connection->open(u"ws://127.0.0.1:%1/"_s.arg(m_port)));
    QTRY_COMPARE(m_connection->state(), Connection::State::Open);
    QVERIFY(m_connection->sendText(u"ping-me"_s));
    // ws reports the pong Qt sent; by then the ping has been through Qt.
    QVERIFY(m_server->waitForLine(
        [](const QString &l) { return l.contains(u"\"event\":\"message\""_s); }));
    QTest::qWait(300);
    QCOMPARE(m_log->wire().size(), 0);
    QCOMPARE(rowOf(Direction::Received, EventType::Ping), -1); // Qt hides it
    const auto facts = m_log->connectionFacts(rowOf(Direction::Lifecycle, EventType::Open));
    QVERIFY(facts && facts->responseHeaders.isEmpty());
}

QTEST_GUILESS_MAIN(tst_WireCapture)
#include "tst_wirecapture.moc"
