#include "workspace.h"

#include "io/jsonreader.h"
#include "io/savefile.h"
#include "sessionfile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Sockscope::WorkspaceFile {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Workspace)
};

QString base64(const QByteArray &data)
{
    return QString::fromLatin1(data.toBase64());
}
} // namespace

QString defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("workspace.json"));
}

// By Workspace::Tab::Kind.
const QStringList kindNames {u"connection"_s, u"server"_s, u"lab"_s, u"scenario"_s};

QByteArray toJson(const Workspace &w)
{
    QJsonArray tabs;
    for (const Workspace::Tab &t : w.tabs)
        tabs.append(QJsonObject {{u"kind"_s, kindNames[int(t.kind)]},
                                 {u"profile"_s, t.profileId},
                                 {u"composerText"_s, t.composerText},
                                 {u"composerMode"_s, t.composerMode},
                                 {u"builtInEcho"_s, t.builtInEcho},
                                 {u"splitterState"_s, base64(t.splitterState)}});
    const QJsonObject root {
        {u"version"_s, kVersion},
        {u"windowGeometry"_s, base64(w.windowGeometry)},
        {u"windowState"_s, base64(w.windowState)},
        {u"sessionPath"_s, w.sessionPath},
        {u"sessionModified"_s, w.sessionModified},
        {u"session"_s, SessionFile::toJsonObject(w.session)},
        {u"tabs"_s, tabs},
        {u"currentTab"_s, w.currentTab},
        {u"cleanExit"_s, w.cleanExit},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool fromJson(const QByteArray &json, Workspace *out, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QJsonObject root;
    if (!JsonFiles::parseObject(json, &root, error))
        return false;
    const QJsonValue version = root.value(u"version");
    if (!version.isDouble())
        return fail(Tr::tr("not a Sockscope workspace (no version)"));
    if (version.toInt() > kVersion)
        return fail(
            Tr::tr("written by a newer Sockscope (workspace version %1)").arg(version.toInt()));
    JsonReader r;
    Workspace w;
    w.windowGeometry = r.base64(root, "windowGeometry", {});
    w.windowState = r.base64(root, "windowState", {});
    r.value(root, "session", {}, true);
    const QJsonObject session = r.object(root.value(u"session"), QStringLiteral("session"));
    QString sessionError;
    if (r.ok() && !SessionFile::fromJsonObject(session, &w.session, &sessionError))
        r.fail(QStringLiteral("session"), sessionError);
    w.sessionPath = r.string(root, "sessionPath", {});
    w.sessionModified = r.boolean(root, "sessionModified", {}, false);
    w.currentTab = int(r.integer(root, "currentTab", {}, -1, -1, INT32_MAX));
    w.cleanExit = r.boolean(root, "cleanExit", {}, false);
    const QJsonArray tabs = r.array(root, "tabs", {});
    for (qsizetype i = 0; i < tabs.size() && r.ok(); ++i) {
        const QString place = QStringLiteral("tabs[%1]").arg(i);
        const QJsonObject t = r.object(tabs[i], place);
        const QString kind = r.string(t, "kind", place, {}, true);
        const qsizetype kindIndex = kindNames.indexOf(kind);
        if (r.ok() && kindIndex < 0)
            r.fail(JsonReader::placeOf(place, "kind"),
                   Tr::tr("expected connection, server, lab or scenario"));
        Workspace::Tab tab;
        tab.kind = Workspace::Tab::Kind(qMax<qsizetype>(0, kindIndex));
        tab.profileId = r.string(t, "profile", place);
        tab.composerText = r.string(t, "composerText", place);
        tab.composerMode = int(r.integer(t, "composerMode", place, 0, 0, 15));
        tab.builtInEcho = r.boolean(t, "builtInEcho", place, false);
        tab.splitterState = r.base64(t, "splitterState", place);
        w.tabs << tab;
    }
    if (!r.ok())
        return fail(r.error());
    *out = std::move(w);
    return true;
}

bool load(const QString &path, Workspace *out, QString *error)
{
    return JsonFiles::load(
        path, kMaxBytes,
        [out](const QByteArray &data, QString *problem) { return fromJson(data, out, problem); },
        Tr::tr("%1 cannot be read: %2."), error);
}

bool save(const QString &path, const Workspace &workspace, QString *error)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error
                = Tr::tr("Could not create the folder for %1.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return saveWithMessage(path, toJson(workspace), error);
}

QString moveAside(const QString &path, QString *error)
{
    const QString target = path + QStringLiteral(".corrupt-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QFile file(path);
    if (!file.rename(target)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    return target;
}

} // namespace Sockscope::WorkspaceFile
