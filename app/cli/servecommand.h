#pragma once

#include "commandline.h"

namespace Sockscope {

// `sockscope serve`: runs an EchoServer under the current QCoreApplication, printing one line
// per event to stdout, until SIGINT or SIGTERM. Returns the process exit code.
int runServeCommand(const ServeOptions &options);

} // namespace Sockscope
