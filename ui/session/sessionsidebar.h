#pragma once

#include "common/secrettable.h"
#include "session/session.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace Sockscope {

// The session at a glance: its connections, servers, lab tabs, scenarios and snippets (double-click
// opens a set-up in a tab, or sends a snippet to the current tab; rename, duplicate, delete), and
// its variables as a table of name, value and whether the value is secret.
class SessionSidebar : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { Connection, Server, Lab, Snippet, Scenario };
    Q_ENUM(Kind)

    explicit SessionSidebar(QWidget *parent = nullptr);

    // Shows the session; edits are reported by the signals below, not made here.
    void setSession(const Session &session);
    QList<Variable> variables() const;
    void setSecretsNote(const QString &note);
    QSize sizeHint() const override;

    QTreeWidget *tree() const { return m_tree; }
    SecretTable *variablesTable() const { return m_variables; }
    // The item of this kind and id, or nullptr.
    QTreeWidgetItem *itemFor(Kind kind, const QString &id) const;
    // What the buttons do, for the selected item.
    void openSelected();
    void renameSelected();
    void duplicateSelected();
    void deleteSelected();

signals:
    void openRequested(Sockscope::SessionSidebar::Kind kind, const QString &id);
    void sendSnippetRequested(const QString &id);
    void renameRequested(Sockscope::SessionSidebar::Kind kind, const QString &id,
                         const QString &name);
    void duplicateRequested(Sockscope::SessionSidebar::Kind kind, const QString &id);
    void deleteRequested(Sockscope::SessionSidebar::Kind kind, const QString &id);
    void variablesChanged();

private:
    bool selected(Kind *kind, QString *id) const;

    QTreeWidget *m_tree;
    QTreeWidgetItem *m_groups[5]; // by Kind
    SecretTable *m_variables;
    QLabel *m_secretsNote;
    bool m_filling = false;
};

} // namespace Sockscope
