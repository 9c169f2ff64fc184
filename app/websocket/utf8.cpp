#include "utf8.h"

#include <QStringDecoder>

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

} // namespace Sockscope::Utf8
