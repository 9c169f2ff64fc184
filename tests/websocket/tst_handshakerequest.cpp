// The head of an opening handshake as a server reads it: request line, headers in order and
// spelling, and every way a head can be malformed.

#include "websocket/handshakerequest.h"

#include <QTest>

using namespace Sockscope;

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

QTEST_APPLESS_MAIN(tst_HandshakeRequest)
#include "tst_handshakerequest.moc"
