// The wire view's frame parser on any bytes a peer sends: the first byte picks who sent them,
// whether compression was negotiated and where the stream is cut. Whatever the bytes, the
// frames it reports tile the stream from its start, cut or whole it reports the same, and each
// frame writes back to the bytes it came from.
#include "fuzztarget.h"
#include "websocket/frameparser.h"

#include <vector>

namespace {
struct Read
{
    std::vector<Sockscope::WireFrame> frames;
    std::vector<Sockscope::ProtocolVerdict> verdicts;
    quint64 offset = 0;
};

Read read(QByteArrayView bytes, const Sockscope::FrameParser::Options &options, qsizetype step)
{
    Sockscope::FrameParser parser(options);
    for (qsizetype at = 0; at < bytes.size(); at += step)
        parser.feed(bytes.sliced(at, qMin(step, bytes.size() - at)));
    return {parser.takeFrames(), parser.takeVerdicts(), parser.offset()};
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Sockscope;
    if (size < 1)
        return 0;
    const QByteArray input = fuzzBytes(data, size);
    const auto knobs = quint8(input[0]);
    const QByteArrayView bytes = QByteArrayView(input).sliced(1);
    FrameParser::Options options;
    options.sender = (knobs & 1) ? FrameSender::Client : FrameSender::Server;
    options.compressionNegotiated = knobs & 2;
    options.maxKeptPayload = (knobs & 4) ? 7 : 1 << 20;
    const qsizetype step = 1 + (knobs >> 3);

    const Read whole = read(bytes, options, qMax<qsizetype>(1, bytes.size()));
    const Read pieces = read(bytes, options, step);
    SOCKSCOPE_FUZZ_CHECK(whole.offset == quint64(bytes.size()) && pieces.offset == whole.offset);
    SOCKSCOPE_FUZZ_CHECK(whole.frames.size() == pieces.frames.size());
    SOCKSCOPE_FUZZ_CHECK(whole.verdicts == pieces.verdicts);
    quint64 end = 0;
    for (size_t i = 0; i < whole.frames.size(); ++i) {
        const WireFrame &f = whole.frames[i];
        SOCKSCOPE_FUZZ_CHECK(f.offset == end && f.headerSize >= 2 && f.headerSize <= 14);
        SOCKSCOPE_FUZZ_CHECK(f.payload == pieces.frames[i].payload);
        SOCKSCOPE_FUZZ_CHECK(f.payloadCut == (quint64(f.payload.size()) < f.payloadLength));
        end += f.size();
        SOCKSCOPE_FUZZ_CHECK(end <= quint64(bytes.size()));
        if (!f.payloadCut) {
            const QByteArray again = FrameWriter::write(FrameWriter::specOf(f));
            SOCKSCOPE_FUZZ_CHECK(again == bytes.sliced(qsizetype(f.offset), qsizetype(f.size())));
        }
    }
    for (const ProtocolVerdict &v : whole.verdicts)
        SOCKSCOPE_FUZZ_CHECK(v.offset <= quint64(bytes.size()) && !v.text().isEmpty());
    return 0;
}
