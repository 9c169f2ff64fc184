#include "scenariofile.h"

#include "io/jsonreader.h"
#include "io/savefile.h"
#include "session/sessionfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Sockscope::ScenarioFile {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ScenarioFile)
};
} // namespace

bool isScenarioFile(const QString &path)
{
    return path.endsWith(u".scenario.json"_s, Qt::CaseInsensitive);
}

Result<QList<Scenario>> fromJson(const QByteArray &json, QString *sessionPath)
{
    using Scenarios = Result<QList<Scenario>>;
    QJsonObject root;
    QString problem;
    if (!JsonFiles::parseObject(json, &root, &problem))
        return Scenarios::failure(problem);
    JsonReader r;
    const qint64 version = r.integer(root, "version", {}, 0, 1, 1'000'000);
    if (r.ok() && version > kVersion)
        return Scenarios::failure(Tr::tr("written by a newer Sockscope (scenario version %1); "
                                         "this version reads version %2. Update Sockscope to "
                                         "run it.")
                                      .arg(version)
                                      .arg(kVersion));
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != u"version" && it.key() != u"session" && it.key() != u"scenarios")
            r.fail(it.key(), Tr::tr("unknown key"));
    }
    if (!root.contains(u"version"))
        r.fail(u"version"_s, Tr::tr("missing"));
    const QString session = r.string(root, "session", {});
    const QJsonArray array = r.array(root, "scenarios", {});
    if (!r.ok())
        return Scenarios::failure(r.error());
    QList<Scenario> scenarios;
    if (!Scenario::listFromJson(array, &scenarios, &problem))
        return Scenarios::failure(problem);
    if (sessionPath)
        *sessionPath = session;
    return scenarios;
}

Result<Loaded> load(const QString &path)
{
    Loaded loaded;
    QString error;
    if (!isScenarioFile(path)) {
        if (!SessionFile::load(path, &loaded.session, &error))
            return Result<Loaded>::failure(error);
        if (!Scenario::listFromJson(loaded.session.scenarios, &loaded.scenarios, &error))
            return Result<Loaded>::failure(Tr::tr("%1 has a scenario Sockscope cannot run: %2.")
                                               .arg(QDir::toNativeSeparators(path), error));
        loaded.sessionPath = QFileInfo(path).absoluteFilePath();
        return loaded;
    }
    QString sessionPath;
    const bool read = JsonFiles::load(
        path, kMaxBytes,
        [&](const QByteArray &data, QString *problem) {
            Result<QList<Scenario>> scenarios = fromJson(data, &sessionPath);
            if (!scenarios) {
                *problem = scenarios.error();
                return false;
            }
            loaded.scenarios = std::move(scenarios).value();
            return true;
        },
        Tr::tr("%1 is not a scenario file Sockscope can run: %2."), &error);
    if (!read)
        return Result<Loaded>::failure(error);
    if (!sessionPath.isEmpty()) {
        loaded.sessionPath
            = QFileInfo(QFileInfo(path).absoluteDir(), sessionPath).absoluteFilePath();
        if (!SessionFile::load(loaded.sessionPath, &loaded.session, &error))
            return Result<Loaded>::failure(
                Tr::tr("%1 names the session %2: %3")
                    .arg(QDir::toNativeSeparators(path), sessionPath, error));
    }
    return loaded;
}

bool save(const QString &path, const QList<Scenario> &scenarios, const QString &sessionPath,
          QString *error)
{
    QJsonObject root {{u"version"_s, kVersion}, {u"scenarios"_s, Scenario::listToJson(scenarios)}};
    if (!sessionPath.isEmpty())
        root.insert(u"session"_s,
                    QFileInfo(path).absoluteDir().relativeFilePath(
                        QFileInfo(sessionPath).absoluteFilePath()));
    return saveWithMessage(path, QJsonDocument(root).toJson(QJsonDocument::Indented), error);
}

} // namespace Sockscope::ScenarioFile
