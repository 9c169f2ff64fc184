#include "profiletab.h"

namespace Sockscope {

ProfileTab::~ProfileTab() = default;

} // namespace Sockscope
