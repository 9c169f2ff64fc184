#pragma once

#include "io/result.h"
#include "log/logrecord.h"
#include "ruleset.h"
#include "websocket/closecodes.h"

#include <vector>

namespace Sockscope {

// A recorded conversation (a connection tab's log, a HAR, a JSON Lines export) turned into
// the rules of a mock server that answers as the real server did:
// - what the server sent after the open, before the client said anything, is the greeting;
// - each client text message is a rule matching it exactly, answered by what the server sent
//   after it, each message at its recorded delay;
// - the same client message answered differently at different times is a sequence of answers
//   (the first match gets the first, and so on), looping when asked to;
// - a close by the server is part of the answer it followed.
// Only the first connection of a log is used; the notes say what was left out.
namespace RecordedMock {

struct Options
{
    bool keepTiming = true; // false: every delay is 0 (--replay-timing none)
    bool loop = false; // sequences start over after their last answer
};

struct Built
{
    RuleSet rules;
    int clientMessages = 0; // that became rules' matches
    int serverMessages = 0; // that became answers and greetings
    QStringList notes; // what could not be expressed, in sentences
};

Result<Built> fromConversation(const std::vector<LogEvent> &events, const Options &options = {});

} // namespace RecordedMock
} // namespace Sockscope
