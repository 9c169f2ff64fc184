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
        // What is written is read back, and writing settles after one round. (Not at once: a
        // secret's value in clear in a hand-made file is written as "<secret>", which reads
        // back as "kept in the keychain", an empty value until the keychain fills it.)
        Sockscope::Session again;
        SOCKSCOPE_FUZZ_CHECK(Sockscope::SessionFile::fromJson(
            Sockscope::SessionFile::toJson(session), &again, &error));
        const QByteArray settled = Sockscope::SessionFile::toJson(again);
        Sockscope::Session third;
        SOCKSCOPE_FUZZ_CHECK(Sockscope::SessionFile::fromJson(settled, &third, &error));
        SOCKSCOPE_FUZZ_CHECK(Sockscope::SessionFile::toJson(third) == settled);
    }
    return 0;
}
