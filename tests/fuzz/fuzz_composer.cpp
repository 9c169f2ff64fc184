// The composer's parser in each mode (ComposerInput::parse), and the JSON views of what a peer
// sends (the tree outline and the bounded pretty print).
#include "connection/composerinput.h"
#include "fuzztarget.h"
#include "inspector/jsonoutline.h"
#include "inspector/payloadformat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes = fuzzBytes(data + 1, size - 1);
    const QString text = QString::fromUtf8(bytes);
    const auto mode = Sockscope::ComposerInput::Mode(data[0] % 4);
    const Sockscope::ComposerInput::Result r = Sockscope::ComposerInput::parse(mode, text);
    SOCKSCOPE_FUZZ_CHECK(r.ok() == r.error.isEmpty());
    if (!r.ok()) {
        SOCKSCOPE_FUZZ_CHECK(r.position >= 0 && r.position <= text.size());
        SOCKSCOPE_FUZZ_CHECK(!r.error.contains(QStringLiteral("column -")));
    }
    // The JSON views run on any bytes (they are only given valid JSON, but must stay safe).
    const Sockscope::JsonOutline outline = Sockscope::JsonOutline::read(bytes, 1000, 16);
    SOCKSCOPE_FUZZ_CHECK(outline.nodes.size() <= 1000);
    for (const Sockscope::JsonOutline::Node &n : outline.nodes)
        SOCKSCOPE_FUZZ_CHECK(n.depth <= 16);
    const Sockscope::PayloadFormat::Pretty pretty
        = Sockscope::PayloadFormat::prettyJson(bytes, 4096, 100);
    // At most one UTF-16 unit a byte (bytes that are not UTF-8 become U+FFFD, one unit each).
    SOCKSCOPE_FUZZ_CHECK(pretty.text.size() <= 4096);
    return 0;
}
