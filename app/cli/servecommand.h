#pragma once

#include "commandline.h"

namespace Sockscope {

// `sockscope serve`: runs a MockServer under the current QCoreApplication, printing one line
// per event to stdout (and, if asked, JSON Lines to a file), until SIGINT or SIGTERM.
// Returns the process exit code.
int runServeCommand(const ServeOptions &options);

} // namespace Sockscope
