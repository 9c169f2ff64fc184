#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace Sockscope {

// The head of an HTTP/1.1 request as a client sent it (RFC 9112 section 3; the WebSocket
// opening handshake of RFC 6455 section 4.1): the request line and the header fields in the
// order and spelling they came in. It reads only; it does not judge whether the request is a
// valid upgrade.
struct HandshakeRequest
{
    // The most a head may take before it is refused: Qt's server allows 100 lines of 8 KiB.
    static constexpr qsizetype kMaxHeadBytes = 100 * 8 * 1024 + 4;

    QByteArray method;
    QByteArray target; // as sent: "/chat?room=1"
    QByteArray version; // "HTTP/1.1"
    QList<std::pair<QByteArray, QByteArray>> headers; // values trimmed of spaces and tabs

    // Where the head ends in what has arrived so far: the offset just past its empty line, or
    // -1 while it has not ended.
    static qsizetype headEnd(QByteArrayView received);

    // Reads a complete head (what headEnd measured). Nothing, with a sentence in *error, when
    // the request line or a header line is malformed.
    static std::optional<HandshakeRequest> parse(QByteArrayView head, QString *error = nullptr);

    // The value of the first header of this name, whatever its case; nothing when there is none.
    std::optional<QByteArray> header(QByteArrayView name) const;
    // How many headers of this name there are, whatever their case.
    int count(QByteArrayView name) const;
};

} // namespace Sockscope
