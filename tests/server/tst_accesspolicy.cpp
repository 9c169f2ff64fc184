// Which handshakes a mock server lets in: the Host guard on loopback and the Origin policy.

#include "server/accesspolicy.h"
#include "websocket/handshakerequest.h"

#include <QTest>

using namespace Sockscope;

class tst_AccessPolicy : public QObject
{
    Q_OBJECT

private slots:
    void loopbackHost_data();
    void loopbackHost();
    void loopbackOrigin_data();
    void loopbackOrigin();
    void refusal_data();
    void refusal();
    void describe_data();
    void describe();
};

void tst_AccessPolicy::loopbackHost_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("localhost") << u"localhost"_qs << true;
    QTest::newRow("localhost:port") << u"localhost:8080"_qs << true;
    QTest::newRow("LOCALHOST") << u"LOCALHOST"_qs << true;
    QTest::newRow("subdomain") << u"app.localhost:5173"_qs << true;
    QTest::newRow("127.0.0.1") << u"127.0.0.1:1"_qs << true;
    QTest::newRow("127.5.6.7") << u"127.5.6.7"_qs << true;
    QTest::newRow("[::1]") << u"[::1]:8080"_qs << true;
    QTest::newRow("evil.example") << u"evil.example"_qs << false;
    QTest::newRow("localhost.evil") << u"localhost.evil.example"_qs << false;
    QTest::newRow("evillocalhost") << u"evillocalhost"_qs << false;
    QTest::newRow("LAN address") << u"192.168.1.5:80"_qs << false;
    QTest::newRow("0.0.0.0") << u"0.0.0.0"_qs << false;
    QTest::newRow("user info") << u"localhost@evil.example"_qs << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("path") << u"localhost/x"_qs << false;
}

void tst_AccessPolicy::loopbackHost()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(AccessPolicy::isLoopbackHost(host), loopback);
}

void tst_AccessPolicy::loopbackOrigin_data()
{
    QTest::addColumn<QString>("origin");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("vite") << u"http://localhost:5173"_qs << true;
    QTest::newRow("https") << u"https://127.0.0.1"_qs << true;
    QTest::newRow("v6") << u"http://[::1]:3000"_qs << true;
    QTest::newRow("subdomain") << u"http://app.localhost"_qs << true;
    QTest::newRow("evil") << u"http://evil.example"_qs << false;
    QTest::newRow("null") << u"null"_qs << false;
    QTest::newRow("file") << u"file://"_qs << false;
    QTest::newRow("extension") << u"chrome-extension://abcdef"_qs << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_AccessPolicy::loopbackOrigin()
{
    QFETCH(QString, origin);
    QFETCH(bool, loopback);
    QCOMPARE(AccessPolicy::isLoopbackOrigin(origin), loopback);
}

void tst_AccessPolicy::refusal_data()
{
    QTest::addColumn<bool>("loopbackOnly");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<bool>("anyOrigin");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QString>("refusal"); // empty: let in

    const QString evilHost = u"Host evil.example is not this machine: a server on loopback "
                             "answers only localhost and loopback addresses (a guard against "
                             "DNS rebinding)"_qs;
    const QStringList none;
    QTest::newRow("no Origin") << true << none << false << QByteArray("Host: localhost\r\n")
                               << QString();
    QTest::newRow("loopback Origin")
        << true << none << false
        << QByteArray("Host: 127.0.0.1:9\r\nOrigin: http://localhost:5173\r\n") << QString();
    QTest::newRow("other Origin")
        << true << none << false << QByteArray("Host: localhost\r\nOrigin: http://evil.example\r\n")
        << u"Origin http://evil.example is not allowed: only pages from this machine may "
           "connect"_qs;
    QTest::newRow("null Origin")
        << true << none << false << QByteArray("Host: localhost\r\nOrigin: null\r\n")
        << u"Origin null is not allowed: only pages from this machine may connect"_qs;
    QTest::newRow("allowed Origin, other case")
        << true << QStringList {u"https://App.example/"_qs} << false
        << QByteArray("Host: localhost\r\nOrigin: https://app.EXAMPLE\r\n") << QString();
    QTest::newRow("not the allowed Origin")
        << true << QStringList {u"https://app.example"_qs} << false
        << QByteArray("Host: localhost\r\nOrigin: https://app.example.evil\r\n")
        << u"Origin https://app.example.evil is not allowed: only pages from this machine and "
           "the allowed Origins may connect"_qs;
    QTest::newRow("any Origin") << true << none << true
                                << QByteArray("Host: localhost\r\nOrigin: http://evil.example\r\n")
                                << QString();
    QTest::newRow("two Origins")
        << true << none << false
        << QByteArray("Host: localhost\r\nOrigin: http://localhost\r\nOrigin: http://evil\r\n")
        << u"the request has more than one Origin header"_qs;
    QTest::newRow("rebinding") << true << none << false << QByteArray("Host: evil.example\r\n")
                               << evilHost;
    QTest::newRow("rebinding, any Origin")
        << true << none << true << QByteArray("Host: evil.example\r\n") << evilHost;
    QTest::newRow("no Host") << true << none << false << QByteArray()
                             << u"the request has no Host header"_qs;
    QTest::newRow("two Hosts") << true << none << false
                               << QByteArray("Host: localhost\r\nHost: evil.example\r\n")
                               << u"the request has more than one Host header"_qs;
    QTest::newRow("bound beyond loopback: any Host")
        << false << none << false << QByteArray("Host: my-laptop.lan:8080\r\n") << QString();
    QTest::newRow("bound beyond loopback: Origin still checked")
        << false << none << false
        << QByteArray("Host: my-laptop.lan\r\nOrigin: http://evil.example\r\n")
        << u"Origin http://evil.example is not allowed: only pages from this machine may "
           "connect"_qs;
}

void tst_AccessPolicy::refusal()
{
    QFETCH(bool, loopbackOnly);
    QFETCH(QStringList, allowed);
    QFETCH(bool, anyOrigin);
    QFETCH(QByteArray, headers);
    QFETCH(QString, refusal);
    const QByteArray head = "GET / HTTP/1.1\r\n" + headers + "\r\n";
    const auto request = HandshakeRequest::parse(head);
    QVERIFY(request);
    const AccessPolicy policy {loopbackOnly, allowed, anyOrigin};
    QCOMPARE(policy.refusal(*request).value_or(QString()), refusal);
}

void tst_AccessPolicy::describe_data()
{
    QTest::addColumn<bool>("loopbackOnly");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<bool>("anyOrigin");
    QTest::addColumn<QString>("described");
    QTest::newRow("default") << true << QStringList() << false
                             << u"web pages from this machine only; Host must name this "
                                "machine"_qs;
    QTest::newRow("one") << true << QStringList {u"https://a.example"_qs} << false
                         << u"web pages from this machine and https://a.example; Host must "
                            "name this machine"_qs;
    QTest::newRow("two") << false << QStringList {u"https://a"_qs, u"https://b"_qs} << false
                         << u"web pages from this machine and 2 allowed Origins"_qs;
    QTest::newRow("any") << false << QStringList() << true << u"any web page may connect"_qs;
}

void tst_AccessPolicy::describe()
{
    QFETCH(bool, loopbackOnly);
    QFETCH(QStringList, allowed);
    QFETCH(bool, anyOrigin);
    QFETCH(QString, described);
    QCOMPARE((AccessPolicy {loopbackOnly, allowed, anyOrigin}.describe()), described);
}

QTEST_APPLESS_MAIN(tst_AccessPolicy)
#include "tst_accesspolicy.moc"
