#include "composerinput.h"

#include "inspector/payloadformat.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Sockscope::ComposerInput {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ComposerInput)
};

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

Result failure(const QString &error, qsizetype position)
{
    Result r;
    r.error = error;
    r.position = position;
    return r;
}

QString where(const QString &text, qsizetype position)
{
    // lastIndexOf(c, -1) would search from the end: a mistake at 0 is on line 1, column 1.
    const qsizetype lineStart = position > 0 ? text.lastIndexOf(u'\n', position - 1) + 1 : 0;
    return Tr::tr("line %1, column %2")
        .arg(text.left(position).count(u'\n') + 1)
        .arg(position - lineStart + 1);
}
} // namespace

Result parseHex(const QString &text)
{
    Result r;
    r.data.reserve(text.size() / 2);
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const char16_t c = text[i].unicode();
        if (isSpace(c) || c == u':') {
            ++i;
            continue;
        }
        if (c == u'0' && i + 1 < n && (text[i + 1] == u'x' || text[i + 1] == u'X')) {
            i += 2;
            continue;
        }
        const int high = hexValue(c);
        if (high < 0)
            return failure(
                Tr::tr("“%1” at %2 is not a hex digit.").arg(text[i]).arg(where(text, i)), i);
        if (i + 1 >= n || hexValue(text[i + 1].unicode()) < 0) {
            if (i + 1 < n && !isSpace(text[i + 1].unicode()) && text[i + 1] != u':')
                return failure(Tr::tr("“%1” at %2 is not a hex digit.")
                                   .arg(text[i + 1])
                                   .arg(where(text, i + 1)),
                               i + 1);
            return failure(
                Tr::tr("Half a byte at %1: hex digits come in pairs.").arg(where(text, i)), i);
        }
        r.data.append(char(high * 16 + hexValue(text[i + 1].unicode())));
        i += 2;
    }
    return r;
}

Result parseBase64(const QString &text)
{
    QByteArray compact;
    compact.reserve(text.size());
    qsizetype padding = -1;
    bool urlSafe = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (isSpace(c))
            continue;
        const bool alpha
            = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        if (c == u'=') {
            if (padding < 0)
                padding = compact.size();
        } else if (padding >= 0) {
            return failure(
                Tr::tr("Base64 text continues after its '=' padding at %1.").arg(where(text, i)),
                i);
        } else if (c == u'-' || c == u'_') {
            urlSafe = true;
        } else if (!alpha && c != u'+' && c != u'/') {
            return failure(
                Tr::tr("“%1” at %2 is not a base64 character.").arg(text[i]).arg(where(text, i)),
                i);
        }
        compact.append(char(c));
    }
    const qsizetype digits = padding >= 0 ? padding : compact.size();
    if (digits % 4 == 1)
        return failure(Tr::tr("The base64 text ends in the middle of a byte: one character too "
                              "many or too few."),
                       text.size() - 1);
    auto decoded = QByteArray::fromBase64Encoding(
        compact,
        (urlSafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding)
            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failure(Tr::tr("The base64 text cannot be decoded."), 0);
    Result r;
    r.data = std::move(decoded.decoded);
    return r;
}

Result checkJson(const QString &text, JsonSpacing spacing)
{
    Result r;
    r.data = text.toUtf8();
    const auto good = [&r, spacing] {
        if (spacing == JsonSpacing::Compact)
            r.data = PayloadFormat::compactJson(r.data);
        return r;
    };
    QJsonParseError error;
    QJsonDocument::fromJson(r.data, &error);
    if (error.error == QJsonParseError::NoError)
        return good();
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return failure(Tr::tr("Empty: a JSON message needs a value."), 0);
    if (!trimmed.startsWith(u'{') && !trimmed.startsWith(u'[')) {
        // QJsonDocument holds only objects and arrays; a lone string or number is parsed as
        // the one element of an array.
        QJsonParseError scalarError;
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + r.data + ']', &scalarError);
        if (scalarError.error == QJsonParseError::NoError && wrapped.array().size() == 1)
            return good();
        if (scalarError.error != QJsonParseError::NoError) {
            error = scalarError;
            error.offset = qMax(0, error.offset - 1);
        }
    }
    // Qt gives a byte offset into the UTF-8; find the character it falls in.
    const qsizetype position
        = QString::fromUtf8(r.data.left(qMin<qsizetype>(error.offset, r.data.size()))).size();
    return failure(
        Tr::tr("Not valid JSON at %1: %2.").arg(where(text, position), error.errorString()),
        qMin(position, text.size() - 1));
}

Result parse(Mode mode, const QString &text, JsonSpacing spacing)
{
    if (text.isEmpty())
        return failure(Tr::tr("The message is empty: type something to send."), 0);
    Result r;
    switch (mode) {
    case Mode::Text:
        r.data = text.toUtf8();
        break;
    case Mode::Json:
        r = checkJson(text, spacing);
        break;
    case Mode::Hex:
        r = parseHex(text);
        r.binary = true;
        break;
    case Mode::Base64:
        r = parseBase64(text);
        r.binary = true;
        break;
    }
    return r;
}

} // namespace Sockscope::ComposerInput
