#pragma once

#include "wirelog.h"

#include <QJsonArray>

#include <vector>

namespace Sockscope {

class JsonReader;

// Frames in Sockscope's files: the "wire" list of a JSON Lines record and of a HAR message's
// "_sockscope" object (see the README's schema). Field names are fixed, never translated.
namespace WireJson {

QJsonArray write(const std::vector<WireLog::Frame> &frames);
// Reads a "wire" list; a mistake is left in r with its place (place.wire[2].opcode: ...).
std::vector<WireLog::Frame> read(JsonReader &r, const QJsonArray &list, const QString &place);

} // namespace WireJson
} // namespace Sockscope
