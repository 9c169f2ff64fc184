#include "workspacekeeper.h"

#include <QDir>
#include <QFileInfo>

namespace Sockscope {

WorkspaceKeeper::WorkspaceKeeper(std::function<Workspace()> snapshot, QObject *parent)
    : QObject(parent)
    , m_snapshot(std::move(snapshot))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kDefaultDelayMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { save(false); });
}

void WorkspaceKeeper::schedule()
{
    if (!m_path.isEmpty())
        m_timer.start();
}

bool WorkspaceKeeper::save(bool cleanExit, QString *errorOut)
{
    m_timer.stop();
    if (m_path.isEmpty())
        return false;
    Workspace w = m_snapshot();
    w.cleanExit = cleanExit;
    QString error;
    if (WorkspaceFile::save(m_path, w, &error))
        return true;
    if (errorOut)
        *errorOut = error;
    emit saveFailed(error);
    return false;
}

WorkspaceKeeper::Restored WorkspaceKeeper::restore()
{
    Restored r;
    if (m_path.isEmpty() || !QFileInfo::exists(m_path))
        return r;
    QString error;
    if (!WorkspaceFile::load(m_path, &r.workspace, &error)) {
        r.state = Restored::State::Unreadable;
        r.workspace = {};
        QString moveError;
        const QString aside = WorkspaceFile::moveAside(m_path, &moveError);
        if (aside.isEmpty()) {
            r.message = tr("%1\nIt could not be moved aside (%2); Sockscope starts with a new "
                           "workspace and will not overwrite it until it can.")
                            .arg(error, moveError);
            m_path.clear(); // never overwrite a file the user may want back
        } else {
            r.message = tr("%1\nIt was kept as %2. Sockscope starts with a new workspace.")
                            .arg(error, QDir::toNativeSeparators(aside));
        }
        return r;
    }
    r.state = Restored::State::Restored;
    if (!r.workspace.cleanExit)
        r.message = tr("Sockscope did not quit normally last time; the last autosaved workspace "
                       "was restored.");
    return r;
}

} // namespace Sockscope
