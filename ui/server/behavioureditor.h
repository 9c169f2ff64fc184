#pragma once

#include "server/ruleset.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace Sockscope {

// Edits a server's RuleSet as tables a person can read: the rules (match, pattern, action,
// reply, delay), the greeting, the fallback and the timers. It loads and saves rules files.
// What it shows is checked by the same reader as a rules file, so errors name the place.
class BehaviourEditor : public QWidget
{
    Q_OBJECT

public:
    explicit BehaviourEditor(QWidget *parent = nullptr);

    void setRules(const RuleSet &rules);
    // The rules as edited; false with a sentence in *error naming the row at fault.
    bool rules(RuleSet *out, QString *error) const;

    bool loadFile(const QString &path, QString *error);
    bool saveFile(const QString &path, QString *error) const;

signals:
    void statusMessage(const QString &message);
    // The user edited the behaviour (setRules() itself does not count).
    void changed();

private:
    void notifyChanged();
    QJsonObject toJson() const;
    void addRuleRow(const RuleSet::Rule *rule);
    void addTimerRow(const RuleSet::Timer *timer);

    QLineEdit *m_greeting;
    QLineEdit *m_greetings;
    QTableWidget *m_rules;
    QComboBox *m_fallback;
    QLineEdit *m_fallbackReply;
    QTableWidget *m_timers;
    bool m_settingRules = false;
};

} // namespace Sockscope
