#pragma once

#include "commandline.h"

namespace Sockscope {

// `sockscope conformance URL`: runs the conformance suite against a server that echoes, under
// the current QCoreApplication, printing a line per case and a summary, and writing the reports
// asked for. Returns the process exit code: 0 when no case failed, 1 when one did (or a report
// could not be written).
int runConformanceCommand(const ConformanceOptions &options);

} // namespace Sockscope
