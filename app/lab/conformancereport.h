#pragma once

#include "conformancerunner.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <vector>

namespace Sockscope::Conformance {

// A finished run, as the reports describe it.
struct Run
{
    QString agent; // the server's name
    QString url;
    QDateTime started;
    std::vector<CaseResult> results;
};

// How many cases got each overall verdict, and whether any failed (FAILED or WRONG CODE: the
// verdicts a CI job fails on).
struct Summary
{
    int ok = 0;
    int nonStrict = 0;
    int wrongCode = 0;
    int failed = 0;
    int informational = 0;
    int unimplemented = 0;
    bool anyFailed() const { return wrongCode + failed > 0; }
    QString text() const; // "40 cases: 38 OK, 1 NON-STRICT, 1 FAILED"
};
Summary summarize(const std::vector<CaseResult> &results);

// Every case with its verdicts, texts and frames both ways (payloads in base64, as much of
// each as the result kept: kMaxWirePayload).
QByteArray toJson(const Run &run);
// One test case per case, a <failure> for FAILED and WRONG CODE, a note for the rest.
QByteArray toJUnit(const Run &run);

} // namespace Sockscope::Conformance
