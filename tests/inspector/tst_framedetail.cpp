// The inspector's Wire view text: a frame's header rebuilt byte for byte from what the log
// keeps (each length form), its payload in hex both ways, and a secret never given back
// through the masked bytes.

#include "inspector/framedetail.h"
#include "log/messagelogmodel.h"
#include "websocket/frameparser.h"
#include "websocket/wireframe.h"

#include <QTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

class tst_FrameDetail : public QObject
{
    Q_OBJECT

private slots:
    void headerBytesAreTheWires_data();
    void headerBytesAreTheWires();
    void payloadBothWays();
    void secretsAreNotGivenBack();
    void handshakeIsItsText();
    void longPayloadIsCut();
};

namespace {
WireLog::Record recordOf(const WireLog::Frame &frame)
{
    WireLog wire;
    wire.attach(7, std::span(&frame, 1));
    return wire.at(0);
}
} // namespace

void tst_FrameDetail::headerBytesAreTheWires_data()
{
    QTest::addColumn<QByteArray>("wire"); // a whole frame, as a peer might send it
    const auto frame = [](const QByteArray &payload, auto change) {
        FrameSpec spec;
        spec.payload = payload;
        change(spec);
        return FrameWriter::write(spec);
    };
    const auto asIs = [](FrameSpec &) {
    };
    QTest::newRow("text, short") << frame("hi", asIs);
    QTest::newRow("masked binary") << frame("abc", [](FrameSpec &s) {
        s.opcode = 0x2;
        s.masked = true;
        s.maskingKey = {1, 2, 3, 4};
    });
    QTest::newRow("16-bit length") << frame(QByteArray(300, 'x'), asIs);
    QTest::newRow("64-bit length") << frame(QByteArray(70000, 'x'), asIs);
    QTest::newRow("non-minimal 64-bit form")
        << frame("x", [](FrameSpec &s) { s.lengthForm = LengthForm::Long64; });
    QTest::newRow("rsv bits, no fin, reserved opcode") << frame({}, [](FrameSpec &s) {
        s.fin = false;
        s.rsv1 = true;
        s.rsv3 = true;
        s.opcode = 0xB;
    });
}

// What the log keeps of a parsed frame writes its header again, byte for byte.
void tst_FrameDetail::headerBytesAreTheWires()
{
    QFETCH(QByteArray, wire);
    FrameParser parser(FrameParser::Options {FrameSender::Server, false});
    parser.feed(wire);
    const std::vector<WireFrame> frames = parser.takeFrames();
    QCOMPARE(frames.size(), size_t(1));
    const WireLog::Record r = recordOf(WireLog::Frame::from(frames[0], true, 0));
    QCOMPARE(FrameDetail::headerBytes(r), wire.first(frames[0].headerSize));
}

void tst_FrameDetail::payloadBothWays()
{
    WireLog::Frame f;
    f.fromClient = true;
    f.masked = true;
    f.maskingKey = {0xde, 0xad, 0xbe, 0xef};
    f.payloadLength = 5;
    f.timeUs = 1500;
    const QString text = FrameDetail::describe(recordOf(f), "hello", "hello", {}, 1, 1);
    QVERIFY2(text.startsWith(u"Frame · client → server · 0.001500 s\n"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Header, 6 bytes: 81 85 de ad be ef"_s), qPrintable(text));
    QVERIFY2(text.contains(u"opcode 0x1 (text)"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Payload, unmasked (5 bytes):\n00000000  68 65 6c 6c 6f"_s),
             qPrintable(text));
    // h^de e^ad l^be l^ef o^de
    QVERIFY2(text.contains(u"Payload as sent, masked:\n00000000  b6 c8 d2 83 b1"_s),
             qPrintable(text));
    // A server's frame is not masked: one dump.
    f.masked = false;
    f.fromClient = false;
    const QString plain = FrameDetail::describe(recordOf(f), "hello", "hello", u"a rule"_s, 2, 3);
    QVERIFY(plain.startsWith(u"Frame 2 of 3 · server → client"_s));
    QVERIFY(!plain.contains(u"masked:"_s));
    QVERIFY(plain.contains(u"Breaks a rule: a rule"_s));
}

void tst_FrameDetail::secretsAreNotGivenBack()
{
    WireLog::Frame f;
    f.fromClient = true;
    f.masked = true;
    f.maskingKey = {1, 2, 3, 4};
    f.payloadLength = 10;
    const QString text = FrameDetail::describe(recordOf(f), "tok=s3cret", "tok=••••••", {}, 1, 1);
    QVERIFY(!text.contains(QString::fromLatin1(QByteArray("s3cret").toHex(' '))));
    QVERIFY(text.contains(u"not shown, as it holds a secret value"_s));
}

void tst_FrameDetail::handshakeIsItsText()
{
    const QByteArray head = "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: x\r\n\r\n";
    const WireLog::Record r = recordOf(WireLog::Frame::handshakeHead(head, true, 0));
    const QString text
        = FrameDetail::describe(r, head, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", {}, 0, 0);
    QVERIFY2(text.startsWith(u"HTTP request · client → server"_s), qPrintable(text));
    QVERIFY(text.endsWith(u"GET / HTTP/1.1\nHost: a\n\n"_s)); // the shown form only
}

void tst_FrameDetail::longPayloadIsCut()
{
    const QByteArray big(FrameDetail::kMaxHexBytes + 100, 'x');
    const QString dump = FrameDetail::hexDump(big);
    QCOMPARE(dump.count(u'\n'), FrameDetail::kMaxHexBytes / 16); // lines, then the note
    QVERIFY(dump.endsWith(
        u"the first 4096 bytes of 4196 bytes; the message's Hex view has all of it."_s));
    // A narrow inspector gets shorter lines, so they fit without wrapping.
    QCOMPARE(
        FrameDetail::hexDump("abcdefghij", -1, 8),
        u"00000000  61 62 63 64 65 66 67 68  abcdefgh\n00000008  69 6a                    ij"_s);
}

QTEST_GUILESS_MAIN(tst_FrameDetail)
#include "tst_framedetail.moc"
