// Sockscope against a peer nobody here wrote: the npm `ws` package, as server and as client.

#include "connection/connection.h"
#include "server/mockserver.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Sockscope;
using namespace TestSupport;

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

private:
    bool openToWsServer();

    std::unique_ptr<NodePeer> m_server;
    std::unique_ptr<Connection> m_connection;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_Interop::init()
{
    m_server = std::make_unique<NodePeer>();
    m_connection = std::make_unique<Connection>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_connection->log(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_Interop::cleanup()
{
    m_tester.reset();
    m_connection.reset();
    m_server.reset();
}

bool tst_Interop::openToWsServer()
{
    if (!m_server->start(QStringLiteral("ws-server.js")))
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
    MessageLogModel *log = m_connection->log();
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
    MessageLogModel *log = m_connection->log();
    int row = -1;
    QTRY_VERIFY((row = findRow(log, Direction::Received, EventType::Pong)) >= 0);
    QCOMPARE(log->index(row, 0).data(LogRole::Payload).toByteArray(), QByteArray("rtt-probe"));
    QVERIFY(log->index(row, 0).data(LogRole::RoundTripUs).toInt() >= 0);
}

void tst_Interop::unsolicitedPongHasNoRoundTrip()
{
    QVERIFY(openToWsServer());
    QVERIFY(m_connection->ping("mine"));
    MessageLogModel *log = m_connection->log();
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
    MessageLogModel *log = m_connection->log();
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
    MessageLogModel *log = m_connection->log();
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
    QVERIFY(findRow(m_connection->log(), Direction::Sent, EventType::Close) >= 0);
}

void tst_Interop::wsServerProcessKilledShows1006()
{
    QVERIFY(openToWsServer());
    m_server->process().kill(); // SIGKILL: the kernel drops the TCP connection, no close frame
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    MessageLogModel *log = m_connection->log();
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

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
