#include "messagetemplate.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Sockscope::MessageTemplate {

namespace {
const QRegularExpression &placeholder()
{
    static const QRegularExpression re(QStringLiteral(R"(\{\{\s*([^{}]*?)\s*\}\})"));
    return re;
}

bool isKnown(const QString &name)
{
    static const QRegularExpression match(QStringLiteral(R"(^match\.\d+$)"));
    return name == u"message" || name == u"client.id" || name == u"client.address"
        || name == u"counter" || name == u"timestamp" || match.match(name).hasMatch()
        || (name.startsWith(u"json.") && name.size() > 5);
}
} // namespace

bool validate(const QString &templ, QString *error)
{
    auto it = placeholder().globalMatch(templ);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!isKnown(name)) {
            if (error) {
                *error = QCoreApplication::translate(
                             "Sockscope::MessageTemplate",
                             "unknown placeholder {{%1}} (use message, match.N, json.PATH, "
                             "client.id, client.address, counter or timestamp)")
                             .arg(name);
            }
            return false;
        }
    }
    return true;
}

QJsonValue lookup(const QJsonValue &root, const QString &path)
{
    QJsonValue value = root;
    const QStringList parts = path.split(u'.');
    for (const QString &part : parts) {
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            if (!object.contains(part))
                return QJsonValue(QJsonValue::Undefined);
            value = object.value(part);
        } else if (value.isArray()) {
            bool ok = false;
            const int index = part.toInt(&ok);
            const QJsonArray array = value.toArray();
            if (!ok || index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            value = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return value;
}

QString toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        return {};
    default:
        // Numbers, booleans and null as JSON writes them.
        return QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact))
            .mid(1)
            .chopped(1);
    }
}

QString render(const QString &templ, const TemplateContext &context)
{
    QString out;
    qsizetype last = 0;
    auto it = placeholder().globalMatch(templ);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(templ).sliced(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1);
        if (name == u"message") {
            out += context.message;
        } else if (name == u"client.id") {
            out += QString::number(context.clientId);
        } else if (name == u"client.address") {
            out += context.clientAddress;
        } else if (name == u"counter") {
            out += QString::number(context.counter);
        } else if (name == u"timestamp") {
            out += QDateTime::fromMSecsSinceEpoch(context.timestampMs, Qt::UTC)
                       .toString(Qt::ISODateWithMs);
        } else if (name.startsWith(u"match.")) {
            // Checked here too, though validate() keeps such names out: "match.-1" must not
            // index before the list, nor "match.99999999999" wrap to a small number.
            bool ok = false;
            const qsizetype n = name.mid(6).toLongLong(&ok);
            if (ok && n >= 0 && n < context.captures.size())
                out += context.captures[n];
        } else if (name.startsWith(u"json.")) {
            out += toText(lookup(context.json, name.mid(5)));
        } else {
            out += m.captured(0); // validated away; kept verbatim just in case
        }
    }
    out += QStringView(templ).sliced(last);
    return out;
}

} // namespace Sockscope::MessageTemplate
