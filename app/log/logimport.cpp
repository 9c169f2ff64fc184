#include "logimport.h"

#include "logexport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace Sockscope::LogImport {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::LogImport)
};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}
// The "connection" object of an Open record: the facts of the connection it opened.
bool parseFacts(const QJsonValue &value, ConnectionFacts *facts, QString *error)
{
    if (!value.isObject())
        return fail(error, Tr::tr("\"connection\" must be an object"));
    const QJsonObject o = value.toObject();
    const auto text = [&](const char *key, QString *out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            return fail(error,
                        Tr::tr("\"connection.%1\" must be a string").arg(QLatin1String(key)));
        *out = v.toString();
        return true;
    };
    const auto headers = [&](const char *key, QList<ConnectionFacts::Header> *out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        if (!v.isArray())
            return fail(error,
                        Tr::tr("\"connection.%1\" must be an array").arg(QLatin1String(key)));
        const QJsonArray list = v.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject h = list[i].toObject();
            if (!h.value(QStringLiteral("name")).isString()
                || !h.value(QStringLiteral("value")).isString())
                return fail(error,
                            Tr::tr("\"connection.%1[%2]\" needs a \"name\" and a \"value\"")
                                .arg(QLatin1String(key))
                                .arg(i));
            out->append({h.value(QStringLiteral("name")).toString(),
                         h.value(QStringLiteral("value")).toString(),
                         h.value(QStringLiteral("secret")).toBool()});
        }
        return true;
    };
    return text("url", &facts->url) && text("subprotocol", &facts->subprotocol)
        && text("extensions", &facts->extensions)
        && headers("requestHeaders", &facts->requestHeaders)
        && headers("responseHeaders", &facts->responseHeaders);
}

// Reads one JSON Lines record; on failure *error names the field (the caller adds the line).
bool parseRecord(const QJsonObject &o, LogEvent *event, QString *error)
{
    const QDateTime time
        = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return fail(error, Tr::tr("\"time\" must be an ISO 8601 date and time"));
    event->timestampMs = time.toMSecsSinceEpoch();
    if (!WireNames::parseDirection(o.value(QStringLiteral("direction")).toString(),
                                   &event->direction))
        return fail(error, Tr::tr("\"direction\" must be \"sent\", \"received\" or \"event\""));
    if (!WireNames::parseType(o.value(QStringLiteral("type")).toString(), &event->type))
        return fail(error, Tr::tr("\"type\" is not a known event type"));
    if (o.contains(QStringLiteral("text"))) {
        if (!o.value(QStringLiteral("text")).isString())
            return fail(error, Tr::tr("\"text\" must be a string"));
        event->data = o.value(QStringLiteral("text")).toString().toUtf8();
    } else if (o.contains(QStringLiteral("base64"))) {
        const auto decoded = QByteArray::fromBase64Encoding(
            o.value(QStringLiteral("base64")).toString().toLatin1(),
            QByteArray::AbortOnBase64DecodingErrors);
        if (!o.value(QStringLiteral("base64")).isString() || !decoded)
            return fail(error, Tr::tr("\"base64\" is not valid base64"));
        event->data = *decoded;
    } else {
        return fail(error, Tr::tr("a record needs \"text\" or \"base64\""));
    }
    if (const QJsonValue size = o.value(QStringLiteral("size"));
        !size.isUndefined() && size.toInteger(-1) != event->data.size())
        return fail(error, Tr::tr("\"size\" does not match the payload"));
    if (const QJsonValue code = o.value(QStringLiteral("closeCode")); !code.isUndefined()) {
        const qint64 c = code.toInteger(-1);
        if (c < 0 || c > 65535)
            return fail(error, Tr::tr("\"closeCode\" must be a number from 0 to 65535"));
        event->closeCode = quint16(c);
    }
    if (const QJsonValue rtt = o.value(QStringLiteral("roundTripUs")); !rtt.isUndefined()) {
        const qint64 us = rtt.toInteger(-1);
        if (us < 0 || us > INT32_MAX)
            return fail(error, Tr::tr("\"roundTripUs\" must be a non-negative number"));
        event->roundTripUs = qint32(us);
    }
    if (const QJsonValue facts = o.value(QStringLiteral("connection")); !facts.isUndefined()) {
        auto parsed = std::make_shared<ConnectionFacts>();
        if (event->type != EventType::Open || !parseFacts(facts, parsed.get(), error)) {
            if (event->type != EventType::Open)
                fail(error, Tr::tr("only an \"open\" record has a \"connection\""));
            return false;
        }
        event->facts = std::move(parsed);
    }
    if (const QJsonValue frames = o.value(QStringLiteral("frames")); !frames.isUndefined()) {
        if (!frames.isArray())
            return fail(error, Tr::tr("\"frames\" must be an array"));
        for (const QJsonValue &f : frames.toArray()) {
            const qint64 size = f.toObject().value(QStringLiteral("size")).toInteger(-1);
            if (!f.isObject() || size < 0 || !f.toObject().value(QStringLiteral("fin")).isBool())
                return fail(error, Tr::tr("each of \"frames\" needs a \"size\" and a \"fin\""));
            event->frames.push_back(
                {quint32(size), f.toObject().value(QStringLiteral("fin")).toBool()});
        }
    }
    return true;
}
} // namespace

bool canOpen(const QString &path)
{
    return path.endsWith(QStringLiteral(".har"), Qt::CaseInsensitive)
        || path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive);
}

bool read(const QString &path, std::vector<ImportedLog> *logs, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, Tr::tr("Could not open %1: %2").arg(path, file.errorString()));
    if (file.size() > kMaxFileBytes)
        return fail(error,
                    Tr::tr("%1 is too large to open (%2 MiB; the limit is %3 MiB).")
                        .arg(name)
                        .arg(file.size() >> 20)
                        .arg(kMaxFileBytes >> 20));
    const QByteArray bytes = file.readAll();
    QString why;
    if (path.endsWith(QStringLiteral(".har"), Qt::CaseInsensitive)) {
        if (!readHar(bytes, logs, &why))
            return fail(error,
                        Tr::tr("%1 is not a HAR file Sockscope can read: %2").arg(name, why));
        return true;
    }
    if (path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive)) {
        ImportedLog log;
        if (!readJsonLines(bytes, &log, &why))
            return fail(error,
                        Tr::tr("%1 is not a Sockscope log Sockscope can read: %2").arg(name, why));
        if (log.title.isEmpty())
            log.title = name;
        logs->push_back(std::move(log));
        return true;
    }
    return fail(error, Tr::tr("%1: Sockscope opens .har and .jsonl files.").arg(name));
}

bool readJsonLines(const QByteArray &bytes, ImportedLog *log, QString *error)
{
    qsizetype at = 0;
    int line = 0;
    bool sawHeader = false;
    while (at < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', at);
        if (end < 0)
            end = bytes.size();
        const QByteArrayView text = QByteArrayView(bytes).sliced(at, end - at).trimmed();
        at = end + 1;
        ++line;
        if (text.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            return fail(error,
                        Tr::tr("line %1: not a JSON object (%2)")
                            .arg(line)
                            .arg(parseError.error != QJsonParseError::NoError
                                     ? parseError.errorString()
                                     : Tr::tr("a JSON value of another kind")));
        }
        const QJsonObject o = doc.object();
        if (!sawHeader) {
            if (o.value(QStringLiteral("format")).toString() != u"sockscope-log")
                return fail(error,
                            Tr::tr("line %1: the first line must be the header with "
                                   "\"format\": \"sockscope-log\"")
                                .arg(line));
            const qint64 version = o.value(QStringLiteral("version")).toInteger(-1);
            if (version < 1)
                return fail(error,
                            Tr::tr("line %1: \"version\" must be a positive number").arg(line));
            if (version > LogExport::kJsonLinesVersion)
                return fail(error,
                            Tr::tr("it was written by a newer Sockscope (log version %1; this one "
                                   "reads up to %2)")
                                .arg(version)
                                .arg(LogExport::kJsonLinesVersion));
            log->title = o.value(QStringLiteral("title")).toString();
            sawHeader = true;
            continue;
        }
        LogEvent event;
        QString why;
        if (!parseRecord(o, &event, &why))
            return fail(error, Tr::tr("line %1: %2").arg(line).arg(why));
        log->events.push_back(std::move(event));
    }
    if (!sawHeader)
        return fail(error, Tr::tr("the file is empty"));
    return true;
}

bool readHar(const QByteArray &bytes, std::vector<ImportedLog> *logs, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(error,
                    Tr::tr("invalid JSON at byte %1 (%2)")
                        .arg(parseError.offset + 1)
                        .arg(parseError.errorString()));
    const QJsonValue entries
        = doc.object().value(QStringLiteral("log")).toObject().value(QStringLiteral("entries"));
    if (!entries.isArray())
        return fail(error, Tr::tr("\"log.entries\" is missing or is not an array"));
    const QJsonArray list = entries.toArray();
    std::vector<ImportedLog> found;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject entry = list.at(i).toObject();
        const QJsonValue messages = entry.value(QStringLiteral("_webSocketMessages"));
        if (messages.isUndefined())
            continue; // an ordinary HTTP request
        const QString where = QStringLiteral("log.entries[%1]._webSocketMessages").arg(i);
        if (!messages.isArray())
            return fail(error, Tr::tr("\"%1\" is not an array").arg(where));
        ImportedLog log;
        log.title = entry.value(QStringLiteral("request"))
                        .toObject()
                        .value(QStringLiteral("url"))
                        .toString();
        if (log.title.isEmpty())
            log.title = Tr::tr("WebSocket %1").arg(found.size() + 1);
        const QJsonArray array = messages.toArray();
        for (qsizetype j = 0; j < array.size(); ++j) {
            const QString field = QStringLiteral("%1[%2]").arg(where).arg(j);
            const QJsonObject m = array.at(j).toObject();
            LogEvent event;
            const QString type = m.value(QStringLiteral("type")).toString();
            if (type == u"send")
                event.direction = Direction::Sent;
            else if (type == u"receive")
                event.direction = Direction::Received;
            else
                return fail(error,
                            Tr::tr("\"%1.type\" must be \"send\" or \"receive\"").arg(field));
            const QJsonValue time = m.value(QStringLiteral("time"));
            if (!time.isDouble() || !std::isfinite(time.toDouble()))
                return fail(error, Tr::tr("\"%1.time\" must be a number of seconds").arg(field));
            event.timestampMs = qint64(std::llround(time.toDouble() * 1000.0));
            const QJsonValue data = m.value(QStringLiteral("data"));
            if (!data.isString())
                return fail(error, Tr::tr("\"%1.data\" must be a string").arg(field));
            const int opcode = m.value(QStringLiteral("opcode")).toInt(-1);
            if (opcode == 1) {
                event.type = EventType::Text;
                event.data = data.toString().toUtf8();
            } else if (opcode == 2) {
                event.type = EventType::Binary;
                const auto decoded = QByteArray::fromBase64Encoding(
                    data.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded)
                    return fail(error, Tr::tr("\"%1.data\" is not valid base64").arg(field));
                event.data = *decoded;
            } else {
                return fail(error,
                            Tr::tr("\"%1.opcode\" must be 1 (text) or 2 (binary)").arg(field));
            }
            log.events.push_back(std::move(event));
        }
        found.push_back(std::move(log));
    }
    if (found.empty())
        return fail(error,
                    Tr::tr("it holds no WebSocket connections (no entry has "
                           "\"_webSocketMessages\")"));
    logs->insert(logs->end(), std::make_move_iterator(found.begin()),
                 std::make_move_iterator(found.end()));
    return true;
}

} // namespace Sockscope::LogImport
