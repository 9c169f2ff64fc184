// The heads of an opening handshake: the request as a server reads it and the response as a
// client does (request and status lines, headers in order and spelling, every way a head can
// be malformed), written back as they were read, and what a client must find wrong in a
// response.

#include "websocket/handshakerequest.h"

#include <QTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

class tst_HandshakeRequest : public QObject
{
    Q_OBJECT

private slots:
    void headEnd_data();
    void headEnd();
    void parsesInOrderAndSpelling();
    void malformed_data();
    void malformed();
    void headerLookupIgnoresCase();
    void requestWritesWhatItRead();
    void acceptKey();
    void responseReadsAndWrites();
    void responseProblems_data();
    void responseProblems();
    void malformedResponse_data();
    void malformedResponse();
};

void tst_HandshakeRequest::headEnd_data()
{
    QTest::addColumn<QByteArray>("received");
    QTest::addColumn<qsizetype>("end");
    QTest::newRow("nothing") << QByteArray() << qsizetype(-1);
    QTest::newRow("line only") << QByteArray("GET / HTTP/1.1\r\n") << qsizetype(-1);
    QTest::newRow("bare LFs") << QByteArray("GET / HTTP/1.1\n\n") << qsizetype(-1);
    QTest::newRow("complete") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << qsizetype(27);
    QTest::newRow("frames after it")
        << QByteArray("GET / HTTP/1.1\r\n\r\n\x81\x00", 20) << qsizetype(18);
}

void tst_HandshakeRequest::headEnd()
{
    QFETCH(QByteArray, received);
    QFETCH(qsizetype, end);
    QCOMPARE(HandshakeRequest::headEnd(received), end);
}

void tst_HandshakeRequest::parsesInOrderAndSpelling()
{
    const QByteArray head = "GET /chat?room=1 HTTP/1.1\r\n"
                            "host: localhost:8080\r\n"
                            "Upgrade:websocket\r\n"
                            "X-Empty:\r\n"
                            "Sec-WebSocket-Key: \t dGhlIHNhbXBsZSBub25jZQ== \t\r\n"
                            "x-dup: 1\r\n"
                            "X-Dup: 2\r\n\r\n";
    QString error;
    const std::optional<HandshakeRequest> r = HandshakeRequest::parse(head, &error);
    QVERIFY2(r, qPrintable(error));
    QCOMPARE(r->method, "GET");
    QCOMPARE(r->target, "/chat?room=1");
    QCOMPARE(r->version, "HTTP/1.1");
    const QList<std::pair<QByteArray, QByteArray>> expected
        = {{"host", "localhost:8080"},
           {"Upgrade", "websocket"},
           {"X-Empty", ""},
           {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
           {"x-dup", "1"},
           {"X-Dup", "2"}};
    QCOMPARE(r->headers, expected);
}

void tst_HandshakeRequest::malformed_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("error");
    QTest::newRow("no empty line") << QByteArray("GET / HTTP/1.1\r\n")
                                   << u"the request head does not end with an empty line"_qs;
    QTest::newRow("empty request line")
        << QByteArray("\r\n\r\n") << u"the request line is not \"METHOD TARGET HTTP/1.1\""_qs;
    QTest::newRow("two words") << QByteArray("GET /\r\n\r\n")
                               << u"the request line is not \"METHOD TARGET HTTP/1.1\""_qs;
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n")
                                     << u"the request line's target is empty or holds spaces"_qs;
    QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1\r\n\r\n")
                                  << u"the request line's target is empty or holds spaces"_qs;
    QTest::newRow("method not a token")
        << QByteArray("G(T / HTTP/1.1\r\n\r\n") << u"the request line's method is not a token"_qs;
    QTest::newRow("not HTTP") << QByteArray("GET / SIP/2.0\r\n\r\n")
                              << u"the request line does not end with an HTTP version"_qs;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost localhost\r\n\r\n")
                              << u"line 2 is not a header \"Name: value\""_qs;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : localhost\r\n\r\n")
                                        << u"line 2 is not a header \"Name: value\""_qs;
    QTest::newRow("folded line") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r\n  2\r\n\r\n")
                                 << u"line 3 is not a header \"Name: value\""_qs;
    QTest::newRow("bare LF inside") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\nHost: evil\r\n\r\n")
                                    << u"line 2 holds a bare CR or LF"_qs;
    QTest::newRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 28)
                                  << u"line 2: the header's value holds a control character"_qs;
    QTest::newRow("too long") << QByteArray("GET / HTTP/1.1\r\nX-A: ")
            + QByteArray(HandshakeRequest::kMaxHeadBytes, 'a')
            + "\r\n\r\n" << u"the request head is longer than 819204 bytes"_qs;
}

void tst_HandshakeRequest::malformed()
{
    QFETCH(QByteArray, head);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!HandshakeRequest::parse(head, &said));
    QCOMPARE(said, error);
}

void tst_HandshakeRequest::headerLookupIgnoresCase()
{
    const auto r = HandshakeRequest::parse("GET / HTTP/1.1\r\nORIGIN: http://a\r\nhost: b\r\n"
                                           "Host: c\r\n\r\n");
    QVERIFY(r);
    QCOMPARE(r->header("Origin"), QByteArray("http://a"));
    QCOMPARE(r->header("HOST"), QByteArray("b"));
    QCOMPARE(r->count("host"), 2);
    QCOMPARE(r->count("Sec-WebSocket-Key"), 0);
    QVERIFY(!r->header("Sec-WebSocket-Key"));
}

void tst_HandshakeRequest::requestWritesWhatItRead()
{
    const QByteArray head = "GET /chat?x=1 HTTP/1.1\r\nHost: a\r\nsec-websocket-KEY: k\r\n\r\n";
    const auto r = HandshakeRequest::parse(head);
    QVERIFY(r);
    QCOMPARE(r->write(), head);
}

// RFC 6455 section 1.3's example: this key is answered with this accept value.
void tst_HandshakeRequest::acceptKey()
{
    QCOMPARE(HandshakeResponse::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="),
             QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void tst_HandshakeRequest::responseReadsAndWrites()
{
    const QByteArray head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "connection: Upgrade\r\nSec-WebSocket-Accept: "
                            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nX-Twice: 1\r\nX-Twice: 2\r\n\r\n";
    QCOMPARE(HandshakeResponse::headEnd(QByteArray(head + "\x81\x00")), head.size());
    const auto r = HandshakeResponse::parse(head);
    QVERIFY(r);
    QCOMPARE(r->version, QByteArray("HTTP/1.1"));
    QCOMPARE(r->status, 101);
    QCOMPARE(r->reason, QByteArray("Switching Protocols"));
    QCOMPARE(r->headers.size(), 5);
    QCOMPARE(r->headers[1].first, QByteArray("connection")); // spelling kept
    QCOMPARE(r->write(), head);
    QVERIFY(r->problems("dGhlIHNhbXBsZSBub25jZQ==", {}).isEmpty());
    // A refusal with no reason phrase.
    const auto refused = HandshakeResponse::parse("HTTP/1.1 403 \r\nContent-Length: 0\r\n\r\n");
    QVERIFY(refused);
    QCOMPARE(refused->status, 403);
    QVERIFY(refused->reason.isEmpty());
}

void tst_HandshakeRequest::responseProblems_data()
{
    QTest::addColumn<QByteArray>("headers"); // after the status line
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<QByteArray>>("offered");
    QTest::addColumn<QStringList>("problems");
    const QByteArray good = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
    QTest::newRow("valid") << good << 101 << QList<QByteArray> {} << QStringList {};
    QTest::newRow("tokens in lists, any case")
        << QByteArray("upgrade: WebSocket\r\nConnection: keep-alive, upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
        << 101 << QList<QByteArray> {} << QStringList {};
    QTest::newRow("not 101") << good << 200 << QList<QByteArray> {}
                             << QStringList {u"the server answered 200 Reason, not 101 Switching "
                                             u"Protocols"_s};
    QTest::newRow("no upgrade, no connection")
        << QByteArray("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") << 101
        << QList<QByteArray> {}
        << QStringList {u"no \"Upgrade: websocket\" header"_s,
                        u"no \"Connection: Upgrade\" header"_s};
    QTest::newRow("wrong accept") << QByteArray(
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        "AAAA\r\n") << 101 << QList<QByteArray> {}
                                  << QStringList {u"Sec-WebSocket-Accept is AAAA; the key asks for "
                                                  u"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="_s};
    QTest::newRow("no accept") << QByteArray("Upgrade: websocket\r\nConnection: Upgrade\r\n") << 101
                               << QList<QByteArray> {}
                               << QStringList {u"no Sec-WebSocket-Accept header"_s};
    QTest::newRow("offered subprotocol")
        << good + "Sec-WebSocket-Protocol: chat\r\n"
        << 101 << QList<QByteArray> {"chat", "superchat"} << QStringList {};
    QTest::newRow("subprotocol not offered")
        << good + "Sec-WebSocket-Protocol: mqtt\r\n"
        << 101 << QList<QByteArray> {"chat"}
        << QStringList {u"the server chose the subprotocol mqtt, which was not offered"_s};
    QTest::newRow("subprotocol when none offered")
        << good + "Sec-WebSocket-Protocol: chat\r\n"
        << 101 << QList<QByteArray> {}
        << QStringList {u"the server chose the subprotocol chat, and none was offered"_s};
}

// What a client must fail the connection for, each said in its own words.
void tst_HandshakeRequest::responseProblems()
{
    QFETCH(QByteArray, headers);
    QFETCH(int, status);
    QFETCH(QList<QByteArray>, offered);
    QFETCH(QStringList, problems);
    const QByteArray head
        = "HTTP/1.1 " + QByteArray::number(status) + " Reason\r\n" + headers + "\r\n";
    const auto r = HandshakeResponse::parse(head);
    QVERIFY(r);
    QCOMPARE(r->problems("dGhlIHNhbXBsZSBub25jZQ==", offered), problems);
}

void tst_HandshakeRequest::malformedResponse_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n");
    QTest::newRow("no status") << QByteArray("HTTP/1.1\r\n\r\n");
    QTest::newRow("two-digit status") << QByteArray("HTTP/1.1 10 x\r\n\r\n");
    QTest::newRow("status run into reason") << QByteArray("HTTP/1.1 1011x\r\n\r\n");
    QTest::newRow("bad header") << QByteArray("HTTP/1.1 101 OK\r\nno colon\r\n\r\n");
    QTest::newRow("no empty line") << QByteArray("HTTP/1.1 101 OK\r\n");
}

void tst_HandshakeRequest::malformedResponse()
{
    QFETCH(QByteArray, head);
    QString error;
    QVERIFY(!HandshakeResponse::parse(head, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_APPLESS_MAIN(tst_HandshakeRequest)
#include "tst_handshakerequest.moc"
