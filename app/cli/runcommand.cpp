#include "runcommand.h"

#include "io/savefile.h"
#include "scenario/artilleryexport.h"
#include "scenario/scenariofile.h"
#include "scenario/scenarioreport.h"
#include "scenario/scenariorunner.h"
#include "session/secretstore.h"
#include "terminationwatcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::RunCommand)
};

// SOCKSCOPE_VAR_NAME=VALUE from the environment, then --var NAME=VALUE (which wins).
QList<Variable> givenVariables(const RunOptions &options)
{
    QList<Variable> variables;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString prefix = u"SOCKSCOPE_VAR_"_s;
    for (const QString &key : env.keys()) {
        if (key.startsWith(prefix) && key.size() > prefix.size())
            variables.append({key.mid(prefix.size()), env.value(key), false});
    }
    for (const auto &[name, value] : options.variables)
        variables.append({name, value, false});
    return variables;
}

bool hasEmptySecret(Session &session)
{
    bool empty = false;
    session.forEachSecret(
        [&](const QString &, QString *value) { empty = empty || value->isEmpty(); });
    return empty;
}
// --export-artillery: the chosen scenarios as an Artillery script, with the run's variables.
int exportArtillery(const RunOptions &options, const QList<Scenario> &scenarios,
                    QList<Variable> variables, const QList<Variable> &given)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    for (const Variable &v : given) {
        auto it = std::find_if(variables.begin(), variables.end(),
                               [&](const Variable &known) { return known.name == v.name; });
        if (it != variables.end())
            it->value = v.value;
        else
            variables << v;
    }
    const Result<ArtilleryExport::Script> script = ArtilleryExport::toYaml(scenarios, variables);
    QString error;
    if (!script) {
        err << "sockscope: run: " << script.error() << "\n";
        return CommandLine::kExitRuntimeError;
    }
    if (!saveWithMessage(options.artilleryPath, script->yaml, &error)) {
        err << "sockscope: run: " << error << "\n";
        return CommandLine::kExitRuntimeError;
    }
    out << Tr::tr("Wrote %1 for Artillery's ws engine: %2.")
               .arg(QDir::toNativeSeparators(options.artilleryPath),
                    scenarios.size() == 1 ? Tr::tr("1 scenario")
                                          : Tr::tr("%1 scenarios").arg(scenarios.size()))
        << "\n";
    for (const QString &skipped : script->skipped)
        out << Tr::tr("  left out: %1").arg(skipped) << "\n";
    return 0;
}
} // namespace

int runRunCommand(const RunOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    Result<ScenarioFile::Loaded> loaded = ScenarioFile::load(options.file);
    if (!loaded) {
        err << "sockscope: run: " << loaded.error() << "\n";
        return CommandLine::kExitUsageError;
    }
    ScenarioFile::Loaded file = std::move(loaded).value();
    QList<Scenario> chosen;
    for (const QString &name : options.scenarios) {
        const auto it = std::find_if(file.scenarios.begin(), file.scenarios.end(),
                                     [&](const Scenario &s) { return s.name == name; });
        if (it == file.scenarios.end()) {
            QStringList names;
            for (const Scenario &s : std::as_const(file.scenarios))
                names << u'"' + s.name + u'"';
            err << "sockscope: run: "
                << Tr::tr("%1 has no scenario \"%2\" (it has %3).")
                       .arg(QDir::toNativeSeparators(options.file), name,
                            names.isEmpty() ? Tr::tr("none") : names.join(u", "_s))
                << "\n";
            return CommandLine::kExitUsageError;
        }
        chosen << *it;
    }
    if (options.scenarios.isEmpty())
        chosen = file.scenarios;
    if (chosen.isEmpty()) {
        err << "sockscope: run: "
            << Tr::tr("%1 has no scenarios to run.").arg(QDir::toNativeSeparators(options.file))
            << "\n";
        return CommandLine::kExitUsageError;
    }
    // Secret values come from the keychain when it has them; --var and the environment
    // give them in CI.
    if (hasEmptySecret(file.session)) {
        SecretStore secrets;
        secrets.fill(file.session);
    }
    const QList<Variable> given = givenVariables(options);
    if (!options.artilleryPath.isEmpty())
        return exportArtillery(options, chosen, file.session.variables, given);

    TerminationWatcher termination;
    QList<ScenarioOutcome> outcomes;
    QElapsedTimer clock;
    clock.start();
    bool interrupted = false;
    for (const Scenario &scenario : std::as_const(chosen)) {
        out << (scenario.steps.size() == 1 ? Tr::tr("Scenario \"%1\" (1 step)")
                                           : Tr::tr("Scenario \"%1\" (%2 steps)"))
                   .arg(scenario.name)
                   .arg(scenario.steps.size())
            << "\n";
        out.flush();
        ScenarioRunner runner(scenario, file.session);
        runner.setVariables(given);
        QEventLoop loop;
        QObject::connect(&runner, &ScenarioRunner::stepFinished, &loop, [&](int index) {
            ScenarioOutcome partial = ScenarioOutcome::of(runner);
            out << partial.lines().at(index) << "\n";
            out.flush();
        });
        QObject::connect(&runner, &ScenarioRunner::finished, &loop, &QEventLoop::quit);
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &runner, [&] {
            runner.abort(
                Tr::tr("The run took longer than %1 s (--timeout).").arg(options.timeoutSeconds));
        });
        if (options.timeoutSeconds > 0) {
            const qint64 left = qint64(options.timeoutSeconds) * 1000 - clock.elapsed();
            deadline.start(int(std::max<qint64>(left, 0)));
        }
        QObject::connect(&termination, &TerminationWatcher::terminationRequested, &runner, [&] {
            interrupted = true;
            runner.abort(Tr::tr("Interrupted."));
        });
        runner.start();
        loop.exec();
        const ScenarioOutcome outcome = ScenarioOutcome::of(runner);
        // Skipped steps were never announced one by one.
        for (qsizetype i = 0; i < outcome.results.size(); ++i) {
            if (outcome.results[i].outcome == ScenarioRunner::Outcome::Skipped)
                out << outcome.lines().at(i) << "\n";
        }
        out << (outcome.passed ? Tr::tr("Scenario \"%1\" passed in %2 s.")
                               : Tr::tr("Scenario \"%1\" FAILED in %2 s."))
                   .arg(scenario.name)
                   .arg(outcome.elapsedMs / 1000.0, 0, 'f', 2)
            << "\n\n";
        out.flush();
        outcomes << outcome;
        if (interrupted)
            break;
    }
    const int failed = int(std::count_if(outcomes.begin(), outcomes.end(),
                                         [](const ScenarioOutcome &o) { return !o.passed; }));
    out << Tr::tr("%1 of %2 scenarios passed.").arg(outcomes.size() - failed).arg(outcomes.size())
        << "\n";
    out.flush();

    const QString suite = QFileInfo(options.file).fileName();
    int code = failed ? CommandLine::kExitRuntimeError : 0;
    const auto write = [&](const QString &path, const QByteArray &data) {
        QString error;
        if (!path.isEmpty() && !saveWithMessage(path, data, &error)) {
            err << "sockscope: run: " << error << "\n";
            code = CommandLine::kExitRuntimeError;
        }
    };
    write(options.junitPath, ScenarioReport::junit(outcomes, suite));
    write(options.jsonPath, ScenarioReport::json(outcomes));
    return code;
}

} // namespace Sockscope
