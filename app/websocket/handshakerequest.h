#pragma once

#include "httphead.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sockscope {

// The head of an HTTP/1.1 request as a client sent it (RFC 9112 section 3; the WebSocket
// opening handshake of RFC 6455 section 4.1): the request line and the header fields in the
// order and spelling they came in. It reads only; it does not judge whether the request is a
// valid upgrade.
struct HandshakeRequest
{
    static constexpr qsizetype kMaxHeadBytes = HttpHead::kMaxBytes;

    QByteArray method;
    QByteArray target; // as sent: "/chat?room=1"
    QByteArray version; // "HTTP/1.1"
    HeaderFields headers;

    // Where the head ends in what has arrived so far: the offset just past its empty line, or
    // -1 while it has not ended.
    static qsizetype headEnd(QByteArrayView received) { return HttpHead::end(received); }

    // Reads a complete head (what headEnd measured). Nothing, with a sentence in *error, when
    // the request line or a header line is malformed.
    static std::optional<HandshakeRequest> parse(QByteArrayView head, QString *error = nullptr);
    // The head as bytes, as parse() reads it back.
    QByteArray write() const;

    // The value of the first header of this name, whatever its case; nothing when there is none.
    std::optional<QByteArray> header(QByteArrayView name) const
    {
        return HttpHead::value(headers, name);
    }
    // How many headers of this name there are, whatever their case.
    int count(QByteArrayView name) const { return HttpHead::count(headers, name); }
};

// The head of the server's answer to an opening handshake (RFC 6455 section 4.2.2): the status
// line and the header fields as they came. It reads, writes, and says what a client must find
// wrong in it.
struct HandshakeResponse
{
    QByteArray version; // "HTTP/1.1"
    int status = 0; // 101 when the upgrade is accepted
    QByteArray reason; // "Switching Protocols", as sent (it may be empty)
    HeaderFields headers;

    static qsizetype headEnd(QByteArrayView received) { return HttpHead::end(received); }
    static std::optional<HandshakeResponse> parse(QByteArrayView head, QString *error = nullptr);
    QByteArray write() const;

    std::optional<QByteArray> header(QByteArrayView name) const
    {
        return HttpHead::value(headers, name);
    }

    // The Sec-WebSocket-Accept a server must answer a Sec-WebSocket-Key with (RFC 6455 4.2.2):
    // base64 of the SHA-1 of the key and the protocol's GUID.
    static QByteArray acceptFor(QByteArrayView key);
    // What RFC 6455 section 4.1 has a client fail the connection for, each problem a sentence:
    // a status other than 101, no "Upgrade: websocket", no "Connection: Upgrade", a missing or
    // wrong Sec-WebSocket-Accept, a subprotocol the client did not offer. Empty when it is a
    // valid answer to a request with this key and these offered subprotocols.
    QStringList problems(QByteArrayView key, const QList<QByteArray> &offeredProtocols) const;
};

// A server's answer to an opening handshake (RFC 6455 section 4.2): the 101 response with its
// Sec-WebSocket-Accept and the subprotocol chosen, or a refusal (400 Bad Request, or 426
// Upgrade Required naming the version this server speaks) with why, in words.
struct UpgradeAnswer
{
    HandshakeResponse response;
    QByteArray subprotocol; // chosen; empty when none was
    QString refusal; // empty when the upgrade is accepted

    bool isAccepted() const { return refusal.isEmpty(); }

    // The answer to this request. The subprotocol is the first of `supported` (in the
    // server's order of preference) that the client offered; serverName goes in the Server
    // header.
    static UpgradeAnswer to(const HandshakeRequest &request, const QStringList &supported,
                            QByteArrayView serverName);
    // Every subprotocol the request offers, in its order, from all its Sec-WebSocket-Protocol
    // lines.
    static QList<QByteArray> offeredProtocols(const HandshakeRequest &request);
};

} // namespace Sockscope
