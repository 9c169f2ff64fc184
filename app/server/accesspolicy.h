#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Sockscope {

struct HandshakeRequest;

// Which opening handshakes a mock server lets in, as development servers guard themselves
// against the web pages their user visits:
// - bound to loopback, the Host must name this machine (localhost, *.localhost or a loopback
//   address), so a page cannot reach the server through a DNS name rebound to 127.0.0.1;
// - a client with no Origin (not a browser) and a page served from this machine may connect;
//   a page from anywhere else only when its Origin is allowed, or when any Origin is.
struct AccessPolicy
{
    bool loopbackOnly = true;
    QStringList allowedOrigins; // "https://app.example", compared without case
    bool anyOrigin = false;

    // Why this handshake is refused, in a sentence; nothing when it may go on.
    std::optional<QString> refusal(const HandshakeRequest &request) const;
    // What the policy lets in, for a status line: "web pages from this machine only".
    QString describe() const;

    // A Host header's value ("localhost:8080", "[::1]") names this machine.
    static bool isLoopbackHost(QStringView hostAndPort);
    // An Origin ("http://localhost:5173") is a page served from this machine.
    static bool isLoopbackOrigin(QStringView origin);
};

} // namespace Sockscope
