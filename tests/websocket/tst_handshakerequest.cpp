// The heads of an opening handshake: the request as a server reads it and the response as a
// client does (request and status lines, headers in order and spelling, every way a head can
// be malformed), written back as they were read, what a client must find wrong in a response,
// and how a server answers a request.

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
    void upgradeAnswer_data();
    void upgradeAnswer();
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

void tst_HandshakeRequest::upgradeAnswer_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QStringList>("supported");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QString>("refusal");
    const QByteArray start = "GET /chat HTTP/1.1\r\nHost: localhost\r\n";
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const QByteArray v13 = "Sec-WebSocket-Version: 13\r\n";
    const QByteArray good = start + upgrade + key + v13;
    QTest::newRow("valid") << good << QStringList {} << 101 << QByteArray() << QString();
    QTest::newRow("tokens in lists, any case")
        << QByteArray(start + "upgrade: WebSocket\r\nconnection: keep-alive, upgrade\r\n" + key
                      + v13)
        << QStringList {} << 101 << QByteArray() << QString();
    QTest::newRow("the server's preference wins")
        << QByteArray(good + "Sec-WebSocket-Protocol: chat, chat.v2\r\n")
        << QStringList {u"chat.v2"_s, u"chat"_s} << 101 << QByteArray("chat.v2") << QString();
    QTest::newRow("offers over several lines")
        << QByteArray(good + "Sec-WebSocket-Protocol: mqtt\r\nSec-WebSocket-Protocol: wamp\r\n")
        << QStringList {u"wamp"_s} << 101 << QByteArray("wamp") << QString();
    QTest::newRow("nothing in common")
        << QByteArray(good + "Sec-WebSocket-Protocol: mqtt\r\n") << QStringList {u"wamp"_s} << 101
        << QByteArray() << QString();
    QTest::newRow("POST") << QByteArray("POST /chat HTTP/1.1\r\nHost: localhost\r\n" + upgrade + key
                                        + v13)
                          << QStringList {} << 400 << QByteArray()
                          << u"the method is POST, not GET"_s;
    QTest::newRow("HTTP/1.0") << QByteArray("GET / HTTP/1.0\r\nHost: localhost\r\n" + upgrade + key
                                            + v13)
                              << QStringList {} << 400 << QByteArray()
                              << u"the request is HTTP/1.0; an upgrade needs HTTP/1.1"_s;
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n" + upgrade + key + v13)
                             << QStringList {} << 400 << QByteArray()
                             << u"the request has no Host header"_s;
    QTest::newRow("plain GET") << QByteArray(start + "Accept: */*\r\n") << QStringList {} << 400
                               << QByteArray()
                               << u"the request has no \"Upgrade: websocket\" header"_s;
    QTest::newRow("no connection upgrade")
        << QByteArray(start + "Upgrade: websocket\r\nConnection: keep-alive\r\n" + key + v13)
        << QStringList {} << 400 << QByteArray()
        << u"the request has no \"Connection: Upgrade\" header"_s;
    const QString badKey = u"the request has no Sec-WebSocket-Key of 16 bytes in base64"_s;
    QTest::newRow("no key") << QByteArray(start + upgrade + v13) << QStringList {} << 400
                            << QByteArray() << badKey;
    QTest::newRow("short key") << QByteArray(start + upgrade + "Sec-WebSocket-Key: AAAA\r\n" + v13)
                               << QStringList {} << 400 << QByteArray() << badKey;
    QTest::newRow("key not base64")
        << QByteArray(start + upgrade + "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!!!\r\n" + v13)
        << QStringList {} << 400 << QByteArray() << badKey;
    QTest::newRow("two keys") << QByteArray(start + upgrade + key + key + v13) << QStringList {}
                              << 400 << QByteArray() << badKey;
    QTest::newRow("version 8")
        << QByteArray(start + upgrade + key + "Sec-WebSocket-Version: 8\r\n") << QStringList {}
        << 426 << QByteArray()
        << u"the request asks for WebSocket version 8; this server speaks 13"_s;
    QTest::newRow("no version") << QByteArray(start + upgrade + key) << QStringList {} << 426
                                << QByteArray()
                                << u"the request asks for WebSocket version (none); this server "
                                   u"speaks 13"_s;
}

// A server's answer: 101 with the accept key of RFC 6455's own example and the subprotocol it
// prefers, or the refusal RFC 6455 4.2.1-4.2.2 asks for, said in words.
void tst_HandshakeRequest::upgradeAnswer()
{
    QFETCH(QByteArray, head);
    QFETCH(QStringList, supported);
    QFETCH(int, status);
    QFETCH(QByteArray, subprotocol);
    QFETCH(QString, refusal);
    const auto request = HandshakeRequest::parse(QByteArray(head + "\r\n"));
    QVERIFY(request);
    const UpgradeAnswer answer = UpgradeAnswer::to(*request, supported, "Sockscope");
    QCOMPARE(answer.refusal, refusal);
    QCOMPARE(answer.isAccepted(), refusal.isEmpty());
    QCOMPARE(answer.response.status, status);
    QCOMPARE(answer.subprotocol, subprotocol);
    if (status == 101) {
        // What a client checks, passes; the head reads back as it was written.
        const QList<QByteArray> offered = UpgradeAnswer::offeredProtocols(*request);
        QCOMPARE(answer.response.problems("dGhlIHNhbXBsZSBub25jZQ==", offered), QStringList {});
        QCOMPARE(answer.response.header("Sec-WebSocket-Accept"),
                 QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QCOMPARE(answer.response.header("Server"), QByteArray("Sockscope"));
        const auto back = HandshakeResponse::parse(answer.response.write());
        QVERIFY(back);
        QCOMPARE(back->headers, answer.response.headers);
    }
    if (status == 426)
        QCOMPARE(answer.response.header("Sec-WebSocket-Version"), QByteArray("13"));
}

QTEST_APPLESS_MAIN(tst_HandshakeRequest)
#include "tst_handshakerequest.moc"
