// The workspace reader (WorkspaceFile::fromJson), read at every launch.
#include "fuzztarget.h"
#include "session/workspace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sockscope::Workspace workspace;
    QString error;
    const bool ok = Sockscope::WorkspaceFile::fromJson(fuzzBytes(data, size), &workspace, &error);
    SOCKSCOPE_FUZZ_CHECK(ok == error.isEmpty());
    return 0;
}
