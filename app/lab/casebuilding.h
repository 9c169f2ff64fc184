#pragma once

// What the files that build the conformance cases share: short ways to write frames, events and
// cases. Not for use outside app/lab/conformancecases*.cpp.

#include "conformancecase.h"

#include <QString>

#include <vector>

namespace Sockscope::Conformance::Build {

inline FrameSpec frame(quint8 opcode, QByteArray payload = {}, bool fin = true, int rsv = 0)
{
    FrameSpec f;
    f.opcode = opcode;
    f.payload = std::move(payload);
    f.fin = fin;
    f.rsv1 = rsv & 4;
    f.rsv2 = rsv & 2;
    f.rsv3 = rsv & 1;
    return f;
}

inline Event text(QByteArray payload)
{
    return {Event::Kind::Text, std::move(payload)};
}
inline Event binary(QByteArray payload)
{
    return {Event::Kind::Binary, std::move(payload)};
}
inline Event pong(QByteArray payload)
{
    return {Event::Kind::Pong, std::move(payload)};
}

// How the client's octets go out: all in one write, each frame in its own, or one octet a
// time.
enum class Chops { One, FrameWise, OctetWise };

inline std::vector<Step> stepsOf(std::vector<FrameSpec> frames, Chops chops = Chops::One)
{
    if (chops == Chops::FrameWise) {
        std::vector<Step> steps;
        for (FrameSpec &f : frames)
            steps.push_back({{std::move(f)}});
        return steps;
    }
    Step step {std::move(frames)};
    if (chops == Chops::OctetWise)
        step.chopSize = 1;
    return {std::move(step)};
}

inline QString chopsText(Chops chops)
{
    switch (chops) {
    case Chops::One:
        return QStringLiteral("all in one write");
    case Chops::FrameWise:
        return QStringLiteral("each frame in a write of its own");
    case Chops::OctetWise:
        return QStringLiteral("one octet per write");
    }
    return {};
}

inline Case reply(QString id, QString description, QString expectation, std::vector<Step> steps,
                  std::vector<Event> expected)
{
    Case c;
    c.id = std::move(id);
    c.description = std::move(description);
    c.expectation = std::move(expectation);
    c.steps = std::move(steps);
    c.expected = std::move(expected);
    return c;
}

inline Case failing(QString id, QString description, QString expectation, std::vector<Step> steps,
                    std::vector<Event> before = {}, QList<int> codes = {1002})
{
    Case c = reply(std::move(id), std::move(description), std::move(expectation), std::move(steps),
                   std::move(before));
    c.outcome = Case::Outcome::Fail;
    c.closeCodes = std::move(codes);
    return c;
}

// Each category's cases, appended in order.
void utf8(std::vector<Case> &cases); // 6
void limits(std::vector<Case> &cases); // 9
void autoFragmentation(std::vector<Case> &cases); // 10

} // namespace Sockscope::Conformance::Build
