#include "accessibility.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessibleWidget>
#include <QComboBox>
#include <QLineEdit>
#include <QPointer>
#include <QTabBar>

#include <vector>

namespace Sockscope {

namespace {
class AccessibleComboBox : public QAccessibleWidget
{
public:
    explicit AccessibleComboBox(QComboBox *box)
        : QAccessibleWidget(box, QAccessible::ComboBox)
    { }

    QString text(QAccessible::Text kind) const override
    {
        if (kind == QAccessible::Value)
            return box()->isEditable() ? box()->lineEdit()->text() : box()->currentText();
        // The accessible name, else a buddy label's text, else (as Qt does) the current text.
        const QString text = QAccessibleWidget::text(kind);
        return kind == QAccessible::Name && text.isEmpty() ? box()->currentText() : text;
    }

    // Its list (while it exists), then the line edit of an editable box.
    int childCount() const override { return int(children().size()); }
    QAccessibleInterface *child(int index) const override
    {
        const QList<QObject *> all = children();
        return index >= 0 && index < all.size() ? QAccessible::queryAccessibleInterface(all[index])
                                                : nullptr;
    }
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        return child ? int(children().indexOf(child->object())) : -1;
    }

    QAccessible::State state() const override
    {
        QAccessible::State s = QAccessibleWidget::state();
        s.expandable = true;
        s.expanded = box()->view() && box()->view()->isVisible();
        s.editable = box()->isEditable();
        return s;
    }

    QStringList actionNames() const override
    {
        return QStringList {showMenuAction(), pressAction()} + QAccessibleWidget::actionNames();
    }
    void doAction(const QString &action) override
    {
        if (action == showMenuAction() || action == pressAction()) {
            if (box()->view() && box()->view()->isVisible())
                box()->hidePopup();
            else
                box()->showPopup();
            return;
        }
        QAccessibleWidget::doAction(action);
    }

private:
    QComboBox *box() const { return static_cast<QComboBox *>(widget()); }
    QList<QObject *> children() const
    {
        QList<QObject *> list;
        if (QAbstractItemView *view = box()->view())
            list << view;
        if (box()->isEditable() && box()->lineEdit())
            list << box()->lineEdit();
        return list;
    }
};

// One tab of a tab list: no object of its own, so made and kept by its list.
class AccessibleTab : public QAccessibleInterface, public QAccessibleActionInterface
{
public:
    AccessibleTab(QTabBar *bar, int index)
        : m_bar(bar)
        , m_index(index)
    { }

    bool isValid() const override { return m_bar && m_index < m_bar->count(); }
    QObject *object() const override { return nullptr; }
    QAccessibleInterface *parent() const override
    {
        return QAccessible::queryAccessibleInterface(m_bar.data());
    }
    QAccessibleInterface *child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    QAccessible::Role role() const override { return QAccessible::PageTab; }
    void setText(QAccessible::Text, const QString &) override { }

    QString text(QAccessible::Text kind) const override
    {
        if (!isValid())
            return {};
        switch (kind) {
        case QAccessible::Name: {
            const QString name = m_bar->accessibleTabName(m_index);
            return name.isEmpty() ? QString(m_bar->tabText(m_index)).remove(u'&') : name;
        }
        case QAccessible::Description:
            return m_bar->tabToolTip(m_index);
        default:
            return {};
        }
    }

    QAccessible::State state() const override
    {
        QAccessible::State s;
        if (!isValid()) {
            s.invalid = true;
            return s;
        }
        s = parent()->state();
        s.selectable = true;
        s.selected = m_index == m_bar->currentIndex();
        s.disabled = !m_bar->isTabEnabled(m_index);
        s.invisible = !m_bar->isTabVisible(m_index) || !m_bar->isVisible();
        return s;
    }

    QRect rect() const override
    {
        if (!isValid())
            return {};
        const QRect tab = m_bar->tabRect(m_index);
        return {m_bar->mapToGlobal(tab.topLeft()), tab.size()};
    }

    void *interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::ActionInterface
            ? static_cast<QAccessibleActionInterface *>(this)
            : nullptr;
    }
    QStringList actionNames() const override { return {pressAction()}; }
    void doAction(const QString &action) override
    {
        if (isValid() && action == pressAction())
            m_bar->setCurrentIndex(m_index);
    }
    QStringList keyBindingsForAction(const QString &) const override { return {}; }

    int index() const { return m_index; }

private:
    QPointer<QTabBar> m_bar;
    int m_index;
};

class AccessibleTabBar : public QAccessibleWidget
{
public:
    explicit AccessibleTabBar(QTabBar *bar)
        : QAccessibleWidget(bar, QAccessible::PageTabList)
    { }
    ~AccessibleTabBar() override
    {
        for (QAccessible::Id id : m_tabs)
            QAccessible::deleteAccessibleInterface(id);
    }

    QString text(QAccessible::Text kind) const override
    {
        const QString text = QAccessibleWidget::text(kind);
        if (kind == QAccessible::Name && text.isEmpty() && bar()->currentIndex() >= 0)
            return QString(bar()->tabText(bar()->currentIndex())).remove(u'&');
        return text;
    }

    // The tabs, then the buttons (scroll left and right, close).
    int childCount() const override { return bar()->count() + int(buttons().size()); }
    QAccessibleInterface *child(int index) const override
    {
        if (index < 0)
            return nullptr;
        if (index < bar()->count()) {
            if (size_t(index) >= m_tabs.size())
                m_tabs.resize(size_t(index) + 1, 0);
            if (!m_tabs[size_t(index)]) {
                auto *tab = new AccessibleTab(bar(), index);
                m_tabs[size_t(index)] = QAccessible::registerAccessibleInterface(tab);
            }
            return QAccessible::accessibleInterface(m_tabs[size_t(index)]);
        }
        const QList<QAbstractButton *> all = buttons();
        const qsizetype button = index - bar()->count();
        return button < all.size() ? QAccessible::queryAccessibleInterface(all[button]) : nullptr;
    }
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        if (!child)
            return -1;
        if (child->role() == QAccessible::PageTab && child->parent() == this)
            return static_cast<const AccessibleTab *>(child)->index();
        const qsizetype button
            = buttons().indexOf(qobject_cast<QAbstractButton *>(child->object()));
        return button < 0 ? -1 : bar()->count() + int(button);
    }

private:
    QTabBar *bar() const { return static_cast<QTabBar *>(widget()); }
    QList<QAbstractButton *> buttons() const
    {
        QList<QAbstractButton *> shown;
        const QList<QAbstractButton *> all
            = bar()->findChildren<QAbstractButton *>(Qt::FindDirectChildrenOnly);
        for (QAbstractButton *button : all) {
            if (button->isVisible())
                shown << button;
        }
        return shown;
    }

    mutable std::vector<QAccessible::Id> m_tabs;
};

QAccessibleInterface *factory(const QString &className, QObject *object)
{
    if (className == u"QTabBar") {
        if (auto *bar = qobject_cast<QTabBar *>(object))
            return new AccessibleTabBar(bar);
    }
    // Every combo box, named or not yet: Qt may ask for its interface (on a first item) before
    // the name is set, and keeps the one it got.
    auto *box = qobject_cast<QComboBox *>(object);
    if (className == u"QComboBox" && box)
        return new AccessibleComboBox(box);
    return nullptr;
}
} // namespace

void installAccessibleInterfaces()
{
    static const bool installed = [] {
        QAccessible::installFactory(factory);
        return true;
    }();
    Q_UNUSED(installed)
}

} // namespace Sockscope
