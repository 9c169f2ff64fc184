#pragma once

#include "log/messagelogmodel.h"
#include "profiletab.h"
#include "scenario/scenario.h"
#include "scenario/scenariorunner.h"
#include "session/session.h"

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace Sockscope {

class LogPane;

// A scenario tab: the scenario's steps in an editable table (a step's kind, and the rest of it
// as JSON), its on-open steps, Run, each step turning pass or fail as it runs, and the
// conversation in the same log and inspector as a connection tab. What the rows mean and
// every verdict are the core's (ScenarioTable, ScenarioRunner); the tab shows them.
class ScenarioTab : public ProfileTab
{
    Q_OBJECT

public:
    enum Column { KindColumn, DetailsColumn, ResultColumn, ColumnCount };

    explicit ScenarioTab(QWidget *parent = nullptr);
    ~ScenarioTab() override;

    QString title() const override;
    QString tabToolTip() const override;
    QString profileId() const override { return m_id; }
    void setName(const QString &name) override;
    bool saveInto(SessionDocument &document) const override;
    Workspace::Tab workspaceEntry() const override;
    void restoreFrom(const Workspace::Tab &entry) override;
    void useSession(const Session &session) override { m_session = session; }

    void setScenario(const Scenario &scenario);
    // The scenario as the table says, or why it cannot be read.
    Result<Scenario> scenario() const;

    // What the buttons do.
    void run(); // Run, or Stop while running
    void addStep(const QString &kind);
    void removeCurrentStep();
    void moveCurrentStep(int by);

    bool isRunning() const { return m_runner && m_runner->isRunning(); }
    QTableWidget *steps() const { return m_steps; }
    QLabel *statusLabel() const { return m_status; }
    MessageLogModel *log() { return &m_log; }
    LogPane *logPane() const { return m_logPane; }

private:
    void insertRow(int row, const QString &kind, const QString &details);
    void showResult(int row);
    void onFinished(bool passed);
    void setStatus(const QString &text, int kind);
    void edited();

    MessageLogModel m_log; // before the runner, which writes to it
    std::unique_ptr<ScenarioRunner> m_runner;
    Session m_session;
    QString m_id = Session::newId();
    QString m_name;
    bool m_filling = false;

    QLineEdit *m_nameEdit;
    QPushButton *m_runButton;
    QComboBox *m_newKind;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QPushButton *m_upButton;
    QPushButton *m_downButton;
    QLabel *m_status;
    QLineEdit *m_onOpen;
    QTableWidget *m_steps;
    LogPane *m_logPane;
};

} // namespace Sockscope
