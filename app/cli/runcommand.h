#pragma once

#include "commandline.h"

namespace Sockscope {

// `sockscope run`: runs a file's scenarios one after another under the current
// QCoreApplication, printing a line per step, and writes the reports asked for. Returns the
// exit code: 0 when all pass, 1 when any fails, 2 for a file that cannot be read or a scenario
// name it does not have.
int runRunCommand(const RunOptions &options);

} // namespace Sockscope
