// `sockscope serve` as a user runs it, against clients nobody here wrote: the npm `ws` package
// and Debian's python3-websockets. Rules, greeting, delays, timers, broadcast, limits,
// refusals, subprotocols, TLS, the JSON Lines log and stopping.

#include "log/logimport.h"
#include "server/mockserver.h"
#include "testsupport.h"
#include "websocket/handshakerequest.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

namespace {
QString configJson(const QJsonObject &config)
{
    return QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact));
}

// `sockscope serve` as a child process.
class Serve
{
public:
    ~Serve()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
    // Returns the URL from the first line, or an empty string.
    QString start(const QStringList &args)
    {
        m_process.start(QStringLiteral(SOCKSCOPE_BINARY),
                        QStringList {u"serve"_s, u"--port"_s, u"0"_s} + args);
        if (!m_process.waitForStarted(5000)
            || !QTest::qWaitFor([&] { return m_process.canReadLine(); }, 10000))
            return {};
        const QString first = QString::fromUtf8(m_process.readLine()).trimmed();
        static const QRegularExpression re(u"^listening on (wss?://[0-9.]+:\\d+)$"_s);
        return re.match(first).captured(1);
    }
    QString output()
    {
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        return m_out;
    }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QString m_out;
};

QStringList texts(const NodePeer &peer)
{
    QStringList out;
    for (const QJsonObject &m : peer.events(u"message"_s))
        out << m.value(u"text"_s).toString();
    return out;
}
} // namespace

class tst_ServerBehaviour : public QObject
{
    Q_OBJECT

private slots:
    void fixedReply();
    void rulesWithPython();
    void rulesWithWs();
    void regexThatGivesUpIsTold();
    void broadcastAndTimers();
    void closeRule();
    void binaryIsEchoedOnlyByEchoFallback();
    void oversizedMessageGets1009();
    void clientsOverTheLimitAreRefused();
    void clientThatNeverReadsIsDropped();
    void accessPolicy_data();
    void accessPolicy();
    void malformedRequestGets400();
    void unfinishedHeadIsDropped();
    void oversizedHeadGets431();
    void subprotocolIsNegotiated();
    void tls();
    void logsJsonLines();
    void badRulesFileDoesNotStart();
    void sigtermClosesEveryClientWith1001();

private:
    QString rulesFile() const
    {
        return QStringLiteral(SOCKSCOPE_EXAMPLES_DIR "/rules-example.json");
    }
    QTemporaryDir m_dir;
};

void tst_ServerBehaviour::fixedReply()
{
    Serve serve;
    const QString url = serve.start({u"--reply"_s, u"got {{message}} from #{{client.id}}"_s});
    QVERIFY(!url.isEmpty());
    NodePeer client;
    QVERIFY(client.start(
        u"ws-probe.js"_s,
        {url, configJson({{u"send"_s, QJsonArray {u"x"_s}}, {u"waitMessages"_s, 1}})}));
    QVERIFY(client.waitForExit());
    QCOMPARE(texts(client), QStringList {u"got x from #1"_s});
}

void tst_ServerBehaviour::rulesWithPython()
{
    Serve serve;
    const QString url = serve.start({u"--rules"_s, rulesFile()});
    QVERIFY(!url.isEmpty());
    NodePeer client;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.startPython(
        u"py-probe.py"_s,
        {url,
         configJson({{u"send"_s,
                      QJsonArray {u"ping 42"_s, u"{\"type\":\"subscribe\",\"channel\":\"btc\"}"_s,
                                  u"no rule for this"_s}},
                     {u"waitMessages"_s, 4}})}));
    QVERIFY(client.waitForExit());
    const QStringList got = texts(client);
    QCOMPARE(got.size(), 4);
    QCOMPARE(got[0], u"welcome 1"_s); // the greeting, with {{client.id}}
    QCOMPARE(got[1], u"pong 42"_s); // regex + {{match.1}}
    QCOMPARE(got[2], u"no rule for this"_s); // echo fallback, before the delayed reply
    QCOMPARE(got[3], u"{\"type\":\"subscribed\",\"channel\":\"btc\"}"_s); // json + {{json.channel}}
    QVERIFY(clock.elapsed() >= 50);
}

void tst_ServerBehaviour::rulesWithWs()
{
    Serve serve;
    const QString url = serve.start({u"--rules"_s, rulesFile()});
    QVERIFY(!url.isEmpty());
    NodePeer client;
    QVERIFY(client.start(
        u"ws-probe.js"_s,
        {url, configJson({{u"send"_s, QJsonArray {u"ping 7"_s}}, {u"waitMessages"_s, 2}})}));
    QVERIFY(client.waitForExit());
    QCOMPARE(texts(client), (QStringList {u"welcome 1"_s, u"pong 7"_s}));
    QVERIFY2(serve.output().contains(u"#1 < text 6 B: ping 7"_s), qPrintable(serve.output()));
    QVERIFY2(serve.output().contains(u"#1 > text 6 B: pong 7"_s), qPrintable(serve.output()));
}

void tst_ServerBehaviour::regexThatGivesUpIsTold()
{
    // A regex that backtracks past PCRE2's match limit has no answer: it counts as no match,
    // and the log says so instead of staying silent.
    const QString path = m_dir.filePath(u"backtracking.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"version":1,"rules":[{"match":{"regex":"^(a+)+$"},"reply":"all a"},)"
               R"({"match":{"contains":"a"},"reply":"some a"}],"fallback":"none"})");
    file.close();
    Serve serve;
    const QString url = serve.start({u"--rules"_s, path});
    QVERIFY(!url.isEmpty());
    NodePeer client;
    QVERIFY(client.start(u"ws-probe.js"_s,
                         {url,
                          configJson({{u"send"_s, QJsonArray {QString(QString(40, u'a') + u'!')}},
                                      {u"waitMessages"_s, 1}})}));
    QVERIFY(client.waitForExit());
    QCOMPARE(texts(client), QStringList {u"some a"_s});
    QTRY_VERIFY2(
        serve.output().contains(u"#1 warning: rule 1's regex gave up on this message (too much "
                                "backtracking: PCRE2's match limit), so it did not match"_s),
        qPrintable(serve.output()));
}

void tst_ServerBehaviour::broadcastAndTimers()
{
    Serve serve;
    const QString url = serve.start({u"--rules"_s, rulesFile()});
    QVERIFY(!url.isEmpty());
    NodePeer listener;
    QVERIFY(listener.start(u"ws-probe.js"_s, {url, configJson({{u"holdMs"_s, 2600}})}));
    QVERIFY(listener.waitForEvent(u"open"_s).contains(u"protocol"_s));
    NodePeer sender;
    QVERIFY(
        sender.start(u"ws-probe.js"_s,
                     {url, configJson({{u"send"_s, QJsonArray {u"all"_s}}, {u"holdMs"_s, 1200}})}));
    QVERIFY(sender.waitForExit());
    QVERIFY(listener.waitForExit());
    // Both got the broadcast of "all"; the listener, there for 2.6 s, got ticks 1 and 2.
    QVERIFY2(texts(sender).contains(u"all"_s), qPrintable(texts(sender).join(u'|')));
    const QStringList heard = texts(listener);
    QVERIFY2(heard.contains(u"all"_s), qPrintable(heard.join(u'|')));
    QVERIFY2(heard.contains(u"tick 1"_s) && heard.contains(u"tick 2"_s),
             qPrintable(heard.join(u'|')));
    QCOMPARE(heard.first(), u"welcome 1"_s);
}

void tst_ServerBehaviour::closeRule()
{
    Serve serve;
    const QString url = serve.start({u"--rules"_s, rulesFile()});
    NodePeer client;
    QVERIFY(client.startPython(u"py-probe.py"_s,
                               {url, configJson({{u"send"_s, QJsonArray {u"goodbye"_s}}})}));
    QVERIFY(client.waitForExit());
    const QList<QJsonObject> closes = client.events(u"close"_s);
    QCOMPARE(closes.size(), 1);
    QCOMPARE(closes[0].value(u"code"_s).toInt(), 4001);
    QCOMPARE(closes[0].value(u"reason"_s).toString(), u"bye"_s);
    QTRY_VERIFY2(serve.output().contains(u"#1 closed 4001 Private use \"bye\" (by the server)"_s),
                 qPrintable(serve.output()));
}

void tst_ServerBehaviour::binaryIsEchoedOnlyByEchoFallback()
{
    for (const bool echo : {true, false}) {
        Serve serve;
        const QString url = echo ? serve.start({}) : serve.start({u"--reply"_s, u"text only"_s});
        NodePeer client;
        QVERIFY(client.start(
            u"ws-probe.js"_s,
            {url,
             configJson({{u"sendBinary"_s, QJsonArray {u"AAEC/w=="_s}}, {u"holdMs"_s, 600}})}));
        QVERIFY(client.waitForExit());
        const QList<QJsonObject> messages = client.events(u"message"_s);
        if (echo) {
            QCOMPARE(messages.size(), 1);
            QCOMPARE(messages[0].value(u"base64"_s).toString(), u"AAEC/w=="_s);
        } else {
            QCOMPARE(messages.size(), 0); // binary never matches text rules or a fixed reply
        }
    }
}

void tst_ServerBehaviour::oversizedMessageGets1009()
{
    Serve serve;
    const QString url = serve.start({u"--max-message-size"_s, u"1024"_s});
    NodePeer client;
    QVERIFY(client.start(
        u"ws-probe.js"_s,
        {url, configJson({{u"send"_s, QJsonArray {QString(1000, u'a'), QString(2000, u'b')}}})}));
    QVERIFY(client.waitForExit());
    QCOMPARE(client.events(u"message"_s).size(), 1); // the small one came back
    QCOMPARE(client.events(u"close"_s).value(0).value(u"code"_s).toInt(), 1009);
}

void tst_ServerBehaviour::clientsOverTheLimitAreRefused()
{
    Serve serve;
    const QString url = serve.start({u"--max-clients"_s, u"1"_s});
    NodePeer first;
    QVERIFY(first.start(u"ws-probe.js"_s, {url, configJson({{u"holdMs"_s, 1500}})}));
    QVERIFY(!first.waitForEvent(u"open"_s).isEmpty());
    NodePeer second;
    QVERIFY(second.startPython(u"py-probe.py"_s, {url, configJson({{u"holdMs"_s, 1000}})}));
    QVERIFY(second.waitForExit());
    QCOMPARE(second.events(u"close"_s).value(0).value(u"code"_s).toInt(), 1013);
    QTRY_VERIFY2(serve.output().contains(u": the server is full (1 clients)"_s),
                 qPrintable(serve.output()));
    QVERIFY(first.waitForExit());
    QCOMPARE(first.events(u"close"_s).value(0).value(u"code"_s).toInt(), 1000);
}

// A client that sends and never reads: the server echoes into buffers that never drain. Past
// --max-unsent it drops that client with a line saying why, and keeps serving the others.
void tst_ServerBehaviour::clientThatNeverReadsIsDropped()
{
    Serve serve;
    const QString url = serve.start({u"--max-unsent"_s, u"4194304"_s});
    QVERIFY(!url.isEmpty());
    NodePeer slow;
    QVERIFY(slow.startPython(u"slow-reader.py"_s, {url, u"--count"_s, u"64"_s}));
    QVERIFY(slow.waitForLine([](const QString &line) { return line == u"OPEN"_s; }));
    // The server's output is read meanwhile, or it would block on a full pipe.
    QTRY_VERIFY_WITH_TIMEOUT(
        (serve.output(),
         slow.waitForLine([](const QString &line) { return line == u"CLOSED"_s; }, 50)),
        30000);
    QTRY_VERIFY2(serve.output().contains(u"#1 dropped: Dropped client #1: it is not reading what "
                                         u"it is sent ("_s),
                 qPrintable(serve.output().right(2000)));
    QVERIFY(serve.output().contains(
        u"over the limit of %1 B per client)"_s.arg(QLocale::system().toString(4194304))));
    QTRY_VERIFY(serve.output().contains(u"#1 closed 1006"_s));
    // The server still serves.
    NodePeer other;
    QVERIFY(other.start(
        u"ws-probe.js"_s,
        {url, configJson({{u"send"_s, QJsonArray {u"still here"_s}}, {u"waitMessages"_s, 1}})}));
    QVERIFY(other.waitForExit());
    QCOMPARE(texts(other), QStringList {u"still here"_s});
}

void tst_ServerBehaviour::accessPolicy_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("origin"); // empty: none sent
    QTest::addColumn<QString>("host"); // empty: the URL's
    QTest::addColumn<QString>("refusal"); // empty: the client gets in

    const QString notAllowed = u"Origin https://evil.test is not allowed: only pages from this "
                               "machine may connect"_s;
    const QString rebinding = u"Host evil.test is not this machine: a server on loopback answers "
                              "only localhost and loopback addresses (a guard against DNS "
                              "rebinding)"_s;
    const QStringList none;
    QTest::newRow("no Origin") << none << QString() << QString() << QString();
    QTest::newRow("page on this machine")
        << none << u"http://localhost:5173"_s << QString() << QString();
    QTest::newRow("page elsewhere") << none << u"https://evil.test"_s << QString() << notAllowed;
    QTest::newRow("allowed page") << QStringList {u"--allow-origin"_s, u"https://good.test"_s}
                                  << u"https://good.test"_s << QString() << QString();
    QTest::newRow("not the allowed page")
        << QStringList {u"--allow-origin"_s, u"https://good.test"_s} << u"https://evil.test"_s
        << QString()
        << u"Origin https://evil.test is not allowed: only pages from this machine and the "
           "allowed Origins may connect"_s;
    QTest::newRow("any Origin") << QStringList {u"--any-origin"_s} << u"https://evil.test"_s
                                << QString() << QString();
    QTest::newRow("rebound name") << none << QString() << u"evil.test"_s << rebinding;
    QTest::newRow("rebound name, any Origin")
        << QStringList {u"--any-origin"_s} << u"https://evil.test"_s << u"evil.test"_s << rebinding;
    QTest::newRow("localhost name") << none << QString() << u"app.localhost:1"_s << QString();
    QTest::newRow("beyond loopback: any Host")
        << QStringList {u"--host"_s, u"0.0.0.0"_s} << QString() << u"evil.test"_s << QString();
}

void tst_ServerBehaviour::accessPolicy()
{
    QFETCH(QStringList, args);
    QFETCH(QString, origin);
    QFETCH(QString, host);
    QFETCH(QString, refusal);
    Serve serve;
    const QString url = serve.start(args);
    QVERIFY(!url.isEmpty());
    QJsonObject config {{u"send"_s, QJsonArray {u"hi"_s}}, {u"waitMessages"_s, 1}};
    if (!origin.isEmpty())
        config.insert(u"origin"_s, origin);
    if (!host.isEmpty())
        config.insert(u"headers"_s, QJsonObject {{u"Host"_s, host}});
    NodePeer client;
    QVERIFY(client.start(u"ws-probe.js"_s, {url, configJson(config)}));
    QVERIFY(client.waitForExit());
    if (refusal.isEmpty()) {
        QCOMPARE(texts(client), QStringList {u"hi"_s});
        QVERIFY(!serve.output().contains(u"refused"_s));
        return;
    }
    // The client sees 403 and why; the server's log says who was refused and why.
    const QList<QJsonObject> refused = client.events(u"refused"_s);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused[0].value(u"status"_s).toInt(), 403);
    QCOMPARE(refused[0].value(u"body"_s).toString(), refusal + u'\n');
    QCOMPARE(client.events(u"open"_s).size(), 0);
    static const QRegularExpression line(u"refused [0-9.]+:\\d+: (.*)"_s);
    QTRY_VERIFY2(line.match(serve.output()).hasMatch(), qPrintable(serve.output()));
    QCOMPARE(line.match(serve.output()).captured(1), refusal);
}

void tst_ServerBehaviour::malformedRequestGets400()
{
    // Not a browser, nor a WebSocket client: a raw peer with a folded header line.
    Serve serve;
    const QUrl url(serve.start({}));
    QVERIFY(url.isValid());
    QTcpSocket raw;
    raw.connectToHost(u"127.0.0.1"_s, quint16(url.port()));
    QVERIFY(raw.waitForConnected(5000));
    raw.write("GET / HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n  2\r\n\r\n");
    QTRY_VERIFY(raw.state() == QAbstractSocket::UnconnectedState || raw.bytesAvailable() > 0);
    QTRY_VERIFY(raw.canReadLine());
    QCOMPARE(raw.readLine(), "HTTP/1.1 400 Bad Request\r\n");
    QTRY_VERIFY2(
        serve.output().contains(u"malformed request: line 4 is not a header \"Name: value\""_s),
        qPrintable(serve.output()));
}

void tst_ServerBehaviour::unfinishedHeadIsDropped()
{
    // A client that opens a connection and never finishes its request (slowloris) is dropped
    // after the handshake timeout; it holds nothing past it.
    ServerOptions options;
    options.handshakeTimeoutMs = 300;
    MockServer server;
    server.setOptions(options);
    QVERIFY(server.start());
    QTcpSocket raw;
    raw.connectToHost(u"127.0.0.1"_s, quint16(server.url().port()));
    QVERIFY(raw.waitForConnected(5000));
    raw.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
    QElapsedTimer clock;
    clock.start();
    QTRY_COMPARE_WITH_TIMEOUT(raw.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(server.clientCount(), 0);
}

void tst_ServerBehaviour::oversizedHeadGets431()
{
    MockServer server;
    QVERIFY(server.start());
    QSignalSpy refused(&server, &MockServer::clientRefused);
    QTcpSocket raw;
    raw.connectToHost(u"127.0.0.1"_s, quint16(server.url().port()));
    QVERIFY(raw.waitForConnected(5000));
    raw.write("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ");
    raw.write(QByteArray(HandshakeRequest::kMaxHeadBytes, 'a'));
    QTRY_VERIFY_WITH_TIMEOUT(raw.canReadLine(), 10000);
    QCOMPARE(raw.readLine(), "HTTP/1.1 431 Request Header Fields Too Large\r\n");
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused[0][1].toString(), u"the request head is longer than 819204 bytes"_s);
}

void tst_ServerBehaviour::subprotocolIsNegotiated()
{
    Serve serve;
    const QString url
        = serve.start({u"--subprotocol"_s, u"chat.v2"_s, u"--subprotocol"_s, u"chat"_s});
    NodePeer ws;
    QVERIFY(ws.start(
        u"ws-probe.js"_s,
        {url,
         configJson({{u"protocols"_s, QJsonArray {u"chat"_s, u"other"_s}}, {u"holdMs"_s, 300}})}));
    QVERIFY(ws.waitForExit());
    QCOMPARE(ws.events(u"open"_s).value(0).value(u"protocol"_s).toString(), u"chat"_s);
    NodePeer py;
    QVERIFY(py.startPython(
        u"py-probe.py"_s,
        {url, configJson({{u"protocols"_s, QJsonArray {u"chat.v2"_s}}, {u"holdMs"_s, 300}})}));
    QVERIFY(py.waitForExit());
    QCOMPARE(py.events(u"open"_s).value(0).value(u"protocol"_s).toString(), u"chat.v2"_s);
    QTRY_VERIFY2(serve.output().contains(u"subprotocol chat.v2"_s), qPrintable(serve.output()));
}

void tst_ServerBehaviour::tls()
{
    // A self-signed certificate made now with the openssl command line.
    const QString cert = m_dir.filePath(u"cert.pem"_s);
    const QString key = m_dir.filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                   key, u"-out"_s, cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                   u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);
    Serve serve;
    const QString url = serve.start({u"--tls-cert"_s, cert, u"--tls-key"_s, key});
    QVERIFY2(url.startsWith(u"wss://"_s), qPrintable(url));
    NodePeer trusting;
    QVERIFY(trusting.start(
        u"ws-probe.js"_s,
        {url,
         configJson(
             {{u"ca"_s, cert}, {u"send"_s, QJsonArray {u"secret"_s}}, {u"waitMessages"_s, 1}})}));
    QVERIFY(trusting.waitForExit());
    QCOMPARE(texts(trusting), QStringList {u"secret"_s});
    NodePeer untrusting;
    QVERIFY(untrusting.start(u"ws-probe.js"_s, {url, configJson({})}));
    QVERIFY(untrusting.waitForExit());
    QCOMPARE(untrusting.events(u"open"_s).size(), 0); // self-signed and not trusted: refused
    QCOMPARE(untrusting.events(u"error"_s).size(), 1);

    // A certificate that cannot be read is a runtime error: exit 1, one line on stderr.
    QProcess bad;
    bad.start(QStringLiteral(SOCKSCOPE_BINARY),
              {u"serve"_s, u"--port"_s, u"0"_s, u"--tls-cert"_s, m_dir.filePath(u"missing.pem"_s),
               u"--tls-key"_s, key});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 1);
    QVERIFY(
        QString::fromUtf8(bad.readAllStandardError()).contains(u"Cannot read the certificate"_s));
}

void tst_ServerBehaviour::logsJsonLines()
{
    const QString logPath = m_dir.filePath(u"serve.jsonl"_s);
    {
        Serve serve;
        const QString url = serve.start({u"--log"_s, logPath});
        NodePeer client;
        QVERIFY(client.start(
            u"ws-probe.js"_s,
            {url, configJson({{u"send"_s, QJsonArray {u"logged"_s}}, {u"waitMessages"_s, 1}})}));
        QVERIFY(client.waitForExit());
        QTRY_VERIFY(serve.output().contains(u"closed"_s));
        ::kill(pid_t(serve.process().processId()), SIGTERM);
        QVERIFY(serve.process().waitForFinished(5000));
    }
    // The log reads back with Sockscope's own importer: same schema as an export.
    std::vector<ImportedLog> logs;
    QString error;
    QVERIFY2(LogImport::read(logPath, &logs, &error), qPrintable(error));
    QStringList rows;
    for (const LogEvent &e : logs[0].events)
        rows << QString::number(int(e.direction)) + u' ' + QString::number(int(e.type)) + u' '
                + QString::fromUtf8(e.data).section(u' ', 0, 1);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[1], u"1 0 logged"_s); // received text
    QCOMPARE(rows[2], u"0 0 logged"_s); // sent text
    QCOMPARE(int(logs[0].events[3].type), int(EventType::Close));
    QCOMPARE(logs[0].events[3].closeCode, 1000);
}

void tst_ServerBehaviour::badRulesFileDoesNotStart()
{
    const QString path = m_dir.filePath(u"bad-rules.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\":1,\"rules\":[{\"match\":{\"regex\":\"(oops\"},\"reply\":\"x\"}]}");
    file.close();
    QProcess serve;
    serve.start(QStringLiteral(SOCKSCOPE_BINARY),
                {u"serve"_s, u"--port"_s, u"0"_s, u"--rules"_s, path});
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 1);
    const QString err = QString::fromUtf8(serve.readAllStandardError());
    QVERIFY2(err.contains(u"bad-rules.json: rules[0].match.regex: invalid regular expression"_s),
             qPrintable(err));
    QVERIFY(serve.readAllStandardOutput().isEmpty()); // it never listened
}

void tst_ServerBehaviour::sigtermClosesEveryClientWith1001()
{
    Serve serve;
    const QString url = serve.start({});
    NodePeer ws;
    NodePeer py;
    QVERIFY(ws.start(u"ws-probe.js"_s, {url, configJson({{u"holdMs"_s, 10000}})}));
    QVERIFY(py.startPython(u"py-probe.py"_s, {url, configJson({{u"holdMs"_s, 10000}})}));
    QVERIFY(!ws.waitForEvent(u"open"_s).isEmpty());
    QVERIFY(!py.waitForEvent(u"open"_s).isEmpty());
    QTRY_VERIFY(serve.output().contains(u"#2 connected"_s));
    ::kill(pid_t(serve.process().processId()), SIGTERM);
    QVERIFY(ws.waitForExit());
    QVERIFY(py.waitForExit());
    QCOMPARE(ws.events(u"close"_s).value(0).value(u"code"_s).toInt(), 1001);
    QCOMPARE(py.events(u"close"_s).value(0).value(u"code"_s).toInt(), 1001);
    QTRY_COMPARE(serve.process().state(), QProcess::NotRunning);
    QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.process().exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_ServerBehaviour)
#include "tst_serverbehaviour.moc"
