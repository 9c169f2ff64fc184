#include "stompdecoder.h"

#include "decoders/jsonvalue.h"

#include <QCoreApplication>
#include <QVarLengthArray>

#include <algorithm>
#include <vector>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::StompDecoder", text);
}

bool isCommand(QByteArrayView line)
{
    static const QByteArrayView list[] {
        "CONNECT", "STOMP",  "CONNECTED", "SEND",       "SUBSCRIBE", "UNSUBSCRIBE", "ACK",  "NACK",
        "BEGIN",   "COMMIT", "ABORT",     "DISCONNECT", "MESSAGE",   "RECEIPT",     "ERROR"};
    return std::find(std::begin(list), std::end(list), line) != std::end(list);
}

// STOMP 1.2's header escapes: \\ \n \r \c.
QString unescape(QByteArrayView raw)
{
    if (!raw.contains('\\'))
        return QString::fromUtf8(raw);
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
            const char c = raw[++i];
            out += c == 'n' ? '\n' : c == 'r' ? '\r' : c == 'c' ? ':' : c;
        } else {
            out += raw[i];
        }
    }
    return QString::fromUtf8(out);
}

// Whether a header's name as the frame writes it is this one (in ASCII).
bool isName(QByteArrayView raw, QByteArrayView name)
{
    return raw.contains('\\') ? unescape(raw) == QLatin1StringView(name) : raw == name;
}

// A frame read from a message, its parts views into the message's bytes; headers as the frame
// writes them (escaped), unescaped when asked for.
struct Frame
{
    QByteArrayView command;
    QVarLengthArray<std::pair<QByteArrayView, QByteArrayView>, 8> headers;
    QByteArrayView body;
    // The value of a header (named in ASCII), or a null string.
    QString header(QByteArrayView name) const
    {
        for (const auto &[k, v] : headers) {
            if (isName(k, name))
                return unescape(v); // the first of repeated headers counts (STOMP 1.2, 2.4)
        }
        return {};
    }
};

// Reads a frame at *at; false with a sentence when it is not one.
bool readFrame(QByteArrayView in, qsizetype *at, Frame *frame, QString *error)
{
    qsizetype i = *at;
    const auto readLine = [&](QByteArrayView *line) {
        const qsizetype nl = in.indexOf('\n', i);
        if (nl < 0)
            return false;
        qsizetype end = nl;
        if (end > i && in[end - 1] == '\r')
            --end;
        *line = in.sliced(i, end - i);
        i = nl + 1;
        return true;
    };
    QByteArrayView line;
    if (!readLine(&line) || !isCommand(line)) {
        *error = tr("A STOMP frame starts with a command line (CONNECT, SEND, MESSAGE…)");
        return false;
    }
    frame->command = line;
    qsizetype contentLength = -1;
    for (;;) {
        if (!readLine(&line)) {
            *error = tr("The frame's headers do not end with an empty line");
            return false;
        }
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *error = tr("A STOMP header is name:value; this one is “%1”")
                         .arg(JsonValue::line(QString::fromUtf8(line), 60));
            return false;
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1);
        if (isName(name, "content-length"))
            contentLength = unescape(value).toLongLong();
        frame->headers.append({name, value});
    }
    qsizetype end;
    if (contentLength >= 0) {
        if (contentLength > in.size() - i || in.size() - i - contentLength < 1
            || in[i + contentLength] != '\0') {
            *error = tr("The body is not content-length (%1) bytes followed by NUL")
                         .arg(contentLength);
            return false;
        }
        end = i + contentLength;
    } else {
        end = in.indexOf('\0', i);
        if (end < 0) {
            *error = tr("The frame does not end with NUL");
            return false;
        }
    }
    frame->body = in.sliced(i, end - i);
    i = end + 1;
    while (i < in.size() && (in[i] == '\n' || in[i] == '\r'))
        ++i; // EOLs after a frame are heart-beats
    *at = i;
    return true;
}

bool isHeartBeat(QByteArrayView payload)
{
    if (payload.isEmpty())
        return false;
    for (const char c : payload) {
        if (c != '\n' && c != '\r')
            return false;
    }
    return true;
}
} // namespace

QStringList StompDecoder::subprotocols() const
{
    return {QStringLiteral("v12.stomp"), QStringLiteral("v11.stomp"), QStringLiteral("v10.stomp"),
            QStringLiteral("stomp")};
}

bool StompDecoder::verbatimInText(QStringView field) const
{
    // Headers are the frame's own text (escapes are backslashes); the body is handed to JSON.
    // Not the command: a heart-beat's "command" is a name.
    static const QStringList verbatim {
        QStringLiteral("json."),      QStringLiteral("destination"), QStringLiteral("subscription"),
        QStringLiteral("id"),         QStringLiteral("message-id"),  QStringLiteral("receipt"),
        QStringLiteral("receipt-id"), QStringLiteral("content-type")};
    return verbatim.contains(field);
}

bool StompDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (binary)
        return false;
    const qsizetype nl = payload.indexOf('\n');
    if (nl <= 0 || nl > 12)
        return false;
    QByteArrayView first = payload.first(nl);
    if (first.endsWith('\r'))
        first.chop(1);
    return isCommand(first) && payload.contains('\0');
}

DecodedLayer StompDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                  const DecoderState *, const Tracked &) const
{
    DecodedLayer layer;
    layer.node.name = name();
    if (isHeartBeat(payload)) {
        if (context.wantsField(u"command"))
            layer.fields.append({QStringLiteral("command"), QStringLiteral("heart-beat")});
        if (context.wantsSummary())
            layer.summary = tr("heart-beat");
        if (context.wantsTree())
            layer.node.add(tr("command"), tr("heart-beat"));
        return layer;
    }
    std::vector<Frame> frames;
    qsizetype at = 0;
    while (at < payload.size() && frames.size() < 100) {
        Frame frame;
        QString error;
        if (!readFrame(payload, &at, &frame, &error)) {
            if (frames.empty())
                return DecodedLayer::failure(error);
            if (context.wantsTree())
                layer.node.add(tr("problem"), error);
            break;
        }
        frames.push_back(std::move(frame));
    }
    if (frames.empty())
        return DecodedLayer::failure(tr("An empty message is not a STOMP frame"));
    if (context.wantsTree()) {
        for (const Frame &frame : frames) {
            DecodedNode &node = frames.size() == 1 ? layer.node : layer.node.add(tr("frame"));
            node.add(tr("command"), QString::fromLatin1(frame.command));
            DecodedNode &headers = node.add(tr("headers"), QString::number(frame.headers.size()));
            for (const auto &[k, v] : frame.headers)
                headers.add(unescape(k), JsonValue::line(unescape(v), 400));
            if (!frame.body.isEmpty())
                node.add(tr("body"), tr("%1 bytes").arg(frame.body.size()));
        }
    }
    const Frame &first = frames.front();
    const QString command = QString::fromLatin1(first.command);
    if (context.wantsField(u"command"))
        layer.fields.append({QStringLiteral("command"), command});
    for (const char *name : {"destination", "subscription", "id", "message-id", "receipt",
                             "receipt-id", "content-type"}) {
        if (!context.wantsField(QLatin1String(name)))
            continue;
        const QString value = first.header(name);
        if (!value.isNull())
            layer.fields.append({QLatin1String(name), value});
    }
    if (frames.size() == 1 && !first.body.isEmpty()) {
        layer.inner = first.body.toByteArray();
        layer.innerBinary = !isUtf8(first.body);
    }
    if (!context.wantsSummary())
        return layer;
    QString summary = command;
    const QString destination = first.header("destination");
    if (!destination.isEmpty())
        summary += u' ' + destination;
    if (first.command == "CONNECTED")
        summary += tr(" version %1").arg(first.header("version"));
    else if ((first.command == "CONNECT" || first.command == "STOMP")
             && !first.header("host").isEmpty())
        summary += tr(" host %1").arg(first.header("host"));
    else if (first.command == "ERROR")
        summary += QStringLiteral(" \"") + first.header("message") + u'"';
    else if (first.command == "RECEIPT")
        summary += u' ' + first.header("receipt-id");
    else if (first.command == "ACK" || first.command == "NACK" || first.command == "UNSUBSCRIBE")
        summary += u' ' + first.header("id");
    else if (first.command == "SUBSCRIBE")
        summary += tr(" as %1").arg(first.header("id"));
    if (frames.size() > 1)
        summary += tr(" (+%1 frames)").arg(qsizetype(frames.size()) - 1);
    layer.summary = JsonValue::line(summary, 120);
    return layer;
}

} // namespace Sockscope
