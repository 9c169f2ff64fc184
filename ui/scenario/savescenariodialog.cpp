#include "savescenariodialog.h"

#include "common/namedwidgets.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace Sockscope {

SaveScenarioDialog::SaveScenarioDialog(const QString &name, const QStringList &fields,
                                       QWidget *parent)
    : QDialog(parent)
    , m_name(named(new QLineEdit(name, this), tr("Scenario name")))
    , m_fields(named(new QListWidget(this), tr("Expect JSON by these fields")))
    , m_keepTiming(new QCheckBox(tr("Keep the recorded &timing between sends"), this))
{
    setWindowTitle(tr("Save as scenario"));
    for (const QString &field : fields) {
        auto *item = new QListWidgetItem(field, m_fields);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_fields->setToolTip(tr("A received JSON message is expected by the first ticked field it "
                            "has (its value must be equal), rather than word for word."));
    m_keepTiming->setToolTip(tr("Off: each message goes as soon as the replies before it have "
                                "come."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    auto *fieldsLabel = new QLabel(fields.isEmpty() ? tr("The server sent no JSON objects: every "
                                                         "message is expected word for word.")
                                                    : tr("Expect JSON by these &fields:"),
                                   this);
    fieldsLabel->setWordWrap(true);
    fieldsLabel->setBuddy(m_fields);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(fieldsLabel);
    layout->addWidget(m_fields, 1);
    m_fields->setVisible(!fields.isEmpty());
    layout->addWidget(m_keepTiming);
    layout->addWidget(buttons);
}

ScenarioRecorder::Options SaveScenarioDialog::options() const
{
    ScenarioRecorder::Options o;
    o.name = m_name->text().trimmed();
    for (int i = 0; i < m_fields->count(); ++i) {
        if (m_fields->item(i)->checkState() == Qt::Checked)
            o.jsonFields << m_fields->item(i)->text();
    }
    o.keepTiming = m_keepTiming->isChecked();
    return o;
}

} // namespace Sockscope
