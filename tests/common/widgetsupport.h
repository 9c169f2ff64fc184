#pragma once

// Helpers for widget tests: finding controls the way assistive technology does.

#include <QAccessible>
#include <QWidget>

namespace TestSupport {

// What assistive technology reads as the widget's name. On Unix, Qt reports a combo box's
// value as its name and exposes the set name through accessibleName, so take either.
inline QString accessibleNameOf(QWidget *w)
{
    if (!w->accessibleName().isEmpty())
        return w->accessibleName();
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name) : QString();
}

// The first T under root with this accessible name, or nullptr.
template<typename T> T *byName(QWidget *root, const QString &name)
{
    const QList<T *> all = root->findChildren<T *>();
    for (T *w : all) {
        if (accessibleNameOf(w) == name)
            return w;
    }
    return nullptr;
}

} // namespace TestSupport
