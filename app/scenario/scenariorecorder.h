#pragma once

#include "io/result.h"
#include "log/logrecord.h"
#include "scenario.h"

#include <vector>

namespace Sockscope {

// A recorded conversation (a connection tab's log, a HAR, a JSON Lines export) turned into a
// scenario that does what the client did and expects what the server sent: "Save as
// scenario". Only the first connection of a log is used.
namespace ScenarioRecorder {

struct Options
{
    QString name;
    QString url; // for a log that does not say where it connected
    // Received JSON is expected by the first of these paths it has ("type", "id"), rather
    // than word for word; empty: every message word for word.
    QStringList jsonFields;
    // Sends spaced as recorded (a wait before each), rather than each as soon as the replies
    // before it have come.
    bool keepTiming = false;
};

Result<Scenario> fromConversation(const std::vector<LogEvent> &events, const Options &options);
// The top-level keys of the JSON objects the server sent, the most common first: the fields a
// user may tick to expect JSON by.
QStringList jsonFieldsIn(const std::vector<LogEvent> &events);

} // namespace ScenarioRecorder
} // namespace Sockscope
