#pragma once

#include <QByteArrayView>
#include <QString>

namespace Sockscope {

// The geometry of a hex dump, with no widgets: which bytes are on which line, and at which
// character column each byte's hex pair and ASCII character stand. A line reads
//   00000010  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ................
// The hex view paints only the lines it can see by asking this class about them.
class HexLayout
{
public:
    explicit HexLayout(qint64 dataSize = 0, int bytesPerLine = 16);
    // The most bytes per line (4, 8, then multiples of 8 up to 64) whose lines fit in columns
    // characters, so a narrow view needs no sideways scrolling and a wide one uses its width;
    // 4 when even that does not fit.
    static int bytesPerLineFitting(int columns, qint64 dataSize);

    qint64 dataSize() const { return m_size; }
    int bytesPerLine() const { return m_bytesPerLine; }
    // An empty payload still has one (empty) line.
    qint64 lineCount() const;
    qint64 lineOfOffset(qint64 offset) const { return offset / m_bytesPerLine; }
    qint64 firstOffsetOfLine(qint64 line) const { return line * m_bytesPerLine; }
    int bytesInLine(qint64 line) const;

    // Hex digits of the offset column: 8, or more for payloads past 4 GiB.
    int offsetDigits() const { return m_offsetDigits; }
    int hexColumnOfByte(int indexInLine) const;
    int asciiColumnOfByte(int indexInLine) const;
    int lineLength() const;
    // The byte index within a line under a character column (in the hex or ASCII part), or -1.
    int byteAtColumn(int column) const;

    // The text of one line of data (data must be the whole payload).
    QString formatLine(QByteArrayView data, qint64 line) const;

private:
    int hexStart() const { return m_offsetDigits + 2; }
    int asciiStart() const;

    qint64 m_size = 0;
    int m_bytesPerLine = 16;
    int m_offsetDigits = 8;
};

} // namespace Sockscope
