#pragma once

#include <QStringList>
#include <QStyledItemDelegate>

namespace Sockscope {

// A table column whose cells hold one of a few words (a rule's match kind, a scenario step's
// kind): the cell keeps the word as its text, so a screen reader reads it with its row (a
// combo box set as a cell widget is not on the accessibility tree at all), and editing it
// offers the words in a combo box named for its row.
class ChoiceDelegate : public QStyledItemDelegate
{
public:
    // nameFormat: the editor's accessible name, %1 the row's number ("Match kind, rule %1").
    ChoiceDelegate(QStringList choices, QString nameFormat, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;

private:
    QStringList m_choices;
    QString m_nameFormat;
};

} // namespace Sockscope
