// The wire relay between a real QWebSocket and a peer nobody here wrote (the npm `ws` server):
// every byte passes unchanged, and the relay reads both directions as the wire view will show
// them: the handshake each way, the client's masked frames, the server's, and the ping and pong
// QWebSocket keeps to itself.

#include "tap/wirerelay.h"
#include "testsupport.h"

#include <QJsonObject>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_WireRelay : public QObject
{
    Q_OBJECT

private slots:
    void relaysAndReadsBothWays();
    void hostHeaderIsRestored();
    void failuresAreSaid_data();
    void failuresAreSaid();

private:
    quint16 startWsServer(NodePeer &server);
};

quint16 tst_WireRelay::startWsServer(NodePeer &server)
{
    if (!server.start(u"ws-server.js"_s))
        return 0;
    QString port;
    if (!server.waitForLine([&](const QString &line) {
            port = line.mid(5);
            return line.startsWith(u"PORT "_s);
        }))
        return 0;
    return port.toUShort();
}

void tst_WireRelay::relaysAndReadsBothWays()
{
    NodePeer server;
    const quint16 port = startWsServer(server);
    QVERIFY(port);
    WireRelay relay({u"127.0.0.1"_s, port});
    QString error;
    QVERIFY2(relay.listen(&error), qPrintable(error));
    std::optional<HandshakeRequest> request;
    std::optional<HandshakeResponse> response;
    std::vector<WireFrame> fromClient, fromServer;
    std::vector<ProtocolVerdict> verdicts;
    connect(&relay, &WireRelay::requestSeen, this, [&](const HandshakeRequest &r) { request = r; });
    connect(&relay, &WireRelay::responseSeen, this,
            [&](const HandshakeResponse &r) { response = r; });
    connect(&relay, &WireRelay::framesSeen, this,
            [&](WireRelay::Side side, const std::vector<WireFrame> &frames,
                const std::vector<ProtocolVerdict> &v) {
                auto &into = side == WireRelay::Side::Client ? fromClient : fromServer;
                into.insert(into.end(), frames.begin(), frames.end());
                verdicts.insert(verdicts.end(), v.begin(), v.end());
            });

    QWebSocket socket;
    socket.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, relay.port()));
    QSignalSpy echoed(&socket, &QWebSocket::textMessageReceived);
    QSignalSpy ponged(&socket, &QWebSocket::pong);
    socket.open(QUrl(u"ws://127.0.0.1:%1/feed?x=1"_s.arg(port)));
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
    socket.sendTextMessage(u"hello wire"_s);
    QTRY_COMPARE(echoed.size(), 1);
    QCOMPARE(echoed.at(0).at(0).toString(), u"hello wire"_s); // unchanged on the way
    socket.ping("p1");
    QTRY_COMPARE(ponged.size(), 1);

    // The handshake, both ways, as it was on the wire.
    QVERIFY(request);
    QCOMPARE(request->method, "GET"_ba);
    QCOMPARE(request->target, "/feed?x=1"_ba);
    const QByteArray key = request->header("Sec-WebSocket-Key").value_or(QByteArray());
    QVERIFY(!key.isEmpty());
    QVERIFY(response);
    QCOMPARE(response->status, 101);
    QCOMPARE(response->problems(key, {}), QStringList());

    // The client's frames are masked; the server's are not; the pong Qt never shows is here.
    QTRY_VERIFY(fromClient.size() >= 2 && fromServer.size() >= 2);
    QCOMPARE(fromClient[0].opcode, quint8(0x1));
    QVERIFY(fromClient[0].masked);
    QCOMPARE(fromClient[0].payload, "hello wire"_ba);
    QCOMPARE(fromClient[0].offset, quint64(0));
    QCOMPARE(fromClient[1].opcode, quint8(0x9));
    QCOMPARE(fromClient[1].payload, "p1"_ba);
    QCOMPARE(fromServer[0].opcode, quint8(0x1));
    QVERIFY(!fromServer[0].masked);
    QCOMPARE(fromServer[0].payload, "hello wire"_ba);
    QCOMPARE(fromServer[1].opcode, quint8(0xA));
    QCOMPARE(fromServer[1].payload, "p1"_ba);
    QVERIFY(verdicts.empty());

    // Closing: the close frames both ways, then the relay is done.
    QSignalSpy finished(&relay, &WireRelay::finished);
    socket.close(QWebSocketProtocol::CloseCodeNormal, u"bye"_s);
    QTRY_VERIFY(!fromClient.empty() && fromClient.back().opcode == 0x8);
    QTRY_VERIFY(!fromServer.empty() && fromServer.back().opcode == 0x8);
    QCOMPARE(fromClient.back().payload,
             "\x03\xe8"
             "bye"_ba);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(relay.bytesFrom(WireRelay::Side::Client),
             quint64(request->write().size()) + fromClient.back().offset
                 + fromClient.back().size());
}

// For wss://, QWebSocket gets the ws:// form with the port written out; the relay puts back the
// Host header that the user's URL implied, and shows the request as it went on.
void tst_WireRelay::hostHeaderIsRestored()
{
    NodePeer server;
    const quint16 port = startWsServer(server);
    QVERIFY(port);
    WireRelay::Upstream upstream(u"127.0.0.1"_s, port);
    upstream.hostHeader = "example.test";
    WireRelay relay(upstream);
    QVERIFY(relay.listen());
    std::optional<HandshakeRequest> request;
    connect(&relay, &WireRelay::requestSeen, this, [&](const HandshakeRequest &r) { request = r; });
    QWebSocket socket;
    socket.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, relay.port()));
    QNetworkRequest get(QUrl(u"ws://127.0.0.1:%1/there"_s.arg(port)));
    get.setRawHeader("X-Kept", "yes");
    socket.open(get);
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
    const QJsonObject open = server.waitForEvent(u"open"_s);
    QCOMPARE(open.value(u"headers").toObject().value(u"host").toString(), u"example.test"_s);
    QCOMPARE(open.value(u"headers").toObject().value(u"x-kept").toString(), u"yes"_s);
    QVERIFY(request);
    QCOMPARE(request->header("Host"), std::optional<QByteArray>("example.test"));
    QCOMPARE(request->target, "/there"_ba);
}

void tst_WireRelay::failuresAreSaid_data()
{
    QTest::addColumn<quint16>("relayPort"); // the relay is made for 127.0.0.1 on this port
    QTest::addColumn<QString>("url"); // what QWebSocket asks for
    QTest::addColumn<QString>("said");
    // It was made for one host: a CONNECT for another is refused.
    QTest::newRow("another host") << quint16(9) << u"ws://example.test:80/"_s
                                  << u"another host than 127.0.0.1:9"_s;
    // Upstream refuses: the relay says why.
    QTest::newRow("upstream refuses") << quint16(1) << u"ws://127.0.0.1:1/"_s << u"refused"_s;
}

// Each failure is said, and QWebSocket gets an error, not a hang.
void tst_WireRelay::failuresAreSaid()
{
    QFETCH(quint16, relayPort);
    QFETCH(QString, url);
    QFETCH(QString, said);
    WireRelay relay({u"127.0.0.1"_s, relayPort});
    QVERIFY(relay.listen());
    QSignalSpy failed(&relay, &WireRelay::failed);
    QWebSocket socket;
    socket.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, relay.port()));
    QSignalSpy errors(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    socket.open(QUrl(url));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(said, Qt::CaseInsensitive),
             qPrintable(failed.at(0).at(0).toString()));
    QTRY_VERIFY(!errors.isEmpty());
}

QTEST_GUILESS_MAIN(tst_WireRelay)
#include "tst_wirerelay.moc"
