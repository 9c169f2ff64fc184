#pragma once

#include "io/result.h"
#include "scenario.h"
#include "session/session.h"

namespace Sockscope {

// Where `sockscope run` and a scenario tab find scenarios: a session file's "scenarios", or a
// standalone *.scenario.json that names the session it runs against:
//   {"version": 1, "session": "shop.sockscope.json", "scenarios": [...]}
// (the session's path is relative to the scenario file; without one, an empty session).
namespace ScenarioFile {

constexpr int kVersion = 1;
constexpr qint64 kMaxBytes = 32LL * 1024 * 1024;

struct Loaded
{
    Session session;
    QList<Scenario> scenarios; // the file's own, or the session's
    QString sessionPath; // the session file read, absolute
};

// *.scenario.json
bool isScenarioFile(const QString &path);
// A scenario file's contents: its scenarios, and the session path it names (as written).
Result<QList<Scenario>> fromJson(const QByteArray &json, QString *sessionPath = nullptr);
// Reads a session or a scenario file; the sentence names the file and the place of a mistake.
Result<Loaded> load(const QString &path);
// The standalone form: scenarios and, when sessionPath is set, the session they run against
// (written relative to path). Atomic, like every file Sockscope writes.
bool save(const QString &path, const QList<Scenario> &scenarios, const QString &sessionPath,
          QString *error);

} // namespace ScenarioFile
} // namespace Sockscope
