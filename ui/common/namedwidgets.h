#pragma once

#include <QString>

#include <initializer_list>

class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QWidget;

namespace Sockscope {

// Every interactive control has an accessible name, so screen readers and UI automation find
// it. These helpers give one as a widget is made.

template<typename W> W *named(W *widget, const QString &name)
{
    widget->setAccessibleName(name);
    return widget;
}

// A push button named by its text, or by name when the text alone does not say what it does.
QPushButton *namedButton(QWidget *parent, const QString &text, const QString &name = {});

// Turns on a line edit's clear button and names it: Qt leaves it unnamed for screen readers.
void enableNamedClearButton(QLineEdit *edit, const QString &name);

// Names a tab widget and its tab list: Qt names the list by its current tab otherwise.
QTabWidget *namedTabs(QTabWidget *tabs, const QString &name);

// Tab moves through the widgets in this order (the order they are laid out, not made).
void chainTabOrder(std::initializer_list<QWidget *> widgets);
void chainTabOrder(const QList<QWidget *> &widgets);
// The widgets in root's layouts that Tab stops at, in layout order (a widget that takes focus
// itself is one stop: its own parts are not walked).
QList<QWidget *> tabStopsIn(QWidget *root);

// Shows a message in a label whose accessible name says what it is ("URL error"): the text
// goes into its accessible description too, so a screen reader reads the message itself.
void setMessageText(QLabel *label, const QString &text);

} // namespace Sockscope
