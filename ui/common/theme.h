#pragma once

#include <QString>

namespace Sockscope::Theme {

// View > Theme. System is whatever style and palette Qt picked at start (a -style option
// included); Light and Dark use the Fusion style, which draws the same on every platform, with
// a palette of our own for Dark: Qt 6.4 cannot read a desktop's dark setting everywhere.
enum class Choice { System, Light, Dark };

// The choice kept in the settings (System when none is kept, or it is not one of ours).
Choice stored();
void store(Choice choice);
// The choice applied last (System before any).
Choice current();
// Sets the application's style and palette for the choice, and tells every widget whose
// colours are not the palette's own (status text, the state dot) to pick them again.
void apply(Choice choice);

QString displayName(Choice choice);

} // namespace Sockscope::Theme
