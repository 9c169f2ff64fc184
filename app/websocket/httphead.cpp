#include "httphead.h"

#include <QCoreApplication>

namespace Sockscope::HttpHead {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::HttpHead", text);
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}
} // namespace

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool hasControl(QByteArrayView text)
{
    for (char c : text) {
        const auto u = uchar(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

qsizetype end(QByteArrayView received)
{
    const qsizetype at = received.indexOf("\r\n\r\n");
    return at < 0 ? -1 : at + 4;
}

bool read(QByteArrayView head, const QString &kind,
          const std::function<bool(QByteArrayView line, QString *error)> &readStartLine,
          HeaderFields *fields, QString *error)
{
    if (head.size() > kMaxBytes)
        return fail(error, tr("the %1 head is longer than %2 bytes").arg(kind).arg(kMaxBytes));
    if (!head.endsWith("\r\n\r\n"))
        return fail(error, tr("the %1 head does not end with an empty line").arg(kind));
    head.chop(4);
    qsizetype at = 0;
    int lineNumber = 0;
    while (at <= head.size()) {
        qsizetype lineEnd = head.indexOf("\r\n", at);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(at, lineEnd - at);
        at = lineEnd + 2;
        ++lineNumber;
        if (line.contains('\r') || line.contains('\n'))
            return fail(error, tr("line %1 holds a bare CR or LF").arg(lineNumber));
        if (lineNumber == 1) {
            if (!readStartLine(line, error))
                return false;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        // RFC 9112 section 5.2: obsolete line folding is refused.
        if (colon <= 0 || !isToken(line.first(colon)))
            return fail(error, tr("line %1 is not a header \"Name: value\"").arg(lineNumber));
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (hasControl(value)) {
            return fail(
                error, tr("line %1: the header's value holds a control character").arg(lineNumber));
        }
        fields->append({line.first(colon).toByteArray(), value.toByteArray()});
    }
    return true;
}

std::optional<QByteArray> value(const HeaderFields &fields, QByteArrayView name)
{
    for (const auto &[key, value] : fields) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

int count(const HeaderFields &fields, QByteArrayView name)
{
    int n = 0;
    for (const auto &field : fields)
        n += QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

bool listsToken(const HeaderFields &fields, QByteArrayView name, QByteArrayView token)
{
    for (const auto &[key, value] : fields) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &item : value.split(',')) {
            if (trimmed(item).compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

QByteArray write(QByteArrayView startLine, const HeaderFields &fields)
{
    QByteArray out = startLine.toByteArray() + "\r\n";
    for (const auto &[name, value] : fields)
        out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

} // namespace Sockscope::HttpHead
