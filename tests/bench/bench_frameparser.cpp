// The wire view's frame parser: MB/s and frames/s over a stream of frames as a fast feed sends
// them (a client's masked frames and a server's unmasked ones), against memcpy of the same
// bytes in the same run. The stream is fed in 16 KiB pieces, as a socket hands it over.
// Usage: bench_frameparser [FRAMES] [PAYLOAD]   (defaults 1,000,000 frames of 100 bytes)

#include "websocket/frameparser.h"
#include "websocket/wireframe.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace Sockscope;

namespace {
QByteArray stream(int frames, int payloadSize, bool masked)
{
    QByteArray out;
    out.reserve(qsizetype(frames) * (payloadSize + 14));
    for (int i = 0; i < frames; ++i) {
        FrameSpec s;
        s.opcode = 0x1;
        s.payload = QByteArray::number(i).leftJustified(payloadSize, 'x');
        s.masked = masked;
        s.maskingKey = {quint8(i), 0x5a, 0xa5, quint8(i >> 8)};
        out += FrameWriter::write(s);
    }
    return out;
}

// Best of three: the machine is shared.
template<typename F> double bestSeconds(F run)
{
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer clock;
        clock.start();
        run();
        best = std::min(best, clock.nsecsElapsed() / 1e9);
    }
    return best;
}
} // namespace

int main(int argc, char *argv[])
{
    const int frames = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int payload = argc > 2 ? std::atoi(argv[2]) : 100;
    constexpr qsizetype kPiece = 16 * 1024;
    std::printf("Frame parser: %d text frames of %d B, fed in %lld-byte pieces\n", frames, payload,
                static_cast<long long>(kPiece));
    for (const bool masked : {false, true}) {
        const QByteArray bytes = stream(frames, payload, masked);
        std::vector<char> copy(size_t(bytes.size()));
        const double copySeconds = bestSeconds([&] {
            for (qsizetype at = 0; at < bytes.size(); at += kPiece) {
                const qsizetype n = std::min(kPiece, bytes.size() - at);
                std::memcpy(copy.data() + at, bytes.constData() + at, size_t(n));
            }
        });
        size_t seen = 0;
        const double parseSeconds = bestSeconds([&] {
            FrameParser parser({masked ? FrameSender::Client : FrameSender::Server});
            seen = 0;
            for (qsizetype at = 0; at < bytes.size(); at += kPiece) {
                parser.feed(QByteArrayView(bytes).sliced(at, std::min(kPiece, bytes.size() - at)));
                seen += parser.takeFrames().size();
                parser.takeVerdicts();
            }
        });
        if (seen != size_t(frames)) {
            std::fprintf(stderr, "bench_frameparser: %zu frames parsed of %d\n", seen, frames);
            return 1;
        }
        const double mb = bytes.size() / 1e6;
        std::printf("RESULT parser, %s: %.0f MB/s, %.2f M frames/s; memcpy %.0f MB/s: the parser "
                    "runs at %.3fx memcpy\n",
                    masked ? "masked (a client's)" : "unmasked (a server's)", mb / parseSeconds,
                    frames / parseSeconds / 1e6, mb / copySeconds, copySeconds / parseSeconds);
    }
    return 0;
}
