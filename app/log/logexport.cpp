#include "logexport.h"

#include "io/savefile.h"
#include "io/secretplaceholder.h"
#include "messagelogmodel.h"
#include "version.h"
#include "websocket/closecodes.h"
#include "websocket/utf8.h"
#include "wirejson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Sockscope::LogExport {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::LogExport)
};

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Headers as {name, value}, a secret value as the placeholder; with markSecret (JSON Lines,
// not HAR), a secret one also says "secret": true.
QJsonArray headersToJson(const QList<ConnectionFacts::Header> &headers, bool markSecret = true)
{
    QJsonArray out;
    for (const ConnectionFacts::Header &h : headers) {
        QJsonObject o {{QStringLiteral("name"), h.name},
                       {QStringLiteral("value"),
                        h.secret ? QString::fromLatin1(kSecretPlaceholder) : h.value}};
        if (h.secret && markSecret)
            o.insert(QStringLiteral("secret"), true);
        out.append(o);
    }
    return out;
}

QJsonObject factsToJson(const ConnectionFacts &facts)
{
    QJsonObject o {{QStringLiteral("url"), facts.url}};
    if (!facts.subprotocol.isEmpty())
        o.insert(QStringLiteral("subprotocol"), facts.subprotocol);
    if (!facts.extensions.isEmpty())
        o.insert(QStringLiteral("extensions"), facts.extensions);
    if (!facts.requestHeaders.isEmpty())
        o.insert(QStringLiteral("requestHeaders"), headersToJson(facts.requestHeaders));
    if (!facts.responseHeaders.isEmpty())
        o.insert(QStringLiteral("responseHeaders"), headersToJson(facts.responseHeaders));
    return o;
}

QByteArray jsonLines(const MessageLogModel &log, const QString &title)
{
    QByteArray out = jsonLinesHeader(title);
    for (int row = 0; row < log.rowCount(); ++row)
        out += jsonLine(log.event(row));
    return out;
}

QJsonObject harEntry(const ConnectionFacts *facts, const QString &title, qint64 started,
                     const QJsonArray &messages, const QJsonValue &close)
{
    const QJsonObject request {
        {QStringLiteral("method"), QStringLiteral("GET")},
        {QStringLiteral("url"), facts && !facts->url.isEmpty() ? facts->url : title},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("headers"),
         facts ? headersToJson(facts->requestHeaders, false) : QJsonArray()},
        {QStringLiteral("queryString"), QJsonArray()},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), 0},
    };
    const QJsonObject response {
        {QStringLiteral("status"), 101},
        {QStringLiteral("statusText"), QStringLiteral("Switching Protocols")},
        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
        {QStringLiteral("headers"),
         facts ? headersToJson(facts->responseHeaders, false) : QJsonArray()},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("content"),
         QJsonObject {{QStringLiteral("size"), 0},
                      {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}}},
        {QStringLiteral("redirectURL"), QString()},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), 0},
    };
    QJsonObject entry {
        {QStringLiteral("startedDateTime"), isoTime(started)},
        {QStringLiteral("time"), 0},
        {QStringLiteral("request"), request},
        {QStringLiteral("response"), response},
        {QStringLiteral("cache"), QJsonObject()},
        {QStringLiteral("timings"),
         QJsonObject {{QStringLiteral("send"), 0},
                      {QStringLiteral("wait"), 0},
                      {QStringLiteral("receive"), 0}}},
        {QStringLiteral("_resourceType"), QStringLiteral("websocket")},
        {QStringLiteral("_webSocketMessages"), messages},
    };
    if (!close.isUndefined())
        entry.insert(QStringLiteral("_webSocketClose"), close);
    return entry;
}

// HTTP Toolkit's form: the code, reason and time (seconds) of a closing handshake, or
// "aborted" for a connection that dropped without one.
QJsonValue harClose(const LogEvent &close)
{
    if (close.direction == Direction::Lifecycle && close.closeCode == CloseCodes::AbnormalClosure)
        return QStringLiteral("aborted");
    return QJsonObject {{QStringLiteral("code"), int(close.closeCode)},
                        {QStringLiteral("reason"), QString::fromUtf8(close.data)},
                        {QStringLiteral("timestamp"), close.timestampMs / 1000.0}};
}

// One entry for each connection the log holds (each Open row starts one), with its handshake
// headers and its text and binary messages: HAR, like Chrome, has no place for the rest.
QByteArray har(const MessageLogModel &log, const QString &title, qsizetype *written)
{
    QJsonArray entries;
    std::shared_ptr<const ConnectionFacts> facts;
    qint64 started = -1;
    QJsonArray messages;
    QJsonValue close = QJsonValue::Undefined;
    const auto endEntry = [&] {
        if (started >= 0)
            entries.append(harEntry(facts.get(), title, started, messages, close));
        facts.reset();
        started = -1;
        messages = {};
        close = QJsonValue::Undefined;
    };
    for (int row = 0; row < log.rowCount(); ++row) {
        const LogRecord &r = log.record(row);
        if (r.type == EventType::Open) {
            endEntry();
            facts = log.event(row).facts;
            started = r.timestampMs;
            continue;
        }
        if (r.type == EventType::Close && started >= 0) {
            // The first close is the connection's end; a drop after a closing handshake is not.
            if (close.isUndefined()) {
                close = harClose(log.event(row));
                ++*written;
            }
            continue;
        }
        if (r.type != EventType::Text && r.type != EventType::Binary)
            continue;
        if (started < 0)
            started = r.timestampMs;
        const LogEvent event = log.event(row); // secrets as "<secret>"
        const bool binary = r.type == EventType::Binary;
        QJsonObject message {
            {QStringLiteral("type"),
             r.direction == Direction::Sent ? QStringLiteral("send") : QStringLiteral("receive")},
            {QStringLiteral("time"), r.timestampMs / 1000.0},
            {QStringLiteral("opcode"), binary ? 2 : 1},
            {QStringLiteral("data"),
             binary ? QString::fromLatin1(event.data.toBase64()) : QString::fromUtf8(event.data)},
        };
        if (!event.wire.empty())
            message.insert(QStringLiteral("_sockscope"),
                           QJsonObject {{QStringLiteral("wire"), WireJson::write(event.wire)}});
        messages.append(message);
        ++*written;
    }
    endEntry();
    if (entries.isEmpty()) // an empty log is still a HAR with its one socket
        entries.append(harEntry(nullptr, title, QDateTime::currentMSecsSinceEpoch(), {},
                                QJsonValue::Undefined));
    const QJsonObject root {
        {QStringLiteral("log"),
         QJsonObject {
             {QStringLiteral("version"), QStringLiteral("1.2")},
             {QStringLiteral("creator"),
              QJsonObject {{QStringLiteral("name"), QStringLiteral("Sockscope")},
                           {QStringLiteral("version"), QStringLiteral(SOCKSCOPE_VERSION)}}},
             {QStringLiteral("pages"), QJsonArray()},
             {QStringLiteral("entries"), entries},
         }}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray plainText(const MessageLogModel &log)
{
    QByteArray out;
    for (int row = 0; row < log.rowCount(); ++row) {
        out += textLine(log, row).toUtf8();
        out += '\n';
    }
    return out;
}
} // namespace

QString textLine(const MessageLogModel &log, int row)
{
    const LogRecord &r = log.record(row);
    const QByteArray payload = log.maskedPayload(row, kSecretPlaceholder);
    QString line
        = QDateTime::fromMSecsSinceEpoch(r.timestampMs).toString(u"yyyy-MM-dd HH:mm:ss.zzz") + u'\t'
        + MessageLogModel::directionText(r.direction) + u'\t' + MessageLogModel::typeText(r.type)
        + u'\t' + QString::number(MessageLogModel::wireSize(r)) + u'\t';
    if (r.type == EventType::Binary)
        line += QString::fromLatin1(payload.toHex(' '));
    else if (r.type == EventType::Close || r.type == EventType::Pong)
        line += MessageLogModel::previewText(r, payload);
    else
        line += QString::fromUtf8(payload).replace(u'\n', QStringLiteral("\\n"));
    return line;
}

QByteArray jsonLinesHeader(const QString &title)
{
    return QJsonDocument(
               QJsonObject {
                   {QStringLiteral("format"), QStringLiteral("sockscope-log")},
                   {QStringLiteral("version"), kJsonLinesVersion},
                   {QStringLiteral("title"), title},
                   {QStringLiteral("exported"), isoTime(QDateTime::currentMSecsSinceEpoch())},
               })
               .toJson(QJsonDocument::Compact)
        + '\n';
}

QByteArray jsonLine(const LogEvent &e, int client)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), isoTime(e.timestampMs));
    o.insert(QStringLiteral("direction"), WireNames::direction(e.direction).toString());
    o.insert(QStringLiteral("type"), WireNames::type(e.type).toString());
    o.insert(QStringLiteral("size"),
             qint64(e.type == EventType::Close ? CloseCodes::payloadSize(e.closeCode, e.data.size())
                                               : e.data.size()));
    if (client != 0)
        o.insert(QStringLiteral("client"), client);
    if (e.type != EventType::Binary && Utf8::isValid(e.data))
        o.insert(QStringLiteral("text"), QString::fromUtf8(e.data));
    else
        o.insert(QStringLiteral("base64"), QString::fromLatin1(e.data.toBase64()));
    if (e.type == EventType::Close)
        o.insert(QStringLiteral("closeCode"), int(e.closeCode));
    if (e.roundTripUs >= 0)
        o.insert(QStringLiteral("roundTripUs"), e.roundTripUs);
    if (e.automatic)
        o.insert(QStringLiteral("automatic"), true);
    if (e.facts)
        o.insert(QStringLiteral("connection"), factsToJson(*e.facts));
    if (!e.wire.empty())
        o.insert(QStringLiteral("wire"), WireJson::write(e.wire));
    if (e.frames.size() > 1) {
        QJsonArray frames;
        for (const FrameInfo &f : e.frames)
            frames.append(QJsonObject {{QStringLiteral("size"), qint64(f.size)},
                                       {QStringLiteral("fin"), f.fin}});
        o.insert(QStringLiteral("frames"), frames);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

Format formatForPath(const QString &path)
{
    if (path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive))
        return Format::JsonLines;
    if (path.endsWith(QStringLiteral(".har"), Qt::CaseInsensitive))
        return Format::Har;
    return Format::PlainText;
}

bool write(const MessageLogModel &log, Format format, const QString &path, const QString &title,
           QString *error, qsizetype *rowsWritten)
{
    QByteArray bytes;
    qsizetype written = log.rowCount();
    const QString shownTitle = log.secrets().applyToText(title, kSecretPlaceholder); // a URL
    switch (format) {
    case Format::JsonLines:
        bytes = jsonLines(log, shownTitle);
        break;
    case Format::Har:
        written = 0;
        bytes = har(log, shownTitle, &written);
        break;
    case Format::PlainText:
        bytes = plainText(log);
        break;
    }
    QString problem;
    if (saveAtomically(path, bytes, &problem)) {
        if (rowsWritten)
            *rowsWritten = written;
        return true;
    }
    if (error)
        *error = Tr::tr("Could not write %1: %2").arg(path, problem);
    return false;
}

QString doneMessage(Format format, qsizetype written, qsizetype rows, const QString &path)
{
    if (written == rows)
        return rows == 1 ? Tr::tr("Exported 1 row to %1").arg(path)
                         : Tr::tr("Exported %1 rows to %2").arg(rows).arg(path);
    QString text = Tr::tr("Exported %1 of %2 rows to %3").arg(written).arg(rows).arg(path);
    if (format == Format::Har)
        text += Tr::tr("; HAR has no place for pings, pongs, events or a second "
                       "close: JSON Lines keeps everything");
    return text;
}

} // namespace Sockscope::LogExport
