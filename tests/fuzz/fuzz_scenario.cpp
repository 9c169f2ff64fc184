// The scenario file reader (ScenarioFile::fromJson): what it accepts writes and reads back the
// same, as the file and as a scenario tab's rows; and every expect's match, run on the input
// itself, answers without hanging (a user's regex included).
#include "fuzztarget.h"
#include "scenario/scenariofile.h"
#include "scenario/scenariotable.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Sockscope;
    const QByteArray bytes = fuzzBytes(data, size);
    const Result<QList<Scenario>> read = ScenarioFile::fromJson(bytes);
    SOCKSCOPE_FUZZ_CHECK(read.ok() == read.error().isEmpty());
    if (!read)
        return 0;
    QList<Scenario> again;
    QString error;
    SOCKSCOPE_FUZZ_CHECK(Scenario::listFromJson(Scenario::listToJson(*read), &again, &error));
    SOCKSCOPE_FUZZ_CHECK(again == *read);
    for (const Scenario &s : *read) {
        const Result<Scenario> rows = ScenarioTable::scenarioOf(
            s.id, s.name, ScenarioTable::rowsOf(s), ScenarioTable::onOpenText(s));
        SOCKSCOPE_FUZZ_CHECK(rows.ok() && *rows == s);
        for (const ScenarioStep &step : s.steps) {
            const Result<MessageMatch::Resolved> match
                = step.match.resolved([](const QString &text) { return text; });
            if (match) {
                match->matches(false, bytes);
                match->matches(true, bytes);
            }
            SOCKSCOPE_FUZZ_CHECK(!step.title().isEmpty());
        }
    }
    return 0;
}
