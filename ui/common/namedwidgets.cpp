#include "namedwidgets.h"

#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

#include <functional>

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
    chainTabOrder(QList<QWidget *>(widgets));
}

void chainTabOrder(const QList<QWidget *> &widgets)
{
    QWidget *previous = nullptr;
    for (QWidget *widget : widgets) {
        if (previous)
            QWidget::setTabOrder(previous, widget);
        previous = widget;
    }
}

QList<QWidget *> tabStopsIn(QWidget *root)
{
    QList<QWidget *> stops;
    const std::function<void(QLayout *)> walk = [&](QLayout *layout) {
        for (int i = 0; i < layout->count(); ++i) {
            QLayoutItem *item = layout->itemAt(i);
            if (QWidget *widget = item->widget()) {
                if (widget->focusPolicy() & Qt::TabFocus)
                    stops << widget;
                else if (widget->layout())
                    walk(widget->layout());
            } else if (QLayout *inner = item->layout()) {
                walk(inner);
            }
        }
    };
    if (root->layout())
        walk(root->layout());
    return stops;
}

void setMessageText(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setAccessibleDescription(text);
}

} // namespace Sockscope
