#pragma once

#include "session/workspace.h"

#include <QWidget>

namespace Sockscope {

class SessionDocument;

// A tab that shows one item of the session (a connection or a server): what the window needs
// of any such tab, so it never has to ask which kind it holds.
class ProfileTab : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;
    ~ProfileTab() override;

    virtual QString title() const = 0;
    // The tab's tooltip: where it connects or listens, in full.
    virtual QString tabToolTip() const = 0;
    virtual QString profileId() const = 0;
    virtual void setName(const QString &name) = 0;
    // Writes the tab's current set-up into the document; true when that changed it.
    virtual bool saveInto(SessionDocument &document) const = 0;
    // What the workspace keeps of the tab, beyond its set-up.
    virtual Workspace::Tab workspaceEntry() const = 0;
    virtual void restoreFrom(const Workspace::Tab &entry) { Q_UNUSED(entry) }
    // The session's variables and snippets changed.
    virtual void useSession(const Session &session) { Q_UNUSED(session) }

signals:
    void titleChanged(const QString &title);
    // A one-line message for the status bar.
    void statusMessage(const QString &message);
    // The user changed the set-up: the session has unsaved changes.
    void setupChanged();
    // Something the workspace keeps (but the session does not) changed.
    void workspaceChanged();
};

} // namespace Sockscope
