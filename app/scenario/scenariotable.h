#pragma once

#include "io/result.h"
#include "scenario.h"

#include <QList>
#include <QString>

namespace Sockscope {

// A scenario as a scenario tab edits it: a row a step, its kind and the rest of the step as
// JSON ({"text": "hi"}), and the on-open steps as a JSON list. Reading the rows back is
// where what the user typed is checked, with the same places as the file ("steps[2].within").
namespace ScenarioTable {

struct Row
{
    QString kind; // "send", "expect", ...
    QString details; // the step without "kind", as compact JSON; empty for {}
    friend bool operator==(const Row &, const Row &) = default;
};

QList<Row> rowsOf(const Scenario &scenario);
QString onOpenText(const Scenario &scenario);
Result<Scenario> scenarioOf(const QString &id, const QString &name, const QList<Row> &rows,
                            const QString &onOpen);
// The details a new row of this kind starts with: the keys it needs, filled with examples.
QString template_(const QString &kind);

} // namespace ScenarioTable
} // namespace Sockscope
