#pragma once

#include "socketiosession.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Sockscope {

// What a connection sends and accepts during and after the handshake.
struct ConnectionOptions
{
    struct Header
    {
        QString name;
        QString value;
        bool enabled = true;
        bool secret = false; // kept out of session files (see SecretStore)
        friend bool operator==(const Header &, const Header &) = default;
    };

    static constexpr int kDefaultHandshakeTimeoutMs = 10'000;
    // Far below Qt's 2 GiB: a runaway server should not take the machine's memory.
    static constexpr qint64 kDefaultMaxIncomingMessage = 64LL * 1024 * 1024;
    static constexpr qint64 kDefaultMaxIncomingFrame = 64LL * 1024 * 1024;
    static constexpr qint64 kDefaultOutgoingFrame = 512 * 1024; // Qt's own default

    struct Tls
    {
        QString caFile; // PEM certificates trusted besides the system's
        QString certificateFile; // client certificate: PEM, or a PKCS#12 bundle (.p12, .pfx)
        QString keyFile; // PEM private key; empty for a PKCS#12 bundle
        QString passphrase; // of the key or the bundle
        bool ignoreErrors = false; // an explicit per-tab choice; ignored errors are logged
        friend bool operator==(const Tls &, const Tls &) = default;
    };

    struct Proxy
    {
        enum class Type { None, Http, Socks5 };
        Type type = Type::None;
        QString host;
        int port = 0;
        QString user;
        QString password;
        friend bool operator==(const Proxy &, const Proxy &) = default;
    };

    // Reconnects after an abnormal close (1006, 1012, 1013 or an error), never after the
    // user's own Disconnect.
    struct Reconnect
    {
        bool enabled = false;
        int initialDelayMs = 1000; // doubled each attempt, with jitter
        int maxDelayMs = 30'000;
        int maxAttempts = 10; // 0: no limit
        friend bool operator==(const Reconnect &, const Reconnect &) = default;
    };

    QList<Header> headers;
    QStringList subprotocols; // offered, in order of preference
    QString origin; // empty: no Origin header
    int handshakeTimeoutMs = kDefaultHandshakeTimeoutMs;
    qint64 maxIncomingMessageSize = kDefaultMaxIncomingMessage;
    qint64 maxIncomingFrameSize = kDefaultMaxIncomingFrame;
    qint64 outgoingFrameSize = kDefaultOutgoingFrame;
    Tls tls;
    Proxy proxy;
    Reconnect reconnect;
    // ws:// goes through the wire relay, so the log has every frame (see WireCapture).
    bool wireCapture = true;
    int keepaliveSeconds = 0; // 0: no keepalive pings
    QStringList onOpen; // text messages sent, in order, after every open
    // Socket.IO mode: the connection speaks Engine.IO and Socket.IO (its on-open messages go
    // after the main namespace is joined).
    SocketIoOptions socketIo;
    // Values of secret variables that may be in the URL, headers or messages, masked in every
    // copy of the log (filled by Variables::resolve; never saved). Secret headers are masked
    // without being listed here.
    QStringList secretValues;

    friend bool operator==(const ConnectionOptions &, const ConnectionOptions &) = default;

    // What no copy of the log may show: secretValues and the values of secret headers. (The
    // proxy password and the key's passphrase never go into a row, so they are not listed:
    // masking them would cut every word they happen to be part of.)
    QStringList secrets() const;

    // Whether name is an HTTP header name (an RFC 9110 token).
    static bool isValidHeaderName(const QString &name);
    // Checks everything a user can type wrong; false with a sentence in *error.
    bool validate(QString *error) const;
};

} // namespace Sockscope
