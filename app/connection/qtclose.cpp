#include "qtclose.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Sockscope::QtClose {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Connection)
};

struct Known
{
    const char *reason; // Qt's text, or its start
    bool prefix;
    Verdict::Kind kind;
    const char *what;
};

// From qwebsocketframe.cpp and qwebsocketdataprocessor.cpp.
constexpr Known kKnown[] = {
    {"Received message is too big.", false, Verdict::Kind::TooLarge,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a message over the maximum incoming message size")},
    {"Maximum framesize exceeded.", false, Verdict::Kind::TooLarge,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a frame over the maximum incoming frame size")},
    {"Highest bit of payload length is not 0.", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a frame whose 64-bit length has its highest bit set (RFC 6455 5.2)")},
    {"Lengths smaller than", true, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a frame length in a longer form than it needs (Qt refuses it)")},
    {"Rsv field is non-zero", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a frame with an RSV bit set and no extension negotiated (RFC 6455 "
                       "5.2)")},
    {"Used reserved opcode", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a frame with a reserved opcode (RFC 6455 5.2)")},
    {"Invalid opcode detected", true, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a frame with a reserved opcode (RFC 6455 5.2)")},
    {"Control frame is larger than 125 bytes", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a control frame (ping, pong or close) over 125 bytes (RFC 6455 "
                       "5.5)")},
    {"Control frames cannot be fragmented", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection", "sent a fragmented control frame (RFC 6455 5.5)")},
    {"Received Continuation frame", true, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a continuation frame with no message to continue (RFC 6455 5.4)")},
    {"All data frames after the initial data frame", true, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "started a new message inside a fragmented one (RFC 6455 5.4)")},
    {"Invalid UTF-8 code encountered.", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent text that is not valid UTF-8 (RFC 6455 8.1)")},
    {"Payload of close frame is too small.", false, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a close frame with a one-byte payload (RFC 6455 5.5.1)")},
    {"Invalid close code", true, Verdict::Kind::ProtocolError,
     QT_TRANSLATE_NOOP("Sockscope::Connection",
                       "sent a close frame with a code no endpoint may send (RFC 6455 7.4); Qt "
                       "does not tell which code it was")},
};
} // namespace

Verdict recognise(const QString &reason)
{
    for (const Known &k : kKnown) {
        const QLatin1String text(k.reason);
        if (k.prefix ? reason.startsWith(text) : reason == text)
            return {k.kind, QCoreApplication::translate("Sockscope::Connection", k.what)};
    }
    return {};
}

} // namespace Sockscope::QtClose
