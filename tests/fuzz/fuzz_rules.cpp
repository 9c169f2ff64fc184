// The rules file reader (RuleSet::fromJson), and the rules it accepts run on a message.
#include "fuzztarget.h"
#include "server/ruleset.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sockscope::RuleSet rules;
    QString error;
    const bool ok = Sockscope::RuleSet::fromJson(fuzzBytes(data, size), &rules, &error);
    SOCKSCOPE_FUZZ_CHECK(ok == error.isEmpty());
    if (ok) {
        Sockscope::RuleSet again;
        SOCKSCOPE_FUZZ_CHECK(
            Sockscope::RuleSet::fromJson(QJsonDocument(rules.toJson()).toJson(), &again, &error));
    }
    return 0;
}
