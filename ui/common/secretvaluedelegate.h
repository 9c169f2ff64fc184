#pragma once

#include <QLineEdit>
#include <QStyledItemDelegate>

namespace Sockscope {

// For a table's value column: a row whose "secret" column is ticked shows its value as
// bullets, and edits it in a password field.
class SecretValueDelegate : public QStyledItemDelegate
{
public:
    SecretValueDelegate(int secretColumn, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_secretColumn(secretColumn)
    { }

    bool isSecret(const QModelIndex &index) const
    {
        return index.siblingAtColumn(m_secretColumn).data(Qt::CheckStateRole).toInt()
            == Qt::Checked;
    }
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (isSecret(index) && !option->text.isEmpty())
            option->text = QString(8, QChar(0x2022));
    }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *line = qobject_cast<QLineEdit *>(editor); line && isSecret(index))
            line->setEchoMode(QLineEdit::Password);
        return editor;
    }

private:
    int m_secretColumn;
};

} // namespace Sockscope
