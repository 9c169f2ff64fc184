#include "websocket/closecodes.h"

namespace Sockscope::CloseCodes {

namespace {
struct NamedCode
{
    int code;
    const char *name;
    bool sendable;
};

constexpr NamedCode kCodes[] = {
    {1000, "Normal Closure", true},      {1001, "Going Away", true},
    {1002, "Protocol Error", true},      {1003, "Unsupported Data", true},
    {1004, "Reserved", false},           {1005, "No Status Received", false},
    {1006, "Abnormal Closure", false},   {1007, "Invalid Frame Payload Data", true},
    {1008, "Policy Violation", true},    {1009, "Message Too Big", true},
    {1010, "Mandatory Extension", true}, {1011, "Internal Error", true},
    {1012, "Service Restart", true},     {1013, "Try Again Later", true},
    {1014, "Bad Gateway", true},         {1015, "TLS Handshake", false},
};
} // namespace

QString name(int code)
{
    for (const NamedCode &c : kCodes) {
        if (c.code == code)
            return QString::fromLatin1(c.name);
    }
    if (code >= 3000 && code <= 3999)
        return QStringLiteral("Registered");
    if (code >= 4000 && code <= 4999)
        return QStringLiteral("Private use");
    return {};
}

QString describe(int code)
{
    const QString n = name(code);
    return n.isEmpty() ? QString::number(code) : QString::number(code) + u' ' + n;
}

bool isSendable(int code)
{
    for (const NamedCode &c : kCodes) {
        if (c.code == code)
            return c.sendable;
    }
    return code >= 3000 && code <= 4999;
}

int endCode(bool closeFrameSeen, int reportedCode)
{
    return closeFrameSeen ? reportedCode : AbnormalClosure;
}

std::optional<int> parseTyped(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    const qsizetype space = trimmed.indexOf(u' ');
    bool ok = false;
    const int code = (space < 0 ? trimmed : trimmed.left(space)).toInt(&ok);
    if (!ok || code < 0 || code > 0xffff)
        return std::nullopt;
    return code;
}

QByteArray payload(int code, QByteArrayView reason)
{
    QByteArray bytes;
    if (code >= 0)
        bytes.append(char((code >> 8) & 0xFF)).append(char(code & 0xFF));
    return bytes.append(reason);
}

int codeOf(QByteArrayView payload)
{
    return payload.size() >= 2 ? (quint8(payload[0]) << 8) | quint8(payload[1]) : -1;
}

qsizetype payloadSize(int code, qsizetype reasonBytes)
{
    const bool codeOnWire = code != 0 && code != 1005 && code != 1006;
    return reasonBytes + (codeOnWire ? 2 : 0);
}

QList<int> sendableNamedCodes()
{
    QList<int> codes;
    for (const NamedCode &c : kCodes) {
        if (c.sendable)
            codes.append(c.code);
    }
    return codes;
}

QString fitReason(const QString &reason, int maxBytes)
{
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < reason.size(); ++i) {
        const char16_t c = reason[i].unicode();
        const bool pair = QChar::isHighSurrogate(c) && i + 1 < reason.size()
            && QChar::isLowSurrogate(reason[i + 1].unicode());
        // An unpaired surrogate is sent as U+FFFD: three bytes.
        const int size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
        if (bytes + size > maxBytes)
            return reason.left(i);
        bytes += size;
        if (pair)
            ++i;
    }
    return reason;
}

} // namespace Sockscope::CloseCodes
