#pragma once

#include "workspace.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace Sockscope {

// Keeps the workspace file: autosaves a snapshot a few seconds after each change and on quit,
// marks a running app so that a crash is recognised at the next launch, and reads the file
// back, moving aside one it cannot read rather than overwriting it.
class WorkspaceKeeper : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultDelayMs = 2000;

    // snapshot gives the workspace as it is now; it is called at each save.
    explicit WorkspaceKeeper(std::function<Workspace()> snapshot, QObject *parent = nullptr);

    // Empty: no workspace is kept.
    void setPath(const QString &path) { m_path = path; }
    QString path() const { return m_path; }
    void setDelay(int ms) { m_timer.setInterval(ms); }

    // Saves after the delay (later changes within it are saved with it).
    void schedule();
    void cancel() { m_timer.stop(); }
    // Saves now; cleanExit marks a normal quit. False (and saveFailed) with the reason.
    bool save(bool cleanExit, QString *error = nullptr);

    struct Restored
    {
        enum class State { Fresh, Restored, Unreadable } state = State::Fresh;
        Workspace workspace; // when Restored
        // For the user: why the file could not be read and where it was kept, or that the
        // last run did not quit normally. Empty when there is nothing to say.
        QString message;
    };
    // Reads the workspace at path(). An unreadable one is renamed aside; if even that fails,
    // the path is dropped so the file is never overwritten.
    Restored restore();

signals:
    void saveFailed(const QString &error);

private:
    std::function<Workspace()> m_snapshot;
    QString m_path;
    QTimer m_timer;
};

} // namespace Sockscope
