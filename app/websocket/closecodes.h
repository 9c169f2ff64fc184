#pragma once

#include "limits.h"

#include <QList>
#include <QString>

namespace Sockscope::CloseCodes {

// RFC 6455 section 7.4 close status codes, with the names users know them by.

// The registered name of a code ("Normal Closure"), "Private use" for 4000-4999,
// "Registered" for 3000-3999, or an empty string for anything else.
QString name(int code);

// "1000 Normal Closure", or just "4321" when the code has no name.
QString describe(int code);

// Whether an endpoint may put this code in a close frame (1004, 1005, 1006 and 1015 are
// reserved for reporting and never sent). A close frame received with any other code breaks
// the protocol (RFC 6455 section 7.4.1).
bool isSendable(int code);

// The named codes a user may send, for a picker.
QList<int> sendableNamedCodes();

// The longest start of reason that fits in maxBytes of UTF-8, never cutting a character
// (a surrogate pair stays whole).
QString fitReason(const QString &reason, int maxBytes = WebSocketLimits::kMaxCloseReasonBytes);

} // namespace Sockscope::CloseCodes
