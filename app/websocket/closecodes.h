#pragma once

#include "limits.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Sockscope::CloseCodes {

// RFC 6455 section 7.4 close status codes, with the names users know them by.

// The codes Sockscope itself sends or reports.
enum Code : int {
    NormalClosure = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    NoStatusReceived = 1005,
    AbnormalClosure = 1006,
    InvalidPayload = 1007,
    PolicyViolation = 1008,
    MessageTooBig = 1009,
    TryAgainLater = 1013,
};

// The registered name of a code ("Normal Closure"), "Private use" for 4000-4999,
// "Registered" for 3000-3999, or an empty string for anything else.
QString name(int code);

// "1000 Normal Closure", or just "4321" when the code has no name.
QString describe(int code);

// Whether an endpoint may put this code in a close frame (1004, 1005, 1006 and 1015 are
// reserved for reporting and never sent). A close frame received with any other code breaks
// the protocol (RFC 6455 section 7.4.1).
bool isSendable(int code);

// The code a connection ended with, as the user should see it: the close frame's code when one
// arrived, else 1006 (RFC 6455 section 7.1.5). Qt 6.4 reports a bare TCP drop as 1000, so its
// code alone cannot tell the two apart; the caller knows whether a close frame was seen.
int endCode(bool closeFrameSeen, int reportedCode);

// The code in what a user typed or picked: the leading number of "1008 Policy Violation" or
// "4321". Nothing when it does not start with a number from 0 to 65535.
std::optional<int> parseTyped(QStringView text);

// The size of a close frame's payload: the two bytes of the code, when there is one on the wire
// (not 1005, "no status", nor 1006, a drop with no frame at all), and the reason.
qsizetype payloadSize(int code, qsizetype reasonBytes);

// A close frame's payload: the code's two bytes (none when code is negative), then the reason
// as it is (a lab may send any bytes).
QByteArray payload(int code, QByteArrayView reason = {});
// The code a close frame's payload starts with, or -1 when it has none (under 2 bytes).
int codeOf(QByteArrayView payload);

// The named codes a user may send, for a picker.
QList<int> sendableNamedCodes();

// The longest start of reason that fits in maxBytes of UTF-8, never cutting a character
// (a surrogate pair stays whole).
QString fitReason(const QString &reason, int maxBytes = WebSocketLimits::kMaxCloseReasonBytes);

} // namespace Sockscope::CloseCodes
