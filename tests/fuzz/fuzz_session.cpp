// The session file reader (SessionFile::fromJson): a file the user opens, maybe from anyone.
#include "fuzztarget.h"
#include "session/sessionfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sockscope::Session session;
    QString error;
    const bool ok = Sockscope::SessionFile::fromJson(fuzzBytes(data, size), &session, &error);
    SOCKSCOPE_FUZZ_CHECK(ok == error.isEmpty());
    if (ok) {
        // What was read is written and read back the same (secret values are not in files,
        // so the two writes are compared).
        const QByteArray written = Sockscope::SessionFile::toJson(session);
        Sockscope::Session again;
        SOCKSCOPE_FUZZ_CHECK(Sockscope::SessionFile::fromJson(written, &again, &error));
        SOCKSCOPE_FUZZ_CHECK(Sockscope::SessionFile::toJson(again) == written);
    }
    return 0;
}
