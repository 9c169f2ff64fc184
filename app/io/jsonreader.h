#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>

namespace Sockscope {

// Reads typed values out of JSON for every file format Sockscope reads (session files, the
// workspace, rules files, logs), so each words its mistakes the same way: the first one is
// kept, with its place ("connections[2].url: expected a string"). Reading goes on after a
// mistake, returning the fallback, so a caller can read a whole object and check ok() once.
class JsonReader
{
public:
    bool ok() const { return m_error.isEmpty(); }
    // "place: what", the first mistake; empty while there is none.
    const QString &error() const { return m_error; }
    // Records a mistake of the caller's own (a value out of a list of names, say).
    void fail(const QString &place, const QString &what);

    // The value under key, or an undefined value; a required key that is missing is a mistake.
    QJsonValue value(const QJsonObject &o, const char *key, const QString &place, bool required);
    QString string(const QJsonObject &o, const char *key, const QString &place,
                   const QString &fallback = {}, bool required = false);
    bool boolean(const QJsonObject &o, const char *key, const QString &place, bool fallback);
    // A whole number from min to max. Anything else (a fraction, a number outside the range,
    // 1e300) is a mistake, checked before any conversion.
    qint64 integer(const QJsonObject &o, const char *key, const QString &place, qint64 fallback,
                   qint64 min, qint64 max);
    // Bytes written as base64; text that is not base64 is a mistake.
    QByteArray base64(const QJsonObject &o, const char *key, const QString &place,
                      bool required = false);
    QJsonArray array(const QJsonObject &o, const char *key, const QString &place);
    // An object, or an empty one when v is undefined.
    QJsonObject object(const QJsonValue &v, const QString &place);
    QStringList strings(const QJsonObject &o, const char *key, const QString &place);
    // A list of whole numbers from min to max (each mistake placed as "key[2]").
    QList<qint64> integers(const QJsonObject &o, const char *key, const QString &place, qint64 min,
                           qint64 max);

    // place.key, the place of a value inside place; key alone when place is empty.
    static QString placeOf(const QString &place, const char *key);

private:
    QString m_error;
};

namespace JsonFiles {
// Parses JSON whose top is an object; false with a sentence ("not valid JSON at byte 12
// (...)") in *error.
bool parseObject(const QByteArray &json, QJsonObject *out, QString *error);
// Reads a file of at most maxBytes. False with a sentence naming the file and the problem.
bool read(const QString &path, qint64 maxBytes, QByteArray *data, QString *error);
// Reads the file and hands its bytes to parse. When parse fails, *error is sentence with %1
// the file and %2 parse's own words ("%1 is not a session Sockscope can open: %2.").
bool load(const QString &path, qint64 maxBytes,
          const std::function<bool(const QByteArray &, QString *)> &parse, const QString &sentence,
          QString *error);
} // namespace JsonFiles

} // namespace Sockscope
