#include "payloadformat.h"

#include "websocket/utf8.h"

#include <QCoreApplication>
#include <QJsonParseError>

namespace Sockscope::PayloadFormat {

QJsonDocument parseJson(QByteArrayView data, QString *error)
{
    if (data.size() > kMaxJsonBytes) {
        if (error)
            *error = QCoreApplication::translate("Sockscope::PayloadFormat",
                                                 "Too large to parse as JSON (over %1 MiB).")
                         .arg(kMaxJsonBytes >> 20);
        return {};
    }
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(data.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QCoreApplication::translate("Sockscope::PayloadFormat",
                                                 "Not JSON: %1 at byte %2.")
                         .arg(parseError.errorString())
                         .arg(parseError.offset + 1);
        return {};
    }
    return doc;
}

QString prettyJson(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&out, &depth] {
        out += '\n';
        out.append(QByteArray(depth * 4, ' '));
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            // An empty object or array stays on one line.
            qsizetype next = i + 1;
            while (next < json.size()
                   && (json[next] == ' ' || json[next] == '\n' || json[next] == '\r'
                       || json[next] == '\t'))
                ++next;
            if (next < json.size() && (json[next] == '}' || json[next] == ']')) {
                out += c;
                out += json[next];
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            break; // the original spacing outside strings is replaced
        default:
            out += c;
        }
    }
    out += '\n';
    return QString::fromUtf8(out);
}

View bestView(EventType type, QByteArrayView data)
{
    if (type == EventType::Binary)
        return View::Hex;
    // Only payloads that look like an object or array are worth a JSON parse.
    qsizetype i = 0;
    while (i < data.size()
           && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        ++i;
    if (i < data.size() && (data[i] == '{' || data[i] == '[') && data.size() <= kMaxJsonBytes
        && !parseJson(data).isNull())
        return View::Json;
    if (!Utf8::isValid(data))
        return View::Hex;
    return View::Text;
}

} // namespace Sockscope::PayloadFormat
