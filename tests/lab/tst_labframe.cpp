// The lab's frame builder: every preset's exact bytes, masking keys, split offsets, payload
// formats and their errors, and the JSON a session keeps a frame as.

#include "lab/labframe.h"
#include "presetbytes.h"

#include <QJsonDocument>
#include <QtTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

class tst_LabFrame : public QObject
{
    Q_OBJECT

private slots:
    void presetsWriteTheirBytes_data();
    void presetsWriteTheirBytes();
    void everyPresetIsTested();
    void keysMaskThePayload();
    void randomKeysDiffer();
    void badInputIsSaid_data();
    void badInputIsSaid();
    void jsonRoundTrips();
    void badJsonNamesTheField_data();
    void badJsonNamesTheField();
    void numbersParse();
};

namespace {
const LabPreset *presetNamed(const QString &name)
{
    for (const LabPreset &p : labPresets()) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QByteArray bytesOf(const LabPreset &preset, LabFrame::KeyMode mode)
{
    QByteArray out;
    for (LabFrame f : preset.frames) {
        f.keyMode = mode;
        out += f.bytes().value_or(QByteArray("<error>"));
    }
    return out;
}
} // namespace

void tst_LabFrame::presetsWriteTheirBytes_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QByteArray>("bytes");
    for (const PresetBytes::Expected &e : PresetBytes::all())
        QTest::newRow(qPrintable(e.preset)) << e.preset << e.bytes;
}

void tst_LabFrame::presetsWriteTheirBytes()
{
    QFETCH(QString, preset);
    QFETCH(QByteArray, bytes);
    const LabPreset *p = presetNamed(preset);
    QVERIFY2(p, qPrintable(preset));
    QVERIFY(!p->description.isEmpty());
    QCOMPARE(bytesOf(*p, LabFrame::KeyMode::Zero).toHex(' '), bytes.toHex(' '));
}

void tst_LabFrame::everyPresetIsTested()
{
    QCOMPARE(labPresets().size(), size_t(PresetBytes::all().size()));
}

void tst_LabFrame::keysMaskThePayload()
{
    LabFrame f;
    f.opcode = 0x9;
    f.payload = u"Hello, ping"_s;
    f.keyMode = LabFrame::KeyMode::Fixed;
    f.fixedKey = {0x37, 0xfa, 0x21, 0x3d};
    const QByteArray bytes = f.bytes().value();
    QCOMPARE(bytes.first(6).toHex(' '), QByteArray("89 8b 37 fa 21 3d"));
    const QByteArray plain("Hello, ping");
    for (qsizetype i = 0; i < plain.size(); ++i)
        QCOMPARE(quint8(bytes[6 + i]), quint8(plain[i] ^ f.fixedKey[size_t(i % 4)]));
}

void tst_LabFrame::randomKeysDiffer()
{
    LabFrame f;
    f.payload = u"x"_s;
    f.splitAt = {};
    QSet<QByteArray> keys;
    for (int i = 0; i < 8; ++i)
        keys.insert(f.bytes().value().mid(2, 4));
    QVERIFY(keys.size() > 1);
}

void tst_LabFrame::badInputIsSaid_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QList<qsizetype>>("splitAt");
    QTest::addColumn<bool>("declared");
    QTest::addColumn<QString>("words");
    const int hex = int(LabFrame::PayloadFormat::Hex);
    const int text = int(LabFrame::PayloadFormat::Text);
    QTest::newRow("odd hex") << hex << u"03 e"_s << QList<qsizetype>() << false << u"not hex"_s;
    QTest::newRow("not hex") << hex << u"zz"_s << QList<qsizetype>() << false << u"not hex"_s;
    QTest::newRow("not base64") << int(LabFrame::PayloadFormat::Base64) << u"@@@"_s
                                << QList<qsizetype>() << false << u"not base64"_s;
    QTest::newRow("split past the end") << text << u"abc"_s << QList<qsizetype> {3} << false
                                        << u"Split offset 3 is not inside the payload of 3 B"_s;
    QTest::newRow("split and declared")
        << text << u"abc"_s << QList<qsizetype> {1} << true << u"for one frame"_s;
}

void tst_LabFrame::badInputIsSaid()
{
    QFETCH(int, format);
    QFETCH(QString, payload);
    QFETCH(QList<qsizetype>, splitAt);
    QFETCH(bool, declared);
    QFETCH(QString, words);
    LabFrame f;
    f.format = LabFrame::PayloadFormat(format);
    f.payload = payload;
    f.splitAt = splitAt;
    if (declared)
        f.declaredLength = 9;
    QString error;
    QVERIFY(!f.bytes(&error));
    QVERIFY2(error.contains(words), qPrintable(error));
}

void tst_LabFrame::jsonRoundTrips()
{
    LabFrame f;
    f.name = u"odd one"_s;
    f.fin = false;
    f.rsv2 = true;
    f.opcode = 0xC;
    f.masked = true;
    f.keyMode = LabFrame::KeyMode::Fixed;
    f.fixedKey = {1, 2, 3, 0xff};
    f.format = LabFrame::PayloadFormat::Base64;
    f.payload = u"aGVsbG8="_s;
    f.declaredLength = 70000;
    f.lengthForm = LengthForm::Medium16;
    f.chopSizes = {1, 3};
    f.chopDelayMs = 15;
    const QJsonObject json = f.toJson();
    QCOMPARE(json.value(u"key").toString(), u"010203ff"_s);
    JsonReader r;
    const LabFrame back = LabFrame::fromJson(r, json, {});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(back, f);
    for (const LabPreset &p : labPresets()) {
        for (const LabFrame &frame : p.frames)
            QCOMPARE(LabFrame::fromJson(r, frame.toJson(), {}), frame);
    }
    QVERIFY(r.ok());
}

void tst_LabFrame::badJsonNamesTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("words");
    QTest::newRow("opcode 16") << QByteArray(R"({"opcode": 16})")
                               << u"frames[3].opcode: expected a whole number from 0 to 15"_s;
    QTest::newRow("no opcode") << QByteArray(R"({})") << u"frames[3].opcode: missing"_s;
    QTest::newRow("rsv 8") << QByteArray(R"({"opcode": 1, "rsv": 8})") << u"frames[3].rsv:"_s;
    QTest::newRow("key") << QByteArray(R"({"opcode": 1, "key": "abc"})") << u"frames[3].key:"_s;
    QTest::newRow("format") << QByteArray(R"({"opcode": 1, "format": "xml"})")
                            << u"frames[3].format:"_s;
    QTest::newRow("form") << QByteArray(R"({"opcode": 1, "lengthForm": 32})")
                          << u"frames[3].lengthForm:"_s;
    QTest::newRow("split") << QByteArray(R"({"opcode": 1, "splitAt": [0]})")
                           << u"frames[3].splitAt[0]:"_s;
    QTest::newRow("delay") << QByteArray(R"({"opcode": 1, "chopDelayMs": -1})")
                           << u"frames[3].chopDelayMs:"_s;
}

void tst_LabFrame::badJsonNamesTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, words);
    JsonReader r;
    LabFrame::fromJson(r, QJsonDocument::fromJson(json).object(), u"frames[3]"_s);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().startsWith(words), qPrintable(r.error()));
}

void tst_LabFrame::numbersParse()
{
    QCOMPARE(LabFrame::parseNumbers(u" 1, 3 100"_s), (QList<qsizetype> {1, 3, 100}));
    QCOMPARE(LabFrame::parseNumbers(QString()), QList<qsizetype>());
    QVERIFY(!LabFrame::parseNumbers(u"1, 0"_s));
    QVERIFY(!LabFrame::parseNumbers(u"two"_s));
}

QTEST_GUILESS_MAIN(tst_LabFrame)
#include "tst_labframe.moc"
