// Categories 9 and 10 of the conformance suite: large messages, many small ones, writes of
// every size, and a message in many fragments. Their payloads are made when a case runs
// (Case::prepare).

#include "casebuilding.h"

namespace Sockscope::Conformance::Build {

namespace {
using namespace Qt::StringLiterals;

constexpr qsizetype kKiB = 1024;
constexpr qsizetype kMiB = 1024 * 1024;

QString sizeText(qsizetype bytes)
{
    if (bytes >= kMiB && bytes % kMiB == 0)
        return u"%1 MiB"_s.arg(bytes / kMiB);
    if (bytes >= kKiB && bytes % kKiB == 0)
        return u"%1 KiB"_s.arg(bytes / kKiB);
    return bytes == 1 ? u"1 byte"_s : u"%1 bytes"_s.arg(bytes);
}

// A payload of length bytes: printable text, or 0xFE octets.
QByteArray payloadOf(bool isText, qsizetype length)
{
    if (!isText)
        return QByteArray(length, char(0xFE));
    const QByteArray pattern("BAsd7&jh23");
    QByteArray out;
    out.reserve(length);
    while (out.size() < length)
        out += pattern.first(qMin(pattern.size(), length - out.size()));
    return out;
}

// A message of length bytes in frames of fragmentSize (0: one frame), written in pieces of
// chopSize (0: one write), which the server is to echo within timeoutMs.
Case echoed(QString id, QString description, bool isText, qsizetype length, qsizetype fragmentSize,
            int chopSize, int timeoutMs)
{
    Case c = reply(std::move(id), std::move(description),
                   u"The server echoes the whole message within %1 s."_s.arg(timeoutMs / 1000), {},
                   {});
    c.timeoutMs = timeoutMs;
    c.prepare = [isText, length, fragmentSize, chopSize](Case &c) {
        const QByteArray payload = payloadOf(isText, length);
        Step step;
        step.chopSize = chopSize;
        const quint8 opcode = isText ? 0x1 : 0x2;
        if (fragmentSize <= 0 || fragmentSize >= length) {
            step.frames.push_back(frame(opcode, payload));
        } else {
            for (qsizetype at = 0; at < length; at += fragmentSize) {
                step.frames.push_back(frame(at == 0 ? opcode : 0x0, payload.mid(at, fragmentSize),
                                            at + fragmentSize >= length));
            }
        }
        c.steps = {std::move(step)};
        c.expected = {isText ? text(payload) : binary(payload)};
    };
    return c;
}
} // namespace

// 9: limits and performance. Each case has a bounded time; the report gives how long it took.
void limits(std::vector<Case> &cases)
{
    const qsizetype sizes[] = {64 * kKiB, 256 * kKiB, kMiB, 4 * kMiB, 8 * kMiB, 16 * kMiB};
    const qsizetype fragments[]
        = {64, 256, kKiB, 4 * kKiB, 16 * kKiB, 64 * kKiB, 256 * kKiB, kMiB, 4 * kMiB};
    const int chops[] = {64, 128, 256, 512, 1024, 2048};
    for (int kind = 0; kind < 2; ++kind) {
        const bool isText = kind == 0;
        const QString what = isText ? u"text"_s : u"binary"_s;
        int n = 0;
        for (qsizetype size : sizes) {
            cases.push_back(
                echoed(u"9.%1.%2"_s.arg(1 + kind).arg(++n),
                       u"Send a %1 message of %2 in one frame."_s.arg(what, sizeText(size)), isText,
                       size, 0, 0, size >= 4 * kMiB ? 60'000 : 10'000));
        }
        n = 0;
        for (qsizetype fragment : fragments) {
            cases.push_back(echoed(
                u"9.%1.%2"_s.arg(3 + kind).arg(++n),
                u"Send a %1 message of 4 MiB in fragments of %2."_s.arg(what, sizeText(fragment)),
                isText, 4 * kMiB, fragment, 0, 60'000));
        }
        n = 0;
        for (int chop : chops) {
            cases.push_back(echoed(u"9.%1.%2"_s.arg(5 + kind).arg(++n),
                                   u"Send a %1 message of 1 MiB in one frame, written in pieces "
                                   "of %2 octets."_s.arg(what)
                                       .arg(chop),
                                   isText, kMiB, 0, chop, 60'000));
        }
    }
    const int lengths[] = {0, 16, 64, 256, 1024, 4096};
    for (int kind = 0; kind < 2; ++kind) {
        const bool isText = kind == 0;
        int n = 0;
        for (int length : lengths) {
            Case c = reply(u"9.%1.%2"_s.arg(7 + kind).arg(++n),
                           u"Send 1000 %1 messages of %2, each after the echo of the one "
                           "before (round-trip latency)."_s.arg(isText ? u"text"_s : u"binary"_s,
                                                                sizeText(length)),
                           u"The server echoes all 1000 within 60 s."_s, {}, {});
            c.prepare = [isText, length](Case &c) {
                const QByteArray payload = payloadOf(isText, length);
                c.steps = stepsOf({frame(isText ? 0x1 : 0x2, payload)});
                c.expected.assign(1000, isText ? text(payload) : binary(payload));
            };
            c.roundTrips = 1000;
            c.timeoutMs = 60'000;
            cases.push_back(std::move(c));
        }
    }
}

// 10: auto-fragmentation. The message Autobahn's client fragments at 1300 octets.
void autoFragmentation(std::vector<Case> &cases)
{
    cases.push_back(echoed(u"10.1.1"_s,
                           u"Send a text message of 64 KiB in fragments of 1300 octets."_s, true,
                           64 * kKiB, 1300, 0, 10'000));
}

} // namespace Sockscope::Conformance::Build
