// A connection's options against peers nobody here wrote: TLS and mutual TLS with
// certificates made by the openssl command line at test time, an HTTP CONNECT proxy, reconnect
// after the server process is killed, keepalive, and Debian's python3-websockets as a server.

#include "connection/connection.h"
#include "log/messagelogmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_ConnectionPeers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { wireCaptureBothWays(); }
    void initTestCase();
    void init();
    void cleanup();

    void certificateErrorsInPlainWords_data();
    void certificateErrorsInPlainWords();
    void caFileMakesItTrusted();
    void wireIsCapturedInClear_data();
    void wireIsCapturedInClear();
    void refusalShowsItsBody();
    void ignoringErrorsConnectsAndLogsThem();
    void mutualTls_data();
    void mutualTls();
    void mutualTlsWithoutCertificateFails();
    void badTlsFilesAreReported_data();
    void badTlsFilesAreReported();
    void proxyTunnels_data();
    void proxyTunnels();
    void proxyAuthentication_data();
    void proxyAuthentication();
    void proxyFailuresInPlainWords_data();
    void proxyFailuresInPlainWords();
    void reconnectsAfterServerKilledAndResendsOnOpen();
    void disconnectNeverReconnects();
    void reconnectBacksOffAndGivesUp();
    void reconnectCanBeCancelled();
    void keepalivePingsMeasureRoundTrips();
    void pythonServerHandshake_data();
    void pythonServerHandshake();
    void pythonServerMessagesAndClose();
    void twoFailuresInARowEachTellTheirOwn_data();
    void twoFailuresInARowEachTellTheirOwn();
    void protocolErrorsSayWhoClosed_data();
    void protocolErrorsSayWhoClosed();

private:
    // The hostile handshake peer (tests/peers/hostile-handshake.py), started once.
    bool startHostile();
    std::unique_ptr<NodePeer> m_hostile;
    int m_hostilePort = 0;
    int m_hostileTlsPort = 0;
    static void proxies_data();
    QString cert(const QString &name) const { return m_certs.filePath(name); }
    // Starts a peer (ws-server.js or a .py script) and returns the port it prints, or 0.
    int startPeer(NodePeer *peer, const QString &script, const QStringList &args = {});
    // Starts a wss:// peer with the certificate NAME.pem and key NAME.key; with clientCa, it
    // requires a client certificate signed by that CA.
    int startTlsServer(const QString &script, const QString &name, const QString &clientCa = {});
    bool openAndWait(const QString &url, Connection::State expected = Connection::State::Open);
    QString log()
    {
        m_log.get()->flush();
        return logLines(m_log.get()).join(u'\n');
    }

    QTemporaryDir m_certs;
    std::unique_ptr<NodePeer> m_server;
    std::unique_ptr<MessageLogModel> m_log; // outlives m_connection, which writes to it
    std::unique_ptr<Connection> m_connection;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

namespace {
bool openssl(const QString &dir, const QString &commandLine)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), QProcess::splitCommand(commandLine));
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning().noquote() << "openssl" << commandLine << process.readAll();
        return false;
    }
    return true;
}

// The seconds in each "Reconnecting in X s" row, in order.
QList<double> reconnectDelays(const QStringList &lines)
{
    static const QRegularExpression re(QStringLiteral("Reconnecting in ([0-9.]+) s"));
    QList<double> delays;
    for (const QString &line : lines) {
        const QRegularExpressionMatch m = re.match(line);
        if (m.hasMatch())
            delays << m.captured(1).toDouble();
    }
    return delays;
}
} // namespace

void tst_ConnectionPeers::initTestCase()
{
    QVERIFY(m_certs.isValid());
    const QString dir = m_certs.path();
    const QString ec = QStringLiteral("-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes");
    // A self-signed server certificate for 127.0.0.1, and one for another host.
    QVERIFY(openssl(dir,
                    QStringLiteral("req -x509 %1 -keyout self.key -out self.pem -days 2 "
                                   "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1")
                        .arg(ec)));
    QVERIFY(
        openssl(dir,
                QStringLiteral("req -x509 %1 -keyout other.key -out other.pem -days 2 "
                               "-subj /CN=other.example -addext subjectAltName=DNS:other.example")
                    .arg(ec)));
    // A CA, a server certificate it signs, and a client certificate it signs (PEM and PKCS#12).
    QVERIFY(openssl(dir,
                    QStringLiteral("req -x509 %1 -keyout ca.key -out ca.pem -days 2 "
                                   "-subj /CN=Sockscope-Test-CA")
                        .arg(ec)));
    for (const QString &name : {QStringLiteral("server"), QStringLiteral("client")}) {
        const QString subject = name == u"server" ? QStringLiteral("/CN=127.0.0.1")
                                                  : QStringLiteral("/CN=sockscope-client");
        QVERIFY(openssl(dir,
                        QStringLiteral("req -new %1 -keyout %2.key -out %2.csr -subj %3 "
                                       "-addext subjectAltName=IP:127.0.0.1")
                            .arg(ec, name, subject)));
        QVERIFY(openssl(dir,
                        QStringLiteral("x509 -req -in %1.csr -CA ca.pem -CAkey ca.key "
                                       "-CAcreateserial -days 2 -copy_extensions copy "
                                       "-out %1.pem")
                            .arg(name)));
    }
    QVERIFY(openssl(dir,
                    QStringLiteral("pkcs12 -export -in client.pem -inkey client.key "
                                   "-out client.p12 -passout pass:s3cret")));
    // An expired certificate (valid for one day in 2020), through `openssl ca` with its dates.
    QFile config(cert(QStringLiteral("ca.cnf")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = index.txt\nnew_certs_dir = .\n"
                 "serial = serial\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n"
                 "[ p ]\ncommonName = supplied\n");
    config.close();
    QFile(cert(QStringLiteral("index.txt"))).open(QIODevice::WriteOnly);
    QFile serial(cert(QStringLiteral("serial")));
    QVERIFY(serial.open(QIODevice::WriteOnly));
    serial.write("01\n");
    serial.close();
    QVERIFY(openssl(dir,
                    QStringLiteral("req -new %1 -keyout expired.key -out expired.csr "
                                   "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1")
                        .arg(ec)));
    QVERIFY(openssl(dir,
                    QStringLiteral("ca -batch -selfsign -config ca.cnf -keyfile expired.key "
                                   "-in expired.csr -startdate 20200101000000Z "
                                   "-enddate 20200102000000Z -out expired.pem")));
    QFile garbage(cert(QStringLiteral("garbage.pem")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("not a certificate\n");
}

void tst_ConnectionPeers::init()
{
    m_server = std::make_unique<NodePeer>();
    m_connection.reset();
    m_log = std::make_unique<MessageLogModel>();
    m_connection = std::make_unique<Connection>(m_log.get());
    m_connection->setOptions(connectionOptions());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_log.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_ConnectionPeers::cleanup()
{
    m_tester.reset();
    m_connection.reset();
    m_server.reset();
}

int tst_ConnectionPeers::startPeer(NodePeer *peer, const QString &script, const QStringList &args)
{
    return peer->startListening(script, args);
}

int tst_ConnectionPeers::startTlsServer(const QString &script, const QString &name,
                                        const QString &clientCa)
{
    QStringList args {QStringLiteral("--cert"), cert(name + u".pem"), QStringLiteral("--key"),
                      cert(name + u".key")};
    if (!clientCa.isEmpty())
        args << QStringLiteral("--client-ca") << cert(clientCa);
    return startPeer(m_server.get(), script, args);
}

bool tst_ConnectionPeers::openAndWait(const QString &url, Connection::State expected)
{
    QString error;
    if (!m_connection->open(url, &error)) {
        qWarning().noquote() << error;
        return false;
    }
    const bool settled = QTest::qWaitFor(
        [&] {
            return m_connection->state() == Connection::State::Open
                || m_connection->state() == Connection::State::Closed;
        },
        10000);
    if (!settled)
        qWarning("still %s after 10 s", qPrintable(Connection::stateText(m_connection->state())));
    m_log.get()->flush();
    return m_connection->state() == expected;
}

void tst_ConnectionPeers::certificateErrorsInPlainWords_data()
{
    QTest::addColumn<QString>("certificate"); // the server's, from initTestCase
    QTest::addColumn<QString>("ca"); // the tab's CA file, or none
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("unexpected");
    QTest::newRow("self-signed") << "self" << QString()
                                 << QStringList {u"self-signed and not trusted"_s} << QString();
    QTest::newRow("wrong host") << "other"
                                << "other.pem" // trusted, but for another name
                                << QStringList {u"other.example"_s, u"wrong host"_s}
                                << "self-signed";
    QTest::newRow("expired") << "expired"
                             << "expired.pem" // trusted, but out of date
                             << QStringList {u"expired on %1"_s.arg(
                                    QLocale().toString(QDate(2020, 1, 2), QLocale::LongFormat))}
                             << QString(); // OpenSSL also calls an expired anchor untrusted
}

void tst_ConnectionPeers::certificateErrorsInPlainWords()
{
    QFETCH(QString, certificate);
    QFETCH(QString, ca);
    QFETCH(QStringList, expected);
    QFETCH(QString, unexpected);
    const int port = startTlsServer(QStringLiteral("ws-server.js"), certificate);
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.tls.caFile = ca.isEmpty() ? QString() : cert(ca);
    m_connection->setOptions(options);
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY2(
        openAndWait(QStringLiteral("wss://127.0.0.1:%1/").arg(port), Connection::State::Closed),
        qPrintable(log()));
    QCOMPARE(errors.size(), 1);
    const QString message = errors[0][0].toString();
    QVERIFY2(message.contains(QStringLiteral("TLS handshake with 127.0.0.1:%1 failed").arg(port)),
             qPrintable(message));
    for (const QString &words : expected)
        QVERIFY2(message.contains(words), qPrintable(message));
    if (!unexpected.isEmpty())
        QVERIFY2(!message.contains(unexpected), qPrintable(message));
    // The error row holds the whole message.
    const int row = findRow(m_log.get(), Direction::Lifecycle, EventType::Error);
    QCOMPARE(QString::fromUtf8(m_log.get()->payload(row)), message);
    QVERIFY(!m_connection->reconnectPending());
}

void tst_ConnectionPeers::caFileMakesItTrusted()
{
    const int port = startTlsServer(QStringLiteral("ws-server.js"), QStringLiteral("self"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.tls.caFile = cert(QStringLiteral("self.pem"));
    m_connection->setOptions(options);
    QVERIFY2(openAndWait(QStringLiteral("wss://127.0.0.1:%1/secure").arg(port)), qPrintable(log()));
    QCOMPARE(m_server->waitForEvent(QStringLiteral("open")).value(u"path").toString(),
             QStringLiteral("/secure"));
    QVERIFY(m_connection->sendText(QStringLiteral("over tls")));
    QTRY_VERIFY(findRow(m_log.get(), Direction::Received, EventType::Text) >= 0);
    QVERIFY(!log().contains(QStringLiteral("ignored")));
}

void tst_ConnectionPeers::wireIsCapturedInClear_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("tls");
    QTest::newRow("npm ws, ws://") << QStringLiteral("ws-server.js") << false;
    QTest::newRow("npm ws, wss://") << QStringLiteral("ws-server.js") << true;
    QTest::newRow("python3-websockets, ws://") << QStringLiteral("py-server.py") << false;
    QTest::newRow("python3-websockets, wss://") << QStringLiteral("py-server.py") << true;
}

// With wire capture on, the wire view has the handshake both ways and each frame in clear. A
// wss:// connection goes to the relay as ws://, and the relay speaks TLS to the server: the
// server sees the Host header the user's URL implies, and the handshake's headers are the
// real ones.
void tst_ConnectionPeers::wireIsCapturedInClear()
{
    QFETCH(QString, script);
    QFETCH(bool, tls);
    QFETCH_GLOBAL(bool, wireCapture);
    if (!wireCapture)
        QSKIP("this one is about the wire capture");
    const int port
        = tls ? startTlsServer(script, QStringLiteral("self")) : startPeer(m_server.get(), script);
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.tls.caFile = cert(QStringLiteral("self.pem"));
    m_connection->setOptions(options);
    QVERIFY2(
        openAndWait(
            QStringLiteral("%1://127.0.0.1:%2/secure").arg(tls ? u"wss"_s : u"ws"_s).arg(port)),
        qPrintable(log()));
    const QJsonObject open = m_server->waitForEvent(QStringLiteral("open"));
    QCOMPARE(open.value(u"headers").toObject().value(u"host").toString(),
             QStringLiteral("127.0.0.1:%1").arg(port));
    QVERIFY(m_connection->sendText(QStringLiteral("over tls")));
    QTRY_VERIFY(findRow(m_log.get(), Direction::Received, EventType::Text) >= 0);
    MessageLogModel *model = m_log.get();
    model->flush();
    const int opened = findRow(model, Direction::Lifecycle, EventType::Open);
    const auto facts = model->connectionFacts(opened);
    QVERIFY(facts);
    QVERIFY(std::any_of(facts->responseHeaders.begin(), facts->responseHeaders.end(),
                        [](const ConnectionFacts::Header &h) {
                            return h.name.compare(u"Sec-WebSocket-Accept", Qt::CaseInsensitive)
                                == 0;
                        }));
    for (const Direction direction : {Direction::Sent, Direction::Received}) {
        const int row = findRow(model, direction, EventType::Text);
        const auto [first, end] = model->wire().rangeOf(model->sequenceOf(row));
        QCOMPARE(end - first, 1);
        const WireLog::Record frame = model->wire().at(first);
        QCOMPARE(frame.masked(), direction == Direction::Sent);
        QCOMPARE(frame.payloadLength, 8u);
        QCOMPARE(model->wirePayload(first), QByteArray("over tls")); // in clear
        if (direction == Direction::Sent) // four bytes of Qt's choosing
            QVERIFY(model->wire().at(first).maskingKey != (std::array<quint8, 4> {}));
    }
    // Both heads, each with the row it belongs to.
    const auto headOf = [&](EventType type) {
        const auto [first, end]
            = model->wire().rangeOf(model->sequenceOf(findRow(model, Direction::Lifecycle, type)));
        return end > first && model->wire().at(first).isHandshake() ? model->wirePayload(first)
                                                                    : QByteArray();
    };
    const QByteArray request = headOf(EventType::Connecting);
    QVERIFY2(request.startsWith("GET /secure HTTP/1.1\r\n"), request.constData());
    QVERIFY(request.contains("Sec-WebSocket-Key: "));
    QVERIFY(request.endsWith("\r\n\r\n"));
    QVERIFY(headOf(EventType::Open).startsWith("HTTP/1.1 101 "));
}

// Qt drops the body of a refused handshake; with wire capture the error row gives it, and the
// row holds the server's answer as it came.
void tst_ConnectionPeers::refusalShowsItsBody()
{
    QFETCH_GLOBAL(bool, wireCapture);
    QVERIFY(startHostile());
    m_connection->setOptions(connectionOptions());
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/status/403").arg(m_hostilePort),
                        Connection::State::Closed));
    QTRY_COMPARE(errors.size(), 1);
    const QString message = errors[0][0].toString();
    QVERIFY2(message.startsWith(u"Handshake refused: the server answered HTTP 403 Forbidden"_s),
             qPrintable(message));
    QCOMPARE(message.contains(u"came with this body:\nno websocket here"_s), wireCapture);
    MessageLogModel *model = m_log.get();
    model->flush();
    const int row = findRow(model, Direction::Lifecycle, EventType::Error);
    QCOMPARE(QString::fromUtf8(model->payload(row)), message);
    const auto [first, end] = model->wire().rangeOf(model->sequenceOf(row));
    QCOMPARE(end - first, wireCapture ? 1 : 0);
    if (wireCapture) {
        QVERIFY(model->wire().at(first).isHandshake());
        const QByteArray answer = model->wirePayload(first);
        QVERIFY2(answer.startsWith("HTTP/1.1 403 Forbidden\r\n"), answer.constData());
        QVERIFY(answer.endsWith("\r\n\r\nno websocket here\n"));
    }
}

void tst_ConnectionPeers::ignoringErrorsConnectsAndLogsThem()
{
    const int port = startTlsServer(QStringLiteral("ws-server.js"), QStringLiteral("other"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.tls.ignoreErrors = true;
    m_connection->setOptions(options);
    QVERIFY2(openAndWait(QStringLiteral("wss://127.0.0.1:%1/").arg(port)), qPrintable(log()));
    const int row = findRow(m_log.get(), Direction::Lifecycle, EventType::Info);
    QVERIFY2(row >= 0, qPrintable(log()));
    const QString ignored
        = QString::fromUtf8(m_log.get()->index(row, 0).data(LogRole::Payload).toByteArray());
    QVERIFY2(ignored.contains(QStringLiteral("Certificate errors ignored")), qPrintable(ignored));
    QVERIFY2(ignored.contains(QStringLiteral("self-signed")), qPrintable(ignored));
    QVERIFY2(ignored.contains(QStringLiteral("wrong host")), qPrintable(ignored));
}

void tst_ConnectionPeers::mutualTls_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("passphrase");
    QTest::newRow("PEM, python3-websockets") << "py-server.py"
                                             << "client.pem"
                                             << "client.key" << QString();
    QTest::newRow("PKCS#12, python3-websockets") << "py-server.py"
                                                 << "client.p12" << QString() << "s3cret";
    QTest::newRow("PEM, ws") << "ws-server.js"
                             << "client.pem"
                             << "client.key" << QString();
    QTest::newRow("PKCS#12, ws") << "ws-server.js"
                                 << "client.p12" << QString() << "s3cret";
}

void tst_ConnectionPeers::mutualTls()
{
    QFETCH(QString, server);
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, passphrase);
    const int port = startTlsServer(server, QStringLiteral("server"), QStringLiteral("ca.pem"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.tls.caFile = cert(QStringLiteral("ca.pem"));
    options.tls.certificateFile = cert(certificate);
    options.tls.keyFile = key.isEmpty() ? QString() : cert(key);
    options.tls.passphrase = passphrase;
    m_connection->setOptions(options);
    QVERIFY2(openAndWait(QStringLiteral("wss://127.0.0.1:%1/mtls").arg(port)), qPrintable(log()));
    const QJsonObject open = m_server->waitForEvent(QStringLiteral("open"));
    QCOMPARE(open.value(u"clientCertificate").toString(), QStringLiteral("sockscope-client"));
    QVERIFY(m_connection->sendText(QStringLiteral("mutual")));
    QTRY_VERIFY(findRow(m_log.get(), Direction::Received, EventType::Text) >= 0);
}

void tst_ConnectionPeers::mutualTlsWithoutCertificateFails()
{
    const int port = startTlsServer(QStringLiteral("py-server.py"), QStringLiteral("server"),
                                    QStringLiteral("ca.pem"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.tls.caFile = cert(QStringLiteral("ca.pem"));
    m_connection->setOptions(options);
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY(
        openAndWait(QStringLiteral("wss://127.0.0.1:%1/").arg(port), Connection::State::Closed));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0][0].toString().contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(errors[0][0].toString()));
    QVERIFY(m_server->events(QStringLiteral("open")).isEmpty());
}

void tst_ConnectionPeers::badTlsFilesAreReported_data()
{
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing CA file")
        << "nowhere.pem" << QString() << QString() << QString() << "Cannot read the CA file";
    QTest::newRow("CA file without a certificate")
        << "garbage.pem" << QString() << QString() << QString() << "holds no certificate";
    QTest::newRow("wrong PKCS#12 passphrase") << QString() << "client.p12" << QString() << "wrong"
                                              << "passphrase is wrong";
    QTest::newRow("certificate without its key")
        << QString() << "client.pem" << QString() << QString() << "No private key";
    QTest::newRow("key that is not a key") << QString() << "client.pem"
                                           << "garbage.pem" << QString() << "not a PEM key";
    QTest::newRow("key without a certificate")
        << QString() << QString() << "client.key" << QString() << "without a client certificate";
}

void tst_ConnectionPeers::badTlsFilesAreReported()
{
    QFETCH(QString, ca);
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, passphrase);
    QFETCH(QString, expected);
    ConnectionOptions options = connectionOptions();
    options.tls.caFile = ca.isEmpty() ? QString() : cert(ca);
    options.tls.certificateFile = certificate.isEmpty() ? QString() : cert(certificate);
    options.tls.keyFile = key.isEmpty() ? QString() : cert(key);
    options.tls.passphrase = passphrase;
    m_connection->setOptions(options);
    QString error;
    QVERIFY(!m_connection->open(QStringLiteral("wss://127.0.0.1:1/"), &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QCOMPARE(m_connection->state(), Connection::State::Closed);
}

void tst_ConnectionPeers::proxies_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("scheme");
    QTest::newRow("HTTP CONNECT") << int(ConnectionOptions::Proxy::Type::Http) << "connect-proxy.py"
                                  << "http";
    QTest::newRow("SOCKS5") << int(ConnectionOptions::Proxy::Type::Socks5) << "socks5-proxy.py"
                            << "socks5";
}

void tst_ConnectionPeers::proxyTunnels_data()
{
    proxies_data();
}

void tst_ConnectionPeers::proxyTunnels()
{
    QFETCH(int, type);
    QFETCH(QString, script);
    QFETCH(QString, scheme);
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    NodePeer proxy;
    const int proxyPort = startPeer(&proxy, script);
    QVERIFY(port > 0 && proxyPort > 0);
    ConnectionOptions options = connectionOptions();
    options.proxy
        = {ConnectionOptions::Proxy::Type(type), QStringLiteral("127.0.0.1"), proxyPort, {}, {}};
    m_connection->setOptions(options);
    QVERIFY2(openAndWait(QStringLiteral("ws://127.0.0.1:%1/proxied").arg(port)), qPrintable(log()));
    const QJsonObject tunnel = proxy.waitForEvent(QStringLiteral("connect"));
    QCOMPARE(tunnel.value(u"target").toString(), QStringLiteral("127.0.0.1:%1").arg(port));
    QCOMPARE(m_server->waitForEvent(QStringLiteral("open")).value(u"path").toString(),
             QStringLiteral("/proxied"));
    QVERIFY(m_connection->sendText(QStringLiteral("through the tunnel")));
    QTRY_VERIFY(findRow(m_log.get(), Direction::Received, EventType::Text) >= 0);
    QVERIFY(log().contains(
        QStringLiteral("Through the proxy %1://127.0.0.1:%2").arg(scheme).arg(proxyPort)));
    // With wire capture, the relay goes out through the proxy and still sees everything: the
    // handshake both ways and each frame, the client's masked.
    QFETCH_GLOBAL(bool, wireCapture);
    MessageLogModel *model = m_log.get();
    model->flush();
    if (!wireCapture) {
        QCOMPARE(model->wire().size(), 0);
        return;
    }
    const auto headOf = [&](EventType type) {
        const int row = findRow(model, Direction::Lifecycle, type);
        const auto [first, end] = model->wire().rangeOf(model->sequenceOf(row));
        return end > first && model->wire().at(first).isHandshake() ? model->wirePayload(first)
                                                                    : QByteArray();
    };
    QVERIFY(headOf(EventType::Connecting).startsWith("GET /proxied HTTP/1.1\r\n"));
    QVERIFY(headOf(EventType::Open).startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    for (const Direction direction : {Direction::Sent, Direction::Received}) {
        const int row = findRow(model, direction, EventType::Text);
        const auto [first, end] = model->wire().rangeOf(model->sequenceOf(row));
        QCOMPARE(end - first, 1);
        QCOMPARE(model->wire().at(first).masked(), direction == Direction::Sent);
        QCOMPARE(model->wirePayload(first), QByteArray("through the tunnel"));
    }
}

void tst_ConnectionPeers::proxyAuthentication_data()
{
    proxies_data();
}

void tst_ConnectionPeers::proxyAuthentication()
{
    QFETCH(int, type);
    QFETCH(QString, script);
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    NodePeer proxy;
    const int proxyPort = startPeer(&proxy, script,
                                    {QStringLiteral("--user"), QStringLiteral("alice"),
                                     QStringLiteral("--password"), QStringLiteral("pa:ss")});
    QVERIFY(port > 0 && proxyPort > 0);
    const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(port);
    ConnectionOptions options = connectionOptions();
    options.proxy = {ConnectionOptions::Proxy::Type(type), QStringLiteral("127.0.0.1"), proxyPort,
                     QStringLiteral("alice"), QStringLiteral("wrong")};
    m_connection->setOptions(options);
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY(openAndWait(url, Connection::State::Closed));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0][0].toString().contains(QStringLiteral("proxy")),
             qPrintable(errors[0][0].toString()));
    QVERIFY(m_server->events(QStringLiteral("open")).isEmpty());

    options.proxy.password = QStringLiteral("pa:ss");
    m_connection->setOptions(options);
    QVERIFY2(openAndWait(url), qPrintable(log()));
    QVERIFY(proxy.waitForLine(
        [](const QString &line) { return line.contains(QStringLiteral("\"authorized\": true")); }));
}

void tst_ConnectionPeers::proxyFailuresInPlainWords_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("script"); // empty: nothing listens at the proxy's address
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected"); // %1 the proxy as text, %2 the server's host:port
    const int http = int(ConnectionOptions::Proxy::Type::Http);
    const int socks = int(ConnectionOptions::Proxy::Type::Socks5);
    QTest::newRow("http proxy not listening")
        << http << QString() << QStringList()
        << u"Nothing is listening at the proxy's address %1 (connection refused)."_s;
    QTest::newRow("socks5 proxy not listening")
        << socks << QString() << QStringList()
        << u"Nothing is listening at the proxy's address %1 (connection refused)."_s;
    QTest::newRow("wrong password answered with 401")
        << http << u"connect-proxy.py"_s
        << QStringList {u"--user"_s, u"alice"_s,       u"--password"_s,
                        u"right"_s,  u"--deny-with"_s, u"401"_s}
        << u"The proxy %1 refused the tunnel to %2 (Error communicating with HTTP proxy). Check "
           u"the proxy's user name and password: some proxies answer wrong ones like this, with "
           u"401 instead of 407."_s;
}

// A proxy that is not there, and one that answers wrong credentials with 401 (as tinyproxy
// does): each is told as what it is.
void tst_ConnectionPeers::proxyFailuresInPlainWords()
{
    QFETCH(int, type);
    QFETCH(QString, script);
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    QVERIFY(port > 0);
    NodePeer proxy;
    int proxyPort = 0;
    if (script.isEmpty()) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        proxyPort = probe.serverPort();
    } else {
        proxyPort = startPeer(&proxy, script, args);
        QVERIFY(proxyPort > 0);
    }
    ConnectionOptions options = connectionOptions();
    options.proxy
        = {ConnectionOptions::Proxy::Type(type), u"127.0.0.1"_s, proxyPort, u"alice"_s, u"wrong"_s};
    m_connection->setOptions(options);
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    QVERIFY(openAndWait(u"ws://127.0.0.1:%1/"_s.arg(port), Connection::State::Closed));
    QCOMPARE(errors.size(), 1);
    const QString proxyText
        = u"%1://127.0.0.1:%2"_s
              .arg(type == int(ConnectionOptions::Proxy::Type::Http) ? u"http"_s : u"socks5"_s)
              .arg(proxyPort);
    QCOMPARE(errors[0][0].toString(),
             QString(expected)
                 .replace(u"%1"_s, proxyText)
                 .replace(u"%2"_s, u"127.0.0.1:%1"_s.arg(port)));
}

void tst_ConnectionPeers::reconnectsAfterServerKilledAndResendsOnOpen()
{
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.reconnect.enabled = true;
    options.reconnect.initialDelayMs = 200;
    options.reconnect.maxDelayMs = 1000;
    options.reconnect.maxAttempts = 0;
    options.onOpen = {QStringLiteral("login alice"), QStringLiteral("subscribe prices")};
    m_connection->setOptions(options);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/feed").arg(port)));
    const auto messagesSeen = [](NodePeer *peer) {
        QStringList texts;
        for (const QJsonObject &e : peer->events(QStringLiteral("message")))
            texts << QString::fromUtf8(
                QByteArray::fromBase64(e.value(u"base64").toString().toLatin1()));
        return texts;
    };
    QVERIFY(m_server->waitForLine([](const QString &l) {
        return l.contains(QStringLiteral("message"))
            && l.contains(QStringLiteral("c3Vic2NyaWJlIHByaWNlcw"));
    }));
    QCOMPARE(messagesSeen(m_server.get()),
             QStringList({QStringLiteral("login alice"), QStringLiteral("subscribe prices")}));

    m_server->process().kill(); // SIGKILL: no close frame
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), Connection::State::Closed, 5000);
    QTRY_VERIFY(m_connection->reconnectPending() || m_connection->reconnectAttempt() > 0);

    // A new server process on the same port, after at least one failed attempt.
    QTRY_VERIFY_WITH_TIMEOUT(reconnectDelays(logLines(m_log.get())).size() >= 2, 10000);
    NodePeer restarted;
    QCOMPARE(startPeer(&restarted, QStringLiteral("ws-server.js"),
                       {QStringLiteral("--port"), QString::number(port)}),
             port);
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), Connection::State::Open, 10000);
    QVERIFY(restarted.waitForLine(
        [](const QString &l) { return l.contains(QStringLiteral("c3Vic2NyaWJlIHByaWNlcw")); }));
    QCOMPARE(messagesSeen(&restarted),
             QStringList({QStringLiteral("login alice"), QStringLiteral("subscribe prices")}));
    QCOMPARE(restarted.events(QStringLiteral("open")).value(0).value(u"path").toString(),
             QStringLiteral("/feed"));
    QCOMPARE(m_connection->reconnectAttempt(), 0);

    // One continuous log: open, the drop as 1006, the attempts, the second open.
    m_log.get()->flush();
    const QAbstractItemModel *model = m_log.get();
    const int firstOpen = findRow(model, Direction::Lifecycle, EventType::Open);
    const int drop = findRow(model, Direction::Lifecycle, EventType::Close, firstOpen);
    const int secondOpen = findRow(model, Direction::Lifecycle, EventType::Open, firstOpen + 1);
    QVERIFY2(firstOpen >= 0 && drop > firstOpen && secondOpen > drop, qPrintable(log()));
    QCOMPARE(model->index(drop, 0).data(LogRole::CloseCode).toInt(), 1006);
    QVERIFY(log().contains(QStringLiteral("reconnect attempt")));
    const int resent = findRow(model, Direction::Sent, EventType::Text, secondOpen);
    QCOMPARE(cell(model, resent, LogColumn::Preview), QStringLiteral("login alice"));
}

void tst_ConnectionPeers::disconnectNeverReconnects()
{
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.reconnect.enabled = true;
    options.reconnect.initialDelayMs = 100;
    m_connection->setOptions(options);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QVERIFY(m_connection->close(1000, {}));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    // A reconnect is only ever started by its timer, which is scheduled as the socket closes.
    QVERIFY(!m_connection->reconnectPending());
    m_log.get()->flush();
    QCOMPARE(findRow(m_log.get(), Direction::Lifecycle, EventType::Connecting, 1), -1);

    // Nor does a normal close from the server.
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QVERIFY(m_connection->sendText(QStringLiteral("close-me 1000 bye")));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    QVERIFY(!m_connection->reconnectPending());
}

void tst_ConnectionPeers::reconnectBacksOffAndGivesUp()
{
    // A port nothing listens on.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    ConnectionOptions options = connectionOptions();
    options.reconnect = {true, 100, 400, 4};
    m_connection->setOptions(options);
    QSignalSpy changes(m_connection.get(), &Connection::reconnectChanged);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port), Connection::State::Closed));
    QTRY_VERIFY_WITH_TIMEOUT(
        log().contains(QStringLiteral("Gave up reconnecting after 4 attempts.")), 10000);
    QVERIFY(!m_connection->reconnectPending());
    const QList<double> delays = reconnectDelays(logLines(m_log.get()));
    QCOMPARE(delays.size(), 4);
    // Each delay lies between half and all of min(400 ms, 100 ms × 2^(n-1)).
    const double ceilings[] = {0.1, 0.2, 0.4, 0.4};
    for (int i = 0; i < 4; ++i) {
        QVERIFY2(delays[i] >= ceilings[i] / 2 - 0.051 && delays[i] <= ceilings[i] + 0.051,
                 qPrintable(QStringLiteral("attempt %1 waited %2 s").arg(i + 1).arg(delays[i])));
    }
    QCOMPARE(findRow(m_log.get(), Direction::Lifecycle, EventType::Connecting) >= 0, true);
    int attempts = 0;
    for (int row = -1;
         (row = findRow(m_log.get(), Direction::Lifecycle, EventType::Connecting, row + 1)) >= 0;)
        ++attempts;
    QCOMPARE(attempts, 5); // the first try and four reconnects
    QVERIFY(changes.size() >= 5);
}

void tst_ConnectionPeers::reconnectCanBeCancelled()
{
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.reconnect = {true, 2000, 4000, 0};
    m_connection->setOptions(options);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    m_server->process().kill();
    QTRY_VERIFY(m_connection->reconnectPending());
    QVERIFY(m_connection->reconnectRemainingMs() > 0);
    QCOMPARE(m_connection->reconnectAttempt(), 1);
    m_connection->abort(); // what the tab's "Cancel reconnect" does
    QVERIFY(!m_connection->reconnectPending());
    QVERIFY(log().contains(QStringLiteral("Reconnect cancelled.")));
    // With no reconnect timer pending, nothing can start another attempt.
    m_log.get()->flush();
    const int rows = m_log.get()->rowCount();
    QCoreApplication::processEvents();
    m_log.get()->flush();
    QCOMPARE(m_log.get()->rowCount(), rows);
}

void tst_ConnectionPeers::keepalivePingsMeasureRoundTrips()
{
    const int port = startPeer(m_server.get(), QStringLiteral("ws-server.js"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.keepaliveSeconds = 1;
    m_connection->setOptions(options);
    QSignalSpy rtts(m_connection.get(), &Connection::roundTripMeasured);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QTRY_VERIFY_WITH_TIMEOUT(rtts.size() >= 2, 5000);
    QVERIFY(rtts[0][0].toInt() >= 0);
    QVERIFY(m_server->waitForLine(
        [this](const QString &) { return m_server->events(QStringLiteral("ping")).size() >= 2; }));
    const QList<QJsonObject> pings = m_server->events(QStringLiteral("ping"));
    QCOMPARE(pings[0].value(u"payload").toString(), QStringLiteral("keepalive 1"));
    QCOMPARE(pings[1].value(u"payload").toString(), QStringLiteral("keepalive 2"));
    // Each pong row carries its round trip.
    m_log.get()->flush();
    const int pong = findRow(m_log.get(), Direction::Received, EventType::Pong);
    QVERIFY(m_log.get()->index(pong, 0).data(LogRole::RoundTripUs).toInt() >= 0);
}

void tst_ConnectionPeers::pythonServerHandshake_data()
{
    QTest::addColumn<QString>("serverProtocols");
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QString>("expected");
    QTest::newRow("server picks one")
        << "mqtt,chat.v2" << QStringList {u"chat.v2"_s, u"chat.v1"_s} << "chat.v2";
    QTest::newRow("server speaks none of them")
        << "other" << QStringList {u"chat.v2"_s} << QString();
    QTest::newRow("none offered") << QString() << QStringList() << QString();
}

void tst_ConnectionPeers::pythonServerHandshake()
{
    QFETCH(QString, serverProtocols);
    QFETCH(QStringList, offered);
    QFETCH(QString, expected);
    QStringList args;
    if (!serverProtocols.isEmpty())
        args << QStringLiteral("--protocols") << serverProtocols;
    const int port = startPeer(m_server.get(), QStringLiteral("py-server.py"), args);
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.subprotocols = offered;
    options.origin = QStringLiteral("https://app.example");
    options.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer t0ken"), true},
                       {QStringLiteral("X-Trace"), QStringLiteral("a b  c"), true},
                       {QStringLiteral("X-Off"), QStringLiteral("never"), false}};
    m_connection->setOptions(options);
    const bool opened = openAndWait(QStringLiteral("ws://127.0.0.1:%1/py?x=1").arg(port));
    if (!expected.isEmpty() || offered.isEmpty() || opened) {
        QVERIFY2(opened, qPrintable(log()));
        const QJsonObject open = m_server->waitForEvent(QStringLiteral("open"));
        const QJsonObject headers = open.value(u"headers").toObject();
        QCOMPARE(open.value(u"path").toString(), QStringLiteral("/py?x=1"));
        QCOMPARE(headers.value(u"origin").toString(), QStringLiteral("https://app.example"));
        QCOMPARE(headers.value(u"authorization").toString(), QStringLiteral("Bearer t0ken"));
        QCOMPARE(headers.value(u"x-trace").toString(), QStringLiteral("a b  c"));
        QVERIFY(!headers.contains(u"x-off"));
        QCOMPARE(open.value(u"protocol").toString(), expected);
        QCOMPARE(m_connection->negotiatedSubprotocol(), expected);
    }
}

void tst_ConnectionPeers::pythonServerMessagesAndClose()
{
    const int port = startPeer(m_server.get(), QStringLiteral("py-server.py"));
    QVERIFY(port > 0);
    ConnectionOptions options = connectionOptions();
    options.outgoingFrameSize = 1024;
    m_connection->setOptions(options);
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QByteArray bytes;
    for (int i = 0; i < 5000; ++i)
        bytes.append(char(i * 7));
    QVERIFY(m_connection->sendBinary(bytes));
    QCOMPARE(m_server->waitForEvent(QStringLiteral("message")).value(u"hex").toString(),
             QString::fromLatin1(bytes.toHex()));
    QTRY_VERIFY(findRow(m_log.get(), Direction::Received, EventType::Binary) >= 0);
    const int row = findRow(m_log.get(), Direction::Received, EventType::Binary);
    QCOMPARE(m_log.get()->index(row, 0).data(LogRole::Payload).toByteArray(), bytes);

    QVERIFY(m_connection->ping("py-ping"));
    QTRY_VERIFY(findRow(m_log.get(), Direction::Received, EventType::Pong) >= 0);
    const int pong = findRow(m_log.get(), Direction::Received, EventType::Pong);
    QCOMPARE(m_log.get()->index(pong, 0).data(LogRole::Payload).toByteArray(),
             QByteArray("py-ping"));
    QVERIFY(m_log.get()->index(pong, 0).data(LogRole::RoundTripUs).toInt() >= 0);

    // The server closes with a code and reason...
    QVERIFY(m_connection->sendText(QStringLiteral("close-me 4002 from python")));
    QTRY_COMPARE(m_connection->state(), Connection::State::Closed);
    // Rows go in at the log's next flush.
    QTRY_VERIFY2(findRow(m_log.get(), Direction::Received, EventType::Close) >= 0,
                 qPrintable(log()));
    const int close = findRow(m_log.get(), Direction::Received, EventType::Close);
    QCOMPARE(m_log.get()->index(close, 0).data(LogRole::CloseCode).toInt(), 4002);
    QVERIFY(cell(m_log.get(), close, LogColumn::Preview).contains(QStringLiteral("from python")));

    // ...and so do we.
    QVERIFY(openAndWait(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    QVERIFY(m_connection->close(1001, QStringLiteral("going, é")));
    bool seen = false;
    QVERIFY(m_server->waitForLine([&](const QString &line) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        seen = e.value(u"event").toString() == u"close" && e.value(u"code").toInt() == 1001
            && e.value(u"reason").toString() == QStringLiteral("going, é");
        return seen;
    }));
}

bool tst_ConnectionPeers::startHostile()
{
    if (m_hostile)
        return m_hostilePort > 0 && m_hostileTlsPort > 0;
    m_hostile = std::make_unique<NodePeer>();
    m_hostilePort = startPeer(m_hostile.get(), QStringLiteral("hostile-handshake.py"),
                              {QStringLiteral("--cert"), cert(QStringLiteral("self.pem")),
                               QStringLiteral("--key"), cert(QStringLiteral("self.key"))});
    m_hostile->waitForLine([this](const QString &line) {
        if (!line.startsWith(QStringLiteral("TLSPORT ")))
            return false;
        m_hostileTlsPort = line.mid(8).toInt();
        return true;
    });
    return m_hostilePort > 0 && m_hostileTlsPort > 0;
}

namespace {
// A way for an attempt to fail, and the sentence that tells it truly (%1 is host:port).
struct FailureKind
{
    const char *name;
    const char *target; // "refused", "tls", or a path of the hostile peer
    const char *pattern;
};
constexpr FailureKind kFailureKinds[] = {
    {"403", "/status/403",
     "^Handshake refused: the server answered HTTP 403 Forbidden instead of 101 Switching "
     "Protocols\\."},
    {"200", "/status/200",
     "^Handshake refused: the server answered HTTP 200 OK instead of 101 Switching Protocols\\."},
    {"401", "/status/401", "^Handshake refused: the server answered HTTP 401 Unauthorized"},
    {"refused", "refused", "^Connection refused by %1: nothing is listening there\\.$"},
    {"drop", "/drop",
     "^(%1 closed the connection during the handshake\\.|The connection closed before the "
     "handshake finished\\.)$"},
    {"tls", "tls", "^TLS handshake with %1 failed:\\n.*self-signed"},
    {"bad accept", "/bad-accept",
     "^%1 answered, but not with a valid WebSocket handshake: .*Accept"},
    {"no upgrade", "/no-upgrade",
     "^%1 answered, but not with a valid WebSocket handshake: .*upgrade: ,"},
    {"huge headers", "/huge-headers",
     "^%1 answered, but not with a valid WebSocket handshake: .*header"},
    {"endless line", "/endless-line",
     "^%1 answered, but not with a valid WebSocket handshake: Header is too large"},
    {"timeout", "/silent",
     "^Handshake timed out: %1 did not complete the WebSocket handshake within 0\\.5 s\\.$"},
};
} // namespace

void tst_ConnectionPeers::twoFailuresInARowEachTellTheirOwn_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("second");
    const int kinds = int(std::size(kFailureKinds));
    for (int a = 0; a < kinds; ++a) {
        for (int b = 0; b < kinds; ++b)
            QTest::addRow("%s, then %s", kFailureKinds[a].name, kFailureKinds[b].name) << a << b;
    }
}

// One connection (as one tab has), failing twice in a row: each failure is told as what it
// is, never as the one before (Qt keeps the last attempt's error text in its socket).
void tst_ConnectionPeers::twoFailuresInARowEachTellTheirOwn()
{
    QFETCH(int, first);
    QFETCH(int, second);
    QVERIFY(startHostile());
    QTcpServer probe; // a port with nothing listening on it
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const int closedPort = probe.serverPort();
    probe.close();
    ConnectionOptions options = connectionOptions();
    options.handshakeTimeoutMs = 500;
    m_connection->setOptions(options);
    QSignalSpy errors(m_connection.get(), &Connection::errorOccurred);
    for (const int kind : {first, second}) {
        const FailureKind &k = kFailureKinds[kind];
        const QByteArray target(k.target);
        const int port = target == "refused" ? closedPort
            : target == "tls"                ? m_hostileTlsPort
                                             : m_hostilePort;
        const QString url
            = QStringLiteral("%1://127.0.0.1:%2%3")
                  .arg(target == "tls" ? u"wss" : u"ws")
                  .arg(port)
                  .arg(target.startsWith('/') ? QString::fromLatin1(target) : QStringLiteral("/"));
        const int before = int(errors.size());
        QVERIFY(openAndWait(url, Connection::State::Closed));
        QTRY_COMPARE(errors.size(), before + 1); // one failure, one message
        const QString message = errors.last().at(0).toString();
        const QString where = QRegularExpression::escape(QStringLiteral("127.0.0.1:%1").arg(port));
        const QRegularExpression expected(QString::fromLatin1(k.pattern).replace(u"%1"_s, where),
                                          QRegularExpression::DotMatchesEverythingOption);
        QVERIFY2(
            expected.match(message).hasMatch(),
            qPrintable(QStringLiteral("%1 was told as: %2").arg(QLatin1String(k.name), message)));
    }
    // Each failure has its own error row, in order.
    QStringList rows;
    for (int row = 0; row < m_log->rowCount(); ++row) {
        if (m_log->record(row).type == EventType::Error)
            rows << QString::fromUtf8(m_log->payload(row));
    }
    QCOMPARE(rows, (QStringList {errors[0][0].toString(), errors[1][0].toString()}));
}

void tst_ConnectionPeers::protocolErrorsSayWhoClosed_data()
{
    QTest::addColumn<QString>("kind"); // the hostile peer's /frame/KIND
    QTest::addColumn<int>("code"); // the close Sockscope (Qt) sent
    QTest::addColumn<QString>("what"); // the start of the error row
    QTest::addColumn<QString>("rule"); // with wire capture, the rule the wire shows broken
    const QString broke = u"The server broke the protocol: it "_s;
    QTest::newRow("RSV bit") << u"rsv"_s << 1002 << broke + u"sent a frame with an RSV bit set"_s
                             << u"A reserved bit (RSV1-3) is set"_s;
    QTest::newRow("reserved opcode")
        << u"opcode3"_s << 1002 << broke + u"sent a frame with a reserved opcode"_s
        << u"The opcode is reserved"_s;
    QTest::newRow("126-byte ping")
        << u"ping126"_s << 1002 << broke + u"sent a control frame (ping, pong or close) over 125"_s
        << u"A control frame carries more than 125 bytes"_s;
    QTest::newRow("fragmented ping")
        << u"fragmented-ping"_s << 1002 << broke + u"sent a fragmented control frame"_s
        << u"A control frame is fragmented"_s;
    QTest::newRow("invalid UTF-8")
        << u"bad-utf8"_s << 1007 << broke + u"sent text that is not valid UTF-8"_s
        << u"A text message that is not valid UTF-8"_s;
    QTest::newRow("close code 999")
        << u"close999"_s << 1002 << broke + u"sent a close frame with a code no endpoint"_s
        << u"A close code that no endpoint may send"_s;
    QTest::newRow("one-byte close")
        << u"close1byte"_s << 1002 << broke + u"sent a close frame with a one-byte payload"_s
        << u"A close frame with a one-byte payload"_s;
    QTest::newRow("continuation of nothing")
        << u"continuation"_s << 1002 << broke + u"sent a continuation frame with no message"_s
        << u"A continuation frame with no message to continue"_s;
    QTest::newRow("new message inside a fragmented one")
        << u"new-in-fragmented"_s << 1002 << broke + u"started a new message inside"_s
        << u"A new text or binary frame before the fragmented message ended"_s;
    // Limits, not rules: the wire has nothing to say against them.
    QTest::newRow("2^63-1 byte frame")
        << u"length-2-63"_s << 1009
        << u"The server sent a frame over the maximum incoming frame size"_s << QString();
    QTest::newRow("one frame over the limit")
        << u"big-single"_s << 1009
        << u"The server sent a frame over the maximum incoming frame size"_s << QString();
    QTest::newRow("a message over the limit in two frames")
        << u"big-fragmented"_s << 1009
        << u"The server sent a message over the maximum incoming message size"_s << QString();
}

// Qt closes by itself when a server breaks the protocol or a limit, and reports it like a
// close from the server. The log must say that Sockscope closed, with which code, and why.
void tst_ConnectionPeers::protocolErrorsSayWhoClosed()
{
    QFETCH(QString, kind);
    QFETCH(int, code);
    QFETCH(QString, what);
    QFETCH(QString, rule);
    QVERIFY(startHostile());
    ConnectionOptions options = connectionOptions();
    options.maxIncomingFrameSize = 128 * 1024;
    options.maxIncomingMessageSize = 150 * 1024;
    m_connection->setOptions(options);
    QString error;
    QVERIFY(
        m_connection->open(u"ws://127.0.0.1:%1/frame/%2"_s.arg(m_hostilePort).arg(kind), &error));
    QTRY_COMPARE_WITH_TIMEOUT(m_connection->state(), Connection::State::Closed, 10000);
    m_log->flush();
    // The row that says who closed (with wire capture, a row before it names the rule broken).
    int errorRow = -1;
    for (int r = 0; r < m_log->rowCount() && errorRow < 0; ++r) {
        if (m_log->record(r).type == EventType::Error
            && QString::fromUtf8(m_log->payload(r)).startsWith(what))
            errorRow = r;
    }
    QVERIFY2(errorRow >= 0, qPrintable(log()));
    const QString row = QString::fromUtf8(m_log->payload(errorRow));
    QVERIFY2(row.contains(u"Sockscope closed the connection with %1"_s.arg(code)), qPrintable(row));
    const int close = findRow(m_log.get(), Direction::Sent, EventType::Close);
    QVERIFY2(close >= 0, qPrintable(log()));
    QCOMPARE(m_log->record(close).closeCode, quint16(code));
    // Never told as the server's close.
    QCOMPARE(findRow(m_log.get(), Direction::Received, EventType::Close), -1);
    // With wire capture, a row names the rule, with the frame that broke it.
    int ruleRow = -1;
    for (int r = 0; r < m_log->rowCount() && ruleRow < 0; ++r) {
        if (QString::fromUtf8(m_log->payload(r)).startsWith(u"On the wire, the server's frame"_s))
            ruleRow = r;
    }
    if (!options.wireCapture || rule.isEmpty()) {
        QCOMPARE(ruleRow, -1);
        return;
    }
    QVERIFY2(ruleRow >= 0, qPrintable(log()));
    QVERIFY2(QString::fromUtf8(m_log->payload(ruleRow)).contains(rule), qPrintable(log()));
    const auto [first, end] = m_log->wire().rangeOf(m_log->sequenceOf(ruleRow));
    QVERIFY(end > first);
    QVERIFY(m_log->wire().verdictOf(end - 1).contains(rule));
}

QTEST_GUILESS_MAIN(tst_ConnectionPeers)
#include "tst_connectionpeers.moc"
