#include "jsonreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::JsonReader)
};
} // namespace

QString JsonReader::placeOf(const QString &place, const char *key)
{
    return place.isEmpty() ? QString::fromLatin1(key) : place + u'.' + QLatin1String(key);
}

void JsonReader::fail(const QString &place, const QString &what)
{
    if (m_error.isEmpty())
        m_error = place + QStringLiteral(": ") + what;
}

QJsonValue JsonReader::value(const QJsonObject &o, const char *key, const QString &place,
                             bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() && required)
        fail(placeOf(place, key), Tr::tr("missing"));
    return v;
}

QString JsonReader::string(const QJsonObject &o, const char *key, const QString &place,
                           const QString &fallback, bool required)
{
    const QJsonValue v = value(o, key, place, required);
    if (v.isUndefined())
        return fallback;
    if (!v.isString()) {
        fail(placeOf(place, key), Tr::tr("expected a string"));
        return fallback;
    }
    return v.toString();
}

bool JsonReader::boolean(const QJsonObject &o, const char *key, const QString &place, bool fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isBool()) {
        fail(placeOf(place, key), Tr::tr("expected true or false"));
        return fallback;
    }
    return v.toBool();
}

qint64 JsonReader::integer(const QJsonObject &o, const char *key, const QString &place,
                           qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    // Compared as doubles first: converting a double outside qint64's range is undefined.
    const double d = v.toDouble();
    if (!v.isDouble() || !(d >= double(min) && d <= double(max)) || std::floor(d) != d) {
        fail(placeOf(place, key),
             Tr::tr("expected a whole number from %1 to %2").arg(min).arg(max));
        return fallback;
    }
    return qBound(min, qint64(d), max); // double(max) may round up past max
}

QList<qint64> JsonReader::integers(const QJsonObject &o, const char *key, const QString &place,
                                   qint64 min, qint64 max)
{
    QList<qint64> out;
    const QJsonArray list = array(o, key, place);
    for (qsizetype i = 0; i < list.size() && ok(); ++i) {
        // Each item read as the one value of an object, so it is checked as integer() checks.
        const QByteArray item = QByteArray(key) + '[' + QByteArray::number(i) + ']';
        out.append(integer(QJsonObject {{QString::fromLatin1(item), list[i]}}, item.constData(),
                           place, 0, min, max));
    }
    return out;
}

QByteArray JsonReader::base64(const QJsonObject &o, const char *key, const QString &place,
                              bool required)
{
    const QString text = string(o, key, place, {}, required);
    auto decoded
        = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        fail(placeOf(place, key), Tr::tr("not valid base64"));
    return decoded.decoded;
}

QJsonArray JsonReader::array(const QJsonObject &o, const char *key, const QString &place)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return {};
    if (!v.isArray())
        fail(placeOf(place, key), Tr::tr("expected a list"));
    return v.toArray();
}

QJsonObject JsonReader::object(const QJsonValue &v, const QString &place)
{
    if (!v.isObject() && !v.isUndefined())
        fail(place, Tr::tr("expected an object"));
    return v.toObject();
}

QStringList JsonReader::strings(const QJsonObject &o, const char *key, const QString &place)
{
    QStringList out;
    const QJsonArray list = array(o, key, place);
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list[i].isString())
            fail(QStringLiteral("%1[%2]").arg(placeOf(place, key)).arg(i),
                 Tr::tr("expected a string"));
        out << list[i].toString();
    }
    return out;
}

namespace JsonFiles {

bool parseObject(const QByteArray &json, QJsonObject *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    QString problem;
    if (parseError.error != QJsonParseError::NoError)
        problem = Tr::tr("not valid JSON at byte %1 (%2)")
                      .arg(parseError.offset)
                      .arg(parseError.errorString());
    else if (!document.isObject())
        problem = Tr::tr("expected a JSON object at the top");
    if (problem.isEmpty()) {
        *out = document.object();
        return true;
    }
    if (error)
        *error = problem;
    return false;
}

bool read(const QString &path, qint64 maxBytes, QByteArray *data, QString *error)
{
    QFile file(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = Tr::tr("Could not open %1: %2.").arg(shown, file.errorString());
        return false;
    }
    if (file.size() > maxBytes) {
        if (error)
            *error = Tr::tr("%1 is %2 MiB, over the %3 MiB limit for this kind of file; it was not "
                            "opened.")
                         .arg(shown)
                         .arg(file.size() >> 20)
                         .arg(maxBytes >> 20);
        return false;
    }
    *data = file.readAll();
    return true;
}

bool load(const QString &path, qint64 maxBytes,
          const std::function<bool(const QByteArray &, QString *)> &parse, const QString &sentence,
          QString *error)
{
    QByteArray data;
    if (!read(path, maxBytes, &data, error))
        return false;
    QString problem;
    if (parse(data, &problem))
        return true;
    if (error)
        *error = sentence.arg(QDir::toNativeSeparators(path), problem);
    return false;
}

} // namespace JsonFiles

} // namespace Sockscope
