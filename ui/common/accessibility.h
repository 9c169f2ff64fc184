#pragma once

namespace Sockscope {

// Accessible interfaces for the widgets whose names Qt 6.4 gets wrong on Linux, so a screen
// reader hears what each one is for:
// - a combo box is named by its current text whatever its accessible name is ("All
//   directions" for the direction filter): ours names it by its accessible name, else a buddy
//   label, else (as Qt does) its current text; the current text is its value; its list and
//   line edit are its children as before;
// - a tab list is named by its current tab ("Text" for the inspector's views): ours names it
//   by its accessible name when it has one; its tabs (page tabs that can be pressed) and its
//   buttons (scroll, close) are its children.
// Install before the widgets are made; safe to call more than once.
void installAccessibleInterfaces();

} // namespace Sockscope
