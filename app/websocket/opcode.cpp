#include "opcode.h"

namespace Sockscope::Opcodes {

QString name(int opcode)
{
    switch (opcode) {
    case int(Opcode::Continuation):
        return QStringLiteral("continuation");
    case int(Opcode::Text):
        return QStringLiteral("text");
    case int(Opcode::Binary):
        return QStringLiteral("binary");
    case int(Opcode::Close):
        return QStringLiteral("close");
    case int(Opcode::Ping):
        return QStringLiteral("ping");
    case int(Opcode::Pong):
        return QStringLiteral("pong");
    }
    return QStringLiteral("reserved (0x%1)").arg(opcode, 0, 16);
}

} // namespace Sockscope::Opcodes
