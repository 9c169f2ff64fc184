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

QByteArray toJson(const Workspace &w)
{
    QJsonArray tabs;
    for (const Workspace::Tab &t : w.tabs)
        tabs.append(QJsonObject {
            {u"kind"_s, t.kind == Workspace::Tab::Kind::Server ? u"server"_s : u"connection"_s},
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
    Workspace w;
    const auto bytes = [&](const char *key) {
        return QByteArray::fromBase64(root.value(QLatin1String(key)).toString().toLatin1());
    };
    w.windowGeometry = bytes("windowGeometry");
    w.windowState = bytes("windowState");
    if (!root.value(u"session").isObject())
        return fail(Tr::tr("session: expected an object"));
    QString sessionError;
    if (!SessionFile::fromJsonObject(root.value(u"session").toObject(), &w.session, &sessionError))
        return fail(Tr::tr("session: %1").arg(sessionError));
    w.sessionPath = root.value(u"sessionPath").toString();
    w.sessionModified = root.value(u"sessionModified").toBool();
    w.currentTab = root.value(u"currentTab").toInt(-1);
    w.cleanExit = root.value(u"cleanExit").toBool();
    const QJsonArray tabs = root.value(u"tabs").toArray();
    for (qsizetype i = 0; i < tabs.size(); ++i) {
        const QJsonObject t = tabs[i].toObject();
        const QString kind = t.value(u"kind").toString();
        if (kind != u"server" && kind != u"connection")
            return fail(Tr::tr("tabs[%1].kind: expected connection or server").arg(i));
        Workspace::Tab tab;
        tab.kind
            = kind == u"server" ? Workspace::Tab::Kind::Server : Workspace::Tab::Kind::Connection;
        tab.profileId = t.value(u"profile").toString();
        tab.composerText = t.value(u"composerText").toString();
        tab.composerMode = t.value(u"composerMode").toInt();
        tab.builtInEcho = t.value(u"builtInEcho").toBool();
        tab.splitterState = QByteArray::fromBase64(t.value(u"splitterState").toString().toLatin1());
        w.tabs << tab;
    }
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
