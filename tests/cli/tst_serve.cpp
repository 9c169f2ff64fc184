// `sockscope serve` run as a real process, with the npm `ws` package as its client.

#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_Serve : public QObject
{
    Q_OBJECT

private slots:
    void echoesToWsClient();
    void wireLogHasEveryFrame();
    void stopSignalClosesClientsAndExitsZero_data();
    void stopSignalClosesClientsAndExitsZero();
    void busyPortFails();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void helpAndVersion();

private:
    // Starts `sockscope serve ARGS` and returns its URL from the first line of stdout.
    QString startServer(QProcess &process, const QStringList &args = {});
};

QString tst_Serve::startServer(QProcess &process, const QStringList &args)
{
    process.start(
        QStringLiteral(SOCKSCOPE_BINARY),
        QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}
            + args);
    if (!process.waitForStarted(5000))
        return {};
    if (!QTest::qWaitFor([&] { return process.canReadLine(); }, 10000))
        return {};
    const QString first = QString::fromUtf8(process.readLine()).chopped(1);
    static const QRegularExpression re(QStringLiteral(R"(^listening on (ws://127\.0\.0\.1:\d+)$)"));
    const QRegularExpressionMatch match = re.match(first);
    if (!match.hasMatch())
        qWarning() << "unexpected first line:" << first;
    return match.captured(1);
}

void tst_Serve::echoesToWsClient()
{
    QProcess server;
    const QString url = startServer(server);
    QVERIFY(!url.isEmpty());

    NodePeer client;
    QVERIFY(client.start(QStringLiteral("ws-client.js"), {url + QStringLiteral("/chat")}));
    QCOMPARE(client.waitForEvent(QStringLiteral("close")).value(QStringLiteral("code")).toInt(),
             4000);
    const QStringList lines = client.lines();
    // Both messages came back unchanged and with their type.
    QVERIFY2(lines.contains(QStringLiteral(
                 R"({"event":"message","binary":false,"base64":"aGVsbG8gZnJvbSB3cw=="})")),
             qPrintable(lines.join(u'\n')));
    QVERIFY2(
        lines.contains(QStringLiteral(R"({"event":"message","binary":true,"base64":"AAEC/f7/"})")),
        qPrintable(lines.join(u'\n')));

    // The server printed one line per event.
    QString out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += QString::fromUtf8(server.readAllStandardOutput());
            return out.contains(QStringLiteral("closed"));
        },
        5000));
    QVERIFY2(out.contains(QRegularExpression(
                 QStringLiteral(R"(#1 connected from 127\.0\.0\.1:\d+ path /chat origin -)"))),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("#1 < text 13 B: hello from ws")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("#1 > text 13 B: hello from ws")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("#1 < binary 6 B: 00 01 02 fd fe ff")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("#1 closed 4000 Private use \"done\"")), qPrintable(out));

    server.terminate();
    QVERIFY(server.waitForFinished(5000));
}

// `serve --wire --log` writes each row with the frames it was made of: the handshake's heads
// with the open row, the npm client's masked frames and the server's plain ones, its ping and
// the server's automatic pong as rows of their own, both close frames with the close.
void tst_Serve::wireLogHasEveryFrame()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wire.jsonl"));
    QProcess server;
    const QString url = startServer(
        server,
        {QStringLiteral("--wire"), QStringLiteral("--log"), path, QStringLiteral("--quiet")});
    QVERIFY(!url.isEmpty());
    NodePeer client;
    QVERIFY(client.start(QStringLiteral("ws-client.js"),
                         {url + QStringLiteral("/chat"), QStringLiteral("--ping")}));
    QCOMPARE(client.waitForEvent(QStringLiteral("pong")).value(QStringLiteral("text")).toString(),
             QStringLiteral("p1"));
    QCOMPARE(client.waitForEvent(QStringLiteral("close")).value(QStringLiteral("code")).toInt(),
             4000);
    QList<QJsonObject> rows;
    QVERIFY(QTest::qWaitFor(
        [&] {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return false;
            rows.clear();
            for (const QByteArray &line : file.readAll().split('\n')) {
                if (!line.isEmpty())
                    rows << QJsonDocument::fromJson(line).object();
            }
            return !rows.isEmpty()
                && rows.last().value(QStringLiteral("type")).toString() == u"close";
        },
        5000));
    server.terminate();
    QVERIFY(server.waitForFinished(5000));

    // "type direction [opcode from masked length]..." for each row after the header.
    QStringList got;
    for (const QJsonObject &row : rows.mid(1)) {
        QString line = row.value(QStringLiteral("type")).toString() + u' '
            + row.value(QStringLiteral("direction")).toString();
        if (row.value(QStringLiteral("automatic")).toBool())
            line += QStringLiteral(" automatic");
        for (const QJsonValue &v : row.value(QStringLiteral("wire")).toArray()) {
            const QJsonObject f = v.toObject();
            const QString from = f.value(QStringLiteral("from")).toString();
            if (f.value(QStringLiteral("handshake")).toBool()) {
                line += QStringLiteral(" [%1 %2]")
                            .arg(from,
                                 f.value(QStringLiteral("text")).toString().section(u'\r', 0, 0));
                continue;
            }
            const bool masked = f.value(QStringLiteral("masked")).toBool();
            // A client's key is four random bytes; a server's frame has none.
            QCOMPARE(f.value(QStringLiteral("maskingKey")).toString().size(), masked ? 8 : 0);
            line += QStringLiteral(" [%1 %2%3 %4]")
                        .arg(f.value(QStringLiteral("opcode")).toInt())
                        .arg(from, masked ? QStringLiteral(" masked") : QString())
                        .arg(f.value(QStringLiteral("length")).toInt());
        }
        got << line;
    }
    const QStringList expected = {
        u"open event [client GET /chat HTTP/1.1] [server HTTP/1.1 101 Switching Protocols]"_s,
        u"ping received [9 client masked 2]"_s,
        u"pong sent automatic [10 server 2]"_s,
        u"text received [1 client masked 13]"_s,
        u"text sent [1 server 13]"_s,
        u"binary received [2 client masked 6]"_s,
        u"binary sent [2 server 6]"_s,
        u"close received [8 client masked 6] [8 server 2]"_s,
    };
    QCOMPARE(got, expected);
}

void tst_Serve::stopSignalClosesClientsAndExitsZero_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void tst_Serve::stopSignalClosesClientsAndExitsZero()
{
    QFETCH(int, signalNumber);
    QProcess server;
    const QString url = startServer(server);
    QVERIFY(!url.isEmpty());
    NodePeer client;
    QVERIFY(client.start(QStringLiteral("ws-client.js"), {url, QStringLiteral("--hold")}));
    QVERIFY(client.waitForLine(
        [](const QString &line) { return line.contains(QStringLiteral("AAEC")); }));

    ::kill(pid_t(server.processId()), signalNumber);
    const QJsonObject close = client.waitForEvent(QStringLiteral("close"));
    QCOMPARE(close.value(QStringLiteral("code")).toInt(), 1001);
    // The wait above runs the event loop, so the exit may already have been seen.
    QTRY_COMPARE_WITH_TIMEOUT(server.state(), QProcess::NotRunning, 5000);
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
}

void tst_Serve::busyPortFails()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    QProcess server;
    server.start(QStringLiteral(SOCKSCOPE_BINARY),
                 {QStringLiteral("serve"), QStringLiteral("--port"),
                  QString::number(squatter.serverPort())});
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 1);
    const QString err = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(
        err.contains(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(squatter.serverPort())),
        qPrintable(err));
    QVERIFY(server.readAllStandardOutput().isEmpty());
}

void tst_Serve::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad port") << QStringList {QStringLiteral("serve"), QStringLiteral("--port"),
                                              QStringLiteral("70000")}
                              << QStringLiteral("'70000' is not a port number");
    QTest::newRow("unknown option")
        << QStringList {QStringLiteral("serve"), QStringLiteral("--nope")}
        << QStringLiteral("unknown option '--nope'");
    QTest::newRow("unknown top-level option")
        << QStringList {QStringLiteral("--nope")} << QStringLiteral("unknown option '--nope'");
}

void tst_Serve::usageErrorsExitTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(SOCKSCOPE_BINARY), args);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(QStringLiteral("sockscope: ")) && err.contains(message),
             qPrintable(err));
}

void tst_Serve::helpAndVersion()
{
    QProcess process;
    process.start(QStringLiteral(SOCKSCOPE_BINARY), {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(QRegularExpression(QStringLiteral(R"(^sockscope \d+\.\d+\.\d+\n$)"))
                .match(QString::fromUtf8(process.readAllStandardOutput()))
                .hasMatch());

    process.start(QStringLiteral(SOCKSCOPE_BINARY), {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().startsWith("Usage: sockscope"));
}

QTEST_GUILESS_MAIN(tst_Serve)
#include "tst_serve.moc"
