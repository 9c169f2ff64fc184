#include "handshakerequest.h"

#include <QCoreApplication>

namespace Sockscope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::HandshakeRequest", text);
}

// RFC 9110 section 5.6.2: the characters a header name (a token) may hold.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

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

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
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

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

bool readRequestLine(QByteArrayView line, HandshakeRequest *request, QString *error)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return fail(error, tr("the request line is not \"METHOD TARGET HTTP/1.1\""));
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(method))
        return fail(error, tr("the request line's method is not a token"));
    if (target.isEmpty() || target.contains(' ') || hasControl(target))
        return fail(error, tr("the request line's target is empty or holds spaces"));
    if (!version.startsWith("HTTP/"))
        return fail(error, tr("the request line does not end with an HTTP version"));
    request->method = method.toByteArray();
    request->target = target.toByteArray();
    request->version = version.toByteArray();
    return true;
}

} // namespace

qsizetype HandshakeRequest::headEnd(QByteArrayView received)
{
    const qsizetype at = received.indexOf("\r\n\r\n");
    return at < 0 ? -1 : at + 4;
}

std::optional<HandshakeRequest> HandshakeRequest::parse(QByteArrayView head, QString *error)
{
    if (head.size() > kMaxHeadBytes) {
        fail(error, tr("the request head is longer than %1 bytes").arg(kMaxHeadBytes));
        return std::nullopt;
    }
    if (!head.endsWith("\r\n\r\n")) {
        fail(error, tr("the request head does not end with an empty line"));
        return std::nullopt;
    }
    head.chop(4);
    HandshakeRequest request;
    qsizetype at = 0;
    int lineNumber = 0;
    while (at <= head.size()) {
        qsizetype end = head.indexOf("\r\n", at);
        if (end < 0)
            end = head.size();
        const QByteArrayView line = head.sliced(at, end - at);
        at = end + 2;
        ++lineNumber;
        if (line.contains('\r') || line.contains('\n')) {
            fail(error, tr("line %1 holds a bare CR or LF").arg(lineNumber));
            return std::nullopt;
        }
        if (lineNumber == 1) {
            if (!readRequestLine(line, &request, error))
                return std::nullopt;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        // RFC 9112 section 5.2: obsolete line folding is refused.
        if (colon <= 0 || !isToken(line.first(colon))) {
            fail(error, tr("line %1 is not a header \"Name: value\"").arg(lineNumber));
            return std::nullopt;
        }
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (hasControl(value)) {
            fail(error,
                 tr("line %1: the header's value holds a control character").arg(lineNumber));
            return std::nullopt;
        }
        request.headers.append({line.first(colon).toByteArray(), value.toByteArray()});
    }
    return request;
}

std::optional<QByteArray> HandshakeRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

int HandshakeRequest::count(QByteArrayView name) const
{
    int n = 0;
    for (const auto &header : headers)
        n += QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

} // namespace Sockscope
