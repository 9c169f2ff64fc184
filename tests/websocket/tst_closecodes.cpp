// RFC 6455 close-code names and which codes an endpoint may send.

#include "websocket/closecodes.h"

#include <QTest>

using namespace Sockscope;

class tst_CloseCodes : public QObject
{
    Q_OBJECT

private slots:
    void names_data();
    void names();
    void pickerListsOnlySendableCodes();
    void payloadIsCodeThenReason();
    void parseTyped_data();
    void parseTyped();
    void endCode_data();
    void endCode();
};

void tst_CloseCodes::names_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("described");
    QTest::addColumn<bool>("sendable");
    QTest::newRow("999") << 999 << QStringLiteral("999") << false;
    QTest::newRow("1000") << 1000 << QStringLiteral("1000 Normal Closure") << true;
    QTest::newRow("1001") << 1001 << QStringLiteral("1001 Going Away") << true;
    QTest::newRow("1002") << 1002 << QStringLiteral("1002 Protocol Error") << true;
    QTest::newRow("1003") << 1003 << QStringLiteral("1003 Unsupported Data") << true;
    QTest::newRow("1004") << 1004 << QStringLiteral("1004 Reserved") << false;
    QTest::newRow("1005") << 1005 << QStringLiteral("1005 No Status Received") << false;
    QTest::newRow("1006") << 1006 << QStringLiteral("1006 Abnormal Closure") << false;
    QTest::newRow("1007") << 1007 << QStringLiteral("1007 Invalid Frame Payload Data") << true;
    QTest::newRow("1008") << 1008 << QStringLiteral("1008 Policy Violation") << true;
    QTest::newRow("1009") << 1009 << QStringLiteral("1009 Message Too Big") << true;
    QTest::newRow("1010") << 1010 << QStringLiteral("1010 Mandatory Extension") << true;
    QTest::newRow("1011") << 1011 << QStringLiteral("1011 Internal Error") << true;
    QTest::newRow("1012") << 1012 << QStringLiteral("1012 Service Restart") << true;
    QTest::newRow("1013") << 1013 << QStringLiteral("1013 Try Again Later") << true;
    QTest::newRow("1014") << 1014 << QStringLiteral("1014 Bad Gateway") << true;
    QTest::newRow("1015") << 1015 << QStringLiteral("1015 TLS Handshake") << false;
    QTest::newRow("1016") << 1016 << QStringLiteral("1016") << false;
    QTest::newRow("2999") << 2999 << QStringLiteral("2999") << false;
    QTest::newRow("3000") << 3000 << QStringLiteral("3000 Registered") << true;
    QTest::newRow("3999") << 3999 << QStringLiteral("3999 Registered") << true;
    QTest::newRow("4000") << 4000 << QStringLiteral("4000 Private use") << true;
    QTest::newRow("4999") << 4999 << QStringLiteral("4999 Private use") << true;
    QTest::newRow("5000") << 5000 << QStringLiteral("5000") << false;
}

void tst_CloseCodes::names()
{
    QFETCH(int, code);
    QFETCH(QString, described);
    QFETCH(bool, sendable);
    QCOMPARE(CloseCodes::describe(code), described);
    QCOMPARE(CloseCodes::isSendable(code), sendable);
}

void tst_CloseCodes::pickerListsOnlySendableCodes()
{
    const QList<int> codes = CloseCodes::sendableNamedCodes();
    QCOMPARE(codes.first(), 1000);
    QCOMPARE(codes.size(), 12); // 1000-1003 and 1007-1014
    for (int code : codes)
        QVERIFY2(CloseCodes::isSendable(code), qPrintable(QString::number(code)));
    QVERIFY(!codes.contains(1005));
    QVERIFY(!codes.contains(1006));
}

void tst_CloseCodes::parseTyped_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("code"); // -1: not a code
    QTest::newRow("picked") << "1008 Policy Violation" << 1008;
    QTest::newRow("typed") << "4321" << 4321;
    QTest::newRow("spaces") << "  3000  " << 3000;
    QTest::newRow("words") << "normal" << -1;
    QTest::newRow("empty") << "" << -1;
    QTest::newRow("negative") << "-1" << -1;
    QTest::newRow("too big") << "70000" << -1;
    QTest::newRow("number glued to words") << "1000abc" << -1;
}

void tst_CloseCodes::parseTyped()
{
    QFETCH(QString, typed);
    QFETCH(int, code);
    const std::optional<int> parsed = CloseCodes::parseTyped(typed);
    QCOMPARE(parsed.value_or(-1), code);
}

void tst_CloseCodes::endCode_data()
{
    QTest::addColumn<bool>("closeFrameSeen");
    QTest::addColumn<int>("reported");
    QTest::addColumn<int>("shown");
    QTest::newRow("close frame 1000") << true << 1000 << 1000;
    QTest::newRow("close frame 4001") << true << 4001 << 4001;
    QTest::newRow("TCP drop reported as 1000") << false << 1000 << 1006;
    QTest::newRow("TCP drop reported as 1006") << false << 1006 << 1006;
}

void tst_CloseCodes::endCode()
{
    QFETCH(bool, closeFrameSeen);
    QFETCH(int, reported);
    QFETCH(int, shown);
    QCOMPARE(CloseCodes::endCode(closeFrameSeen, reported), shown);
}

void tst_CloseCodes::payloadIsCodeThenReason()
{
    QCOMPARE(CloseCodes::payload(1000, "bye"),
             QByteArray("\x03\xe8"
                        "bye"));
    QCOMPARE(CloseCodes::payload(4999), QByteArray("\x13\x87"));
    QCOMPARE(CloseCodes::payload(65535), QByteArray("\xff\xff"));
    QCOMPARE(CloseCodes::payload(-1), QByteArray());
    // Any bytes: a lab sends reasons that are not UTF-8.
    QCOMPARE(CloseCodes::payload(1000, "\xed\xa0\x80"), QByteArray("\x03\xe8\xed\xa0\x80"));
}

QTEST_GUILESS_MAIN(tst_CloseCodes)
#include "tst_closecodes.moc"
