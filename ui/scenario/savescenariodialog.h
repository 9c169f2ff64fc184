#pragma once

#include "scenario/scenariorecorder.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QListWidget;

namespace Sockscope {

// Asks how "Save as scenario" should make its scenario: its name, the JSON fields received
// messages are expected by (ticked from the fields the server sent), and whether sends keep
// their recorded spacing.
class SaveScenarioDialog : public QDialog
{
    Q_OBJECT

public:
    SaveScenarioDialog(const QString &name, const QStringList &fields, QWidget *parent = nullptr);

    ScenarioRecorder::Options options() const;
    QListWidget *fields() const { return m_fields; }

private:
    QLineEdit *m_name;
    QListWidget *m_fields;
    QCheckBox *m_keepTiming;
};

} // namespace Sockscope
