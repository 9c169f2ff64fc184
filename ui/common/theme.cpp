#include "theme.h"

#include "statuscolors.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace Sockscope::Theme {

namespace {
constexpr auto kSettingsKey = "view/theme";

struct Original
{
    QString styleName;
    QPalette palette;
};

// What Qt chose at start, taken the first time a theme is applied.
const Original &original()
{
    static const Original saved {QApplication::style()->name(), QApplication::palette()};
    return saved;
}

Choice g_current = Choice::System;

QString keyOf(Choice choice)
{
    switch (choice) {
    case Choice::Light:
        return QStringLiteral("light");
    case Choice::Dark:
        return QStringLiteral("dark");
    case Choice::System:
        break;
    }
    return QStringLiteral("system");
}
} // namespace

Choice stored()
{
    const QString key = QSettings().value(QLatin1String(kSettingsKey)).toString();
    for (Choice choice : {Choice::Light, Choice::Dark}) {
        if (key == keyOf(choice))
            return choice;
    }
    return Choice::System;
}

void store(Choice choice)
{
    QSettings().setValue(QLatin1String(kSettingsKey), keyOf(choice));
}

Choice current()
{
    return g_current;
}

namespace {
QPalette darkPalette()
{
    // Every text role is at least 4.5:1 on Base and on Window (WCAG AA); tst_theme checks it.
    const QColor window(0x2d, 0x2d, 0x30);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor muted(0x9d, 0x9d, 0x9d);
    QPalette p(window);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x28));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x3f));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3d));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x7b, 0x72));
    p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x54));
    p.setColor(QPalette::Midlight, QColor(0x44, 0x44, 0x48));
    p.setColor(QPalette::Mid, QColor(0x6e, 0x6e, 0x73));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    p.setColor(QPalette::Highlight, QColor(0x26, 0x4f, 0x78));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xd2, 0xa8, 0xff));
    const QColor disabled(0x80, 0x80, 0x80);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x3a, 0x3d));
    return p;
}

QPalette lightPalette(const QStyle &fusion)
{
    // Fusion's own, with a selection dark enough for white text on it (its #308cc6 is 3.7:1).
    QPalette p = fusion.standardPalette();
    p.setColor(QPalette::Active, QPalette::Highlight, QColor(0x1f, 0x6f, 0xb2));
    p.setColor(QPalette::Inactive, QPalette::Highlight, QColor(0x1f, 0x6f, 0xb2));
    return p;
}
} // namespace

void apply(Choice choice)
{
    const Original &system = original();
    if (choice == Choice::System) {
        QApplication::setStyle(system.styleName);
        QApplication::setPalette(system.palette);
    } else {
        QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
        QApplication::setStyle(fusion);
        QApplication::setPalette(choice == Choice::Dark ? darkPalette() : lightPalette(*fusion));
    }
    g_current = choice;
    StatusColors::reapplyAll();
}

QString displayName(Choice choice)
{
    switch (choice) {
    case Choice::Light:
        return QApplication::translate("Sockscope::Theme", "Light");
    case Choice::Dark:
        return QApplication::translate("Sockscope::Theme", "Dark");
    case Choice::System:
        break;
    }
    return QApplication::translate("Sockscope::Theme", "System");
}

} // namespace Sockscope::Theme
