// The log importers: a HAR from a browser and a Sockscope JSON Lines log. The first byte picks
// which; what either accepts must export and import again.
#include "fuzztarget.h"
#include "log/logexport.h"
#include "log/logimport.h"
#include "log/messagelogmodel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes = fuzzBytes(data + 1, size - 1);
    std::vector<Sockscope::ImportedLog> logs;
    QString error;
    bool ok = false;
    if (data[0] & 1) {
        ok = Sockscope::LogImport::readHar(bytes, &logs, &error);
    } else {
        Sockscope::ImportedLog log;
        ok = Sockscope::LogImport::readJsonLines(bytes, &log, &error);
        if (ok)
            logs.push_back(std::move(log));
    }
    SOCKSCOPE_FUZZ_CHECK(ok == error.isEmpty());
    for (const Sockscope::ImportedLog &log : logs) {
        // Whatever import accepts, export writes so that import reads it again.
        QByteArray written = Sockscope::LogExport::jsonLinesHeader(log.title);
        for (const Sockscope::LogEvent &e : log.events)
            written += Sockscope::LogExport::jsonLine(e);
        Sockscope::ImportedLog again;
        SOCKSCOPE_FUZZ_CHECK(Sockscope::LogImport::readJsonLines(written, &again, &error));
        SOCKSCOPE_FUZZ_CHECK(again.events.size() == log.events.size());
    }
    return 0;
}
