#pragma once

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
        friend bool operator==(const Header &a, const Header &b)
        {
            return a.name == b.name && a.value == b.value && a.enabled == b.enabled;
        }
    };

    static constexpr int kDefaultHandshakeTimeoutMs = 10'000;
    // Far below Qt's 2 GiB: a runaway server should not take the machine's memory.
    static constexpr qint64 kDefaultMaxIncomingMessage = 64LL * 1024 * 1024;
    static constexpr qint64 kDefaultMaxIncomingFrame = 64LL * 1024 * 1024;
    static constexpr qint64 kDefaultOutgoingFrame = 512 * 1024; // Qt's own default

    QList<Header> headers;
    QStringList subprotocols; // offered, in order of preference
    QString origin; // empty: no Origin header
    int handshakeTimeoutMs = kDefaultHandshakeTimeoutMs;
    qint64 maxIncomingMessageSize = kDefaultMaxIncomingMessage;
    qint64 maxIncomingFrameSize = kDefaultMaxIncomingFrame;
    qint64 outgoingFrameSize = kDefaultOutgoingFrame;

    // Whether name is an HTTP header name (an RFC 9110 token).
    static bool isValidHeaderName(const QString &name);
    // Checks everything a user can type wrong; false with a sentence in *error.
    bool validate(QString *error) const;
};

} // namespace Sockscope
