#pragma once

#include <QList>
#include <QString>

#include <utility>

namespace Sockscope {

class MainWindow;

// The window's menus and toolbar: each action calls the window's own API, so what a menu
// does is what a test or the sidebar can do too. Shortcuts are set here, in one place.
namespace MainMenus {
void addTo(MainWindow *window);
// Every shortcut of the window's actions and what it does, as Help > Keyboard shortcuts lists
// them (read from the actions, so the list is never out of date).
QList<std::pair<QString, QString>> shortcuts(const MainWindow *window);
} // namespace MainMenus

} // namespace Sockscope
