// The mock server's own RFC 6455, met by a client on a raw socket that sends exactly the frames
// each row names (good, invalid and malformed, in one write or a byte at a time), and reads what
// the server sends back through the frame parser: echoes, pongs, the close code each fault
// earns, and what the server tells its user about it.

#include "server/mockserver.h"
#include "server/serverconnection.h"
#include "websocket/frameparser.h"
#include "websocket/handshakerequest.h"
#include "websocket/wireframe.h"

#include <QSignalSpy>

#include <QTcpSocket>
#include <QTest>
#include <algorithm>

using namespace Sockscope;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMaxMessage = 1024;

QByteArray frame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true)
{
    FrameSpec spec;
    spec.opcode = opcode;
    spec.payload = payload;
    spec.fin = fin;
    spec.masked = masked;
    spec.maskingKey = {0x12, 0x34, 0x56, 0x78};
    return FrameWriter::write(spec);
}

QByteArray closeFrame(int code, const QByteArray &reason = {})
{
    return frame(0x8, QByteArray(1, char(code >> 8)) + char(code & 0xFF) + reason);
}

// A server's frame as a row expects it: "text:hi", "binary:00ff", "pong:x", "close:1000".
QString describe(const WireFrame &f)
{
    switch (f.opcode) {
    case 0x1:
        return u"text:"_s + QString::fromUtf8(f.payload);
    case 0x2:
        return u"binary:"_s + QString::fromLatin1(f.payload.toHex());
    case 0x8:
        return u"close:"_s
            + (f.payload.size() >= 2
                   ? QString::number((quint8(f.payload[0]) << 8) | quint8(f.payload[1]))
                   : QString());
    case 0xA:
        return u"pong:"_s + QString::fromUtf8(f.payload);
    default:
        return u"opcode %1"_s.arg(f.opcode);
    }
}

// A client that speaks the handshake and then whatever bytes it is given.
class RawClient : public QObject
{
public:
    explicit RawClient(const QUrl &url, const QByteArray &request = {})
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { read(); });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
        m_socket.connectToHost(url.host(), quint16(url.port()));
        m_socket.write(request.isEmpty()
                           ? QByteArray("GET /raw HTTP/1.1\r\nHost: localhost\r\n"
                                        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                        "Sec-WebSocket-Version: 13\r\n\r\n")
                           : request);
    }
    void send(const QByteArray &bytes, bool bytewise)
    {
        if (!bytewise) {
            m_socket.write(bytes);
            return;
        }
        for (const char byte : bytes) {
            m_socket.write(&byte, 1);
            m_socket.flush();
        }
    }
    QTcpSocket &socket() { return m_socket; }
    bool isClosed() const { return m_closed; }
    const std::optional<HandshakeResponse> &response() const { return m_response; }
    const QByteArray &responseBody() const { return m_body; }
    const QStringList &received() const { return m_received; }

private:
    void read()
    {
        QByteArray bytes = m_socket.readAll();
        if (!m_response) {
            m_head += bytes;
            const qsizetype end = HandshakeResponse::headEnd(m_head);
            if (end < 0)
                return;
            m_response = HandshakeResponse::parse(QByteArrayView(m_head).first(end));
            bytes = m_head.sliced(end);
            if (!m_response || m_response->status != 101) {
                m_body = bytes;
                return;
            }
        }
        if (m_response->status != 101) {
            m_body += bytes;
            return;
        }
        m_parser.feed(bytes);
        for (const WireFrame &f : m_parser.takeFrames())
            m_received << describe(f);
        for (const ProtocolVerdict &v : m_parser.takeVerdicts())
            m_received << u"verdict: "_s + v.text();
    }

    QTcpSocket m_socket;
    QByteArray m_head;
    std::optional<HandshakeResponse> m_response;
    QByteArray m_body;
    FrameParser m_parser {FrameParser::Options {FrameSender::Server}};
    QStringList m_received;
    bool m_closed = false;
};
} // namespace

class tst_ServerConnection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void frames_data();
    void frames();
    void wireCaptureSeesEveryFrame_data() { frames_data(); }
    void wireCaptureSeesEveryFrame();
    void refusedHandshakes_data();
    void refusedHandshakes();
    void closeFromTheServerWaitsForTheAnswer();
    void messagesQueuedBehindAFullSocketKeepTheirOrder();

private:
    std::unique_ptr<MockServer> m_server;
};

void tst_ServerConnection::init()
{
    m_server = std::make_unique<MockServer>();
    ServerOptions options;
    options.host = QHostAddress(QHostAddress::LocalHost);
    options.maxMessageSize = kMaxMessage;
    m_server->setOptions(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error)); // rules: echo what comes
}

void tst_ServerConnection::cleanup()
{
    m_server.reset();
}

void tst_ServerConnection::frames_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("bytewise");
    QTest::addColumn<QStringList>("replies"); // the server's frames, in order
    QTest::addColumn<int>("endCode"); // as the server's log tells it
    QTest::addColumn<QString>("warning"); // what the log says of a fault, in part

    const QByteArray bye = closeFrame(1000);
    const QStringList closed = {u"close:1000"_s};
    const auto row = [&](const char *name, const QByteArray &bytes, const QStringList &replies,
                         int endCode, const QString &warning = {}) {
        QTest::newRow(name) << bytes << false << replies << endCode << warning;
        QTest::newRow(qPrintable(QString::fromLatin1(name) + u", a byte at a time"_s))
            << bytes << true << replies << endCode << warning;
    };

    // Messages, fragmented or not, and control frames between fragments.
    row("text", frame(0x1, "hello") + bye, QStringList {u"text:hello"_s} + closed, 1000);
    row("binary", frame(0x2, QByteArray("\x00\xff", 2)) + bye,
        QStringList {u"binary:00ff"_s} + closed, 1000);
    row("empty text", frame(0x1, {}) + bye, QStringList {u"text:"_s} + closed, 1000);
    // Qt's own server fails this one with 1007: a code point split between two fragments.
    row("code point split between fragments",
        frame(0x1, "caf\xC3", false) + frame(0x0, "\xA9!") + bye,
        QStringList {u"text:caf\u00e9!"_s} + closed, 1000);
    row("three fragments", frame(0x2, "a", false) + frame(0x0, "b", false) + frame(0x0, "c") + bye,
        QStringList {u"binary:616263"_s} + closed, 1000);
    row("ping between fragments",
        frame(0x1, "ab", false) + frame(0x9, "p") + frame(0x0, "cd") + bye,
        QStringList {u"pong:p"_s, u"text:abcd"_s} + closed, 1000);
    row("ping", frame(0x9, "are you there") + bye, QStringList {u"pong:are you there"_s} + closed,
        1000);
    row("unasked pong is ignored", frame(0xA, "x") + frame(0x1, "a") + bye,
        QStringList {u"text:a"_s} + closed, 1000);
    row("a message at the limit", frame(0x1, QByteArray(kMaxMessage, 'a')) + bye,
        QStringList {u"text:"_s + QString(kMaxMessage, u'a')} + closed, 1000);
    row(
        "the length in a longer form (legal)",
        [] {
            FrameSpec spec;
            spec.payload = "long";
            spec.masked = true;
            spec.lengthForm = LengthForm::Long64;
            return FrameWriter::write(spec);
        }() + bye,
        QStringList {u"text:long"_s} + closed, 1000);

    // The client's closing handshake.
    row("close with a reason", closeFrame(1000, "bye"), closed, 1000);
    row("close with a private code", closeFrame(4321, "done"), {u"close:4321"_s}, 4321);
    row("close with no code", frame(0x8, {}), {u"close:"_s}, 1005);
    row("nothing after the close is read", closeFrame(1000) + frame(0x1, "late"), closed, 1000);

    // Faults: the frames before one are answered; then the close code it earns.
    const QString mask = u"a client must mask"_s;
    row("unmasked", frame(0x1, "a", true, false), {u"close:1002"_s}, 1002, mask);
    row("frames before a fault are answered", frame(0x1, "a") + frame(0x1, "b", true, false),
        {u"text:a"_s, u"close:1002"_s}, 1002, mask);
    row("reserved opcode", frame(0x3, "x"), {u"close:1002"_s}, 1002, u"opcode is reserved"_s);
    row("reserved control opcode", frame(0xB, "x"), {u"close:1002"_s}, 1002,
        u"opcode is reserved"_s);
    row(
        "RSV1 with no extension",
        [] {
            FrameSpec spec;
            spec.payload = "x";
            spec.masked = true;
            spec.rsv1 = true;
            return FrameWriter::write(spec);
        }(),
        {u"close:1002"_s}, 1002, u"reserved bit"_s);
    row("continuation with nothing to continue", frame(0x0, "x"), {u"close:1002"_s}, 1002,
        u"no message to continue"_s);
    row("a new message inside a fragmented one", frame(0x1, "a", false) + frame(0x1, "b"),
        {u"close:1002"_s}, 1002, u"before the fragmented message ended"_s);
    row("ping over 125 bytes", frame(0x9, QByteArray(126, 'p')), {u"close:1002"_s}, 1002,
        u"more than 125 bytes"_s);
    row("fragmented ping", frame(0x9, "p", false), {u"close:1002"_s}, 1002, u"fragmented"_s);
    row("close code 999", closeFrame(999), {u"close:1002"_s}, 1002, u"close code"_s);
    row("close code 1005 sent", closeFrame(1005), {u"close:1002"_s}, 1002, u"close code"_s);
    row("one-byte close", frame(0x8, "\x03"), {u"close:1002"_s}, 1002, u"one-byte payload"_s);
    row("invalid UTF-8", frame(0x1, "\xFF"), {u"close:1007"_s}, 1007, u"not valid UTF-8"_s);
    row("text ending inside a code point", frame(0x1, "caf\xC3"), {u"close:1007"_s}, 1007,
        u"not valid UTF-8"_s);
    row("overlong UTF-8 across fragments", frame(0x1, "\xC0", false) + frame(0x0, "\xAF"),
        {u"close:1007"_s}, 1007, u"not valid UTF-8"_s);
    row("close reason not UTF-8", closeFrame(1000, "\xFF"), {u"close:1007"_s}, 1007,
        u"close reason"_s);
    const QString tooBig = u"over the limit of 1024 bytes"_s;
    row("a message over the limit", frame(0x1, QByteArray(kMaxMessage + 1, 'a')), {u"close:1009"_s},
        1009, tooBig);
    row("fragments over the limit",
        frame(0x2, QByteArray(600, 'a'), false) + frame(0x0, QByteArray(600, 'b')),
        {u"close:1009"_s}, 1009, tooBig);
    // Refused from a header: the rest never comes.
    row("a continuation's header that declares too much",
        frame(0x2, QByteArray(600, 'a'), false) + frame(0x0, QByteArray(600, 'b')).first(8),
        {u"close:1009"_s}, 1009, tooBig);
    row("a header that declares too much", frame(0x2, QByteArray(1'000'000, 'x')).first(14),
        {u"close:1009"_s}, 1009, tooBig);
}

void tst_ServerConnection::frames()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, bytewise);
    QFETCH(QStringList, replies);
    QFETCH(int, endCode);
    QFETCH(QString, warning);
    QSignalSpy warnings(m_server.get(), &MockServer::clientWarning);
    QSignalSpy gone(m_server.get(), &MockServer::clientDisconnected);
    RawClient client(m_server->url());
    QTRY_VERIFY(client.response());
    QCOMPARE(client.response()->status, 101);
    client.send(bytes, bytewise);
    // The server ends every row's TCP connection itself, after its close frame.
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 10000);
    QCOMPARE(client.received(), replies);
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(gone.at(0).at(1).toInt(), endCode);
    if (warning.isEmpty()) {
        QCOMPARE(warnings.size(), 0);
    } else {
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).at(1).toString().contains(warning, Qt::CaseInsensitive),
                 qPrintable(warnings.at(0).at(1).toString()));
    }
}

// With wire capture on, the server hands over every frame of the conversation in order, the
// handshake's heads first, each with the header the client wrote and the rule it broke; a
// client's ping and the server's answer are told of as well.
void tst_ServerConnection::wireCaptureSeesEveryFrame()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, bytewise);
    QFETCH(QStringList, replies);
    QFETCH(int, endCode);
    QFETCH(QString, warning);
    MockServer server;
    ServerOptions options = m_server->options();
    options.wireCapture = true;
    server.setOptions(options);
    QVERIFY(server.start());
    std::vector<WireLog::Frame> wire;
    QStringList batches; // the opcodes of each handing over, for the row that follows it
    connect(&server, &MockServer::wireSeen, this,
            [&](int, const std::vector<WireLog::Frame> &frames) {
                wire.insert(wire.end(), frames.begin(), frames.end());
                QStringList opcodes;
                for (const WireLog::Frame &f : frames)
                    opcodes << (f.handshake ? u"head"_s : QString::number(f.opcode));
                batches << opcodes.join(u' ');
            });
    QSignalSpy control(&server, &MockServer::controlFrame);
    QSignalSpy gone(&server, &MockServer::clientDisconnected);
    RawClient client(server.url());
    QTRY_VERIFY(client.response());
    client.send(bytes, bytewise);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 10000);
    QTRY_COMPARE(gone.size(), 1);

    // What the client wrote, read by the same parser: the server reads up to its close.
    FrameParser parser(FrameParser::Options {FrameSender::Client});
    parser.feed(bytes);
    std::vector<WireFrame> expected = parser.takeFrames();
    if (const auto close = std::find_if(expected.begin(), expected.end(),
                                        [](const WireFrame &f) { return f.opcode == 0x8; });
        close != expected.end())
        expected.erase(close + 1, expected.end());

    QVERIFY(wire.size() >= 2);
    QVERIFY(wire[0].handshake && wire[0].fromClient);
    QVERIFY(wire[0].ownPayload->startsWith("GET /raw HTTP/1.1\r\n"));
    QVERIFY(wire[1].handshake && !wire[1].fromClient);
    QVERIFY(wire[1].ownPayload->startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    std::vector<WireLog::Frame> fromClient;
    QStringList fromServer;
    for (size_t i = 2; i < wire.size(); ++i) {
        QVERIFY(!wire[i].handshake);
        if (wire[i].fromClient) {
            fromClient.push_back(wire[i]);
        } else {
            QVERIFY(!wire[i].masked);
            QVERIFY(wire[i].verdict.isEmpty());
            fromServer << u"opcode %1"_s.arg(wire[i].opcode);
        }
    }
    // The server's own frames are the replies the client read.
    QCOMPARE(fromServer.size(), replies.size());
    // A message refused for its size may end before its last frames came.
    QVERIFY(fromClient.size() <= expected.size());
    if (endCode != 1009)
        QCOMPARE(fromClient.size(), expected.size());
    // Each frame with its header as written. Handed over row by row, a ping between fragments
    // comes before the message it interrupts: the order within a row is the wire's.
    const auto header = [](quint8 opcode, bool fin, bool rsv1, bool masked,
                           std::array<quint8, 4> key, quint64 length, LengthForm form) {
        return u"%1 %2 %3 %4 %5 %6 %7"_s.arg(opcode)
            .arg(fin)
            .arg(rsv1)
            .arg(masked)
            .arg(QString::fromLatin1(
                QByteArray(reinterpret_cast<const char *>(key.data()), 4).toHex()))
            .arg(length)
            .arg(int(form));
    };
    QStringList got;
    QString verdicts;
    for (const WireLog::Frame &f : fromClient) {
        got << header(f.opcode, f.fin, f.rsv1, f.masked, f.maskingKey, f.payloadLength,
                      f.lengthForm);
        verdicts += f.verdict;
    }
    QStringList sent;
    for (size_t i = 0; i < fromClient.size(); ++i) {
        const WireFrame &f = expected[i];
        sent << header(f.opcode, f.fin, f.rsv1, f.masked, f.maskingKey, f.payloadLength,
                       f.lengthForm);
    }
    got.sort();
    sent.sort();
    QCOMPARE(got, sent);
    // The rule broken is on the frame that broke it (a message too big breaks none).
    if (!warning.isEmpty() && endCode != 1009)
        QVERIFY2(verdicts.contains(warning, Qt::CaseInsensitive), qPrintable(verdicts));
    // A ping between two fragments is a row of its own, and the fragments go with their
    // message's row.
    if (QByteArray(QTest::currentDataTag()).startsWith("ping between fragments"))
        QCOMPARE(batches,
                 (QStringList {u"head head"_s, u"9"_s, u"10"_s, u"1 0"_s, u"1"_s, u"8 8"_s}));
    if (QTest::currentDataTag() == QByteArray("the length in a longer form (legal)"))
        QVERIFY2(verdicts.contains(u"longer form than it needs"_s), qPrintable(verdicts));
    // Each ping the server answered, and its answer, told of.
    const qsizetype pings = std::count_if(expected.begin(), expected.end(),
                                          [](const WireFrame &f) { return f.opcode == 0x9; });
    const qsizetype pongs = replies.filter(u"pong:"_s).size();
    qsizetype toldPings = 0;
    qsizetype toldPongs = 0;
    for (const QList<QVariant> &c : control) {
        if (c.at(1).toBool() && c.at(2).toInt() == 0x9)
            ++toldPings;
        if (!c.at(1).toBool() && c.at(2).toInt() == 0xA && c.at(4).toBool())
            ++toldPongs;
    }
    QCOMPARE(toldPongs, pongs);
    if (endCode != 1002)
        QCOMPARE(toldPings, pings);
}

void tst_ServerConnection::refusedHandshakes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header"); // one the refusal must carry
    QTest::addColumn<QString>("why");
    const QByteArray start = "GET / HTTP/1.1\r\nHost: localhost\r\n";
    QTest::newRow("version 8")
        << QByteArray(start
                      + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                        "8\r\n\r\n")
        << 426 << QByteArray("Sec-WebSocket-Version")
        << u"the request asks for WebSocket version 8; this server speaks 13"_s;
    QTest::newRow("plain HTTP") << QByteArray(start + "\r\n") << 400 << QByteArray("Content-Length")
                                << u"the request has no \"Upgrade: websocket\" header"_s;
    QTest::newRow("no key") << QByteArray(start
                                          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                            "Sec-WebSocket-Version: 13\r\n\r\n")
                            << 400 << QByteArray("Content-Type")
                            << u"the request has no Sec-WebSocket-Key of 16 bytes in base64"_s;
}

// A request the server cannot upgrade gets its HTTP status, a body saying why, and a line in
// the server's log; no client is counted.
void tst_ServerConnection::refusedHandshakes()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QString, why);
    QSignalSpy refused(m_server.get(), &MockServer::clientRefused);
    RawClient client(m_server->url(), request);
    QTRY_VERIFY(client.isClosed());
    QVERIFY(client.response());
    QCOMPARE(client.response()->status, status);
    QVERIFY(client.response()->header(header));
    QCOMPARE(client.responseBody(), why.toUtf8() + '\n');
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(1).toString(), why);
    QCOMPARE(m_server->clientCount(), 0);
}

// Kick sends the close frame; the server ends the TCP connection once the client answers, and
// its log has the code.
void tst_ServerConnection::closeFromTheServerWaitsForTheAnswer()
{
    QSignalSpy connected(m_server.get(), &MockServer::clientConnected);
    QSignalSpy gone(m_server.get(), &MockServer::clientDisconnected);
    RawClient client(m_server->url());
    QTRY_COMPARE(connected.size(), 1);
    const int id = connected.at(0).at(0).toInt();
    QVERIFY(m_server->kick(id, 4000, u"go away"_s));
    QTRY_COMPARE(client.received(), QStringList {u"close:4000"_s});
    // Nothing more goes once the close frame has.
    m_server->sendText(id, u"late"_s);
    QTest::qWait(100);
    QVERIFY(!client.isClosed());
    QCOMPARE(gone.size(), 0);
    client.send(closeFrame(4000), false);
    QTRY_VERIFY(client.isClosed());
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(gone.at(0).at(1).toInt(), 4000);
    QCOMPARE(gone.at(0).at(3).toBool(), true); // closed by the server
    QCOMPARE(client.received(), QStringList {u"close:4000"_s});
}

// The server writes straight to the kernel while it can, and through Qt's buffer once the
// kernel's is full: a client that reads late still gets every message, whole and in order.
void tst_ServerConnection::messagesQueuedBehindAFullSocketKeepTheirOrder()
{
    QSignalSpy connected(m_server.get(), &MockServer::clientConnected);
    RawClient client(m_server->url());
    QTRY_COMPARE(connected.size(), 1);
    QTRY_VERIFY(client.response());
    const int id = connected.at(0).at(0).toInt();
    // The client reads nothing while the server sends 16 MiB, far more than loopback's buffers
    // hold: past them, what is sent waits in the server's socket.
    client.socket().setReadBufferSize(4096);
    client.socket().blockSignals(true);
    QStringList expected;
    for (int i = 0; i < 256; ++i) {
        const QString message
            = u"%1:"_s.arg(i, 4, 10, QChar(u'0')) + QString(64 * 1024, QChar(u'a' + i % 26));
        QVERIFY(m_server->sendText(id, message));
        expected << u"text:"_s + message;
    }
    const auto *connection = m_server->findChild<ServerConnection *>();
    QVERIFY(connection);
    QVERIFY(connection->bytesToWrite() > 0);
    client.socket().blockSignals(false);
    client.socket().setReadBufferSize(0);
    QTRY_COMPARE_WITH_TIMEOUT(client.received().size(), expected.size(), 20000);
    QCOMPARE(client.received(), expected);
}

QTEST_GUILESS_MAIN(tst_ServerConnection)
#include "tst_serverconnection.moc"
