#include "messagepreview.h"

namespace Sockscope::MessagePreview {

QString singleLine(QString text)
{
    text.replace(u'\n', u'⏎');
    text.remove(u'\r');
    text.replace(u'\t', u' ');
    return text;
}

QString oneLine(EventType type, QByteArrayView payload, int maxChars, int maxHexBytes)
{
    if (type == EventType::Binary) {
        const qsizetype bytes = maxHexBytes;
        const QString hex = QString::fromLatin1(
            payload.first(qMin(payload.size(), bytes)).toByteArray().toHex(' '));
        return payload.size() > bytes ? hex + QStringLiteral(" …") : hex;
    }
    // A character takes at most four bytes: decode no more than can be shown.
    const qsizetype bytes = qMin<qsizetype>(payload.size(), qsizetype(maxChars) * 4);
    return singleLine(QString::fromUtf8(payload.first(bytes)).left(maxChars));
}

} // namespace Sockscope::MessagePreview
