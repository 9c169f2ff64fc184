#pragma once

// What each lab preset puts on the wire, written out by hand from RFC 6455 5.2 (not by the
// frame writer), with a zero masking key: the header's bytes, then the payload as it is.
// Shared by the frame builder's test and the lab tab's test on a real socket.

#include <QByteArray>
#include <QList>
#include <QString>

namespace PresetBytes {

struct Expected
{
    QString preset; // its name in the list
    QByteArray bytes; // every frame, masked with the key 00 00 00 00
};

inline QByteArray hex(const char *digits)
{
    return QByteArray::fromHex(QByteArray(digits).replace(' ', ""));
}

inline QList<Expected> all()
{
    const QByteArray key = hex("00 00 00 00");
    return {
        {QStringLiteral("Ping with a payload"), hex("89 8b") + key + "Hello, ping"},
        {QStringLiteral("Unsolicited pong"), hex("8a 8b") + key + "unsolicited"},
        {QStringLiteral("Close 1000 with a reason"), hex("88 85") + key + hex("03 e8") + "bye"},
        {QStringLiteral("Close with the invalid code 999"), hex("88 82") + key + hex("03 e7")},
        {QStringLiteral("Close with 1005, which is never sent"), hex("88 82") + key + hex("03 ed")},
        // κόσμε = ce ba | e1 bd b9 | cf 83 | ce bc | ce b5, cut after byte 1 and byte 4.
        {QStringLiteral("Text in fragments split inside code points"),
         hex("01 81") + key + hex("ce") + hex("00 83") + key + hex("ba e1 bd") + hex("80 87") + key
             + hex("b9 cf 83 ce bc ce b5")},
        {QStringLiteral("Ping between fragments"),
         hex("01 87") + key + "Hello, " + hex("89 87") + key + "between" + hex("80 85") + key
             + "world"},
        {QStringLiteral("Ping of 126 bytes"), hex("89 fe 00 7e") + key + QByteArray(126, '*')},
        {QStringLiteral("Reserved opcode 3"), hex("83 88") + key + "reserved"},
        {QStringLiteral("Reserved control opcode 11"), hex("8b 88") + key + "reserved"},
        {QStringLiteral("Text with RSV1 and no extension"),
         hex("c1 99") + key + "RSV1 without an extension"},
        {QStringLiteral("Unmasked text"), hex("81 0a") + "not masked"},
        {QStringLiteral("Length in 64 bits for 5 bytes"),
         hex("81 ff 00 00 00 00 00 00 00 05") + key + "Hello"},
        {QStringLiteral("Declared length longer than the payload"), hex("81 8a") + key + "short"},
        {QStringLiteral("Text one octet per write"), hex("81 93") + key + "one octet per write"},
        {QStringLiteral("Text that is not UTF-8"),
         hex("81 94") + key + hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")},
    };
}

} // namespace PresetBytes
