#include "jsonoutline.h"

namespace Sockscope {

namespace {
bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// The end (one past the closing quote) of the string that starts at json[start].
qsizetype stringEnd(QByteArrayView json, qsizetype start)
{
    qsizetype i = start + 1;
    while (i < json.size() && json[i] != '"')
        i += json[i] == '\\' ? 2 : 1;
    return qMin(i + 1, json.size());
}
} // namespace

JsonOutline JsonOutline::read(QByteArrayView json, qsizetype maxNodes, int maxDepth)
{
    using Kind = Node::Kind;
    JsonOutline out;
    struct Open
    {
        qsizetype node; // -1 when the container has no node of its own
        bool object;
        bool expectKey;
        qsizetype count;
    };
    std::vector<Open> stack;
    QString key;
    const auto add = [&](Kind kind, QString text) -> qsizetype {
        QString name;
        if (!stack.empty()) {
            Open &parent = stack.back();
            name = parent.object ? key : QString::number(parent.count);
            ++parent.count;
        }
        const int depth = int(stack.size());
        const bool parentShown = stack.empty() || stack.back().node >= 0;
        if (!parentShown || depth > maxDepth || qsizetype(out.nodes.size()) >= maxNodes) {
            out.complete = false;
            return -1;
        }
        out.nodes.push_back({kind, depth, std::move(name), std::move(text), 0});
        return qsizetype(out.nodes.size()) - 1;
    };
    for (qsizetype i = 0; i < json.size();) {
        const char c = json[i];
        if (isSpace(c)) {
            ++i;
        } else if (c == '{' || c == '[') {
            const bool parentShown = stack.empty() || stack.back().node >= 0;
            const qsizetype node = add(c == '{' ? Kind::Object : Kind::Array, {});
            stack.push_back({parentShown ? node : -1, c == '{', c == '{', 0});
            ++i;
        } else if (c == '}' || c == ']') {
            if (!stack.empty()) {
                if (stack.back().node >= 0)
                    out.nodes[size_t(stack.back().node)].children = stack.back().count;
                stack.pop_back();
            }
            ++i;
        } else if (c == ',') {
            if (!stack.empty() && stack.back().object)
                stack.back().expectKey = true;
            ++i;
        } else if (c == ':') {
            if (!stack.empty())
                stack.back().expectKey = false;
            ++i;
        } else if (c == '"') {
            const qsizetype end = stringEnd(json, i);
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                key = QString::fromUtf8(json.sliced(i + 1, qMax<qsizetype>(0, end - i - 2)));
            } else {
                add(Kind::String, QString::fromUtf8(json.sliced(i, end - i)));
            }
            i = end;
        } else {
            qsizetype end = i;
            while (end < json.size() && !isSpace(json[end]) && json[end] != ',' && json[end] != '}'
                   && json[end] != ']')
                ++end;
            add(c == 't' || c == 'f' || c == 'n' ? Kind::Literal : Kind::Number,
                QString::fromUtf8(json.sliced(i, qMax<qsizetype>(1, end - i))));
            i = qMax(end, i + 1);
        }
    }
    return out;
}

} // namespace Sockscope
