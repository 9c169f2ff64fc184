#pragma once

#include <QString>

namespace Sockscope::QtClose {

// Qt closes a connection by itself when the peer breaks RFC 6455 or a size limit, and then
// reports the close like one from the peer, with a reason of its own. This recognises Qt's
// reasons (its English texts, 6.4 to 6.8), so the log can say who closed and why.
struct Verdict
{
    enum class Kind { NotQt, TooLarge, ProtocolError };
    Kind kind = Kind::NotQt;
    // What the server did, as a phrase: "sent a frame with an RSV bit set and no extension
    // negotiated (RFC 6455 5.2)".
    QString what;
};

Verdict recognise(const QString &reason);

} // namespace Sockscope::QtClose
