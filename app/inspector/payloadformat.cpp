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

std::pair<qsizetype, qsizetype> base64Span(qsizetype start, qsizetype length)
{
    if (length <= 0)
        return {4 * (start / 3), 0};
    const qsizetype firstGroup = start / 3;
    const qsizetype endGroup = (start + length + 2) / 3;
    return {4 * firstGroup, 4 * (endGroup - firstGroup)};
}

QByteArray compactJson(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        inString = c == '"';
        out += c;
    }
    return out;
}

Pretty prettyJson(QByteArrayView json, qsizetype maxBytes, qsizetype maxLines)
{
    Pretty pretty;
    QByteArray out;
    out.reserve(qMin(json.size() * 2, maxBytes));
    int depth = 0;
    qsizetype lines = 1;
    bool inString = false;
    const auto newline = [&] {
        ++lines;
        out += '\n';
        if (depth > kMaxIndentLevels)
            pretty.flattened = true;
        out.append(qBound(0, depth, kMaxIndentLevels) * 4, ' ');
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (out.size() >= maxBytes || lines > maxLines) {
            pretty.complete = false;
            break;
        }
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
    if (pretty.complete && out.size() + 1 > maxBytes)
        pretty.complete = false; // the last newline's indentation went past the bound
    if (pretty.complete) {
        out += '\n';
    } else {
        out.truncate(maxBytes); // the last newline may have gone past it
        if (lines > maxLines) // drop the line that went past the last one
            out.truncate(qMax<qsizetype>(0, out.lastIndexOf('\n')));
        // Never end inside a UTF-8 sequence.
        qsizetype lead = out.size() - 1;
        while (lead > 0 && (uchar(out[lead]) & 0xC0) == 0x80)
            --lead;
        const uchar b = lead >= 0 ? uchar(out[lead]) : 0;
        const int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (lead >= 0 && out.size() - lead < length)
            out.truncate(lead);
    }
    pretty.text = QString::fromUtf8(out);
    return pretty;
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
