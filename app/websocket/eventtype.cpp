#include "eventtype.h"

#include "opcode.h"

#include <iterator>

namespace Sockscope {

namespace {
constexpr QStringView kDirections[] = {u"sent", u"received", u"event"};
constexpr QStringView kTypes[]
    = {u"text", u"binary", u"ping", u"pong", u"close", u"connecting", u"open", u"error", u"info"};
static_assert(std::size(kDirections) == size_t(Direction::Lifecycle) + 1);
static_assert(std::size(kTypes) == size_t(EventType::Info) + 1);

template<typename Enum, size_t N>
bool parse(const QStringView (&names)[N], QStringView name, Enum *out)
{
    for (size_t i = 0; i < N; ++i) {
        if (names[i] == name) {
            *out = Enum(i);
            return true;
        }
    }
    return false;
}
} // namespace

namespace WireNames {

QStringView direction(Direction direction)
{
    return kDirections[size_t(direction)];
}

QStringView type(EventType type)
{
    return kTypes[size_t(type)];
}

bool parseDirection(QStringView name, Direction *out)
{
    return parse(kDirections, name, out);
}

bool parseType(QStringView name, EventType *out)
{
    return parse(kTypes, name, out);
}

} // namespace WireNames

int opcodeOf(EventType type)
{
    switch (type) {
    case EventType::Text:
        return int(Opcode::Text);
    case EventType::Binary:
        return int(Opcode::Binary);
    case EventType::Close:
        return int(Opcode::Close);
    case EventType::Ping:
        return int(Opcode::Ping);
    case EventType::Pong:
        return int(Opcode::Pong);
    case EventType::Connecting:
    case EventType::Open:
    case EventType::Error:
    case EventType::Info:
        break;
    }
    return -1;
}

} // namespace Sockscope
