#include "utf8.h"

#include <QStringDecoder>

#include <cstring>

namespace Sockscope::Utf8 {

qsizetype length(QStringView text)
{
    qsizetype bytes = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < n
                   && QChar::isLowSurrogate(text[i + 1].unicode())) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

bool isValid(QByteArrayView data)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    // Decode in slices so a large payload does not need one huge QString.
    constexpr qsizetype kSlice = 1 << 20;
    for (qsizetype at = 0; at < data.size(); at += kSlice) {
        const QString part = decoder.decode(data.sliced(at, qMin(kSlice, data.size() - at)));
        Q_UNUSED(part)
        if (decoder.hasError())
            return false;
    }
    return !decoder.hasError();
}

qsizetype StreamValidator::feed(QByteArrayView data)
{
    if (m_failed)
        return 0;
    for (qsizetype i = 0; i < data.size(); ++i) {
        // Runs of ASCII, eight bytes at a time.
        if (m_need == 0) {
            quint64 word = 0;
            while (i + 8 <= data.size()
                   && (std::memcpy(&word, data.data() + i, 8), (word & 0x8080808080808080ULL) == 0))
                i += 8;
            if (i == data.size())
                break;
        }
        const auto b = quint8(data[i]);
        if (m_need > 0) {
            if (b < m_low || b > m_high) {
                m_failed = true;
                return i;
            }
            m_low = 0x80;
            m_high = 0xBF;
            --m_need;
            continue;
        }
        if (b < 0x80)
            continue;
        // The lead byte says how many follow, and narrows the first of them where the
        // shortest form, the surrogates or U+10FFFF draw a line.
        if (b >= 0xC2 && b <= 0xDF) {
            m_need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            m_need = 2;
            if (b == 0xE0)
                m_low = 0xA0; // below: overlong
            else if (b == 0xED)
                m_high = 0x9F; // above: a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            m_need = 3;
            if (b == 0xF0)
                m_low = 0x90; // below: overlong
            else if (b == 0xF4)
                m_high = 0x8F; // above: past U+10FFFF
        } else {
            m_failed = true; // a continuation byte with no lead, C0, C1 or F5-FF
            return i;
        }
    }
    return -1;
}

} // namespace Sockscope::Utf8
