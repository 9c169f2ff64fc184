#pragma once

#include <QByteArrayView>
#include <QString>

#include <vector>

namespace Sockscope {

// The shape of a JSON text for a tree view, read from the text itself so that keys stay in the
// message's order and numbers and strings stay as written (QJsonDocument sorts keys and turns
// 39610.88 into 39610.879999999997). The text must already be known to be valid JSON.
struct JsonOutline
{
    struct Node
    {
        enum class Kind { Object, Array, String, Number, Literal };
        Kind kind;
        int depth; // 0 for the root
        QString key; // the member's name as written (without its quotes), or the item's index
        QString text; // a scalar as written (a string with its quotes and escapes)
        qsizetype children = 0; // members or items, all of them even when not all are nodes
    };

    std::vector<Node> nodes; // in document order: each node's children follow it
    bool complete = true; // false: more than maxNodes values, or some deeper than maxDepth

    // Reads json, keeping at most maxNodes nodes and none deeper than maxDepth. The work is
    // one pass over the text, whatever its shape.
    static JsonOutline read(QByteArrayView json, qsizetype maxNodes, int maxDepth);
};

} // namespace Sockscope
