#include "jsonvalue.h"

#include "decoder.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <simdjson.h>

#include <cmath>
#include <cstring>

namespace Sockscope::JsonValue {

QJsonValue parse(QByteArrayView text, QString *error)
{
    // QJsonDocument reads objects and arrays only: a scalar is read as the item of an array.
    qsizetype i = 0;
    while (i < text.size()
           && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        ++i;
    if (i == text.size()) {
        if (error)
            *error = QCoreApplication::translate("Sockscope::JsonValue", "Empty, not JSON");
        return QJsonValue(QJsonValue::Undefined);
    }
    QJsonParseError parseError;
    if (text[i] == '{' || text[i] == '[') {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &parseError);
        if (!doc.isNull())
            return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(
            QByteArray("[") + text.toByteArray() + QByteArray("]"), &parseError);
        if (!doc.isNull() && doc.array().size() == 1)
            return doc.array().first();
    }
    if (error) {
        *error = QCoreApplication::translate("Sockscope::JsonValue", "Not JSON: %1")
                     .arg(parseError.errorString());
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString line(QString text, qsizetype maxChars)
{
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t' || c == QChar(0x2028) || c == QChar(0x2029))
            c = u' ';
        else if (c.unicode() < 0x20)
            c = QChar(0xfffd);
    }
    if (text.size() > maxChars)
        text = text.first(maxChars - 1) + QChar(0x2026);
    return text;
}

QString oneLine(const QJsonValue &value, qsizetype maxChars)
{
    QByteArray json;
    if (value.isObject())
        json = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        json = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else {
        json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        json = json.mid(1, json.size() - 2);
    }
    return line(QString::fromUtf8(json), maxChars);
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Double: {
        // As QJsonDocument writes a number, without making a document.
        const QCborValue number = QCborValue::fromJsonValue(value);
        if (number.isInteger())
            return QString::number(number.toInteger());
        const double d = number.toDouble();
        return qIsFinite(d) ? QString::number(d, 'g', QLocale::FloatingPointShortest)
                            : QStringLiteral("null");
    }
    default:
        return oneLine(value, 1 << 20);
    }
}

namespace {
// One step of a path: a key ("items") or an index ("[0]"; a key on an array is one too).
struct PathStep
{
    QStringView key;
    bool index = false;
};

// The next step of path from *i, moving *i past it; false at the end or for a broken path
// (*broken set then).
bool nextStep(QStringView path, qsizetype *i, PathStep *step, bool *broken)
{
    while (*i < path.size() && path[*i] == u'.')
        ++*i;
    if (*i == path.size())
        return false;
    if (path[*i] == u'[') {
        const qsizetype end = path.indexOf(u']', *i);
        if (end < 0) {
            *broken = true;
            return false;
        }
        *step = {path.sliced(*i + 1, end - *i - 1), true};
        *i = end + 1;
        return true;
    }
    qsizetype end = *i;
    while (end < path.size() && path[end] != u'.' && path[end] != u'[')
        ++end;
    *step = {path.sliced(*i, end - *i), false};
    *i = end;
    return true;
}
} // namespace

PathHead head(QStringView path)
{
    qsizetype i = 0;
    PathStep step;
    bool broken = false;
    if (!nextStep(path, &i, &step, &broken))
        return {broken ? PathHead::Nothing : PathHead::Whole, {}, {}};
    if (step.index)
        return {PathHead::Nothing, {}, {}};
    return {PathHead::Key, step.key.toString(), path.sliced(i)};
}

bool sameKey(QStringView key, QByteArrayView utf8)
{
    if (utf8.size() < key.size()) // UTF-8 never has fewer bytes than UTF-16 units
        return false;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = quint8(utf8[i]);
        if (c >= 0x80 || i >= key.size() || key[i].unicode() >= 0x80)
            return QString::fromUtf8(utf8) == key;
        if (key[i].unicode() != c)
            return false;
    }
    return utf8.size() == key.size();
}

bool firstKeys(const DecodeContext &context)
{
    if (context.wantsSummary() || !context.paths)
        return false;
    for (const QString &path : *context.paths) {
        if (head(path).kind == PathHead::Whole)
            return false;
    }
    return true;
}

QJsonValue at(const QJsonValue &root, QStringView path)
{
    QJsonValue v = root;
    qsizetype i = 0;
    PathStep step;
    bool broken = false;
    while (nextStep(path, &i, &step, &broken)) {
        if (v.isArray()) {
            bool ok = false;
            const int n = step.key.toInt(&ok);
            if (!ok || n < 0 || n >= v.toArray().size())
                return QJsonValue(QJsonValue::Undefined);
            v = v.toArray().at(n);
        } else if (v.isObject() && !step.index) {
            const QJsonObject o = v.toObject();
            const auto it = o.constFind(step.key);
            if (it == o.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            v = *it;
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return broken ? QJsonValue(QJsonValue::Undefined) : v;
}

struct FieldReader::Root
{
    simdjson::dom::element element;
};

namespace {
simdjson::dom::parser &threadParser()
{
    // One per thread, its buffers kept from text to text. Shallower than QJsonDocument's
    // limit, so a text too deep for either is left to QJsonDocument to say so.
    thread_local simdjson::dom::parser parser = [] {
        simdjson::dom::parser p(FieldReader::kMaxBytes);
        if (p.allocate(4096, 512) != simdjson::SUCCESS)
            return simdjson::dom::parser(FieldReader::kMaxBytes);
        return p;
    }();
    return parser;
}

// Whether the text has a number with a negative exponent ("1.5e-400"): QJsonDocument refuses
// one too small for a double, which simdjson reads as 0.
bool hasNegativeExponent(QByteArrayView text)
{
    if (text.isEmpty())
        return false; // (and data() may be null)
    const char *begin = text.data();
    const char *end = begin + text.size();
    for (const char *p = begin; (p = static_cast<const char *>(std::memchr(p, '-', end - p)));
         ++p) {
        if (p - begin >= 2 && (p[-1] == 'e' || p[-1] == 'E')
            && ((p[-2] >= '0' && p[-2] <= '9') || p[-2] == '.'))
            return true;
    }
    return false;
}

// The element's text read for FieldReader: false when it cannot be. The same bytes read twice
// in a row on a thread (a message recognised, then tracked) are parsed once.
bool readElement(QByteArrayView text, simdjson::dom::element *element)
{
    thread_local QByteArray lastText;
    thread_local simdjson::dom::element lastElement;
    thread_local bool lastRead = false;
    if (lastText.size() == text.size() && lastText == text) {
        *element = lastElement;
        return lastRead;
    }
    lastRead = !text.isEmpty() && text.size() <= FieldReader::kMaxBytes
        && !hasNegativeExponent(text)
        && !threadParser().parse(text.data(), size_t(text.size())).get(lastElement);
    // Kept in the same buffer from text to text (no allocation once it is large enough).
    lastText.resize(lastRead ? text.size() : 0);
    if (lastRead)
        std::memcpy(lastText.data(), text.data(), size_t(text.size()));
    *element = lastElement;
    return lastRead;
}

// The element at a path of v, false when there is none.
bool find(simdjson::dom::element v, QStringView path, int firstIndexOffset,
          simdjson::dom::element *found)
{
    using simdjson::dom::element_type;
    qsizetype i = 0;
    PathStep step;
    bool broken = false;
    for (bool first = true; nextStep(path, &i, &step, &broken); first = false) {
        if (v.type() == element_type::ARRAY) {
            bool ok = false;
            const int n = step.key.toInt(&ok);
            const simdjson::dom::array array = v.get_array().value_unsafe();
            if (!ok || n < 0)
                return false;
            const size_t at = size_t(n) + size_t(first ? firstIndexOffset : 0);
            if (at >= array.size() || array.at(at).get(v))
                return false;
        } else if (v.type() == element_type::OBJECT && !step.index) {
            // QJsonDocument keeps the last of a key written twice.
            bool found = false;
            const simdjson::dom::object object = v.get_object().value_unsafe();
            for (const simdjson::dom::key_value_pair field : object) {
                if (sameKey(step.key,
                            QByteArrayView(field.key.data(), qsizetype(field.key.size())))) {
                    v = field.value;
                    found = true;
                }
            }
            if (!found)
                return false;
        } else {
            return false;
        }
    }
    if (broken)
        return false;
    *found = v;
    return true;
}

// FieldReader::at, from the element of a text.
bool valueOf(simdjson::dom::element root, QStringView path, QJsonValue *value, int firstIndexOffset)
{
    using simdjson::dom::element_type;
    *value = QJsonValue(QJsonValue::Undefined);
    simdjson::dom::element v;
    if (!find(root, path, firstIndexOffset, &v))
        return true;
    switch (v.type()) {
    case element_type::STRING: {
        const std::string_view s = v.get_string().value_unsafe();
        *value = QString::fromUtf8(s.data(), qsizetype(s.size()));
        return true;
    }
    case element_type::INT64:
        *value = QJsonValue(qint64(v.get_int64().value_unsafe()));
        return true;
    case element_type::UINT64: // only past qint64's range, where QJsonDocument makes a double
        *value = QJsonValue(double(v.get_uint64().value_unsafe()));
        return true;
    case element_type::DOUBLE: {
        // QJsonDocument keeps a whole number in qint64's range as an integer ("9.2e18",
        // "1.0"), which is written as one; other numbers as doubles.
        const double d = v.get_double().value_unsafe();
        if (d == std::trunc(d) && d >= -0x1p63 && d < 0x1p63)
            *value = QJsonValue(qint64(d));
        else
            *value = QJsonValue(d);
        return true;
    }
    case element_type::BOOL:
        *value = QJsonValue(v.get_bool().value_unsafe());
        return true;
    case element_type::NULL_VALUE:
        *value = QJsonValue(QJsonValue::Null);
        return true;
    default: // an object or an array: made by parse()
        return false;
    }
}

} // namespace

FieldReader::FieldReader() = default;
FieldReader::~FieldReader() = default;

bool FieldReader::read(QByteArrayView text)
{
    m_root.reset();
    simdjson::dom::element element;
    if (!readElement(text, &element))
        return false;
    m_root = std::make_unique<Root>(Root {element});
    return true;
}

bool FieldReader::at(QStringView path, QJsonValue *value, int firstIndexOffset) const
{
    if (!m_root) {
        *value = QJsonValue(QJsonValue::Undefined);
        return false;
    }
    return valueOf(m_root->element, path, value, firstIndexOffset);
}

bool FieldReader::typeAt(QStringView path, QJsonValue::Type *type) const
{
    using simdjson::dom::element_type;
    *type = QJsonValue::Undefined;
    if (!m_root)
        return false;
    simdjson::dom::element v;
    if (!find(m_root->element, path, 0, &v))
        return true;
    switch (v.type()) {
    case element_type::ARRAY:
        *type = QJsonValue::Array;
        break;
    case element_type::OBJECT:
        *type = QJsonValue::Object;
        break;
    case element_type::STRING:
        *type = QJsonValue::String;
        break;
    case element_type::BOOL:
        *type = QJsonValue::Bool;
        break;
    case element_type::NULL_VALUE:
        *type = QJsonValue::Null;
        break;
    default:
        *type = QJsonValue::Double;
    }
    return true;
}

qsizetype FieldReader::arraySize(QStringView path) const
{
    simdjson::dom::element v;
    if (!m_root || !find(m_root->element, path, 0, &v)
        || v.type() != simdjson::dom::element_type::ARRAY)
        return -1;
    return qsizetype(v.get_array().value_unsafe().size());
}

bool FieldReader::stringAt(QStringView path, QString *string) const
{
    simdjson::dom::element v;
    if (!m_root || !find(m_root->element, path, 0, &v)
        || v.type() != simdjson::dom::element_type::STRING)
        return false;
    const std::string_view s = v.get_string().value_unsafe();
    *string = QString::fromUtf8(s.data(), qsizetype(s.size()));
    return true;
}

bool FieldReader::scalarTextAt(QStringView path, QString *text) const
{
    using simdjson::dom::element_type;
    simdjson::dom::element v;
    if (!m_root)
        return false;
    if (!find(m_root->element, path, 0, &v)) {
        *text = QString();
        return true;
    }
    if (v.type() == element_type::STRING) {
        const std::string_view s = v.get_string().value_unsafe();
        *text = QString::fromUtf8(s.data(), qsizetype(s.size()));
        return true;
    }
    if (v.type() == element_type::INT64) { // as at() makes it: an integer QJsonValue
        *text = QString::number(v.get_int64().value_unsafe());
        return true;
    }
    return false;
}

bool Document::read(QByteArrayView text, QString *error)
{
    m_text = text;
    m_whole = QJsonValue(QJsonValue::Undefined);
    m_readerHasIt = m_reader.read(text);
    if (m_readerHasIt)
        return true;
    m_whole = parse(text, error);
    return !m_whole.isUndefined();
}

const QJsonValue &Document::whole() const
{
    if (m_whole.isUndefined())
        m_whole = parse(m_text);
    return m_whole;
}

QJsonValue Document::at(QStringView path, int firstIndexOffset) const
{
    QJsonValue value;
    if (m_readerHasIt && m_reader.at(path, &value, firstIndexOffset))
        return value;
    if (firstIndexOffset == 0 || !whole().isArray())
        return JsonValue::at(whole(), path);
    // The path is into the array after its first firstIndexOffset items.
    QJsonArray rest = whole().toArray();
    for (int i = 0; i < firstIndexOffset && !rest.isEmpty(); ++i)
        rest.removeFirst();
    return JsonValue::at(rest, path);
}

QList<QJsonValue> Document::at(const QStringList &paths, int firstIndexOffset) const
{
    QList<QJsonValue> values;
    values.reserve(paths.size());
    for (const QString &path : paths)
        values.append(at(path, firstIndexOffset));
    return values;
}

QString Document::string(QStringView path) const
{
    if (!m_readerHasIt)
        return JsonValue::at(whole(), path).toString();
    QString string;
    m_reader.stringAt(path, &string);
    return string;
}

QString Document::scalarText(QStringView path) const
{
    QString text;
    if (m_readerHasIt && m_reader.scalarTextAt(path, &text))
        return text;
    return JsonValue::scalarText(at(path));
}

QJsonValue::Type Document::type(QStringView path) const
{
    QJsonValue::Type type;
    if (m_readerHasIt && m_reader.typeAt(path, &type))
        return type;
    return JsonValue::at(whole(), path).type();
}

qsizetype Document::arraySize(QStringView path) const
{
    if (m_readerHasIt)
        return m_reader.arraySize(path);
    const QJsonValue v = JsonValue::at(whole(), path);
    return v.isArray() ? v.toArray().size() : -1;
}

void setLayerValue(DecodedLayer *layer, const QJsonValue &value, const DecodeContext &context)
{
    if (!context.paths) {
        layer->value = value;
        return;
    }
    layer->pathValues.clear();
    for (const QString &path : *context.paths)
        layer->pathValues.append(at(value, path));
}

void setLayerValue(DecodedLayer *layer, const Document &doc, const DecodeContext &context)
{
    if (context.paths)
        layer->pathValues = doc.at(*context.paths);
    else
        layer->value = doc.whole();
}

DecodedNode tree(const QString &name, const QJsonValue &value, qsizetype *budget)
{
    DecodedNode node {name, {}, {}};
    --*budget;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        node.value = o.isEmpty() ? QStringLiteral("{}") : QStringLiteral("{%1}").arg(o.size());
        for (auto it = o.begin(); it != o.end() && *budget > 0; ++it)
            node.children.append(tree(it.key(), it.value(), budget));
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        node.value = a.isEmpty() ? QStringLiteral("[]") : QStringLiteral("[%1]").arg(a.size());
        for (qsizetype i = 0; i < a.size() && *budget > 0; ++i)
            node.children.append(tree(QStringLiteral("[%1]").arg(i), a.at(i), budget));
    } else {
        node.value = value.isString() ? oneLine(value, 400) : scalarText(value);
    }
    return node;
}

QString gist(const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        static const char *const keys[]
            = {"type", "event", "op", "action", "method", "channel", "topic", "cmd", "kind", "e"};
        for (const char *latin1 : keys) {
            const QString key = QLatin1String(latin1);
            const QJsonValue v = o.value(key);
            if (v.isString() || v.isDouble())
                return line(key + u'=' + scalarText(v), 80);
        }
        return o.size() == 1 ? QStringLiteral("{1 key}")
                             : QStringLiteral("{%1 keys}").arg(o.size());
    }
    if (value.isArray()) {
        const qsizetype n = value.toArray().size();
        return n == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(n);
    }
    return oneLine(value);
}

} // namespace Sockscope::JsonValue
