#include "handshakerequest.h"

#include <QCoreApplication>
#include <QCryptographicHash>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::HandshakeRequest", text);
}

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// "A B C" split at its first and last space (the middle part may not hold one).
bool splitStartLine(QByteArrayView line, QByteArrayView *a, QByteArrayView *b, QByteArrayView *c)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return false;
    *a = line.first(firstSpace);
    *b = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    *c = line.sliced(lastSpace + 1);
    return true;
}
} // namespace

std::optional<HandshakeRequest> HandshakeRequest::parse(QByteArrayView head, QString *error)
{
    HandshakeRequest request;
    const auto readRequestLine = [&request](QByteArrayView line, QString *why) {
        QByteArrayView method, target, version;
        if (!splitStartLine(line, &method, &target, &version))
            return fail(why, tr("the request line is not \"METHOD TARGET HTTP/1.1\""));
        if (!HttpHead::isToken(method))
            return fail(why, tr("the request line's method is not a token"));
        if (target.isEmpty() || target.contains(' ') || HttpHead::hasControl(target))
            return fail(why, tr("the request line's target is empty or holds spaces"));
        if (!version.startsWith("HTTP/"))
            return fail(why, tr("the request line does not end with an HTTP version"));
        request.method = method.toByteArray();
        request.target = target.toByteArray();
        request.version = version.toByteArray();
        return true;
    };
    if (!HttpHead::read(head, tr("request"), readRequestLine, &request.headers, error))
        return std::nullopt;
    return request;
}

std::optional<HandshakeResponse> HandshakeResponse::parse(QByteArrayView head, QString *error)
{
    HandshakeResponse response;
    const auto readStatusLine = [&response](QByteArrayView line, QString *why) {
        // "HTTP/1.1 101 Switching Protocols"; the reason may be empty ("HTTP/1.1 101 ").
        const qsizetype firstSpace = line.indexOf(' ');
        const QByteArrayView version = firstSpace > 0 ? line.first(firstSpace) : line;
        const QByteArrayView rest = firstSpace > 0 ? line.sliced(firstSpace + 1) : QByteArrayView();
        const QByteArrayView code = rest.first(qMin<qsizetype>(3, rest.size()));
        bool ok = false;
        const int status = code.size() == 3 ? code.toInt(&ok) : 0;
        if (!version.startsWith("HTTP/") || !ok || status < 100 || status > 999
            || (rest.size() > 3 && rest[3] != ' '))
            return fail(why, tr("the status line is not \"HTTP/1.1 101 Switching Protocols\""));
        response.version = version.toByteArray();
        response.status = status;
        response.reason = rest.size() > 4 ? rest.sliced(4).toByteArray() : QByteArray();
        return true;
    };
    if (!HttpHead::read(head, tr("response"), readStatusLine, &response.headers, error))
        return std::nullopt;
    return response;
}

QByteArray HandshakeRequest::write() const
{
    return HttpHead::write(QByteArray(method + ' ' + target + ' ' + version), headers);
}

QByteArray HandshakeResponse::write() const
{
    return HttpHead::write(QByteArray(version + ' ' + QByteArray::number(status) + ' ' + reason),
                           headers);
}

QByteArray HandshakeResponse::acceptFor(QByteArrayView key)
{
    static constexpr QByteArrayView kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    return QCryptographicHash::hash(QByteArray(key.toByteArray() + kGuid), QCryptographicHash::Sha1)
        .toBase64();
}

QStringList HandshakeResponse::problems(QByteArrayView key,
                                        const QList<QByteArray> &offeredProtocols) const
{
    QStringList found;
    if (status != 101) {
        found << tr("the server answered %1 %2, not 101 Switching Protocols")
                     .arg(status)
                     .arg(QString::fromLatin1(reason));
    }
    if (!HttpHead::listsToken(headers, "Upgrade", "websocket"))
        found << tr("no \"Upgrade: websocket\" header");
    if (!HttpHead::listsToken(headers, "Connection", "Upgrade"))
        found << tr("no \"Connection: Upgrade\" header");
    const std::optional<QByteArray> accept = header("Sec-WebSocket-Accept");
    if (!accept)
        found << tr("no Sec-WebSocket-Accept header");
    else if (*accept != acceptFor(key))
        found << tr("Sec-WebSocket-Accept is %1; the key asks for %2")
                     .arg(QString::fromLatin1(*accept), QString::fromLatin1(acceptFor(key)));
    if (const std::optional<QByteArray> protocol = header("Sec-WebSocket-Protocol");
        protocol && !offeredProtocols.contains(*protocol)) {
        found << (offeredProtocols.isEmpty()
                      ? tr("the server chose the subprotocol %1, and none was offered")
                      : tr("the server chose the subprotocol %1, which was not offered"))
                     .arg(QString::fromLatin1(*protocol));
    }
    return found;
}

QList<QByteArray> UpgradeAnswer::offeredProtocols(const HandshakeRequest &request)
{
    QList<QByteArray> offered;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &token : value.split(',')) {
            if (const QByteArray trimmed = token.trimmed(); !trimmed.isEmpty())
                offered << trimmed;
        }
    }
    return offered;
}

UpgradeAnswer UpgradeAnswer::to(const HandshakeRequest &request, const QStringList &supported,
                                QByteArrayView serverName)
{
    UpgradeAnswer answer;
    HandshakeResponse &r = answer.response;
    r.version = "HTTP/1.1";
    const auto refuse = [&](int status, const char *reason, const QString &why) {
        r.status = status;
        r.reason = reason;
        answer.refusal = why;
        return answer;
    };
    // RFC 6455 section 4.2.1, in its order.
    if (request.method != "GET")
        return refuse(400, "Bad Request",
                      tr("the method is %1, not GET").arg(QString::fromLatin1(request.method)));
    if (request.version == "HTTP/1.0" || request.version == "HTTP/0.9")
        return refuse(400, "Bad Request",
                      tr("the request is %1; an upgrade needs HTTP/1.1")
                          .arg(QString::fromLatin1(request.version)));
    if (!request.header("Host"))
        return refuse(400, "Bad Request", tr("the request has no Host header"));
    if (!HttpHead::listsToken(request.headers, "Upgrade", "websocket"))
        return refuse(400, "Bad Request", tr("the request has no \"Upgrade: websocket\" header"));
    if (!HttpHead::listsToken(request.headers, "Connection", "Upgrade"))
        return refuse(400, "Bad Request", tr("the request has no \"Connection: Upgrade\" header"));
    const std::optional<QByteArray> key = request.header("Sec-WebSocket-Key");
    if (!key || request.count("Sec-WebSocket-Key") != 1
        || QByteArray::fromBase64Encoding(*key, QByteArray::AbortOnBase64DecodingErrors)
                .decoded.size()
            != 16) {
        return refuse(400, "Bad Request",
                      tr("the request has no Sec-WebSocket-Key of 16 bytes in base64"));
    }
    if (request.header("Sec-WebSocket-Version").value_or(QByteArray()) != "13") {
        r.headers += {{"Sec-WebSocket-Version", "13"}};
        return refuse(426, "Upgrade Required",
                      tr("the request asks for WebSocket version %1; this server speaks 13")
                          .arg(QString::fromLatin1(
                              request.header("Sec-WebSocket-Version").value_or("(none)"))));
    }
    r.status = 101;
    r.reason = "Switching Protocols";
    r.headers = {{"Upgrade", "websocket"},
                 {"Connection", "Upgrade"},
                 {"Sec-WebSocket-Accept", HandshakeResponse::acceptFor(*key)}};
    const QList<QByteArray> offered = offeredProtocols(request);
    for (const QString &protocol : supported) {
        if (offered.contains(protocol.toLatin1())) {
            answer.subprotocol = protocol.toLatin1();
            r.headers.append({"Sec-WebSocket-Protocol", answer.subprotocol});
            break;
        }
    }
    if (!serverName.isEmpty())
        r.headers.append({"Server", serverName.toByteArray()});
    return answer;
}

} // namespace Sockscope
