// The core Connection against real sockets on loopback: an in-process QWebSocketServer for the
// WebSocket cases, and small QTcpServer responders for handshakes that go wrong.

#include "connection/connection.h"
#include "log/messagelogmodel.h"
#include "testsupport.h"
#include "websocket/limits.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Sockscope;
using namespace TestSupport;

class tst_Connection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { wireCaptureBothWays(); }
    void init();
    void cleanup();

    void openSendsAndReceivesText();
    void binaryBothWays_data();
    void binaryBothWays();
    void pingIsMatchedToItsPong();
    void pingPayloadOverLimitIsRefused();
    void clientCloseSendsCodeAndReason();
    void serverCloseShowsCodeAndReason();
    void abruptDropShowsAbnormalClosure();
    void invalidCloseCodesAreRefused_data();
    void invalidCloseCodesAreRefused();
    void longCloseReasonIsCutAtCharacterBoundary_data();
    void longCloseReasonIsCutAtCharacterBoundary();
    void handshakeTimesOut();
    void connectionRefusedIsReported();
    void refusedHandshakeShowsHttpStatus();
    void handshakeRowShowsTheRequest();
    void openRowKeepsTheConnectionFacts();
    void invalidUrlIsRejected_data();
    void invalidUrlIsRejected();
    void invalidOptionsAreRefused_data();
    void invalidOptionsAreRefused();

private:
    // Opens m_connection to m_server and returns the server's side of the socket.
    QWebSocket *openToServer();
    MessageLogModel *log() { return m_log.get(); }

    std::unique_ptr<QWebSocketServer> m_server;
    std::unique_ptr<MessageLogModel> m_log; // outlives m_connection, which writes to it
    std::unique_ptr<Connection> m_connection;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<QWebSocket *> m_accepted;
};

void tst_Connection::init()
{
    m_server = std::make_unique<QWebSocketServer>(QStringLiteral("test"),
                                                  QWebSocketServer::NonSecureMode);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_accepted.clear();
    connect(m_server.get(), &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_server->nextPendingConnection()) {
            m_accepted << socket;
            connect(socket, &QWebSocket::textMessageReceived, socket,
                    [socket](const QString &message) { socket->sendTextMessage(message); });
            connect(socket, &QWebSocket::binaryMessageReceived, socket,
                    [socket](const QByteArray &data) { socket->sendBinaryMessage(data); });
        }
    });
    m_connection.reset();
    m_log = std::make_unique<MessageLogModel>();
    m_connection = std::make_unique<Connection>(m_log.get());
    m_connection->setOptions(connectionOptions());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        log(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_Connection::cleanup()
{
    m_tester.reset();
    m_connection.reset();
    qDeleteAll(m_accepted);
    m_accepted.clear();
    m_server.reset();
}

QWebSocket *tst_Connection::openToServer()
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server->serverPort());
    url.setPath(QStringLiteral("/feed"));
    QString error;
    if (!m_connection->open(url.toString(), &error)) {
        qWarning() << error;
        return nullptr;
    }
    if (!QTest::qWaitFor([&] { return m_connection->state() == Connection::State::Open; }, 5000))
        return nullptr;
    if (!QTest::qWaitFor([&] { return !m_accepted.isEmpty(); }, 5000))
        return nullptr;
    return m_accepted.last();
}

void tst_Connection::openSendsAndReceivesText()
{
    QSignalSpy states(m_connection.get(), &Connection::stateChanged);
    QWebSocket *peer = openToServer();
    QVERIFY(peer);
    QCOMPARE(peer->requestUrl().path(), QStringLiteral("/feed"));
    QCOMPARE(states.size(), 2);
    QCOMPARE(states[0][0].value<Connection::State>(), Connection::State::Connecting);
    QCOMPARE(states[1][0].value<Connection::State>(), Connection::State::Open);

    QSignalSpy received(peer, &QWebSocket::textMessageReceived);
    QVERIFY(m_connection->sendText(QStringLiteral("héllo")));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received[0][0].toString(), QStringLiteral("héllo"));

    // Connecting, Open, the sent text and the echoed text, in that order.
    QTRY_COMPARE_WITH_TIMEOUT(log()->rowCount(), 4, 5000);
    QCOMPARE(findRow(log(), Direction::Lifecycle, EventType::Connecting), 0);
    QCOMPARE(findRow(log(), Direction::Lifecycle, EventType::Open), 1);
    QCOMPARE(cell(log(), 1, LogColumn::Preview), QStringLiteral("Opened (no subprotocol)"));
    QCOMPARE(findRow(log(), Direction::Sent, EventType::Text), 2);
    QCOMPARE(findRow(log(), Direction::Received, EventType::Text), 3);
    for (int row : {2, 3}) {
        QCOMPARE(cell(log(), row, LogColumn::Size), QStringLiteral("6 B")); // UTF-8 bytes
        QCOMPARE(cell(log(), row, LogColumn::Preview), QStringLiteral("héllo"));
        QCOMPARE(cell(log(), row, LogColumn::Type), QStringLiteral("text"));
    }
    QCOMPARE(cell(log(), 2, LogColumn::Direction), QStringLiteral("Sent"));
    QCOMPARE(cell(log(), 3, LogColumn::Direction), QStringLiteral("Received"));
    QVERIFY(m_connection->openedAtMs() > 0);
}

void tst_Connection::binaryBothWays_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("empty") << 0;
    QTest::newRow("one byte") << 1;
    QTest::newRow("125, the 7-bit length limit") << 125;
    QTest::newRow("126, a 16-bit length") << 126;
    QTest::newRow("65536, a 64-bit length") << 65536;
    QTest::newRow("1 MiB") << 1024 * 1024;
    // Larger than the connection's read slice, in one frame: the read buffer must grow.
    QTest::newRow("8 MiB in one frame") << 8 * 1024 * 1024;
}

void tst_Connection::binaryBothWays()
{
    QFETCH(int, size);
    QByteArray data(size, Qt::Uninitialized);
    for (char &c : data)
        c = char(QRandomGenerator::global()->bounded(256));
    QWebSocket *peer = openToServer();
    QVERIFY(peer);
    peer->setOutgoingFrameSize(quint64(qMax(size, 1)));
    QSignalSpy received(peer, &QWebSocket::binaryMessageReceived);
    QVERIFY(m_connection->sendBinary(data));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received[0][0].toByteArray(), data);

    int echoRow = -1;
    QTRY_VERIFY((echoRow = findRow(log(), Direction::Received, EventType::Binary)) >= 0);
    QCOMPARE(log()->index(echoRow, 0).data(LogRole::Payload).toByteArray(), data);
    QCOMPARE(cell(log(), echoRow, LogColumn::Size), MessageLogModel::sizeText(size));
    const int sentRow = findRow(log(), Direction::Sent, EventType::Binary);
    QVERIFY(sentRow >= 0);
    QCOMPARE(log()->index(sentRow, 0).data(LogRole::SizeBytes).toLongLong(), qint64(size));
    QCOMPARE(cell(log(), sentRow, LogColumn::Type), QStringLiteral("binary"));
}

void tst_Connection::pingIsMatchedToItsPong()
{
    QVERIFY(openToServer());
    QVERIFY(m_connection->ping("probe-1"));
    int pongRow = -1;
    QTRY_VERIFY((pongRow = findRow(log(), Direction::Received, EventType::Pong)) >= 0);
    const QModelIndex pong = log()->index(pongRow, 0);
    QCOMPARE(pong.data(LogRole::Payload).toByteArray(), QByteArray("probe-1"));
    const int rttUs = pong.data(LogRole::RoundTripUs).toInt();
    QVERIFY2(rttUs >= 0 && rttUs < 5'000'000, qPrintable(QString::number(rttUs)));
    QVERIFY(cell(log(), pongRow, LogColumn::Preview).startsWith(QStringLiteral("round trip ")));
    QVERIFY(findRow(log(), Direction::Sent, EventType::Ping) >= 0);
}

void tst_Connection::pingPayloadOverLimitIsRefused()
{
    QVERIFY(openToServer());
    QString error;
    QVERIFY(m_connection->ping(QByteArray(125, 'x'), &error));
    QVERIFY(!m_connection->ping(QByteArray(126, 'x'), &error));
    QVERIFY(error.contains(QStringLiteral("125")));
}

void tst_Connection::clientCloseSendsCodeAndReason()
{
    QWebSocket *peer = openToServer();
    QVERIFY(peer);
    QSignalSpy peerGone(peer, &QWebSocket::disconnected);
    QVERIFY(m_connection->close(4001, QStringLiteral("done here")));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    QTRY_COMPARE(peerGone.size(), 1);
    QCOMPARE(int(peer->closeCode()), 4001);
    QCOMPARE(peer->closeReason(), QStringLiteral("done here"));

    int row = -1;
    QTRY_VERIFY((row = findRow(log(), Direction::Sent, EventType::Close)) >= 0);
    QCOMPARE(log()->index(row, 0).data(LogRole::CloseCode).toInt(), 4001);
    QCOMPARE(cell(log(), row, LogColumn::Preview),
             QStringLiteral("4001 Private use · closed by you · “done here”"));
}

void tst_Connection::serverCloseShowsCodeAndReason()
{
    QWebSocket *peer = openToServer();
    QVERIFY(peer);
    peer->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("maintenance"));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    int row = -1;
    QTRY_VERIFY((row = findRow(log(), Direction::Received, EventType::Close)) >= 0);
    QCOMPARE(log()->index(row, 0).data(LogRole::CloseCode).toInt(), 1001);
    QCOMPARE(cell(log(), row, LogColumn::Preview),
             QStringLiteral("1001 Going Away · closed by the peer · “maintenance”"));
}

void tst_Connection::abruptDropShowsAbnormalClosure()
{
    QWebSocket *peer = openToServer();
    QVERIFY(peer);
    peer->abort(); // TCP goes away with no close frame
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    int row = -1;
    QTRY_VERIFY((row = findRow(log(), Direction::Lifecycle, EventType::Close)) >= 0);
    QCOMPARE(log()->index(row, 0).data(LogRole::CloseCode).toInt(), 1006);
    QVERIFY2(
        cell(log(), row, LogColumn::Preview).startsWith(QStringLiteral("1006 Abnormal Closure")),
        qPrintable(logLines(log()).join(u'\n')));
    QCOMPARE(findRow(log(), Direction::Received, EventType::Close), -1);
}

void tst_Connection::invalidCloseCodesAreRefused_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("999 is below the range") << 999 << QString();
    QTest::newRow("1005 is only for reporting") << 1005 << QString();
    QTest::newRow("1006 is only for reporting") << 1006 << QString();
    QTest::newRow("2999 is unassigned") << 2999 << QString();
    QTest::newRow("5000 is above the range") << 5000 << QString();
}

void tst_Connection::longCloseReasonIsCutAtCharacterBoundary_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expected");
    QTest::newRow("123 bytes fit") << QString(123, u'r') << QString(123, u'r');
    QTest::newRow("124 ASCII bytes") << QString(124, u'r') << QString(123, u'r');
    QTest::newRow("62 two-byte characters") << QString(62, u'é') << QString(61, u'é');
    const QString emoji = QStringLiteral("\U0001F600"); // four bytes, a surrogate pair
    QTest::newRow("31 four-byte characters") << emoji.repeated(31) << emoji.repeated(30);
    QTest::newRow("a pair straddling byte 123") << QString(121, u'a') + emoji << QString(121, u'a');
    QTest::newRow("three-byte characters")
        << QStringLiteral("€").repeated(42) << QStringLiteral("€").repeated(41);
}

void tst_Connection::longCloseReasonIsCutAtCharacterBoundary()
{
    QFETCH(QString, reason);
    QFETCH(QString, expected);
    QWebSocket *peer = openToServer();
    QVERIFY(peer);
    QSignalSpy peerGone(peer, &QWebSocket::disconnected);
    QVERIFY(m_connection->close(4000, reason));
    QTRY_COMPARE(peerGone.size(), 1);
    QCOMPARE(peer->closeReason(), expected);
    QVERIFY(peer->closeReason().toUtf8().size() <= WebSocketLimits::kMaxCloseReasonBytes);
}

void tst_Connection::invalidCloseCodesAreRefused()
{
    QFETCH(int, code);
    QFETCH(QString, reason);
    QVERIFY(openToServer());
    QString error;
    QVERIFY(!m_connection->close(code, reason, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(m_connection->state(), Connection::State::Open);
}

void tst_Connection::handshakeTimesOut()
{
    // Accepts TCP connections and never answers the HTTP upgrade request.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ConnectionOptions options = connectionOptions();
    options.handshakeTimeoutMs = 300;
    m_connection->setOptions(options);
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY(m_connection->open(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())));
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), Connection::State::Closed, 5000);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0][0].toString().contains(QStringLiteral("timed out")),
             qPrintable(errors[0][0].toString()));
    int row = -1;
    QTRY_VERIFY((row = findRow(log(), Direction::Lifecycle, EventType::Error)) >= 0);
    QVERIFY(cell(log(), row, LogColumn::Preview).contains(QStringLiteral("timed out")));
}

void tst_Connection::connectionRefusedIsReported()
{
    QTcpServer probe; // find a port with nothing listening on it
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QVERIFY(m_connection->open(QStringLiteral("ws://127.0.0.1:%1").arg(port)));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    int row = -1;
    QTRY_VERIFY((row = findRow(log(), Direction::Lifecycle, EventType::Error)) >= 0);
    QCOMPARE(cell(log(), row, LogColumn::Preview),
             QStringLiteral("Connection refused by 127.0.0.1:%1: nothing is listening there.")
                 .arg(port));
}

void tst_Connection::refusedHandshakeShowsHttpStatus()
{
    // A plain HTTP server that refuses the upgrade with 403.
    QTcpServer http;
    QVERIFY(http.listen(QHostAddress::LocalHost, 0));
    connect(&http, &QTcpServer::newConnection, this, [&http] {
        QTcpSocket *socket = http.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            if (!socket->readAll().contains("\r\n\r\n"))
                return;
            socket->write("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                          "Content-Length: 9\r\n\r\nforbidden");
        });
    });
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY(m_connection->open(QStringLiteral("ws://127.0.0.1:%1/").arg(http.serverPort())));
    // Qt 6.4 would stay "connecting" here; the connection must not.
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), Connection::State::Closed, 3000);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0][0].toString().contains(QStringLiteral("HTTP 403 Forbidden")),
             qPrintable(errors[0][0].toString()));
    int row = -1;
    QTRY_VERIFY((row = findRow(log(), Direction::Lifecycle, EventType::Error)) >= 0);
    QVERIFY(cell(log(), row, LogColumn::Preview).contains(QStringLiteral("HTTP 403 Forbidden")));
    // The inspector's text of the row also holds Qt's own report.
    QVERIFY2(log()->payload(row).contains("\nQt: "), log()->payload(row).constData());
    // And it can connect again afterwards.
    QVERIFY(openToServer());
}

void tst_Connection::handshakeRowShowsTheRequest()
{
    ConnectionOptions options = connectionOptions();
    options.headers = {{QStringLiteral("X-Custom"), QStringLiteral("1"), true},
                       {QStringLiteral("X-Off"), QStringLiteral("0"), false}};
    options.origin = QStringLiteral("https://o.example");
    options.subprotocols = {QStringLiteral("p1")};
    m_connection->setOptions(options);
    const QString url
        = QStringLiteral("ws://127.0.0.1:%1/feed?x=1&y=%C3%A9").arg(m_server->serverPort());
    QVERIFY(m_connection->open(url));
    QTRY_COMPARE(m_connection->state(), Connection::State::Open);
    log()->flush();
    const int row = findRow(log(), Direction::Lifecycle, EventType::Connecting);
    QVERIFY(row >= 0);
    const QStringList lines = QString::fromUtf8(log()->payload(row)).split(u'\n');
    for (const QString &expected :
         {QStringLiteral("GET /feed?x=1&y=%C3%A9 HTTP/1.1"),
          QStringLiteral("Host: 127.0.0.1:%1").arg(m_server->serverPort()),
          QStringLiteral("Upgrade: websocket"), QStringLiteral("Connection: Upgrade"),
          QStringLiteral("Sec-WebSocket-Version: 13"), QStringLiteral("Origin: https://o.example"),
          QStringLiteral("Sec-WebSocket-Protocol: p1"), QStringLiteral("X-Custom: 1")})
        QVERIFY2(lines.contains(expected),
                 qPrintable(expected + u"\nnot in\n" + lines.join(u'\n')));
    QVERIFY(!lines.join(u'\n').contains(QStringLiteral("X-Off")));
    QCOMPARE(m_accepted.last()->request().rawHeader("X-Custom"), QByteArray("1"));
}

// What an export, a recorder or a decoder reads of a connection: data, not the row's sentence.
void tst_Connection::openRowKeepsTheConnectionFacts()
{
    m_server->setSupportedSubprotocols({QStringLiteral("chat")});
    ConnectionOptions options = connectionOptions();
    options.headers
        = {{QStringLiteral("X-Custom"), QStringLiteral("1"), true},
           {QStringLiteral("Authorization"), QStringLiteral("Bearer t0ken"), true, true},
           {QStringLiteral("X-Off"), QStringLiteral("0"), false}};
    options.subprotocols = {QStringLiteral("v2"), QStringLiteral("chat")};
    m_connection->setOptions(options);
    const QString url = QStringLiteral("ws://127.0.0.1:%1/feed").arg(m_server->serverPort());
    QVERIFY(m_connection->open(url));
    QTRY_COMPARE(m_connection->state(), Connection::State::Open);
    log()->flush();
    const int open = findRow(log(), Direction::Lifecycle, EventType::Open);
    QVERIFY(open >= 0);
    // The log keeps the facts as they went; the event, as files hold it, masks the secret.
    const std::shared_ptr<const ConnectionFacts> facts = log()->connectionFacts(open);
    QVERIFY(facts);
    const std::shared_ptr<const ConnectionFacts> written = log()->event(open).facts;
    QVERIFY(written);
    QCOMPARE(written->requestHeaders.last().value, QStringLiteral("<secret>"));
    QCOMPARE(written->requestHeaders.first(), facts->requestHeaders.first());
    QCOMPARE(facts->url, url);
    QCOMPARE(facts->subprotocol, QStringLiteral("chat"));
    const QList<ConnectionFacts::Header> expected {
        {QStringLiteral("Host"), QStringLiteral("127.0.0.1:%1").arg(m_server->serverPort())},
        {QStringLiteral("Upgrade"), QStringLiteral("websocket")},
        {QStringLiteral("Connection"), QStringLiteral("Upgrade")},
        {QStringLiteral("Sec-WebSocket-Version"), QStringLiteral("13")},
        {QStringLiteral("Sec-WebSocket-Protocol"), QStringLiteral("v2, chat")},
        {QStringLiteral("X-Custom"), QStringLiteral("1")},
        {QStringLiteral("Authorization"), QStringLiteral("Bearer t0ken"), true}};
    // With wire capture, the headers are those on the wire: the key Qt chose is among them.
    QList<ConnectionFacts::Header> sent = facts->requestHeaders;
    const auto key = std::find_if(sent.begin(), sent.end(), [](const ConnectionFacts::Header &h) {
        return h.name == u"Sec-WebSocket-Key";
    });
    QCOMPARE(key != sent.end(), connectionOptions().wireCapture);
    if (key != sent.end()) {
        QCOMPARE(QByteArray::fromBase64(key->value.toLatin1()).size(), 16);
        sent.erase(key);
    }
    QCOMPARE(sent, expected);

    // Every later row belongs to that connection; rows before it have none.
    QVERIFY(m_connection->sendText(QStringLiteral("hi")));
    QTRY_VERIFY(findRow(log(), Direction::Received, EventType::Text) >= 0);
    QCOMPARE(log()->connectionFacts(findRow(log(), Direction::Received, EventType::Text)), facts);
    QVERIFY(!log()->connectionFacts(findRow(log(), Direction::Lifecycle, EventType::Connecting)));
    // Only the Open row itself carries them as an event.
    QVERIFY(!log()->event(findRow(log(), Direction::Received, EventType::Text)).facts);
}

void tst_Connection::invalidUrlIsRejected_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QString() << QStringLiteral("Enter a WebSocket URL");
    QTest::newRow("spaces") << QStringLiteral("   ") << QStringLiteral("Enter a WebSocket URL");
    QTest::newRow("no scheme") << QStringLiteral("localhost:8080")
                               << QStringLiteral("must start with ws:// or wss://");
    QTest::newRow("http") << QStringLiteral("http://example.com") << QStringLiteral("use ws://");
    QTest::newRow("https") << QStringLiteral("https://example.com") << QStringLiteral("use wss://");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.com") << QStringLiteral("not ftp://");
    QTest::newRow("no host") << QStringLiteral("ws://") << QStringLiteral("no host");
    QTest::newRow("bad port") << QStringLiteral("ws://localhost:99999/")
                              << QStringLiteral("not valid");
    QTest::newRow("fragment") << QStringLiteral("ws://localhost/#x") << QStringLiteral("#fragment");
}

void tst_Connection::invalidUrlIsRejected()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!m_connection->open(url, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QCOMPARE(m_connection->state(), Connection::State::Closed);
    log()->flush();
    QCOMPARE(log()->rowCount(), 0);
}

void tst_Connection::invalidOptionsAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("subprotocol");
    QTest::addColumn<QString>("expected");
    QTest::newRow("space in a name") << QStringLiteral("X Token") << QStringLiteral("v")
                                     << QString() << QStringLiteral("is not a header name");
    QTest::newRow("colon in a name") << QStringLiteral("X:Token") << QStringLiteral("v")
                                     << QString() << QStringLiteral("is not a header name");
    QTest::newRow("empty name") << QString() << QStringLiteral("v") << QString()
                                << QStringLiteral("is not a header name");
    QTest::newRow("line break in a value")
        << QStringLiteral("X-Ok") << QStringLiteral("a\r\nEvil: 1") << QString()
        << QStringLiteral("line break");
    QTest::newRow("handshake header")
        << QStringLiteral("Sec-WebSocket-Key") << QStringLiteral("x") << QString()
        << QStringLiteral("set by the WebSocket handshake");
    QTest::newRow("bad subprotocol")
        << QStringLiteral("X-Ok") << QStringLiteral("v") << QStringLiteral("chat, v2")
        << QStringLiteral("not a valid subprotocol");
}

void tst_Connection::invalidOptionsAreRefused()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, subprotocol);
    QFETCH(QString, expected);
    ConnectionOptions options = connectionOptions();
    options.headers = {{name, value, true}, {QStringLiteral("bad name but off"), QString(), false}};
    if (!subprotocol.isEmpty())
        options.subprotocols = {subprotocol};
    m_connection->setOptions(options);
    QString error;
    QVERIFY(!m_connection->open(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()),
                                &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QCOMPARE(m_connection->state(), Connection::State::Closed);
    QVERIFY(ConnectionOptions::isValidHeaderName(QStringLiteral("X-Api_Key.v1~!")));
}

QTEST_GUILESS_MAIN(tst_Connection)
#include "tst_connection.moc"
