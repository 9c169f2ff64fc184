#include "statuscolors.h"

#include <QApplication>
#include <QPalette>
#include <QWidget>

namespace Sockscope::StatusColors {

namespace {
constexpr auto kKindProperty = "sockscopeStatusKind";

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void setColour(QWidget *widget, Kind kind)
{
    widget->setStyleSheet(
        kind == Kind::Normal
            ? QString()
            : QStringLiteral("color: %1;").arg(text(kind, QApplication::palette(widget)).name()));
}
} // namespace

QColor text(Kind kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (kind) {
    case Kind::Error:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xd1, 0x24, 0x2f);
    case Kind::Warning:
        return dark ? QColor(0xe3, 0xa0, 0x4f) : QColor(0xa0, 0x41, 0x00);
    case Kind::Success:
        return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x17, 0x70, 0x2f);
    case Kind::Muted:
        return palette.color(QPalette::PlaceholderText);
    case Kind::Normal:
        break;
    }
    return palette.color(QPalette::WindowText);
}

QColor markBackground(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xff, 0xeb, 0xe9);
}

QColor sentRowBackground(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor green = isDark(palette) ? QColor(0x3f, 0xb9, 0x50) : QColor(0x2d, 0xa4, 0x4e);
    const double share = isDark(palette) ? 0.14 : 0.12;
    return QColor::fromRgbF(float(base.redF() * (1 - share) + green.redF() * share),
                            float(base.greenF() * (1 - share) + green.greenF() * share),
                            float(base.blueF() * (1 - share) + green.blueF() * share));
}

QColor matchBackground(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x6e, 0x5a, 0x00) : QColor(0xff, 0xe5, 0x6b);
}

QColor chartLine(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x58, 0xa6, 0xff) : QColor(0x09, 0x69, 0xda);
}

void apply(QWidget *widget, Kind kind)
{
    widget->setProperty(kKindProperty, int(kind));
    setColour(widget, kind);
}

void reapplyAll()
{
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets) {
        const QVariant kind = widget->property(kKindProperty);
        if (kind.isValid() && kind.toInt() != int(Kind::Normal))
            setColour(widget, Kind(kind.toInt()));
    }
}

} // namespace Sockscope::StatusColors
