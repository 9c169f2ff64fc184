#pragma once

namespace Sockscope {

class MainWindow;

// The window's menus and toolbar: each action calls the window's own API, so what a menu
// does is what a test or the sidebar can do too. Shortcuts are set here, in one place.
namespace MainMenus {
void addTo(MainWindow *window);
} // namespace MainMenus

} // namespace Sockscope
