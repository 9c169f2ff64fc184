#pragma once

namespace Sockscope {

// What every file Sockscope writes (session files, log exports) holds in place of a value the
// user marked secret. Readers take it as "the value is kept elsewhere".
inline constexpr char kSecretPlaceholder[] = "<secret>";

} // namespace Sockscope
