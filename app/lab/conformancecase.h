#pragma once

#include "websocket/wireframe.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace Sockscope::Conformance {

// The grades of Autobahn|Testsuite, so results compare with published ones.
enum class Verdict { Ok, NonStrict, WrongCode, Failed, Informational, Unimplemented };
QString nameOf(Verdict verdict); // "OK", "NON-STRICT", ...
// The worse of two (FAILED is worst; OK best; INFORMATIONAL counts as OK).
Verdict worse(Verdict a, Verdict b);

// What the server sends back that a case looks for.
struct Event
{
    enum class Kind { Text, Binary, Pong };
    Kind kind = Kind::Text;
    QByteArray payload;
    friend bool operator==(const Event &, const Event &) = default;
};

// One thing the client does after the handshake: frames written in one go, or in pieces.
struct Step
{
    std::vector<FrameSpec> frames; // masked when they are sent, unless a case says otherwise
    int chopSize = 0; // 0: one write; else pieces of this many bytes
    int chopDelayMs = 0; // between pieces
    int pauseBeforeMs = 0;
    bool keepMask = false; // the frames' mask bits and keys are the case's own
    // The step's one frame is written in pieces cut at these payload offsets, chopDelayMs
    // apart (a frame whose payload goes bad in its second piece: 6.4.3).
    QList<qsizetype> cutsAt {};
};

// One case: what is sent, and what RFC 6455 says the server must do about it.
struct Case
{
    enum class Outcome {
        // The server answers with `expected`; then the client closes with 1000 (unless a step
        // sent a close of its own).
        Reply,
        Fail, // the server fails the connection (after `expected`, if any)
        Information, // whatever the server does is recorded, not graded
    };

    QString id; // "1.1.1", as Autobahn numbers it
    QString description; // what the client does
    QString expectation; // what a conforming server does
    std::vector<Step> steps;
    Outcome outcome = Outcome::Reply;
    std::vector<Event> expected;
    // Reply: a lesser answer that is still allowed (NON-STRICT), e.g. only the last pong.
    std::optional<std::vector<Event>> nonStrict;
    // The codes the server's close frame may carry; -1 for a close frame without a code.
    QList<int> closeCodes {1000};
    // Reply: the server may answer the client's close by dropping TCP (it fails the
    // connection for a close frame that breaks a rule).
    bool dropIsFine = false;
    int timeoutMs = 2000; // for the whole exchange after the handshake
    // Fail: the server is to fail the connection before the last step is written (it checks
    // UTF-8 as it arrives, RFC 6455 8.1); failing only after it is NON-STRICT.
    bool failFast = false;
    // Reply: the steps go out again after each message the server sends back, until this many
    // came (a round trip at a time: 9.7).
    int roundTrips = 0;
    // For a case of large payloads: fills in its steps and expected events when it runs, so
    // the list of cases stays small.
    std::function<void(Case &)> prepare;
};

// Every case of the suite, in order.
const std::vector<Case> &allCases();
// The cases a spec picks: "1.1.1", "1.*", "2.1-2.5", several separated by commas; "*" or empty
// for all. Nothing, with a sentence in *error, for a spec that picks none or is malformed.
std::optional<std::vector<Case>> pick(const QString &spec, QString *error);

} // namespace Sockscope::Conformance
