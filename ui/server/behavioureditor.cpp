#include "behavioureditor.h"

#include "common/choicedelegate.h"
#include "common/filedialogs.h"
#include "common/namedwidgets.h"
#include "io/savefile.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopedValueRollback>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace Sockscope {

namespace {
enum RuleColumn { Match, Pattern, Equals, Action, Value, Delay, RuleColumns };
enum TimerColumn { Every, Broadcast, TimerColumns };

QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

const QStringList &matchKinds()
{
    static const QStringList kinds
        = {QStringLiteral("exact"), QStringLiteral("contains"), QStringLiteral("regex"),
           QStringLiteral("json"), QStringLiteral("field")}; // by RuleSet::Rule::MatchKind
    return kinds;
}

const QStringList &actionKinds()
{
    static const QStringList kinds
        = {QStringLiteral("reply"), QStringLiteral("broadcast"),
           QStringLiteral("close"), QStringLiteral("answers"),
           QStringLiteral("ack"),   QStringLiteral("result")}; // by RuleSet::Rule::ActionKind
    return kinds;
}

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray()
                                 ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

// Text the user typed as JSON, or the text itself when it is not JSON, so the rules reader
// names the place ("rules[2].answers: expected a list of answers").
QJsonValue jsonOrText(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (doc.isArray())
        return doc.array();
    if (doc.isObject())
        return doc.object();
    return text;
}

} // namespace

BehaviourEditor::BehaviourEditor(QWidget *parent)
    : QWidget(parent)
    , m_greeting(new QLineEdit(this))
    , m_greetings(new QLineEdit(this))
    , m_rules(new QTableWidget(0, RuleColumns, this))
    , m_fallback(new QComboBox(this))
    , m_fallbackReply(new QLineEdit(this))
    , m_timers(new QTableWidget(0, TimerColumns, this))
{
    m_greeting->setAccessibleName(tr("Greeting"));
    m_greeting->setPlaceholderText(
        tr("Sent to each client on connect, e.g. welcome {{client.id}}"));
    m_greetings->setAccessibleName(tr("Recorded greetings"));
    m_greetings->setPlaceholderText(
        tr("Messages sent after the greeting, with their delays: [{\"send\": \"hi\", "
           "\"delayMs\": 100}]"));
    m_greetings->setToolTip(tr("A JSON list of {\"send\": template}, {\"sendText\": text}, "
                               "{\"sendBase64\": bytes} or {\"close\": {\"code\", "
                               "\"reason\"}}, each with \"delayMs\" from the connection. "
                               "Save as mock server fills it from a recording."));
    m_rules->setAccessibleName(tr("Rules"));
    m_rules->setHorizontalHeaderLabels({tr("Match"), tr("Pattern or JSON path"), tr("JSON equals"),
                                        tr("Action"), tr("Reply or close"), tr("Delay (ms)")});
    m_rules->horizontalHeader()->setSectionResizeMode(Value, QHeaderView::Stretch);
    m_rules->horizontalHeaderItem(Value)->setToolTip(
        tr("The reply or broadcast text; for Close, the close code and reason; for Answers, "
           "{\"answers\": [[messages of the 1st match], [of the 2nd], ...], \"loop\": false}"));
    // Wide enough for their headers, which were cut ("Pattern or JSON p…").
    for (int column = 0; column < RuleColumns; ++column) {
        if (column != Value)
            m_rules->resizeColumnToContents(column);
    }
    // And for their longest kinds, which the cells show as text.
    for (const auto &[column, longest] : {std::pair {Match, "contains"}, {Action, "broadcast"}}) {
        m_rules->setColumnWidth(
            column,
            std::max(m_rules->columnWidth(column),
                     fontMetrics().horizontalAdvance(QLatin1String(longest)) + 16));
    }
    m_rules->horizontalHeader()->setAccessibleName(tr("Rules columns"));
    // Match and Action are the cells' text, read with their row; editing offers the kinds.
    m_rules->horizontalHeaderItem(Match)->setToolTip(
        tr("exact, contains, regex or json; double-click (or F2) to choose"));
    m_rules->horizontalHeaderItem(Action)->setToolTip(
        tr("reply, broadcast, close or answers; double-click (or F2) to choose"));
    m_rules->setItemDelegateForColumn(
        Match, new ChoiceDelegate(matchKinds(), tr("Match kind, rule %1"), m_rules));
    m_rules->setItemDelegateForColumn(
        Action, new ChoiceDelegate(actionKinds(), tr("Action, rule %1"), m_rules));
    m_rules->verticalHeader()->setAccessibleName(tr("Rule numbers"));
    m_rules->setToolTip(tr("Rules are tried in order; the first match wins. Templates can use "
                           "{{message}}, {{match.N}}, {{json.PATH}}, {{client.id}}, "
                           "{{client.address}}, {{counter}} and {{timestamp}}."));
    m_fallback->setAccessibleName(tr("Fallback"));
    m_fallback->addItem(tr("Echo"), QStringLiteral("echo"));
    m_fallback->addItem(tr("No reply"), QStringLiteral("none"));
    m_fallback->addItem(tr("Reply"), QStringLiteral("reply"));
    m_fallbackReply->setAccessibleName(tr("Fallback reply"));
    m_fallbackReply->setPlaceholderText(tr("The reply when the fallback is Reply"));
    m_timers->setAccessibleName(tr("Timers"));
    m_timers->setHorizontalHeaderLabels({tr("Every (ms)"), tr("Broadcast")});
    m_timers->horizontalHeader()->setSectionResizeMode(Broadcast, QHeaderView::Stretch);
    m_timers->horizontalHeader()->setAccessibleName(tr("Timers columns"));
    m_timers->verticalHeader()->setAccessibleName(tr("Timer numbers"));
    m_timers->setMaximumHeight(110);
    // The tables' corner buttons select every row; Qt leaves them unnamed.
    for (QTableWidget *table : {m_rules, m_timers}) {
        for (QAbstractButton *corner : table->findChildren<QAbstractButton *>())
            corner->setAccessibleName(table == m_rules ? tr("Select all rules")
                                                       : tr("Select all timers"));
    }

    auto *addRule = namedButton(this, tr("Add rule"));
    auto *removeRule = namedButton(this, tr("Remove rule"));
    auto *addTimer = namedButton(this, tr("Add timer"));
    auto *removeTimer = namedButton(this, tr("Remove timer"));
    auto *load = namedButton(this, tr("Load rules…"));
    auto *save = namedButton(this, tr("Save rules…"));
    // A new row becomes the current one, so Remove takes it away again.
    connect(addRule, &QPushButton::clicked, this, [this] {
        addRuleRow(nullptr);
        m_rules->setCurrentCell(m_rules->rowCount() - 1, Pattern);
    });
    connect(removeRule, &QPushButton::clicked, this,
            [this] { m_rules->removeRow(m_rules->currentRow()); });
    connect(addTimer, &QPushButton::clicked, this, [this] {
        addTimerRow(nullptr);
        m_timers->setCurrentCell(m_timers->rowCount() - 1, Every);
    });
    connect(removeTimer, &QPushButton::clicked, this,
            [this] { m_timers->removeRow(m_timers->currentRow()); });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString path = FileDialogs::openFileName(
            this, tr("Load rules"), QStringLiteral("rules"), tr("Rules (*.json)"));
        QString error;
        if (!path.isEmpty() && !loadFile(path, &error))
            QMessageBox::warning(this, tr("Load rules"), error);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path
            = FileDialogs::saveFileName(this, tr("Save rules"), QStringLiteral("rules"),
                                        QStringLiteral("rules.json"), tr("Rules (*.json)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!saveFile(path, &error))
            QMessageBox::warning(this, tr("Save rules"), error);
        else
            emit statusMessage(tr("Saved the rules to %1.").arg(QDir::toNativeSeparators(path)));
    });

    auto *form = new QFormLayout;
    form->addRow(tr("&Greeting:"), m_greeting);
    form->addRow(tr("Recorded gr&eetings:"), m_greetings);
    auto *fallbackRow = new QHBoxLayout;
    fallbackRow->addWidget(m_fallback);
    fallbackRow->addWidget(m_fallbackReply, 1);
    // A row of widgets gets no buddy from QFormLayout, and its "&" would show: give it one.
    auto *otherwise = new QLabel(tr("&Otherwise:"), this);
    otherwise->setBuddy(m_fallback);
    form->addRow(otherwise, fallbackRow);
    auto *ruleButtons = new QHBoxLayout;
    for (QWidget *w : {addRule, removeRule, addTimer, removeTimer})
        ruleButtons->addWidget(w);
    ruleButtons->addStretch();
    ruleButtons->addWidget(load);
    ruleButtons->addWidget(save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_rules, 1);
    layout->addWidget(new QLabel(tr("Timers broadcast to every client:"), this));
    layout->addWidget(m_timers);
    layout->addLayout(ruleButtons);
    setRules(RuleSet::echo());

    for (QLineEdit *edit : {m_greeting, m_greetings, m_fallbackReply})
        connect(edit, &QLineEdit::textEdited, this, &BehaviourEditor::notifyChanged);
    connect(m_fallback, &QComboBox::currentIndexChanged, this, &BehaviourEditor::notifyChanged);
    for (QTableWidget *table : {m_rules, m_timers}) {
        QAbstractItemModel *model = table->model();
        connect(model, &QAbstractItemModel::dataChanged, this, &BehaviourEditor::notifyChanged);
        connect(model, &QAbstractItemModel::rowsInserted, this, &BehaviourEditor::notifyChanged);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &BehaviourEditor::notifyChanged);
    }
}

void BehaviourEditor::notifyChanged()
{
    if (!m_settingRules)
        emit changed();
}

void BehaviourEditor::addRuleRow(const RuleSet::Rule *rule)
{
    // The table announces the row before its cells exist; changed() is sent
    // once the row is whole, never while toJson() would find it half-built.
    {
        const QScopedValueRollback guard(m_settingRules, true);
        const int row = m_rules->rowCount();
        m_rules->insertRow(row);
        QString pattern, equals, value, delay = QStringLiteral("0");
        QString match = matchKinds().first(), action = actionKinds().first();
        if (rule) {
            match = matchKinds().value(int(rule->matchKind));
            action = actionKinds().value(int(rule->action));
            pattern = rule->pattern;
            if (rule->matchKind == RuleSet::Rule::MatchKind::Json)
                equals
                    = QString::fromUtf8(
                          QJsonDocument(QJsonArray {rule->equals}).toJson(QJsonDocument::Compact))
                          .mid(1)
                          .chopped(1);
            if (rule->action == RuleSet::Rule::ActionKind::Close) {
                value = QString::number(rule->closeCode) + u' ' + rule->closeReason;
            } else if (rule->action == RuleSet::Rule::ActionKind::Answers) {
                // As the rules file writes it: {"answers": [...], "loop": ...}.
                RuleSet one;
                one.rules = {*rule};
                QJsonObject written = one.toJson().value(u"rules").toArray().first().toObject();
                written.remove(QStringLiteral("match"));
                written.remove(QStringLiteral("delayMs"));
                written.insert(QStringLiteral("loop"), rule->loop);
                value = compact(written);
            } else {
                value = rule->templ;
            }
            delay = QString::number(rule->delayMs);
        }
        m_rules->setItem(row, Match, new QTableWidgetItem(match));
        m_rules->setItem(row, Action, new QTableWidgetItem(action));
        m_rules->setItem(row, Pattern, new QTableWidgetItem(pattern));
        m_rules->setItem(row, Equals, new QTableWidgetItem(equals));
        m_rules->setItem(row, Value, new QTableWidgetItem(value));
        m_rules->setItem(row, Delay, new QTableWidgetItem(delay));
    }
    notifyChanged();
}

void BehaviourEditor::addTimerRow(const RuleSet::Timer *timer)
{
    {
        const QScopedValueRollback guard(m_settingRules, true);
        const int row = m_timers->rowCount();
        m_timers->insertRow(row);
        m_timers->setItem(row, Every,
                          new QTableWidgetItem(QString::number(timer ? timer->everyMs : 1000)));
        m_timers->setItem(
            row, Broadcast,
            new QTableWidgetItem(timer ? timer->broadcast : QStringLiteral("tick {{counter}}")));
    }
    notifyChanged();
}

void BehaviourEditor::setRules(const RuleSet &rules)
{
    const QScopedValueRollback guard(m_settingRules, true);
    m_greeting->setText(rules.greeting);
    m_greetings->setText(rules.greetings.empty()
                             ? QString()
                             : compact(rules.toJson().value(QStringLiteral("greetings"))));
    m_rules->setRowCount(0);
    for (const RuleSet::Rule &rule : rules.rules)
        addRuleRow(&rule);
    m_fallback->setCurrentIndex(int(rules.fallback));
    m_fallbackReply->setText(rules.fallbackReply);
    m_timers->setRowCount(0);
    for (const RuleSet::Timer &timer : rules.timers)
        addTimerRow(&timer);
}

QJsonObject BehaviourEditor::toJson() const
{
    QJsonObject root {{QStringLiteral("version"), RuleSet::kVersion}};
    if (!m_greeting->text().isEmpty())
        root.insert(QStringLiteral("greeting"), m_greeting->text());
    if (!m_greetings->text().trimmed().isEmpty())
        root.insert(QStringLiteral("greetings"), jsonOrText(m_greetings->text()));
    QJsonArray rules;
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const QString kind = cell(m_rules, row, Match);
        const QString action = cell(m_rules, row, Action);
        QJsonObject rule;
        if (kind == u"json") {
            // The equals cell is JSON ("subscribe" may be typed without quotes).
            const QString text = cell(m_rules, row, Equals).trimmed();
            const QJsonDocument doc
                = QJsonDocument::fromJson(QByteArray('[' + text.toUtf8() + ']'));
            const QJsonValue equals
                = doc.isArray() && doc.array().size() == 1 ? doc.array().at(0) : QJsonValue(text);
            rule.insert(
                QStringLiteral("match"),
                QJsonObject {{kind,
                              QJsonObject {{QStringLiteral("path"), cell(m_rules, row, Pattern)},
                                           {QStringLiteral("equals"), equals}}}});
        } else {
            rule.insert(QStringLiteral("match"), QJsonObject {{kind, cell(m_rules, row, Pattern)}});
        }
        const QString value = cell(m_rules, row, Value);
        if (action == u"close") {
            rule.insert(QStringLiteral("close"),
                        QJsonObject {{QStringLiteral("code"), value.section(u' ', 0, 0).toInt()},
                                     {QStringLiteral("reason"), value.section(u' ', 1)}});
        } else if (action == u"answers") {
            const QJsonValue answers = jsonOrText(value);
            if (answers.isObject() && answers.toObject().contains(QStringLiteral("answers"))) {
                const QJsonObject o = answers.toObject();
                for (auto it = o.begin(); it != o.end(); ++it)
                    rule.insert(it.key(), it.value());
            } else {
                rule.insert(action, answers);
            }
        } else {
            rule.insert(action, value);
        }
        bool ok = false;
        const int delay = cell(m_rules, row, Delay).toInt(&ok);
        rule.insert(QStringLiteral("delayMs"), ok ? delay : -1);
        rules.append(rule);
    }
    root.insert(QStringLiteral("rules"), rules);
    const QString fallback = m_fallback->currentData().toString();
    if (fallback == u"reply")
        root.insert(QStringLiteral("fallback"),
                    QJsonObject {{QStringLiteral("reply"), m_fallbackReply->text()}});
    else
        root.insert(QStringLiteral("fallback"), fallback);
    QJsonArray timers;
    for (int row = 0; row < m_timers->rowCount(); ++row) {
        timers.append(QJsonObject {{QStringLiteral("everyMs"), cell(m_timers, row, Every).toInt()},
                                   {QStringLiteral("broadcast"), cell(m_timers, row, Broadcast)}});
    }
    if (!timers.isEmpty())
        root.insert(QStringLiteral("timers"), timers);
    return root;
}

bool BehaviourEditor::rules(RuleSet *out, QString *error) const
{
    QString why;
    if (RuleSet::fromJson(QJsonDocument(toJson()).toJson(), out, &why))
        return true;
    // "rules[2].match.regex: ..." is rule 3 in the table.
    static const QRegularExpression place(QStringLiteral(R"(^(rules|timers)\[(\d+)\])"));
    const QRegularExpressionMatch m = place.match(why);
    if (error) {
        *error = m.hasMatch() ? tr("%1 %2: %3")
                                    .arg(m.captured(1) == u"rules" ? tr("Rule") : tr("Timer"))
                                    .arg(m.captured(2).toInt() + 1)
                                    .arg(why.mid(why.indexOf(QStringLiteral(": ")) + 2))
                              : why;
    }
    return false;
}

bool BehaviourEditor::loadFile(const QString &path, QString *error)
{
    RuleSet set;
    if (!RuleSet::load(path, &set, error))
        return false;
    setRules(set);
    emit changed();
    emit statusMessage(tr("Loaded rules from %1").arg(path));
    return true;
}

bool BehaviourEditor::saveFile(const QString &path, QString *error) const
{
    RuleSet set;
    if (!rules(&set, error))
        return false;
    const QByteArray bytes = QJsonDocument(set.toJson()).toJson(QJsonDocument::Indented);
    QString problem;
    if (saveAtomically(path, bytes, &problem))
        return true;
    if (error)
        *error = tr("Could not save the rules to %1: %2").arg(path, problem);
    return false;
}

} // namespace Sockscope
