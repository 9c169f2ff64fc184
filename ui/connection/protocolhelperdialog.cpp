#include "protocolhelperdialog.h"

#include "common/statuscolors.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sockscope {

ProtocolHelperDialog::ProtocolHelperDialog(ProtocolHelper helper, QWidget *parent)
    : QDialog(parent)
    , m_helper(std::move(helper))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("%1 %2").arg(m_helper.protocol, m_helper.name));
    auto *form = new QFormLayout;
    for (const ProtocolHelper::Field &field : std::as_const(m_helper.fields)) {
        auto *edit = new QLineEdit(field.value, this);
        edit->setAccessibleName(field.label);
        edit->setMinimumWidth(fontMetrics().horizontalAdvance(u'x') * 40);
        form->addRow(field.label + u':', edit);
        m_fields.append({field.key, edit});
    }
    if (m_helper.fields.isEmpty())
        form->addRow(new QLabel(tr("This frame has no fields."), this));
    m_error->setAccessibleName(tr("Frame error"));
    m_error->setWordWrap(true);
    StatusColors::apply(m_error, StatusColors::Kind::Error);
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Put in the composer"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ProtocolHelperDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProtocolHelperDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

void ProtocolHelperDialog::setValue(const QString &key, const QString &value)
{
    for (const auto &[k, edit] : std::as_const(m_fields)) {
        if (k == key)
            edit->setText(value);
    }
}

QString ProtocolHelperDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ProtocolHelperDialog::accept()
{
    QMap<QString, QString> values;
    for (const auto &[key, edit] : std::as_const(m_fields))
        values.insert(key, edit->text());
    Result<ProtocolHelper::Message> built = m_helper.build(values);
    if (!built) {
        m_error->setText(built.error());
        m_error->show();
        return;
    }
    m_message = std::move(built).value();
    QDialog::accept();
}

} // namespace Sockscope
