#include "namedwidgets.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

namespace Sockscope {

QPushButton *namedButton(QWidget *parent, const QString &text, const QString &name)
{
    return named(new QPushButton(text, parent), name.isEmpty() ? text : name);
}

void enableNamedClearButton(QLineEdit *edit, const QString &name)
{
    edit->setClearButtonEnabled(true);
    for (QToolButton *clear : edit->findChildren<QToolButton *>())
        clear->setAccessibleName(name);
}

QTabWidget *namedTabs(QTabWidget *tabs, const QString &name)
{
    tabs->setAccessibleName(name);
    tabs->tabBar()->setAccessibleName(name);
    return tabs;
}

void chainTabOrder(std::initializer_list<QWidget *> widgets)
{
    QWidget *previous = nullptr;
    for (QWidget *widget : widgets) {
        if (previous)
            QWidget::setTabOrder(previous, widget);
        previous = widget;
    }
}

void setMessageText(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setAccessibleDescription(text);
}

} // namespace Sockscope
