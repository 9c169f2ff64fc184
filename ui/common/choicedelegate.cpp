#include "choicedelegate.h"

#include <QComboBox>

namespace Sockscope {

ChoiceDelegate::ChoiceDelegate(QStringList choices, QString nameFormat, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_choices(std::move(choices))
    , m_nameFormat(std::move(nameFormat))
{ }

QWidget *ChoiceDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                      const QModelIndex &index) const
{
    auto *combo = new QComboBox(parent);
    combo->addItems(m_choices);
    combo->setAccessibleName(m_nameFormat.arg(index.row() + 1));
    return combo;
}

void ChoiceDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    static_cast<QComboBox *>(editor)->setCurrentText(index.data().toString());
}

void ChoiceDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                  const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentText());
}

} // namespace Sockscope
