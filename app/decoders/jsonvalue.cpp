#include "jsonvalue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    default:
        return oneLine(value, 1 << 20);
    }
}

QJsonValue at(const QJsonValue &root, QStringView path)
{
    QJsonValue v = root;
    qsizetype i = 0;
    while (i < path.size()) {
        if (path[i] == u'.') {
            ++i;
            continue;
        }
        QString key;
        bool index = false;
        if (path[i] == u'[') {
            const qsizetype end = path.indexOf(u']', i);
            if (end < 0)
                return QJsonValue(QJsonValue::Undefined);
            key = path.sliced(i + 1, end - i - 1).toString();
            index = true;
            i = end + 1;
        } else {
            qsizetype end = i;
            while (end < path.size() && path[end] != u'.' && path[end] != u'[')
                ++end;
            key = path.sliced(i, end - i).toString();
            i = end;
        }
        if (v.isArray()) {
            bool ok = false;
            const int n = key.toInt(&ok);
            if (!ok || n < 0 || n >= v.toArray().size())
                return QJsonValue(QJsonValue::Undefined);
            v = v.toArray().at(n);
        } else if (v.isObject() && !index) {
            const QJsonObject o = v.toObject();
            const auto it = o.constFind(key);
            if (it == o.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            v = *it;
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return v;
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
