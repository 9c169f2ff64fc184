#include "scenariotab.h"

#include "common/choicedelegate.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "log/logpane.h"
#include "scenario/scenarioreport.h"
#include "scenario/scenariotable.h"
#include "session/sessiondocument.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
const QStringList &kindNames()
{
    static const QStringList names = [] {
        QStringList list;
        for (int k = int(ScenarioStep::Kind::Connect); k <= int(ScenarioStep::Kind::Emit); ++k)
            list << ScenarioStep::kindName(ScenarioStep::Kind(k));
        return list;
    }();
    return names;
}

} // namespace

ScenarioTab::ScenarioTab(QWidget *parent)
    : ProfileTab(parent)
    , m_nameEdit(named(new QLineEdit(this), tr("Scenario name")))
    , m_runButton(namedButton(this, tr("&Run"), tr("Run scenario")))
    , m_newKind(named(new QComboBox(this), tr("Kind of new step")))
    , m_addButton(namedButton(this, tr("&Add step"), tr("Add step")))
    , m_removeButton(namedButton(this, tr("Remove step"), tr("Remove step")))
    , m_upButton(namedButton(this, tr("Move up"), tr("Move step up")))
    , m_downButton(namedButton(this, tr("Move down"), tr("Move step down")))
    , m_status(named(new QLabel(this), tr("Scenario result")))
    , m_onOpen(named(new QLineEdit(this), tr("On-open steps")))
    , m_steps(named(new QTableWidget(0, ColumnCount, this), tr("Scenario steps")))
{
    m_newKind->addItems(kindNames());
    m_newKind->setCurrentText(QStringLiteral("send"));
    m_onOpen->setPlaceholderText(tr("[{\"kind\": \"send\", \"text\": \"subscribe\"}] — sent after "
                                    "every open, reconnects too"));
    m_onOpen->setToolTip(tr("Send steps, as a JSON list, sent after every open of their socket "
                            "(the first too, and after each reconnect), with {{variables}} put "
                            "in when they go."));
    m_steps->setHorizontalHeaderLabels({tr("Step"), tr("Details"), tr("Result")});
    m_steps->horizontalHeader()->setAccessibleName(tr("Scenario steps header"));
    m_steps->horizontalHeader()->setSectionResizeMode(DetailsColumn, QHeaderView::Stretch);
    // Wide enough for the longest kind, "expectServerReceived".
    m_steps->horizontalHeader()->resizeSection(
        KindColumn, fontMetrics().horizontalAdvance(QStringLiteral("expectServerReceived")) + 24);
    m_steps->horizontalHeader()->setSectionResizeMode(ResultColumn, QHeaderView::Interactive);
    m_steps->horizontalHeader()->resizeSection(ResultColumn,
                                               fontMetrics().horizontalAdvance(u'x') * 40);
    // The kind is the cell's text, read with its row; editing it offers the kinds.
    m_steps->setItemDelegateForColumn(
        KindColumn, new ChoiceDelegate(kindNames(), tr("Kind of step %1"), m_steps));
    m_steps->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_steps->verticalHeader()->setAccessibleName(tr("Step numbers"));
    m_steps->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->setWordWrap(false);
    m_steps->setToolTip(tr("Each row is a step: its kind, and the rest of it as JSON, as the "
                           "scenario file holds it. Double-click Details to edit it."));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_logPane = new LogPane(&m_log, this);
    m_logPane->setReadOnly(true);
    m_logPane->setInspectorShown(false);
    // The messages take the room: a run's frames, when captured, are in the inspector's Wire tab.
    m_logPane->wireView()->hide();

    connect(m_runButton, &QPushButton::clicked, this, &ScenarioTab::run);
    connect(m_addButton, &QPushButton::clicked, this,
            [this] { addStep(m_newKind->currentText()); });
    connect(m_removeButton, &QPushButton::clicked, this, &ScenarioTab::removeCurrentStep);
    connect(m_upButton, &QPushButton::clicked, this, [this] { moveCurrentStep(-1); });
    connect(m_downButton, &QPushButton::clicked, this, [this] { moveCurrentStep(1); });
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this](const QString &name) {
        m_name = name.trimmed();
        emit titleChanged(title());
        edited();
    });
    connect(m_onOpen, &QLineEdit::textEdited, this, &ScenarioTab::edited);
    connect(m_steps, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() != ResultColumn)
            edited();
    });

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(new QLabel(tr("Name:"), this));
    toolbar->addWidget(m_nameEdit, 1);
    toolbar->addWidget(m_runButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_newKind);
    toolbar->addWidget(m_addButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addWidget(m_upButton);
    toolbar->addWidget(m_downButton);
    auto *onOpenRow = new QHBoxLayout;
    auto *onOpenLabel = new QLabel(tr("&On open:"), this);
    onOpenLabel->setBuddy(m_onOpen);
    onOpenRow->addWidget(onOpenLabel);
    onOpenRow->addWidget(m_onOpen, 1);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(toolbar);
    topLayout->addLayout(onOpenRow);
    topLayout->addWidget(m_steps, 1);
    topLayout->addWidget(m_status);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("scenarioSplitter"));
    split->addWidget(top);
    split->addWidget(m_logPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({600, 400}); // the steps first: what the tab is for
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    chainTabOrder({m_nameEdit, m_runButton, m_newKind, m_addButton, m_removeButton, m_upButton,
                   m_downButton, m_onOpen, m_steps, m_logPane->firstInTabOrder()});
}

ScenarioTab::~ScenarioTab() = default;

QString ScenarioTab::title() const
{
    return m_name.isEmpty() ? tr("Untitled scenario") : m_name;
}

QString ScenarioTab::tabToolTip() const
{
    return m_steps->rowCount() == 1
        ? tr("Scenario: %1 (1 step)").arg(title())
        : tr("Scenario: %1 (%2 steps)").arg(title()).arg(m_steps->rowCount());
}

void ScenarioTab::setName(const QString &name)
{
    m_name = name;
    m_nameEdit->setText(name);
    emit titleChanged(title());
}

void ScenarioTab::setScenario(const Scenario &scenario)
{
    {
        const QScopedValueRollback guard(m_filling, true);
        m_id = scenario.id;
        m_name = scenario.name;
        m_nameEdit->setText(scenario.name);
        m_onOpen->setText(ScenarioTable::onOpenText(scenario));
        m_steps->setRowCount(0);
        const QList<ScenarioTable::Row> rows = ScenarioTable::rowsOf(scenario);
        for (qsizetype i = 0; i < rows.size(); ++i)
            insertRow(int(i), rows[i].kind, rows[i].details);
        setStatus({}, int(StatusColors::Kind::Normal));
    }
    emit titleChanged(title());
}

Result<Scenario> ScenarioTab::scenario() const
{
    QList<ScenarioTable::Row> rows;
    for (int row = 0; row < m_steps->rowCount(); ++row) {
        const QTableWidgetItem *kind = m_steps->item(row, KindColumn);
        const QTableWidgetItem *details = m_steps->item(row, DetailsColumn);
        rows.append({kind ? kind->text() : QString(), details ? details->text() : QString()});
    }
    return ScenarioTable::scenarioOf(m_id, m_name.isEmpty() ? title() : m_name, rows,
                                     m_onOpen->text());
}

bool ScenarioTab::saveInto(SessionDocument &document) const
{
    const Result<Scenario> s = scenario();
    if (!s)
        return false; // the session keeps the last scenario that could be read
    return document.updateScenario(s->toJson());
}

Workspace::Tab ScenarioTab::workspaceEntry() const
{
    Workspace::Tab tab;
    tab.kind = Workspace::Tab::Kind::Scenario;
    tab.profileId = m_id;
    tab.splitterState = m_logPane->splitter()->saveState();
    return tab;
}

void ScenarioTab::restoreFrom(const Workspace::Tab &entry)
{
    m_logPane->splitter()->restoreState(entry.splitterState);
}

void ScenarioTab::insertRow(int row, const QString &kind, const QString &details)
{
    const QSignalBlocker quiet(m_steps); // the row is announced once, whole, by edited()
    m_steps->insertRow(row);
    m_steps->setItem(row, KindColumn, new QTableWidgetItem(kind));
    m_steps->setItem(row, DetailsColumn, new QTableWidgetItem(details));
    auto *result = new QTableWidgetItem;
    result->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_steps->setItem(row, ResultColumn, result);
}

void ScenarioTab::addStep(const QString &kind)
{
    const int row = m_steps->currentRow() >= 0 ? m_steps->currentRow() + 1 : m_steps->rowCount();
    insertRow(row, kind, ScenarioTable::template_(kind));
    m_steps->setCurrentCell(row, DetailsColumn);
    edited();
}

void ScenarioTab::removeCurrentStep()
{
    const int row = m_steps->currentRow();
    if (row < 0)
        return;
    m_steps->removeRow(row);
    edited();
}

void ScenarioTab::moveCurrentStep(int by)
{
    const int row = m_steps->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_steps->rowCount())
        return;
    const QString kindText = m_steps->item(row, KindColumn)->text();
    const QString details = m_steps->item(row, DetailsColumn)->text();
    m_steps->removeRow(row);
    insertRow(to, kindText, details);
    m_steps->setCurrentCell(to, DetailsColumn);
    edited();
}

void ScenarioTab::edited()
{
    if (m_filling)
        return;
    const Result<Scenario> s = scenario();
    setStatus(s ? QString() : tr("Not saved: %1").arg(s.error()),
              int(s ? StatusColors::Kind::Normal : StatusColors::Kind::Error));
    emit setupChanged();
}

void ScenarioTab::setStatus(const QString &text, int kind)
{
    setMessageText(m_status, text);
    StatusColors::apply(m_status, StatusColors::Kind(kind));
}

void ScenarioTab::run()
{
    if (isRunning()) {
        m_runner->abort(tr("Stopped by the user."));
        return;
    }
    const Result<Scenario> s = scenario();
    if (!s) {
        setStatus(tr("Cannot run: %1").arg(s.error()), int(StatusColors::Kind::Error));
        return;
    }
    m_log.clear();
    m_runner = std::make_unique<ScenarioRunner>(s.value(), m_session);
    m_runner->setLog(&m_log);
    for (int row = 0; row < m_steps->rowCount(); ++row)
        showResult(row);
    connect(m_runner.get(), &ScenarioRunner::stepStarted, this, &ScenarioTab::showResult);
    connect(m_runner.get(), &ScenarioRunner::stepFinished, this, &ScenarioTab::showResult);
    connect(m_runner.get(), &ScenarioRunner::finished, this, &ScenarioTab::onFinished);
    m_runButton->setText(tr("&Stop"));
    m_runButton->setAccessibleName(tr("Stop scenario"));
    setStatus(tr("Running…"), int(StatusColors::Kind::Normal));
    emit statusMessage(tr("Running scenario %1").arg(title()));
    m_runner->start();
}

void ScenarioTab::showResult(int row)
{
    QTableWidgetItem *item = m_steps->item(row, ResultColumn);
    if (!item || !m_runner || row >= m_runner->results().size())
        return;
    const ScenarioRunner::StepResult &r = m_runner->results()[row];
    QString text = ScenarioRunner::outcomeName(r.outcome);
    if (r.outcome == ScenarioRunner::Outcome::Passed
        || r.outcome == ScenarioRunner::Outcome::Failed)
        text += tr(" · %1 ms").arg(r.elapsedMs);
    if (!r.message.isEmpty())
        text += u" · " + r.message;
    if (r.outcome == ScenarioRunner::Outcome::Pending)
        text.clear();
    item->setText(text);
    item->setToolTip(r.message);
    const StatusColors::Kind kind = r.outcome == ScenarioRunner::Outcome::Passed
        ? StatusColors::Kind::Success
        : r.outcome == ScenarioRunner::Outcome::Failed  ? StatusColors::Kind::Error
        : r.outcome == ScenarioRunner::Outcome::Skipped ? StatusColors::Kind::Muted
                                                        : StatusColors::Kind::Normal;
    item->setForeground(StatusColors::text(kind, palette()));
    if (r.outcome == ScenarioRunner::Outcome::Running
        || r.outcome == ScenarioRunner::Outcome::Failed)
        m_steps->scrollToItem(item);
}

void ScenarioTab::onFinished(bool passed)
{
    for (int row = 0; row < m_steps->rowCount(); ++row)
        showResult(row);
    m_runButton->setText(tr("&Run"));
    m_runButton->setAccessibleName(tr("Run scenario"));
    const ScenarioOutcome outcome = ScenarioOutcome::of(*m_runner);
    const QString text = passed ? tr("Passed: %1 steps in %2 s.")
                                      .arg(outcome.results.size())
                                      .arg(outcome.elapsedMs / 1000.0, 0, 'f', 2)
                                : tr("Failed at %1").arg(outcome.failureText());
    setStatus(text, int(passed ? StatusColors::Kind::Success : StatusColors::Kind::Error));
    emit statusMessage(tr("Scenario %1: %2").arg(title(), text));
}

} // namespace Sockscope
