#pragma once

#include "scenariorunner.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Sockscope {

// What one run of a scenario came to, kept after its runner has gone, for the terminal and
// the reports.
struct ScenarioOutcome
{
    QString name;
    QStringList stepTitles;
    QList<ScenarioRunner::StepResult> results;
    qint64 elapsedMs = 0;
    bool passed = false;

    static ScenarioOutcome of(const ScenarioRunner &runner);
    // The first failed step's index, or -1.
    int failedStep() const;
    // "step 3, expect ...: Expected ... within 2000 ms; no message came."
    QString failureText() const;
    // One line a step: "  pass   1  connect to ws://…  (12 ms)  opened in 12 ms".
    QStringList lines() const;
};

// The reports of `sockscope run`.
namespace ScenarioReport {
// JUnit XML, the common form CI servers read: one test case per scenario, its failing step's
// sentence as the failure's message, every step's line as its output.
QByteArray junit(const QList<ScenarioOutcome> &outcomes, const QString &suiteName);
// JSON: every scenario with every step's outcome, message and time.
QByteArray json(const QList<ScenarioOutcome> &outcomes);
} // namespace ScenarioReport

} // namespace Sockscope
