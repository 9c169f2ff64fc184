// The log importers: a HAR from a browser and a Sockscope JSON Lines log. The first byte picks
// which; what either accepts must export and import again, and become a mock server's rules
// (Save as mock server, serve --replay) and a scenario (Save as scenario) that read back the
// same.
#include "fuzztarget.h"
#include "log/logexport.h"
#include "log/logimport.h"
#include "log/messagelogmodel.h"
#include "scenario/scenariorecorder.h"
#include "server/recordedmock.h"

#include <QJsonDocument>

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

        const auto mock = Sockscope::RecordedMock::fromConversation(log.events);
        if (mock) {
            Sockscope::RuleSet rules;
            SOCKSCOPE_FUZZ_CHECK(Sockscope::RuleSet::fromJson(
                QJsonDocument(mock->rules.toJson()).toJson(), &rules, &error));
            SOCKSCOPE_FUZZ_CHECK(rules.rules.size() == mock->rules.rules.size());
        }
        Sockscope::ScenarioRecorder::Options options;
        options.url = QStringLiteral("ws://127.0.0.1:1");
        options.jsonFields = Sockscope::ScenarioRecorder::jsonFieldsIn(log.events);
        const auto scenario = Sockscope::ScenarioRecorder::fromConversation(log.events, options);
        if (scenario) {
            Sockscope::JsonReader r;
            SOCKSCOPE_FUZZ_CHECK(Sockscope::Scenario::fromJson(r, scenario->toJson(), {})
                                 == *scenario);
            SOCKSCOPE_FUZZ_CHECK(r.ok());
        }
    }
    return 0;
}
