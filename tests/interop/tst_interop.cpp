// Sockscope against a peer nobody here wrote: the npm `ws` package, as server and as client.

#include "connection/connection.h"
#include "log/messagelogmodel.h"
#include "server/mockserver.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_Interop : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void textAndBinaryEchoFromWsServer();
    void pingPongWithPayload();
    void unsolicitedPongHasNoRoundTrip();
    void wsServerCloseShowsCodeAndReason();
    void fragmentedMessagesShowTheirFrames();
    void clientCloseReachesWsServer();
    void wsServerProcessKilledShows1006();
    void wsClientAgainstEchoServer();
    void headersAndOriginArriveAsSet();
    void subprotocolNegotiation_data();
    void subprotocolNegotiation();
    void oversizedMessageCloses1009();
    void outgoingFrameSizeFragments();

private:
    bool openToWsServer(const QStringList &serverArgs = {});

    std::unique_ptr<NodePeer> m_server;
    std::unique_ptr<MessageLogModel> m_log; // outlives m_connection, which writes to it
    std::unique_ptr<Connection> m_connection;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_Interop::init()
{
    m_server = std::make_unique<NodePeer>();
    m_connection.reset();
    m_log = std::make_unique<MessageLogModel>();
    m_connection = std::make_unique<Connection>(m_log.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_log.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_Interop::cleanup()
{
    m_tester.reset();
    m_connection.reset();
    m_server.reset();
}

bool tst_Interop::openToWsServer(const QStringList &serverArgs)
{
    if (!m_server->start(QStringLiteral("ws-server.js"), serverArgs))
        return false;
    QString port;
    if (!m_server->waitForLine([&](const QString &line) {
            if (!line.startsWith(QStringLiteral("PORT ")))
                return false;
            port = line.mid(5);
            return true;
        }))
        return false;
    if (!m_connection->open(QStringLiteral("ws://127.0.0.1:%1/interop").arg(port)))
        return false;
    return QTest::qWaitFor([&] { return m_connection->state() == Connection::State::Open; }, 5000)
        && !m_server->waitForEvent(QStringLiteral("open")).isEmpty();
}

void tst_Interop::textAndBinaryEchoFromWsServer()
{
    QVERIFY(openToWsServer());
    MessageLogModel *log = m_log.get();
    const QString text = QStringLiteral("grüß dich 👋");
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QVERIFY(m_connection->sendText(text));
    QVERIFY(m_connection->sendBinary(binary));

    const QJsonObject first = m_server->waitForEvent(QStringLiteral("message"));
    QCOMPARE(QByteArray::fromBase64(first.value(QStringLiteral("base64")).toString().toLatin1()),
             text.toUtf8());
    QCOMPARE(first.value(QStringLiteral("binary")).toBool(), false);

    int textRow = -1;
    int binaryRow = -1;
    QTRY_VERIFY((textRow = findRow(log, Direction::Received, EventType::Text)) >= 0);
    QTRY_VERIFY((binaryRow = findRow(log, Direction::Received, EventType::Binary)) >= 0);
    QCOMPARE(cell(log, textRow, LogColumn::Preview), text);
    QCOMPARE(cell(log, textRow, LogColumn::Size), MessageLogModel::sizeText(text.toUtf8().size()));
    QCOMPARE(log->index(binaryRow, 0).data(LogRole::Payload).toByteArray(), binary);
    QCOMPARE(cell(log, binaryRow, LogColumn::Size), MessageLogModel::sizeText(256));
}

void tst_Interop::pingPongWithPayload()
{
    QVERIFY(openToWsServer());
    QVERIFY(m_connection->ping("rtt-probe"));
    QCOMPARE(
        m_server->waitForEvent(QStringLiteral("ping")).value(QStringLiteral("payload")).toString(),
        QStringLiteral("rtt-probe"));
    MessageLogModel *log = m_log.get();
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Received, EventType::Pong)) >= 0);
    QCOMPARE(log->index(row, 0).data(LogRole::Payload).toByteArray(), QByteArray("rtt-probe"));
    QVERIFY(log->index(row, 0).data(LogRole::RoundTripUs).toInt() >= 0);
}

void tst_Interop::unsolicitedPongHasNoRoundTrip()
{
    QVERIFY(openToWsServer());
    QVERIFY(m_connection->ping("mine"));
    MessageLogModel *log = m_log.get();
    QTRY_VERIFY(findRow(log, Direction::Received, EventType::Pong) >= 0);
    QVERIFY(m_connection->sendText(QStringLiteral("pong-me")));
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Received, EventType::Pong,
                               findRow(log, Direction::Received, EventType::Pong) + 1))
                >= 0);
    QCOMPARE(log->index(row, 0).data(LogRole::Payload).toByteArray(), QByteArray("unsolicited"));
    QCOMPARE(log->index(row, 0).data(LogRole::RoundTripUs).toInt(), -1);
    QVERIFY(cell(log, row, LogColumn::Preview).startsWith(QStringLiteral("unsolicited")));
}

void tst_Interop::wsServerCloseShowsCodeAndReason()
{
    QVERIFY(openToWsServer());
    QVERIFY(m_connection->sendText(QStringLiteral("close-me 4003 see you later")));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    MessageLogModel *log = m_log.get();
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Received, EventType::Close)) >= 0);
    QCOMPARE(log->index(row, 0).data(LogRole::CloseCode).toInt(), 4003);
    QCOMPARE(cell(log, row, LogColumn::Preview),
             QStringLiteral("4003 Private use · closed by the peer · “see you later”"));
}

void tst_Interop::fragmentedMessagesShowTheirFrames()
{
    QVERIFY(openToWsServer());
    QVERIFY(m_connection->sendText(QStringLiteral("fragment-me")));
    MessageLogModel *log = m_log.get();
    int textRow = -1;
    int binaryRow = -1;
    QTRY_VERIFY((textRow = findRow(log, Direction::Received, EventType::Text)) >= 0);
    QTRY_VERIFY((binaryRow = findRow(log, Direction::Received, EventType::Binary)) >= 0);
    QCOMPARE(log->payload(textRow), QByteArray("first-second-last"));
    QCOMPARE(cell(log, textRow, LogColumn::Type), QStringLiteral("text (3 frames)"));
    const std::vector<FrameInfo> text = log->frames(textRow);
    QVERIFY(text == (std::vector<FrameInfo> {{6, false}, {7, false}, {4, true}}));
    QCOMPARE(log->payload(binaryRow), QByteArray("\x01\x02\x03\x04\x05"));
    QVERIFY(log->frames(binaryRow) == (std::vector<FrameInfo> {{3, false}, {2, true}}));
    // A message in one frame has no frame list.
    QVERIFY(m_connection->sendText(QStringLiteral("plain")));
    int plainRow = -1;
    QTRY_VERIFY((plainRow = findRow(log, Direction::Received, EventType::Text, textRow + 1)) >= 0);
    QVERIFY(log->frames(plainRow).empty());
    QCOMPARE(cell(log, plainRow, LogColumn::Type), QStringLiteral("text"));
    // The counters saw every message and byte, both ways.
    const TrafficStats::Totals &totals = m_connection->stats().totals();
    QCOMPARE(totals.messagesOut, 2);
    QCOMPARE(totals.bytesOut, 11 + 5);
    QTRY_COMPARE(m_connection->stats().totals().messagesIn, 3);
    QCOMPARE(m_connection->stats().totals().bytesIn, 17 + 5 + 5);
}

void tst_Interop::clientCloseReachesWsServer()
{
    QVERIFY(openToWsServer());
    QVERIFY(m_connection->close(1000, QStringLiteral("normal ✓")));
    const QJsonObject close = m_server->waitForEvent(QStringLiteral("close"));
    QCOMPARE(close.value(QStringLiteral("code")).toInt(), 1000);
    QCOMPARE(close.value(QStringLiteral("reason")).toString(), QStringLiteral("normal ✓"));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    QTRY_VERIFY(findRow(m_log.get(), Direction::Sent, EventType::Close)
                >= 0); // rows come in batches
}

void tst_Interop::wsServerProcessKilledShows1006()
{
    QVERIFY(openToWsServer());
    m_server->process().kill(); // SIGKILL: the kernel drops the TCP connection, no close frame
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    MessageLogModel *log = m_log.get();
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Lifecycle, EventType::Close)) >= 0);
    QCOMPARE(log->index(row, 0).data(LogRole::CloseCode).toInt(), 1006);
}

void tst_Interop::wsClientAgainstEchoServer()
{
    MockServer server;
    QVERIFY(server.start());
    QSignalSpy connected(&server, &MockServer::clientConnected);
    QSignalSpy gone(&server, &MockServer::clientDisconnected);
    QString path;
    connect(&server, &MockServer::clientConnected, this,
            [&](int id) { path = server.client(id)->path; });
    NodePeer client;
    QVERIFY(client.start(QStringLiteral("ws-client.js"),
                         {server.url().toString() + QStringLiteral("/x")}));
    QCOMPARE(client.waitForEvent(QStringLiteral("close")).value(QStringLiteral("code")).toInt(),
             4000);
    QVERIFY2(client.lines().contains(
                 QStringLiteral(R"({"event":"message","binary":true,"base64":"AAEC/f7/"})")),
             qPrintable(client.lines().join(u'\n')));
    QCOMPARE(connected.size(), 1);
    QCOMPARE(path, QStringLiteral("/x"));
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(gone[0][1].toInt(), 4000);
    QCOMPARE(gone[0][2].toString(), QStringLiteral("done"));
}

void tst_Interop::headersAndOriginArriveAsSet()
{
    ConnectionOptions options;
    options.origin = QStringLiteral("https://app.example");
    options.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer t0k3n"), true},
                       {QStringLiteral("X-Disabled"), QStringLiteral("never sent"), false},
                       {QStringLiteral("X-Trace-Id"), QStringLiteral("a b  c"), true}};
    m_connection->setOptions(options);
    QVERIFY(m_server->start(QStringLiteral("ws-server.js")));
    QString port;
    QVERIFY(m_server->waitForLine([&](const QString &line) {
        port = line.mid(5);
        return line.startsWith(QStringLiteral("PORT "));
    }));
    QVERIFY(m_connection->open(QStringLiteral("ws://127.0.0.1:%1/h").arg(port)));
    const QJsonObject open = m_server->waitForEvent(QStringLiteral("open"));
    const QJsonObject headers = open.value(QStringLiteral("headers")).toObject();
    QCOMPARE(open.value(QStringLiteral("origin")).toString(),
             QStringLiteral("https://app.example"));
    QCOMPARE(headers.value(QStringLiteral("authorization")).toString(),
             QStringLiteral("Bearer t0k3n"));
    QCOMPARE(headers.value(QStringLiteral("x-trace-id")).toString(), QStringLiteral("a b  c"));
    QVERIFY(!headers.contains(QStringLiteral("x-disabled")));
    // The raw header names keep the case they were given.
    QVERIFY(
        open.value(QStringLiteral("rawHeaders")).toArray().contains(QStringLiteral("X-Trace-Id")));
    // The log's handshake row says what was sent.
    m_log.get()->flush();
    const QByteArray sent = m_log.get()->payload(0);
    QVERIFY2(sent.contains("Authorization: Bearer t0k3n")
                 && sent.contains("Origin: https://app.example") && !sent.contains("X-Disabled"),
             sent.constData());
}

void tst_Interop::subprotocolNegotiation_data()
{
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QString>("serverSpeaks");
    QTest::addColumn<QString>("negotiated");
    QTest::newRow("server picks the one it speaks")
        << QStringList {u"v2.chat"_s, u"chat"_s} << u"chat"_s << u"chat"_s;
    QTest::newRow("server picks none") << QStringList {u"v9"_s} << u"chat"_s << QString();
    QTest::newRow("none offered") << QStringList() << u"chat"_s << QString();
}

void tst_Interop::subprotocolNegotiation()
{
    QFETCH(QStringList, offered);
    QFETCH(QString, serverSpeaks);
    QFETCH(QString, negotiated);
    ConnectionOptions options;
    options.subprotocols = offered;
    m_connection->setOptions(options);
    QVERIFY(openToWsServer({u"--protocols"_s, serverSpeaks}));
    QCOMPARE(m_connection->negotiatedSubprotocol(), negotiated);
    m_log.get()->flush();
    const int row = findRow(m_log.get(), Direction::Lifecycle, EventType::Open);
    QCOMPARE(cell(m_log.get(), row, LogColumn::Preview),
             negotiated.isEmpty() ? u"Opened (no subprotocol)"_s
                                  : u"Opened, subprotocol "_s + negotiated);
}

void tst_Interop::oversizedMessageCloses1009()
{
    ConnectionOptions options;
    options.maxIncomingMessageSize = 64 * 1024;
    m_connection->setOptions(options);
    QVERIFY(openToWsServer({u"--big"_s, u"100000"_s}));
    QVERIFY(m_connection->sendText(u"big-me"_s));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    MessageLogModel *log = m_log.get();
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Sent, EventType::Close)) >= 0);
    QCOMPARE(log->index(row, 0).data(LogRole::CloseCode).toInt(), 1009);
    QVERIFY2(cell(log, row, LogColumn::Preview).startsWith(u"1009 Message Too Big"_s),
             qPrintable(logLines(log).join(u'\n')));
    const int error = findRow(log, Direction::Lifecycle, EventType::Error);
    QVERIFY(error >= 0);
    QVERIFY2(
        cell(log, error, LogColumn::Preview)
            .startsWith(u"The server sent a message over the maximum incoming message size ("_s),
        qPrintable(cell(log, error, LogColumn::Preview)));
    QCOMPARE(m_server->waitForEvent(u"close"_s).value(u"code"_s).toInt(), 1009);
}

void tst_Interop::outgoingFrameSizeFragments()
{
    // Qt's server reports every frame it receives.
    QWebSocketServer server(u"frames"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<bool> fins;
    QByteArray whole;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *socket = server.nextPendingConnection();
        socket->setParent(&server);
        connect(socket, &QWebSocket::binaryFrameReceived, this,
                [&](const QByteArray &frame, bool last) {
                    fins << last;
                    whole += frame;
                });
    });
    ConnectionOptions options;
    options.outgoingFrameSize = 100;
    m_connection->setOptions(options);
    QVERIFY(m_connection->open(u"ws://127.0.0.1:%1"_s.arg(server.serverPort())));
    QTRY_COMPARE(m_connection->state(), Connection::State::Open);
    QByteArray data(350, 'f');
    QVERIFY(m_connection->sendBinary(data));
    QTRY_COMPARE(fins.size(), 4); // 100 + 100 + 100 + 50
    QCOMPARE(fins, (QList<bool> {false, false, false, true}));
    QCOMPARE(whole, data);
}

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
