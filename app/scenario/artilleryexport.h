#pragma once

#include "io/result.h"
#include "scenario.h"
#include "session/session.h"

namespace Sockscope {

// Scenarios as an Artillery script (its `ws` engine), for users who outgrow one machine.
// Artillery checks only the next message after a send, so an expect becomes a match on the
// next message; what Artillery cannot express (pings, closes, served mocks, other sockets,
// binary messages, reconnects) is left out and said, as a comment in the script and in
// `skipped`. See the README for the whole mapping.
namespace ArtilleryExport {

struct Script
{
    QByteArray yaml;
    QStringList skipped; // "Login, step 5 (ping): Artillery's ws engine sends no pings"
};

// variables: the session's, with any given for the run; secret ones are left out and must be
// given to Artillery (its --variables), which the skipped list says.
Result<Script> toYaml(const QList<Scenario> &scenarios, const QList<Variable> &variables,
                      int arrivalCount = 1);

} // namespace ArtilleryExport
} // namespace Sockscope
