// MainWindow's scenario tabs and the two ways a log becomes something of the session:
// Save as scenario and Save as mock server. (mainwindow.cpp holds the window itself.)
#include "mainwindow.h"

#include "connection/connectiontab.h"
#include "log/conversation.h"
#include "log/filteredlogmodel.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"
#include "log/messagelogview.h"
#include "scenario/savescenariodialog.h"
#include "scenario/scenariorecorder.h"
#include "scenario/scenariotab.h"
#include "server/recordedmock.h"
#include "server/servertab.h"

#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>

namespace Sockscope {

ScenarioTab *MainWindow::newScenarioTab()
{
    Scenario scenario;
    scenario.id = Session::newId();
    scenario.name = tr("Scenario %1").arg(m_document.session().scenarios.size() + 1);
    ScenarioStep connect;
    connect.kind = ScenarioStep::Kind::Connect;
    connect.url = QStringLiteral("ws://127.0.0.1:8765");
    if (const ConnectionTab *current = currentConnectionTab())
        connect.url = current->profile().url;
    else if (echoServerUrl().isValid())
        connect.url = echoServerUrl().toString();
    scenario.steps << connect;
    ScenarioTab *tab = createScenarioTab(scenario);
    m_document.updateScenario(scenario.toJson());
    return tab;
}

ScenarioTab *MainWindow::createScenarioTab(const Scenario &scenario)
{
    auto *tab = new ScenarioTab(m_tabs);
    tab->setScenario(scenario);
    connectProfileTab(tab);
    return tab;
}

ScenarioTab *MainWindow::openScenario(const QString &id)
{
    const QJsonObject json = m_document.scenario(id);
    if (json.isEmpty())
        return nullptr;
    JsonReader r;
    const Scenario scenario = Scenario::fromJson(r, json, QStringLiteral("scenario"));
    if (!r.ok()) {
        showError(tr("Scenario"),
                  tr("The scenario “%1” cannot be opened: %2.")
                      .arg(json.value(QLatin1String("name")).toString(), r.error()));
        return nullptr;
    }
    return createScenarioTab(scenario);
}

std::vector<LogEvent> MainWindow::conversationOf(LogPane *pane) const
{
    const QModelIndex current = pane->view()->currentIndex();
    const int row = current.isValid() ? pane->filteredLog()->sourceRow(current.row()) : -1;
    return Conversation::at(*pane->log(), row);
}

void MainWindow::saveLogAsScenario(LogPane *pane)
{
    const std::vector<LogEvent> events = conversationOf(pane);
    const QString name = tr("Scenario %1").arg(m_document.session().scenarios.size() + 1);
    auto *dialog = new SaveScenarioDialog(name, ScenarioRecorder::jsonFieldsIn(events), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, events] {
        ScenarioRecorder::Options options = dialog->options();
        if (const ConnectionTab *tab = currentConnectionTab())
            options.url = tab->profile().url;
        const Result<Scenario> scenario = ScenarioRecorder::fromConversation(events, options);
        if (!scenario) {
            showError(tr("Save as scenario"), scenario.error());
            return;
        }
        m_document.updateScenario(scenario->toJson());
        createScenarioTab(*scenario);
        statusBar()->showMessage(tr("Saved the conversation as scenario “%1”, %2 steps.")
                                     .arg(scenario->name)
                                     .arg(scenario->steps.size()),
                                 kStatusTimeoutMs);
    });
    dialog->open();
}

ServerTab *MainWindow::saveLogAsMockServer(LogPane *pane)
{
    const Result<RecordedMock::Built> built = RecordedMock::fromConversation(conversationOf(pane));
    if (!built) {
        showError(tr("Save as mock server"), built.error());
        return nullptr;
    }
    ServerProfile profile;
    profile.id = Session::newId();
    profile.name = tr("Mock of %1").arg(m_tabs->tabText(m_tabs->currentIndex()).remove(u'&'));
    profile.rules = built->rules;
    ServerTab *tab = createServerTab(profile);
    m_document.addServer(tab->profile());
    QString message = tr("Saved as mock server “%1”: %2 rules from %3 client messages, %4 server "
                         "messages. Start it from its tab.")
                          .arg(profile.name)
                          .arg(built->rules.rules.size())
                          .arg(built->clientMessages)
                          .arg(built->serverMessages);
    for (const QString &note : built->notes)
        message += u' ' + note;
    statusBar()->showMessage(message, kStatusTimeoutMs * 2);
    return tab;
}

} // namespace Sockscope
