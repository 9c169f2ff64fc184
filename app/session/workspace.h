#pragma once

#include "session.h"

namespace Sockscope {

// What was open when the app last saved its workspace: the window, the session with any
// unsaved changes, and the tabs. Autosaved a few seconds after each change and on quit, to the
// platform's app-data folder, and restored at the next launch, after a crash too.
struct Workspace
{
    struct Tab
    {
        enum class Kind { Connection, Server, Lab, Scenario };
        Kind kind = Kind::Connection;
        QString profileId; // in the session
        QString composerText;
        int composerMode = 0;
        bool builtInEcho = false; // points at the built-in echo server, whatever its port
        QByteArray splitterState;
        friend bool operator==(const Tab &, const Tab &) = default;
    };

    QByteArray windowGeometry;
    QByteArray windowState;
    QString sessionPath; // empty: an untitled session
    bool sessionModified = false;
    Session session;
    QList<Tab> tabs;
    int currentTab = -1;
    bool cleanExit = false; // false while the app runs, true once it quit normally
    friend bool operator==(const Workspace &, const Workspace &) = default;
};

namespace WorkspaceFile {
constexpr int kVersion = 1;
constexpr qint64 kMaxBytes = 64LL * 1024 * 1024;

// <app data>/workspace.json
QString defaultPath();
QByteArray toJson(const Workspace &workspace);
bool fromJson(const QByteArray &json, Workspace *out, QString *error);
bool load(const QString &path, Workspace *out, QString *error);
bool save(const QString &path, const Workspace &workspace, QString *error);
// Renames an unreadable workspace to "<path>.corrupt-<yyyyMMdd-hhmmss>" so a fresh one can
// start; returns the new path, or an empty string with the reason in *error.
QString moveAside(const QString &path, QString *error);
} // namespace WorkspaceFile

} // namespace Sockscope
