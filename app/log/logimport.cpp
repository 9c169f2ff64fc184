#include "logimport.h"

#include "io/jsonreader.h"
#include "logexport.h"
#include "websocket/closecodes.h"
#include "wirejson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

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

// Whether a time (ms since the epoch) is one an export can write back: ISO 8601 in UTC, years 1
// to 9999. Checked on the double, before any conversion.
bool isWritableTime(double ms)
{
    static const double first
        = double(QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    static const double last = double(
        QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch());
    return ms >= first && ms <= last; // false for NaN too
}

QList<ConnectionFacts::Header> readHeaders(JsonReader &r, const QJsonObject &o, const char *key,
                                           const QString &place)
{
    QList<ConnectionFacts::Header> out;
    const QJsonArray list = r.array(o, key, place);
    for (qsizetype i = 0; i < list.size() && r.ok(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(JsonReader::placeOf(place, key)).arg(i);
        const QJsonObject h = r.object(list[i], at);
        out.append({r.string(h, "name", at, {}, true), r.string(h, "value", at, {}, true),
                    r.boolean(h, "secret", at, false)});
    }
    return out;
}

// The "connection" object of an Open record: the facts of the connection it opened.
ConnectionFacts readFacts(JsonReader &r, const QJsonValue &value)
{
    const QString place = QStringLiteral("connection");
    const QJsonObject o = r.object(value, place);
    ConnectionFacts facts;
    facts.url = r.string(o, "url", place);
    facts.subprotocol = r.string(o, "subprotocol", place);
    facts.extensions = r.string(o, "extensions", place);
    facts.requestHeaders = readHeaders(r, o, "requestHeaders", place);
    facts.responseHeaders = readHeaders(r, o, "responseHeaders", place);
    return facts;
}

// Reads one JSON Lines record; a mistake is left in r with its field (the caller adds the line).
LogEvent readRecord(JsonReader &r, const QJsonObject &o)
{
    const QString place; // the fields of a record are named alone: "closeCode: expected ..."
    LogEvent event;
    const QString time = r.string(o, "time", place, {}, true);
    const QDateTime parsed = QDateTime::fromString(time, Qt::ISODateWithMs);
    if (r.ok() && !parsed.isValid())
        r.fail(QStringLiteral("time"), Tr::tr("expected an ISO 8601 date and time"));
    else if (r.ok() && !isWritableTime(double(parsed.toMSecsSinceEpoch())))
        r.fail(QStringLiteral("time"), Tr::tr("expected a time in the years 1 to 9999 (UTC)"));
    event.timestampMs = parsed.toMSecsSinceEpoch();
    const QString direction = r.string(o, "direction", place, {}, true);
    if (r.ok() && !WireNames::parseDirection(direction, &event.direction))
        r.fail(QStringLiteral("direction"), Tr::tr("expected \"sent\", \"received\" or \"event\""));
    const QString type = r.string(o, "type", place, {}, true);
    if (r.ok() && !WireNames::parseType(type, &event.type))
        r.fail(QStringLiteral("type"), Tr::tr("“%1” is not a known event type").arg(type));
    if (o.contains(QStringLiteral("text")))
        event.data = r.string(o, "text", place).toUtf8();
    else if (o.contains(QStringLiteral("base64")))
        event.data = r.base64(o, "base64", place);
    else
        r.fail(QStringLiteral("text"), Tr::tr("missing (a record needs \"text\" or \"base64\")"));
    if (o.contains(QStringLiteral("closeCode")))
        event.closeCode = quint16(r.integer(o, "closeCode", place, 0, 0, 65535));
    event.automatic = r.boolean(o, "automatic", place, false);
    // A close's size counts its code's two bytes (0.1.0 wrote the reason's alone; still read).
    const qint64 size = r.integer(o, "size", place, -1, 0, INT32_MAX);
    const qint64 expected = event.type == EventType::Close
        ? CloseCodes::payloadSize(event.closeCode, event.data.size())
        : event.data.size();
    if (r.ok() && size >= 0 && size != expected
        && !(event.type == EventType::Close && size == event.data.size()))
        r.fail(QStringLiteral("size"),
               Tr::tr("%1 does not match the payload (%2 bytes)").arg(size).arg(expected));
    if (o.contains(QStringLiteral("roundTripUs")))
        event.roundTripUs = qint32(r.integer(o, "roundTripUs", place, -1, 0, INT32_MAX));
    if (const QJsonValue facts = o.value(QStringLiteral("connection")); !facts.isUndefined()) {
        if (r.ok() && event.type != EventType::Open)
            r.fail(QStringLiteral("connection"), Tr::tr("only an \"open\" record has one"));
        event.facts = std::make_shared<ConnectionFacts>(readFacts(r, facts));
    }
    const QJsonArray frames = r.array(o, "frames", place);
    for (qsizetype i = 0; i < frames.size() && r.ok(); ++i) {
        const QString at = QStringLiteral("frames[%1]").arg(i);
        const QJsonObject f = r.object(frames[i], at);
        r.value(f, "size", at, true);
        r.value(f, "fin", at, true);
        const auto frameSize = quint32(r.integer(f, "size", at, 0, 0, UINT32_MAX));
        event.frames.push_back({frameSize, r.boolean(f, "fin", at, true)});
    }
    event.wire = WireJson::read(r, r.array(o, "wire", place), place);
    return event;
}
// HTTP Toolkit's "_webSocketClose": {code, reason, timestamp} or "aborted". It does not say
// who closed: the row is the connection's end, after the last message when it has no time.
LogEvent readHarClose(JsonReader &r, const QJsonValue &value, const QString &entryPlace,
                      const std::vector<LogEvent> &before)
{
    const QString place = JsonReader::placeOf(entryPlace, "_webSocketClose");
    LogEvent close;
    close.type = EventType::Close;
    close.direction = Direction::Lifecycle;
    close.timestampMs = before.empty() ? 0 : before.back().timestampMs;
    if (value.isString()) {
        if (value.toString() != u"aborted")
            r.fail(place, Tr::tr("expected an object or \"aborted\""));
        close.closeCode = CloseCodes::AbnormalClosure;
        return close;
    }
    const QJsonObject o = r.object(value, place);
    close.closeCode = quint16(r.integer(o, "code", place, CloseCodes::NoStatusReceived, 0, 65535));
    close.data = r.string(o, "reason", place).toUtf8();
    if (const QJsonValue time = o.value(QStringLiteral("timestamp")); !time.isUndefined()) {
        if (!time.isDouble() || !isWritableTime(time.toDouble() * 1000.0))
            r.fail(JsonReader::placeOf(place, "timestamp"),
                   Tr::tr("expected seconds since 1970 within the years 1 to 9999"));
        else
            close.timestampMs = qint64(std::llround(time.toDouble() * 1000.0));
    }
    return close;
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
    const bool har = path.endsWith(QStringLiteral(".har"), Qt::CaseInsensitive);
    if (!har && !path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive))
        return fail(error, Tr::tr("%1: Sockscope opens .har and .jsonl files.").arg(name));
    QByteArray bytes;
    if (!JsonFiles::read(path, kMaxFileBytes, &bytes, error))
        return false;
    QString why;
    if (har) {
        if (!readHar(bytes, logs, &why))
            return fail(error,
                        Tr::tr("%1 is not a HAR file Sockscope can read: %2").arg(name, why));
        return true;
    }
    ImportedLog log;
    if (!readJsonLines(bytes, &log, &why))
        return fail(error,
                    Tr::tr("%1 is not a Sockscope log Sockscope can read: %2").arg(name, why));
    if (log.title.isEmpty())
        log.title = name;
    logs->push_back(std::move(log));
    return true;
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
        QJsonObject o;
        QString why;
        if (!JsonFiles::parseObject(text.toByteArray(), &o, &why))
            return fail(error, Tr::tr("line %1: %2").arg(line).arg(why));
        JsonReader r;
        if (!sawHeader) {
            if (o.value(QStringLiteral("format")).toString() != u"sockscope-log")
                return fail(error,
                            Tr::tr("line %1: the first line must be the header with "
                                   "\"format\": \"sockscope-log\"")
                                .arg(line));
            const qint64 version = r.integer(o, "version", {}, 0, 1, INT32_MAX);
            r.value(o, "version", {}, true);
            if (r.ok() && version > LogExport::kJsonLinesVersion)
                return fail(error,
                            Tr::tr("it was written by a newer Sockscope (log version %1; this one "
                                   "reads up to %2)")
                                .arg(version)
                                .arg(LogExport::kJsonLinesVersion));
            log->title = r.string(o, "title", {});
            sawHeader = true;
        } else {
            log->events.push_back(readRecord(r, o));
        }
        if (!r.ok())
            return fail(error, Tr::tr("line %1: %2").arg(line).arg(r.error()));
    }
    if (!sawHeader)
        return fail(error, Tr::tr("the file is empty"));
    return true;
}

bool readHar(const QByteArray &bytes, std::vector<ImportedLog> *logs, QString *error)
{
    QJsonObject root;
    if (!JsonFiles::parseObject(bytes, &root, error))
        return false;
    JsonReader r;
    const QJsonObject harLog = r.object(root.value(QStringLiteral("log")), QStringLiteral("log"));
    r.value(harLog, "entries", QStringLiteral("log"), true);
    const QJsonArray entries = r.array(harLog, "entries", QStringLiteral("log"));
    std::vector<ImportedLog> found;
    for (qsizetype i = 0; i < entries.size() && r.ok(); ++i) {
        const QString entryPlace = QStringLiteral("log.entries[%1]").arg(i);
        const QJsonObject entry = r.object(entries.at(i), entryPlace);
        if (!entry.contains(QStringLiteral("_webSocketMessages")))
            continue; // an ordinary HTTP request
        const QString where = JsonReader::placeOf(entryPlace, "_webSocketMessages");
        ImportedLog log;
        log.title = entry.value(QStringLiteral("request"))
                        .toObject()
                        .value(QStringLiteral("url"))
                        .toString();
        if (log.title.isEmpty())
            log.title = Tr::tr("WebSocket %1").arg(found.size() + 1);
        const QJsonArray messages = r.array(entry, "_webSocketMessages", entryPlace);
        for (qsizetype j = 0; j < messages.size() && r.ok(); ++j) {
            const QString field = QStringLiteral("%1[%2]").arg(where).arg(j);
            const QJsonObject m = r.object(messages.at(j), field);
            LogEvent event;
            const QString type = r.string(m, "type", field, {}, true);
            if (type == u"send")
                event.direction = Direction::Sent;
            else if (type == u"receive")
                event.direction = Direction::Received;
            else if (r.ok())
                r.fail(JsonReader::placeOf(field, "type"),
                       Tr::tr("expected \"send\" or \"receive\""));
            const QJsonValue time = r.value(m, "time", field, true);
            if (r.ok() && !time.isDouble())
                r.fail(JsonReader::placeOf(field, "time"), Tr::tr("expected a number of seconds"));
            else if (r.ok() && !isWritableTime(time.toDouble() * 1000.0))
                r.fail(JsonReader::placeOf(field, "time"),
                       Tr::tr("expected seconds since 1970 within the years 1 to 9999"));
            if (r.ok())
                event.timestampMs = qint64(std::llround(time.toDouble() * 1000.0));
            const double opcode = r.value(m, "opcode", field, true).toDouble();
            if (r.ok() && opcode != 1 && opcode != 2)
                r.fail(JsonReader::placeOf(field, "opcode"),
                       Tr::tr("expected 1 (text) or 2 (binary)"));
            if (opcode == 2) {
                event.type = EventType::Binary;
                event.data = r.base64(m, "data", field, true);
            } else {
                event.type = EventType::Text;
                event.data = r.string(m, "data", field, {}, true).toUtf8();
            }
            const QString ours = JsonReader::placeOf(field, "_sockscope");
            const QJsonObject sockscope = r.object(m.value(QStringLiteral("_sockscope")), ours);
            event.wire = WireJson::read(r, r.array(sockscope, "wire", ours), ours);
            log.events.push_back(std::move(event));
        }
        if (const QJsonValue close = entry.value(QStringLiteral("_webSocketClose"));
            !close.isUndefined() && r.ok())
            log.events.push_back(readHarClose(r, close, entryPlace, log.events));
        found.push_back(std::move(log));
    }
    if (!r.ok())
        return fail(error, r.error());
    if (found.empty())
        return fail(error,
                    Tr::tr("it holds no WebSocket connections (no entry has "
                           "\"_webSocketMessages\")"));
    logs->insert(logs->end(), std::make_move_iterator(found.begin()),
                 std::make_move_iterator(found.end()));
    return true;
}

} // namespace Sockscope::LogImport
