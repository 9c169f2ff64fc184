// HexLayout, the hex view's geometry, on its own: every offset of a range of sizes, and the
// line text at the edges.

#include "inspector/hexlayout.h"

#include <QTest>

using namespace Sockscope;

class tst_HexLayout : public QObject
{
    Q_OBJECT

private slots:
    void everyOffsetMapsToOneLineAndColumn_data();
    void everyOffsetMapsToOneLineAndColumn();
    void lineText_data();
    void lineText();
    void offsetColumnGrowsPast4GiB();
    void bytesPerLineFitTheWidth_data();
    void bytesPerLineFitTheWidth();
};

void tst_HexLayout::everyOffsetMapsToOneLineAndColumn_data()
{
    QTest::addColumn<int>("bytesPerLine");
    for (int bpl : {1, 7, 8, 9, 16, 32}) {
        QTest::addRow("%d per line", bpl) << bpl;
    }
}

void tst_HexLayout::everyOffsetMapsToOneLineAndColumn()
{
    QFETCH(int, bytesPerLine);
    for (qint64 size = 0; size <= 3 * bytesPerLine + 1; ++size) {
        const HexLayout layout(size, bytesPerLine);
        const qint64 lines = size == 0 ? 1 : (size + bytesPerLine - 1) / bytesPerLine;
        QCOMPARE(layout.lineCount(), lines);
        qint64 counted = 0;
        for (qint64 line = 0; line < lines; ++line)
            counted += layout.bytesInLine(line);
        QCOMPARE(counted, size); // every byte is on exactly one line
        QCOMPARE(layout.bytesInLine(lines), 0);
        QCOMPARE(layout.bytesInLine(-1), 0);
        for (qint64 offset = 0; offset < size; ++offset) {
            const qint64 line = layout.lineOfOffset(offset);
            const int index = int(offset - layout.firstOffsetOfLine(line));
            QVERIFY(index >= 0 && index < layout.bytesInLine(line));
            // The columns of a byte map back to it, in the hex and in the ASCII part.
            QCOMPARE(layout.byteAtColumn(layout.hexColumnOfByte(index)), index);
            QCOMPARE(layout.byteAtColumn(layout.hexColumnOfByte(index) + 1), index);
            QCOMPARE(layout.byteAtColumn(layout.asciiColumnOfByte(index)), index);
        }
    }
    // Columns between hex pairs, in the offset and past the end belong to no byte.
    const HexLayout layout(100, bytesPerLine);
    QCOMPARE(layout.byteAtColumn(0), -1);
    QCOMPARE(layout.byteAtColumn(layout.hexColumnOfByte(0) + 2), -1);
    QCOMPARE(layout.byteAtColumn(layout.lineLength()), -1);
    QVERIFY(layout.asciiColumnOfByte(0) > layout.hexColumnOfByte(bytesPerLine - 1) + 1);
}

void tst_HexLayout::lineText_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("expected");

    QByteArray all;
    for (int i = 0; i < 40; ++i)
        all.append(char(i * 7));
    QTest::newRow("empty") << QByteArray() << qint64(0) << QStringLiteral("00000000");
    QTest::newRow("one byte") << QByteArray(
        "A") << qint64(0) << QStringLiteral("00000000  41") + QString(3 * 15 + 1 + 2, u' ') + u'A';
    QTest::newRow("full line")
        << QByteArray("0123456789abcdef") << qint64(0)
        << QStringLiteral(
               "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  0123456789abcdef");
    QTest::newRow("non-printable as dots") << QByteArray("\x00\x1f\x7f\x80\xff ~", 7) << qint64(0)
                                           << QStringLiteral("00000000  00 1f 7f 80 ff 20 7e")
            + QString(3 * 9 + 1 + 2, u' ') + QStringLiteral("..... ~");
    QTest::newRow("second line offset")
        << all << qint64(1)
        << QStringLiteral(
               "00000010  70 77 7e 85 8c 93 9a a1  a8 af b6 bd c4 cb d2 d9  pw~.............");
    QTest::newRow("short last line") << all << qint64(2)
                                     << QStringLiteral("00000020  e0 e7 ee f5 fc 03 0a 11")
            + QString(3 * 8 + 1 + 2, u' ') + QStringLiteral("........");
}

void tst_HexLayout::lineText()
{
    QFETCH(QByteArray, data);
    QFETCH(qint64, line);
    QFETCH(QString, expected);
    const HexLayout layout(data.size());
    QCOMPARE(layout.formatLine(data, line), expected);
}

void tst_HexLayout::offsetColumnGrowsPast4GiB()
{
    QCOMPARE(HexLayout(0xffffffffLL).offsetDigits(), 8);
    QCOMPARE(HexLayout(0x100000000LL).offsetDigits(), 8); // the last offset is 0xffffffff
    QCOMPARE(HexLayout(0x100000001LL).offsetDigits(), 9);
    QCOMPARE(HexLayout(64LL << 20).lineCount(), (64LL << 20) / 16);
}

void tst_HexLayout::bytesPerLineFitTheWidth_data()
{
    // Line lengths with an 8-digit offset: 4 bytes 27 columns, 8 bytes 43, 16 bytes 76,
    // 24 bytes 109, 64 bytes 274.
    QTest::addColumn<int>("columns");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("bytes");
    QTest::newRow("narrower than anything") << 20 << qint64(100) << 4;
    QTest::newRow("just under 8") << 42 << qint64(100) << 4;
    QTest::newRow("exactly 8") << 43 << qint64(100) << 8;
    QTest::newRow("just under 16") << 75 << qint64(100) << 8;
    QTest::newRow("exactly 16") << 76 << qint64(100) << 16;
    QTest::newRow("24") << 109 << qint64(100) << 24;
    QTest::newRow("wide: at most 64") << 400 << qint64(100) << 64;
    QTest::newRow("past 4 GiB the offset is longer") << 76 << (qint64(5) << 30) << 8;
}

void tst_HexLayout::bytesPerLineFitTheWidth()
{
    QFETCH(int, columns);
    QFETCH(qint64, size);
    QFETCH(int, bytes);
    QCOMPARE(HexLayout::bytesPerLineFitting(columns, size), bytes);
    if (bytes > 4)
        QVERIFY(HexLayout(size, bytes).lineLength() <= columns);
}

QTEST_GUILESS_MAIN(tst_HexLayout)
#include "tst_hexlayout.moc"
