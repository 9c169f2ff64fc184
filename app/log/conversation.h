#pragma once

#include "logrecord.h"

#include <vector>

namespace Sockscope {

class MessageLogModel;

namespace Conversation {
// One connection's rows as events, as files hold them (secret values as placeholders): from the
// Open row at or before `row` (or the log's start) to the next Open row. A row of -1 means the
// latest connection. What "Save as scenario" and "Save as mock server" start from.
std::vector<LogEvent> at(const MessageLogModel &log, int row = -1);
} // namespace Conversation

} // namespace Sockscope
