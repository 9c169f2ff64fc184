// The vocabulary files and producers share: wire names of directions and event types, and the
// RFC 6455 opcodes behind them.

#include "websocket/eventtype.h"
#include "websocket/opcode.h"

#include <QTest>

using namespace Sockscope;

class tst_EventType : public QObject
{
    Q_OBJECT

private slots:
    void typeNames_data();
    void typeNames();
    void directionNames_data();
    void directionNames();
    void unknownNamesAreRefused_data();
    void unknownNamesAreRefused();
    void opcodes_data();
    void opcodes();
};

void tst_EventType::typeNames_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("wire");
    QTest::addColumn<int>("opcode");
    QTest::newRow("text") << int(EventType::Text) << QStringLiteral("text") << 0x1;
    QTest::newRow("binary") << int(EventType::Binary) << QStringLiteral("binary") << 0x2;
    QTest::newRow("ping") << int(EventType::Ping) << QStringLiteral("ping") << 0x9;
    QTest::newRow("pong") << int(EventType::Pong) << QStringLiteral("pong") << 0xA;
    QTest::newRow("close") << int(EventType::Close) << QStringLiteral("close") << 0x8;
    QTest::newRow("connecting") << int(EventType::Connecting) << QStringLiteral("connecting") << -1;
    QTest::newRow("open") << int(EventType::Open) << QStringLiteral("open") << -1;
    QTest::newRow("error") << int(EventType::Error) << QStringLiteral("error") << -1;
    QTest::newRow("info") << int(EventType::Info) << QStringLiteral("info") << -1;
}

void tst_EventType::typeNames()
{
    QFETCH(int, type);
    QFETCH(QString, wire);
    QFETCH(int, opcode);
    QCOMPARE(WireNames::type(EventType(type)), wire);
    EventType parsed = EventType::Info == EventType(type) ? EventType::Text : EventType::Info;
    QVERIFY(WireNames::parseType(wire, &parsed));
    QCOMPARE(int(parsed), type);
    QCOMPARE(opcodeOf(EventType(type)), opcode);
}

void tst_EventType::directionNames_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QString>("wire");
    QTest::newRow("sent") << int(Direction::Sent) << QStringLiteral("sent");
    QTest::newRow("received") << int(Direction::Received) << QStringLiteral("received");
    QTest::newRow("lifecycle") << int(Direction::Lifecycle) << QStringLiteral("event");
}

void tst_EventType::directionNames()
{
    QFETCH(int, direction);
    QFETCH(QString, wire);
    QCOMPARE(WireNames::direction(Direction(direction)), wire);
    Direction parsed
        = Direction(direction) == Direction::Sent ? Direction::Lifecycle : Direction::Sent;
    QVERIFY(WireNames::parseDirection(wire, &parsed));
    QCOMPARE(int(parsed), direction);
}

void tst_EventType::unknownNamesAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("capitalised") << QStringLiteral("Text");
    QTest::newRow("translated") << QStringLiteral("texte");
    QTest::newRow("padded") << QStringLiteral(" sent");
}

void tst_EventType::unknownNamesAreRefused()
{
    QFETCH(QString, name);
    EventType type = EventType::Info;
    Direction direction = Direction::Lifecycle;
    QVERIFY(!WireNames::parseType(name, &type));
    QVERIFY(!WireNames::parseDirection(name, &direction));
    QCOMPARE(int(type), int(EventType::Info));
    QCOMPARE(int(direction), int(Direction::Lifecycle));
}

void tst_EventType::opcodes_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("control");
    QTest::addColumn<bool>("reserved");
    QTest::newRow("0") << 0x0 << QStringLiteral("continuation") << false << false;
    QTest::newRow("1") << 0x1 << QStringLiteral("text") << false << false;
    QTest::newRow("2") << 0x2 << QStringLiteral("binary") << false << false;
    QTest::newRow("3") << 0x3 << QStringLiteral("reserved (0x3)") << false << true;
    QTest::newRow("7") << 0x7 << QStringLiteral("reserved (0x7)") << false << true;
    QTest::newRow("8") << 0x8 << QStringLiteral("close") << true << false;
    QTest::newRow("9") << 0x9 << QStringLiteral("ping") << true << false;
    QTest::newRow("A") << 0xA << QStringLiteral("pong") << true << false;
    QTest::newRow("B") << 0xB << QStringLiteral("reserved (0xb)") << true << true;
    QTest::newRow("F") << 0xF << QStringLiteral("reserved (0xf)") << true << true;
}

void tst_EventType::opcodes()
{
    QFETCH(int, opcode);
    QFETCH(QString, name);
    QFETCH(bool, control);
    QFETCH(bool, reserved);
    QCOMPARE(Opcodes::name(opcode), name);
    QCOMPARE(Opcodes::isControl(opcode), control);
    QCOMPARE(Opcodes::isReserved(opcode), reserved);
}

QTEST_GUILESS_MAIN(tst_EventType)
#include "tst_eventtype.moc"
