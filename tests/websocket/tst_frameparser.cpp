// FrameParser, FrameWriter and Utf8::StreamValidator, as Qt's own tst_websocketframe tests its
// frames: tables of good, invalid and malformed streams, each read whole, at every split
// point and one byte at a time, and written back out by the writer byte for byte.

#include "websocket/frameparser.h"
#include "websocket/opcode.h"
#include "websocket/utf8.h"
#include "websocket/wireframe.h"

#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

#include <set>

using namespace Sockscope;
using namespace Qt::StringLiterals;
using Rule = ProtocolVerdict::Rule;

Q_DECLARE_METATYPE(FrameSender)

namespace {
constexpr std::array<quint8, 4> kKey {0x37, 0xfa, 0x21, 0x3d}; // RFC 6455 5.7's example key

FrameSpec spec(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    FrameSpec s;
    s.opcode = opcode;
    s.payload = payload;
    s.fin = fin;
    return s;
}

FrameSpec masked(FrameSpec s)
{
    s.masked = true;
    s.maskingKey = kKey;
    return s;
}

QByteArray closePayload(int code, const QByteArray &reason = {})
{
    QByteArray p;
    p += char(code >> 8);
    p += char(code & 0xFF);
    return p + reason;
}

// A frame in one line: "FIN RSV op M form length payload-hex".
QString describe(const WireFrame &f)
{
    static const char *const kForms[] = {"7", "16", "64"};
    return u"%1 %2%3%4 op%5 %6 %7 L%8 %9"_s.arg(f.fin ? u"F"_s : u"-"_s)
        .arg(int(f.rsv1))
        .arg(int(f.rsv2))
        .arg(int(f.rsv3))
        .arg(f.opcode)
        .arg(f.masked ? u"M"_s : u"-"_s)
        .arg(QLatin1StringView(kForms[int(f.lengthForm)]))
        .arg(f.payloadLength)
        .arg(QString::fromLatin1(f.payload.toHex()));
}

QString describe(const ProtocolVerdict &v)
{
    static const char *const kRules[]
        = {"ReservedBitSet",     "ReservedOpcode",           "ControlTooLong",
           "ControlFragmented",  "ContinuationWithoutStart", "DataInsideFragmentedMessage",
           "InvalidUtf8",        "OneByteClosePayload",      "InvalidCloseCode",
           "InvalidCloseReason", "MaskedFromServer",         "UnmaskedFromClient",
           "LengthHighBitSet",   "LengthNotShortest",        "FrameAfterClose"};
    return u"%1@%2"_s.arg(QLatin1StringView(kRules[int(v.rule)])).arg(v.offset);
}

struct Outcome
{
    QStringList frames;
    QStringList verdicts;
    std::vector<WireFrame> raw;
};

// Reads bytes in pieces cut at the given offsets.
Outcome read(const QByteArray &bytes, FrameSender sender, bool compression,
             const QList<qsizetype> &cuts = {})
{
    FrameParser parser({sender, compression});
    qsizetype from = 0;
    for (const qsizetype cut : cuts + QList<qsizetype> {bytes.size()}) {
        parser.feed(QByteArrayView(bytes).sliced(from, cut - from));
        from = cut;
    }
    Outcome out;
    out.raw = parser.takeFrames();
    for (const WireFrame &f : out.raw)
        out.frames << describe(f);
    for (const ProtocolVerdict &v : parser.takeVerdicts())
        out.verdicts << describe(v);
    return out;
}
} // namespace

class tst_FrameParser : public QObject
{
    Q_OBJECT

private slots:
    void utf8Stream_data();
    void utf8Stream();
    void frames_data();
    void frames();
    void verdictsSayWhat();
    void largePayloadIsKeptInPart();
    void randomStreamsRoundTrip();
    void agreesWithTheWsReceiver();
};

void tst_FrameParser::utf8Stream_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("firstBad"); // -1: valid
    QTest::addColumn<bool>("complete");
    QTest::newRow("ascii") << QByteArray("hello") << -1 << true;
    QTest::newRow("two, three and four bytes")
        << QByteArray("\xce\xba\xe1\xbd\xb9\xf0\x9f\x98\x80") << -1 << true;
    QTest::newRow("largest code point") << QByteArray("\xf4\x8f\xbf\xbf") << -1 << true;
    QTest::newRow("cut short") << QByteArray("a\xe1\xbd") << -1 << false;
    QTest::newRow("stray continuation") << QByteArray("a\x80") << 1 << false;
    QTest::newRow("overlong two bytes") << QByteArray("\xc0\xaf") << 0 << false;
    QTest::newRow("overlong three bytes") << QByteArray("\xe0\x9f\xbf") << 1 << false;
    QTest::newRow("overlong four bytes") << QByteArray("\xf0\x8f\xbf\xbf") << 1 << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << 1 << false;
    QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << 1 << false;
    QTest::newRow("F5 lead") << QByteArray("\xf5\x80\x80\x80") << 0 << false;
    QTest::newRow("lead then ascii") << QByteArray("\xc3(") << 1 << false;
    QTest::newRow("0xFF") << QByteArray("ok\xff") << 2 << false;
    // Long runs of ASCII are read eight bytes at a time: a fault after one, and a character
    // that straddles the end of one.
    QTest::newRow("fault after a long ascii run")
        << QByteArray("abcdefghijklmnopqrstu\xff") << 21 << false;
    QTest::newRow("character after a long ascii run") << QByteArray("abcdefghijklmno\xe2\x82\xac"
                                                                    "abcdefgh")
                                                      << -1 << true;
}

void tst_FrameParser::utf8Stream()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, firstBad);
    QFETCH(bool, complete);
    // Whole, and cut at every point: the same first fault, at the same place.
    for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
        Utf8::StreamValidator v;
        const qsizetype a = v.feed(QByteArrayView(bytes).first(cut));
        const qsizetype b = a >= 0 ? -1 : v.feed(QByteArrayView(bytes).sliced(cut));
        const qsizetype bad = a >= 0 ? a : b >= 0 ? cut + b : -1;
        QCOMPARE(bad, qsizetype(firstBad));
        QCOMPARE(v.isComplete(), complete);
    }
    // The same judgement as Qt's strict decoder.
    QCOMPARE(Utf8::isValid(bytes), complete);
}

void tst_FrameParser::frames_data()
{
    QTest::addColumn<FrameSender>("sender");
    QTest::addColumn<bool>("compression");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("frames");
    QTest::addColumn<QStringList>("verdicts");
    using FrameWriter::write;
    const auto S = FrameSender::Server;
    const auto C = FrameSender::Client;
    const QByteArray hello = "Hello";

    // RFC 6455 5.7's examples, byte for byte.
    QTest::newRow("rfc: unmasked text")
        << S << false << QByteArray::fromHex("810548656c6c6f")
        << QStringList {u"F 000 op1 - 7 L5 48656c6c6f"_s} << QStringList {};
    QTest::newRow("rfc: masked text")
        << C << false << QByteArray::fromHex("818537fa213d7f9f4d5158")
        << QStringList {u"F 000 op1 M 7 L5 48656c6c6f"_s} << QStringList {};
    QTest::newRow("rfc: fragmented text")
        << S << false << QByteArray::fromHex("010348656c80026c6f")
        << QStringList {u"- 000 op1 - 7 L3 48656c"_s, u"F 000 op0 - 7 L2 6c6f"_s} << QStringList {};
    QTest::newRow("rfc: ping and pong")
        << S << false << QByteArray::fromHex("890548656c6c6f8a0548656c6c6f")
        << QStringList {u"F 000 op9 - 7 L5 48656c6c6f"_s, u"F 000 op10 - 7 L5 48656c6c6f"_s}
        << QStringList {};
    QTest::newRow("rfc: 256 bytes, 16-bit length")
        << S << false << write(spec(0x2, QByteArray(256, 'x')))
        << QStringList {u"F 000 op2 - 16 L256 "_s
                        + QString::fromLatin1(QByteArray(256, 'x').toHex())}
        << QStringList {};
    QTest::newRow("64 KiB, 64-bit length")
        << S << false << write(spec(0x2, QByteArray(65536, '\0')))
        << QStringList {u"F 000 op2 - 64 L65536 "_s
                        + QString::fromLatin1(QByteArray(65536, '\0').toHex())}
        << QStringList {};
    QTest::newRow("empty text and empty close")
        << S << false << write(spec(0x1, {})) + write(spec(0x8, {}))
        << QStringList {u"F 000 op1 - 7 L0 "_s, u"F 000 op8 - 7 L0 "_s} << QStringList {};
    QTest::newRow("ping between fragments")
        << S << false
        << write(spec(0x1, "ab", false)) + write(spec(0x9, "p")) + write(spec(0x0, "c"))
        << QStringList {u"- 000 op1 - 7 L2 6162"_s, u"F 000 op9 - 7 L1 70"_s,
                        u"F 000 op0 - 7 L1 63"_s}
        << QStringList {};
    // A code point split between two frames is valid: UTF-8 is checked across them.
    QTest::newRow("code point split between fragments")
        << S << false << write(spec(0x1, "\xce", false)) + write(spec(0x0, "\xba!"))
        << QStringList {u"- 000 op1 - 7 L1 ce"_s, u"F 000 op0 - 7 L2 ba21"_s} << QStringList {};

    // Breaches, each named with the offset of the frame (or byte) at fault.
    QTest::newRow("client does not mask")
        << C << false << write(spec(0x1, hello)) << QStringList {u"F 000 op1 - 7 L5 48656c6c6f"_s}
        << QStringList {u"UnmaskedFromClient@0"_s};
    QTest::newRow("server masks") << S << false << write(masked(spec(0x1, hello)))
                                  << QStringList {u"F 000 op1 M 7 L5 48656c6c6f"_s}
                                  << QStringList {u"MaskedFromServer@0"_s};
    FrameSpec rsv1 = spec(0x1, hello);
    rsv1.rsv1 = true;
    QTest::newRow("rsv1 without an extension")
        << S << false << write(rsv1) << QStringList {u"F 100 op1 - 7 L5 48656c6c6f"_s}
        << QStringList {u"ReservedBitSet@0"_s};
    QTest::newRow("rsv1 on a compressed message")
        << S << true << write(rsv1) << QStringList {u"F 100 op1 - 7 L5 48656c6c6f"_s}
        << QStringList {};
    FrameSpec rsv1Continuation = spec(0x0, "b");
    rsv1Continuation.rsv1 = true;
    QTest::newRow("rsv1 on a continuation, even compressed")
        << S << true << write(spec(0x2, "a", false)) + write(rsv1Continuation)
        << QStringList {u"- 000 op2 - 7 L1 61"_s, u"F 100 op0 - 7 L1 62"_s}
        << QStringList {u"ReservedBitSet@3"_s};
    FrameSpec rsv23 = spec(0x2, "x");
    rsv23.rsv2 = rsv23.rsv3 = true;
    QTest::newRow("rsv2 and rsv3")
        << S << true << write(rsv23) << QStringList {u"F 011 op2 - 7 L1 78"_s}
        << QStringList {u"ReservedBitSet@0"_s};
    QTest::newRow("reserved data opcode")
        << S << false << write(spec(0x3, "x")) << QStringList {u"F 000 op3 - 7 L1 78"_s}
        << QStringList {u"ReservedOpcode@0"_s};
    QTest::newRow("reserved control opcode")
        << S << false << write(spec(0xB, "x")) << QStringList {u"F 000 op11 - 7 L1 78"_s}
        << QStringList {u"ReservedOpcode@0"_s};
    QTest::newRow("126-byte ping")
        << S << false << write(spec(0x9, QByteArray(126, 'p')))
        << QStringList {u"F 000 op9 - 16 L126 "_s
                        + QString::fromLatin1(QByteArray(126, 'p').toHex())}
        << QStringList {u"ControlTooLong@0"_s};
    QTest::newRow("fragmented ping")
        << S << false << write(spec(0x9, "a", false)) << QStringList {u"- 000 op9 - 7 L1 61"_s}
        << QStringList {u"ControlFragmented@0"_s};
    QTest::newRow("continuation with nothing to continue")
        << S << false << write(spec(0x0, "x")) << QStringList {u"F 000 op0 - 7 L1 78"_s}
        << QStringList {u"ContinuationWithoutStart@0"_s};
    QTest::newRow("new message inside a fragmented one")
        << S << false << write(spec(0x1, "a", false)) + write(spec(0x2, "b"))
        << QStringList {u"- 000 op1 - 7 L1 61"_s, u"F 000 op2 - 7 L1 62"_s}
        << QStringList {u"DataInsideFragmentedMessage@3"_s};
    // "κόσμε" with a surrogate (ED A0 80) after it: the fault is A0, payload byte 12.
    QTest::newRow("invalid utf-8, where it goes wrong")
        << S << false
        << write(spec(0x1, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"))
        << QStringList {u"F 000 op1 - 7 L14 cebae1bdb9cf83cebcceb5eda080"_s}
        << QStringList {u"InvalidUtf8@14"_s};
    QTest::newRow("invalid utf-8 in the second fragment")
        << S << false << write(spec(0x1, "ok", false)) + write(spec(0x0, "\xff"))
        << QStringList {u"- 000 op1 - 7 L2 6f6b"_s, u"F 000 op0 - 7 L1 ff"_s}
        << QStringList {u"InvalidUtf8@6"_s};
    QTest::newRow("message ends inside a code point")
        << S << false << write(spec(0x1, "a\xe1\xbd")) << QStringList {u"F 000 op1 - 7 L3 61e1bd"_s}
        << QStringList {u"InvalidUtf8@5"_s};
    QTest::newRow("binary is not checked as utf-8")
        << S << false << write(spec(0x2, "\xff\xfe")) << QStringList {u"F 000 op2 - 7 L2 fffe"_s}
        << QStringList {};
    QTest::newRow("close 1000 with a reason")
        << S << false << write(spec(0x8, closePayload(1000, "bye")))
        << QStringList {u"F 000 op8 - 7 L5 03e8627965"_s} << QStringList {};
    QTest::newRow("close 4000 private use")
        << S << false << write(spec(0x8, closePayload(4000)))
        << QStringList {u"F 000 op8 - 7 L2 0fa0"_s} << QStringList {};
    QTest::newRow("close with one byte")
        << S << false << write(spec(0x8, "\x03")) << QStringList {u"F 000 op8 - 7 L1 03"_s}
        << QStringList {u"OneByteClosePayload@0"_s};
    for (const int code : {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
        const QByteArray payload = closePayload(code);
        QTest::addRow("close code %d", code)
            << S << false << write(spec(0x8, payload))
            << QStringList {u"F 000 op8 - 7 L2 "_s + QString::fromLatin1(payload.toHex())}
            << QStringList {u"InvalidCloseCode@2"_s};
    }
    QTest::newRow("close reason not utf-8")
        << S << false << write(spec(0x8, closePayload(1000, "a\xc3")))
        << QStringList {u"F 000 op8 - 7 L4 03e861c3"_s} << QStringList {u"InvalidCloseReason@6"_s};
    QTest::newRow("close reason with a bad byte")
        << S << false << write(spec(0x8, closePayload(1000, "\x80")))
        << QStringList {u"F 000 op8 - 7 L3 03e880"_s} << QStringList {u"InvalidCloseReason@4"_s};
    QTest::newRow("a frame after the close")
        << S << false << write(spec(0x8, closePayload(1000))) + write(spec(0x1, "late"))
        << QStringList {u"F 000 op8 - 7 L2 03e8"_s, u"F 000 op1 - 7 L4 6c617465"_s}
        << QStringList {u"FrameAfterClose@4"_s};

    // Lengths: a longer form than needed is a note; a 64-bit length with its top bit set is a
    // breach (the frame never ends, so only its header is judged).
    FrameSpec long16 = spec(0x1, hello);
    long16.lengthForm = LengthForm::Medium16;
    FrameSpec long64 = spec(0x2, QByteArray(200, 'y'));
    long64.lengthForm = LengthForm::Long64;
    QTest::newRow("16-bit length for 5 bytes")
        << S << false << write(long16) << QStringList {u"F 000 op1 - 16 L5 48656c6c6f"_s}
        << QStringList {u"LengthNotShortest@0"_s};
    QTest::newRow("64-bit length for 200 bytes")
        << S << false << write(long64)
        << QStringList {u"F 000 op2 - 64 L200 "_s
                        + QString::fromLatin1(QByteArray(200, 'y').toHex())}
        << QStringList {u"LengthNotShortest@0"_s};
    QTest::newRow("64-bit length, top bit set")
        << S << false << QByteArray::fromHex("827f8000000000000000") + "abc" << QStringList {}
        << QStringList {u"LengthHighBitSet@0"_s};
    QTest::newRow("several breaches in one frame")
        << C << false << write(rsv23) + write(spec(0x0, "x"))
        << QStringList {u"F 011 op2 - 7 L1 78"_s, u"F 000 op0 - 7 L1 78"_s}
        << QStringList {u"ReservedBitSet@0"_s, u"UnmaskedFromClient@0"_s, u"UnmaskedFromClient@3"_s,
                        u"ContinuationWithoutStart@3"_s};
}

void tst_FrameParser::frames()
{
    QFETCH(FrameSender, sender);
    QFETCH(bool, compression);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, frames);
    QFETCH(QStringList, verdicts);

    const Outcome whole = read(bytes, sender, compression);
    QCOMPARE(whole.frames, frames);
    QCOMPARE(whole.verdicts, verdicts);

    // Cut anywhere, or fed one byte at a time, the stream reads the same (large rows are cut
    // at a sample of points: every one near the headers and the ends, then every 997th).
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        if (bytes.size() > 600 && cut > 300 && cut < bytes.size() - 300 && cut % 997 != 0)
            continue;
        const Outcome split = read(bytes, sender, compression, {cut});
        QVERIFY2(split.frames == frames && split.verdicts == verdicts,
                 qPrintable(u"cut at %1: %2"_s.arg(cut).arg(split.verdicts.join(u", "))));
    }
    if (bytes.size() <= 4096) {
        QList<qsizetype> everyByte;
        for (qsizetype i = 1; i < bytes.size(); ++i)
            everyByte << i;
        const Outcome bytewise = read(bytes, sender, compression, everyByte);
        QCOMPARE(bytewise.frames, frames);
        QCOMPARE(bytewise.verdicts, verdicts);
    }

    // Written out again by the writer, the frames are the stream, byte for byte (when they
    // all ended).
    QByteArray written;
    quint64 end = 0;
    for (const WireFrame &f : whole.raw) {
        QCOMPARE(f.offset, end);
        written += FrameWriter::write(FrameWriter::specOf(f));
        end += f.size();
    }
    if (end == quint64(bytes.size()))
        QCOMPARE(written.toHex(), bytes.toHex());
}

void tst_FrameParser::verdictsSayWhat()
{
    const ProtocolVerdict unmasked {Rule::UnmaskedFromClient, 0};
    QVERIFY(unmasked.text().contains(u"must mask"_s));
    QVERIFY(unmasked.text().contains(u"5.1"_s));
    QVERIFY(unmasked.isViolation());
    const ProtocolVerdict note {Rule::LengthNotShortest, 0};
    QVERIFY(!note.isViolation());
    for (int r = 0; r <= int(Rule::FrameAfterClose); ++r) {
        const ProtocolVerdict v {Rule(r), 0};
        QVERIFY2(!v.text().isEmpty(), qPrintable(QString::number(r)));
    }
}

// A frame larger than the parser keeps: its start is kept, all of it is still checked.
void tst_FrameParser::largePayloadIsKeptInPart()
{
    FrameParser parser({FrameSender::Server, false, 1000});
    QByteArray text(5000, 'a');
    text[4000] = char(0xff);
    parser.feed(FrameWriter::write(spec(0x1, text)));
    const std::vector<WireFrame> frames = parser.takeFrames();
    QCOMPARE(frames.size(), size_t(1));
    QCOMPARE(frames[0].payload, text.first(1000));
    QVERIFY(frames[0].payloadCut);
    QCOMPARE(frames[0].payloadLength, quint64(5000));
    const std::vector<ProtocolVerdict> verdicts = parser.takeVerdicts();
    QCOMPARE(verdicts.size(), size_t(1));
    QCOMPARE(verdicts[0], (ProtocolVerdict {Rule::InvalidUtf8, 4 + 4000}));
    QVERIFY(!parser.isInsideFrame());
}

// Streams of random frames, valid or not, from a fixed seed: cut at random points they read as
// they do whole, and the frames write back to the stream.
void tst_FrameParser::randomStreamsRoundTrip()
{
    QRandomGenerator random(20261202);
    for (int stream = 0; stream < 300; ++stream) {
        QByteArray bytes;
        const int count = random.bounded(1, 8);
        for (int i = 0; i < count; ++i) {
            FrameSpec s;
            s.fin = random.bounded(4) != 0;
            s.rsv1 = random.bounded(8) == 0;
            s.opcode = quint8(random.bounded(16));
            s.masked = random.bounded(2) == 0;
            for (quint8 &b : s.maskingKey)
                b = quint8(random.bounded(256));
            const int size = random.bounded(5) == 0 ? random.bounded(70000) : random.bounded(140);
            s.payload.resize(size);
            for (char &c : s.payload)
                c = char(random.bounded(256));
            if (random.bounded(6) == 0)
                s.lengthForm = LengthForm(random.bounded(1, 3));
            if (s.lengthForm && *s.lengthForm < shortestLengthForm(quint64(size)))
                s.lengthForm.reset();
            bytes += FrameWriter::write(s);
        }
        const FrameSender sender = random.bounded(2) ? FrameSender::Client : FrameSender::Server;
        const Outcome whole = read(bytes, sender, false);
        QCOMPARE(whole.raw.size(), size_t(count));
        QList<qsizetype> cuts;
        for (qsizetype at = random.bounded(1, 40); at < bytes.size(); at += random.bounded(1, 900))
            cuts << at;
        const Outcome pieces = read(bytes, sender, false, cuts);
        QCOMPARE(pieces.frames, whole.frames);
        QCOMPARE(pieces.verdicts, whole.verdicts);
        QByteArray written;
        for (const WireFrame &f : whole.raw)
            written += FrameWriter::write(FrameWriter::specOf(f));
        QCOMPARE(written, bytes);
    }
}

namespace {
// A stream of a few frames a peer might send, near the rules: mostly well-formed, with one of
// the classic mistakes now and then.
QByteArray generatedStream(QRandomGenerator &random, FrameSender sender)
{
    const auto pick = [&](int n) {
        return random.bounded(n);
    };
    const auto text = [&] {
        static const QByteArray kPieces[]
            = {"a", "hello", "\xce\xba", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " "};
        static const QByteArray kBad[]
            = {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\x80", "\xf4\x90\x80\x80", "\xe2\x82"};
        QByteArray t;
        for (int i = pick(6); i > 0; --i)
            t += kPieces[pick(6)];
        if (pick(8) == 0)
            t.insert(pick(int(t.size()) + 1), kBad[pick(6)]);
        return t;
    };
    QByteArray bytes;
    bool fragmented = false;
    const int frames = 1 + pick(5);
    for (int i = 0; i < frames; ++i) {
        FrameSpec s;
        s.masked = sender == FrameSender::Client;
        if (pick(25) == 0)
            s.masked = !s.masked;
        for (quint8 &b : s.maskingKey)
            b = quint8(pick(256));
        switch (pick(fragmented ? 7 : 6)) {
        case 0:
        case 1: // a text or binary message, whole or its first fragment
            s.opcode = pick(2) ? 0x1 : 0x2;
            s.payload = s.opcode == 0x1 ? text() : QByteArray(pick(300), char(pick(256)));
            s.fin = pick(3) != 0;
            fragmented = !s.fin;
            break;
        case 2: // a ping or pong
            s.opcode = pick(2) ? 0x9 : 0xA;
            s.payload = QByteArray(pick(20) == 0 ? 126 : pick(126), 'p');
            s.fin = pick(20) != 0;
            break;
        case 3: // a close
            s.opcode = 0x8;
            if (pick(10) != 0) {
                static const int kCodes[]
                    = {1000, 1001, 1002, 1003, 1007, 1008, 1011, 1012, 1014, 3000,
                       4999, 999,  1004, 1005, 1006, 1015, 1016, 2999, 5000};
                s.payload = closePayload(kCodes[pick(19)], pick(3) ? text() : QByteArray());
            } else if (pick(2)) {
                s.payload = "\x03";
            }
            break;
        case 4: // a reserved opcode
            s.opcode = quint8(pick(2) ? 3 + pick(5) : 11 + pick(5));
            s.payload = "x";
            break;
        case 5: // a continuation: of the open message, or of nothing
        case 6:
            s.opcode = 0x0;
            s.payload = text();
            s.fin = pick(2) != 0;
            if (s.fin)
                fragmented = false;
            break;
        }
        if (pick(30) == 0)
            (pick(3) ? s.rsv1 : pick(2) ? s.rsv2 : s.rsv3) = true;
        bytes += FrameWriter::write(s);
    }
    return bytes;
}

// The code the ws receiver raises for each of our rules.
QByteArray wsCodeOf(Rule rule)
{
    switch (rule) {
    case Rule::ReservedBitSet:
        return "WS_ERR_UNEXPECTED_RSV";
    case Rule::ReservedOpcode:
    case Rule::ContinuationWithoutStart:
    case Rule::DataInsideFragmentedMessage:
        return "WS_ERR_INVALID_OPCODE";
    case Rule::ControlTooLong:
    case Rule::OneByteClosePayload:
        return "WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH";
    case Rule::ControlFragmented:
        return "WS_ERR_EXPECTED_FIN";
    case Rule::InvalidUtf8:
    case Rule::InvalidCloseReason:
        return "WS_ERR_INVALID_UTF8";
    case Rule::InvalidCloseCode:
        return "WS_ERR_INVALID_CLOSE_CODE";
    case Rule::MaskedFromServer:
        return "WS_ERR_UNEXPECTED_MASK";
    case Rule::UnmaskedFromClient:
        return "WS_ERR_EXPECTED_MASK";
    case Rule::LengthHighBitSet:
        return "WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH";
    case Rule::LengthNotShortest:
    case Rule::FrameAfterClose:
        break;
    }
    return {};
}
} // namespace

// Thousands of generated streams, judged by this parser and by the npm `ws` package's own
// receiver: both must find the same streams broken, and name the same rule. ws reads nothing
// after a close frame, and judges a text message's UTF-8 only once the message has ended (this
// parser fails fast, at the first byte at fault), so what ws has not judged is left out.
void tst_FrameParser::agreesWithTheWsReceiver()
{
    QRandomGenerator random(6455);
    constexpr int kStreams = 4000;
    QByteArray input;
    QList<QByteArray> streams;
    QList<FrameSender> senders;
    for (int i = 0; i < kStreams; ++i) {
        const FrameSender sender = random.bounded(2) ? FrameSender::Client : FrameSender::Server;
        streams << generatedStream(random, sender);
        senders << sender;
        input += (sender == FrameSender::Client ? "C " : "S ") + streams.last().toHex() + '\n';
    }
    TestSupport::NodePeer ws;
    QVERIFY(ws.start(u"ws-receiver-verdicts.js"_s));
    ws.process().write(input);
    ws.process().closeWriteChannel();
    QVERIFY(ws.process().waitForFinished(60000));
    const QList<QByteArray> wsSays = ws.process().readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(wsSays.size(), kStreams);

    int sameValidity = 0;
    int sameRule = 0;
    int broken = 0;
    QStringList disagreements;
    for (int i = 0; i < kStreams; ++i) {
        FrameParser parser({senders[i], false});
        parser.feed(streams[i]);
        const std::vector<WireFrame> frames = parser.takeFrames();
        quint64 end = quint64(streams[i].size()); // of what ws reads: up to the first close
        for (const WireFrame &f : frames) {
            if (f.opcode == 0x8) {
                end = f.offset + f.size();
                break;
            }
        }
        // ws checks a text message's UTF-8 once the message has ended; this parser says so
        // at the first byte at fault. Whether the message with a fault at offset ended (before
        // anything ws does not read):
        const auto messageEnded = [&](quint64 offset) {
            bool inside = false;
            for (const WireFrame &f : frames) {
                inside = inside || offset <= f.offset + f.size();
                if (inside && f.fin && !Opcodes::isControl(f.opcode))
                    return f.offset + f.size() <= end;
            }
            return false;
        };
        std::set<QByteArray> ours;
        for (const ProtocolVerdict &v : parser.takeVerdicts()) {
            // A fault found at the end of a frame has the offset one past it.
            const bool read = v.offset < end
                || (v.offset == end
                    && (v.rule == Rule::InvalidUtf8 || v.rule == Rule::InvalidCloseReason));
            if (!v.isViolation() || !read)
                continue;
            if (v.rule == Rule::InvalidUtf8 && !messageEnded(v.offset))
                continue;
            ours.insert(wsCodeOf(v.rule));
        }
        ours.erase(QByteArray());
        const QByteArray theirs = wsSays[i];
        const bool theyBreak = theirs != "ok";
        broken += theyBreak ? 1 : 0;
        if (theyBreak == !ours.empty()) {
            ++sameValidity;
            const bool named = !theyBreak
                || std::any_of(ours.begin(), ours.end(),
                               [&](const QByteArray &c) { return theirs.startsWith(c); });
            sameRule += named ? 1 : 0;
            if (named)
                continue;
        }
        if (disagreements.size() < 5) {
            QStringList mine;
            for (const QByteArray &c : ours)
                mine << QString::fromLatin1(c);
            disagreements << u"%1 %2: ws %3, ours [%4]"_s.arg(
                senders[i] == FrameSender::Client ? u"C"_s : u"S"_s,
                QString::fromLatin1(streams[i].toHex()), QString::fromLatin1(theirs),
                mine.join(u", "));
        }
    }
    qInfo("ws agreement: %d of %d streams judged alike (%d broken by ws's account), %d with "
          "the same rule",
          sameValidity, kStreams, broken, sameRule);
    QVERIFY2(broken > kStreams / 10 && broken < kStreams * 9 / 10, "a mix of good and bad");
    QVERIFY2(sameRule == kStreams, qPrintable(disagreements.join(u'\n')));
}

QTEST_GUILESS_MAIN(tst_FrameParser)
#include "tst_frameparser.moc"
