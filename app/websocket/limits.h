#pragma once

namespace Sockscope::WebSocketLimits {

// Sizes RFC 6455 fixes.
constexpr int kMaxControlPayload = 125; // section 5.5: every control frame
constexpr int kMaxCloseReasonBytes = kMaxControlPayload - 2; // after the two-byte close code

} // namespace Sockscope::WebSocketLimits
