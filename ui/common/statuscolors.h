#pragma once

#include <QColor>

class QPalette;
class QWidget;

namespace Sockscope::StatusColors {

// The colours of error and warning text, chosen for the palette they are shown on: Qt 6.4's
// palette has no role for them, so a light and a dark variant are picked by the lightness of
// the window, each readable on it (WCAG AA, 4.5:1).
// Muted is the palette's placeholder colour (a closed connection's dot).
enum class Kind { Normal, Muted, Success, Warning, Error };

QColor text(Kind kind, const QPalette &palette);
// A faint background for marking a mistake inside text (the composer's error mark).
QColor markBackground(const QPalette &palette);
// The background of a sent row in a message log (received rows keep the base), as DevTools
// marks them: a faint green that the palette's text stays readable on.
QColor sentRowBackground(const QPalette &palette);
// The background of the filter's text where the log's preview and the inspector show it, as
// find marks it in a browser: a yellow that the palette's text stays readable on.
QColor matchBackground(const QPalette &palette);
// The line of a chart (the RTT sparkline): 3:1 on the palette's window, as WCAG asks of
// graphics.
QColor chartLine(const QPalette &palette);
// Shows a label's (or any widget's) text in that colour; Normal restores the palette's own.
// The widget remembers its kind, so a theme change can pick the colour again.
void apply(QWidget *widget, Kind kind);
// Applies every widget's remembered kind again, for the palette it has now.
void reapplyAll();

} // namespace Sockscope::StatusColors
