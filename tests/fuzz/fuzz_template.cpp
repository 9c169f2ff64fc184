// Rule templates: validate, then render with any captures and JSON.
#include "fuzztarget.h"
#include "server/messagetemplate.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString templ = QString::fromUtf8(fuzzBytes(data, size));
    QString error;
    const bool ok = Sockscope::MessageTemplate::validate(templ, &error);
    SOCKSCOPE_FUZZ_CHECK(ok == error.isEmpty());
    Sockscope::TemplateContext context;
    context.message = templ;
    context.json = QJsonDocument::fromJson(templ.toUtf8()).object();
    context.captures = {QStringLiteral("all"), QStringLiteral("a")};
    // render() is given validated templates only, but must be safe with any.
    Sockscope::MessageTemplate::render(templ, context);
    return 0;
}
