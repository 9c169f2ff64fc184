#pragma once

#include <QString>

namespace Sockscope {

// RFC 6455 section 5.2 frame opcodes. Values 3-7 and 11-15 are reserved.
enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

namespace Opcodes {
// "text", "close", …, or "reserved (0x3)" for a value RFC 6455 does not define.
QString name(int opcode);
// Close, ping, pong and the reserved values 11-15: the frames that must not be fragmented.
constexpr bool isControl(int opcode)
{
    return opcode >= 0x8 && opcode <= 0xF;
}
constexpr bool isReserved(int opcode)
{
    return (opcode >= 0x3 && opcode <= 0x7) || (opcode >= 0xB && opcode <= 0xF);
}
} // namespace Opcodes

} // namespace Sockscope
