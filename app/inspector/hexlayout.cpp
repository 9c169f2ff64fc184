#include "hexlayout.h"

namespace Sockscope {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}

HexLayout::HexLayout(qint64 dataSize, int bytesPerLine)
    : m_size(qMax<qint64>(0, dataSize))
    , m_bytesPerLine(qMax(1, bytesPerLine))
{
    const qint64 lastOffset = qMax<qint64>(0, m_size - 1);
    while (m_offsetDigits < 16 && (lastOffset >> (4 * m_offsetDigits)) != 0)
        ++m_offsetDigits;
}

qint64 HexLayout::lineCount() const
{
    return m_size == 0 ? 1 : (m_size + m_bytesPerLine - 1) / m_bytesPerLine;
}

int HexLayout::bytesInLine(qint64 line) const
{
    if (line < 0 || line >= lineCount())
        return 0;
    return int(qMin<qint64>(m_bytesPerLine, m_size - firstOffsetOfLine(line)));
}

int HexLayout::bytesPerLineFitting(int columns, qint64 dataSize)
{
    int best = 4;
    for (int bytes = 8; bytes <= 64; bytes += 8) {
        if (HexLayout(dataSize, bytes).lineLength() > columns)
            break;
        best = bytes;
    }
    return best;
}

// Bytes are grouped in eights, with an extra space between groups.
int HexLayout::hexColumnOfByte(int indexInLine) const
{
    return hexStart() + 3 * indexInLine + indexInLine / 8;
}

int HexLayout::asciiStart() const
{
    // One past the last hex pair, then two spaces.
    return hexColumnOfByte(m_bytesPerLine - 1) + 2 + 2;
}

int HexLayout::asciiColumnOfByte(int indexInLine) const
{
    return asciiStart() + indexInLine;
}

int HexLayout::lineLength() const
{
    return asciiStart() + m_bytesPerLine;
}

int HexLayout::byteAtColumn(int column) const
{
    if (column >= asciiStart())
        return column < lineLength() ? column - asciiStart() : -1;
    for (int i = 0; i < m_bytesPerLine; ++i) {
        const int start = hexColumnOfByte(i);
        if (column >= start && column < start + 2)
            return i;
    }
    return -1;
}

QString HexLayout::formatLine(QByteArrayView data, qint64 line) const
{
    QString out(lineLength(), u' ');
    QChar *chars = out.data();
    const qint64 first = firstOffsetOfLine(line);
    for (int d = 0; d < m_offsetDigits; ++d)
        chars[d] = QLatin1Char(kHexDigits[(first >> (4 * (m_offsetDigits - 1 - d))) & 0xf]);
    const int count = int(qMin<qint64>(bytesInLine(line), data.size() - first));
    for (int i = 0; i < count; ++i) {
        const auto byte = quint8(data[first + i]);
        const int hex = hexColumnOfByte(i);
        chars[hex] = QLatin1Char(kHexDigits[byte >> 4]);
        chars[hex + 1] = QLatin1Char(kHexDigits[byte & 0xf]);
        chars[asciiColumnOfByte(i)] = QChar(char16_t((byte >= 0x20 && byte < 0x7f) ? byte : '.'));
    }
    // A short last line ends after its last character.
    out.truncate(count == 0 ? hexStart() - 2 : asciiColumnOfByte(count - 1) + 1);
    return out;
}

} // namespace Sockscope
