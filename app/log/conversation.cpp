#include "conversation.h"

#include "messagelogmodel.h"

namespace Sockscope::Conversation {

namespace {
bool isOpen(const LogRecord &r)
{
    return r.direction == Direction::Lifecycle && r.type == EventType::Open;
}
} // namespace

std::vector<LogEvent> at(const MessageLogModel &log, int row)
{
    const int rows = log.rowCount();
    if (rows == 0)
        return {};
    int first = row < 0 || row >= rows ? rows - 1 : row;
    while (first > 0 && !isOpen(log.record(first)))
        --first;
    std::vector<LogEvent> events;
    for (int r = first; r < rows; ++r) {
        if (r > first && isOpen(log.record(r)))
            break;
        events.push_back(log.event(r));
    }
    return events;
}

} // namespace Sockscope::Conversation
