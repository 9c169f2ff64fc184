#include "socketiodecoder.h"

#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::SocketIoDecoder", text);
}

const char *const kEnginePackets[]
    = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};

class SocketIoState : public DecoderState
{
public:
    PendingCalls acks; // emits waiting for their ack, by namespace and id
    // The binary event or ack whose attachments are still to come, and how many.
    quint64 attachmentsOf = 0;
    QString attachmentsEvent;
    int attachmentsExpected = 0;
    int attachmentsSeen = 0;
};

QString ackKey(Direction emitter, const QString &nsp, qint64 id)
{
    return PendingCalls::key(emitter, QString(nsp + u'|' + QString::number(id)));
}

QString quoted(const QString &s)
{
    return u'"' + JsonValue::line(s, 60) + u'"';
}
} // namespace

QString SocketIoPacket::typeName(Type type)
{
    static const char *const names[]
        = {"connect", "disconnect", "event", "ack", "connect_error", "binary_event", "binary_ack"};
    return QString::fromLatin1(names[type]);
}

bool SocketIoPacket::parse(QByteArrayView text, SocketIoPacket *out, QString *error)
{
    if (text.isEmpty() || text[0] < '0' || text[0] > '6') {
        *error = tr("A Socket.IO packet starts with its type, 0 to 6");
        return false;
    }
    SocketIoPacket p;
    p.type = Type(text[0] - '0');
    qsizetype i = 1;
    if (p.type == BinaryEvent || p.type == BinaryAck) {
        const qsizetype dash = text.indexOf('-', i);
        bool ok = false;
        p.attachments = dash > i ? text.sliced(i, dash - i).toInt(&ok) : 0;
        if (!ok || p.attachments < 0 || p.attachments > 10000) {
            *error = tr("A binary Socket.IO packet gives its number of attachments, then -");
            return false;
        }
        i = dash + 1;
    }
    if (i < text.size() && text[i] == '/') {
        const qsizetype comma = text.indexOf(',', i);
        const qsizetype end = comma < 0 ? text.size() : comma;
        p.nsp = QString::fromUtf8(text.sliced(i, end - i));
        i = comma < 0 ? end : comma + 1;
    }
    qsizetype digits = i;
    while (digits < text.size() && digits - i < 18 && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    if (digits > i) {
        p.ackId = text.sliced(i, digits - i).toLongLong();
        i = digits;
    }
    p.data = text.sliced(i).toByteArray();
    if ((p.type == Ack || p.type == BinaryAck) && p.ackId < 0) {
        *error = tr("A Socket.IO ack has no id");
        return false;
    }
    *out = std::move(p);
    return true;
}

QString SocketIoPacket::toMessage() const
{
    QString out = QStringLiteral("4") + QString::number(int(type));
    if (type == BinaryEvent || type == BinaryAck)
        out += QString::number(attachments) + u'-';
    if (!nsp.isEmpty() && nsp != u"/")
        out += nsp + u',';
    if (ackId >= 0)
        out += QString::number(ackId);
    return out + QString::fromUtf8(data);
}

std::unique_ptr<DecoderState> SocketIoDecoder::newState() const
{
    return std::make_unique<SocketIoState>();
}

Tracked SocketIoDecoder::track(QByteArrayView payload, const DecodeContext &context,
                               DecoderState *base) const
{
    auto *state = static_cast<SocketIoState *>(base);
    Tracked tracked;
    if (context.binary) {
        if (state->attachmentsExpected > state->attachmentsSeen) {
            ++state->attachmentsSeen;
            tracked.relatedSequence = state->attachmentsOf;
            tracked.note = tr("attachment %1 of %2")
                               .arg(state->attachmentsSeen)
                               .arg(state->attachmentsExpected);
            if (!state->attachmentsEvent.isEmpty())
                tracked.note += u' ' + quoted(state->attachmentsEvent);
        }
        return tracked;
    }
    if (!payload.startsWith('4'))
        return tracked;
    SocketIoPacket p;
    QString error;
    if (!SocketIoPacket::parse(payload.sliced(1), &p, &error))
        return tracked;
    QString event;
    if (p.type == SocketIoPacket::Event || p.type == SocketIoPacket::BinaryEvent) {
        if (p.ackId < 0 && p.attachments == 0)
            return tracked; // nothing to remember: no ack asked for, no attachments to come
        JsonValue::Document doc;
        if (doc.read(p.data) && doc.arraySize({}) > 0)
            event = doc.string(u"0");
        if (p.ackId >= 0)
            state->acks.ask(ackKey(context.direction, p.nsp, p.ackId), context, event);
    } else if (p.type == SocketIoPacket::Ack || p.type == SocketIoPacket::BinaryAck) {
        tracked = state->acks.answer(ackKey(PendingCalls::other(context.direction), p.nsp, p.ackId),
                                     context);
        event = tracked.note;
    }
    if (p.attachments > 0) {
        state->attachmentsOf = context.sequence;
        state->attachmentsEvent = event;
        state->attachmentsExpected = p.attachments;
        state->attachmentsSeen = 0;
    }
    return tracked;
}

namespace {
// For the filter (and the mock server's rules), the rest of a Socket.IO packet's layer: its
// fields and values, read with a Document; what decode() gives them, without a summary.
DecodedLayer filterLayer(DecodedLayer layer, const SocketIoPacket &p, const DecodeContext &context,
                         const Tracked &tracked)
{
    JsonValue::Document doc;
    QString error;
    if (!p.data.isEmpty() && !doc.read(p.data, &error))
        return DecodedLayer::failure(tr("Its data is not JSON: %1").arg(error));
    if (p.type == SocketIoPacket::Event || p.type == SocketIoPacket::BinaryEvent) {
        if (p.data.isEmpty() || doc.arraySize({}) <= 0 || doc.type(u"0") != QJsonValue::String)
            return DecodedLayer::failure(
                tr("An event's data is an array that starts with its name"));
        if (context.wantsField(u"event"))
            layer.fields.append({QStringLiteral("event"), doc.string(u"0")});
        // The arguments: the array after the event's name.
        if (context.paths) {
            layer.pathValues = doc.at(*context.paths, 1);
        } else {
            QJsonArray args = doc.whole().toArray();
            args.removeFirst();
            layer.value = args;
        }
        return layer;
    }
    if (p.type == SocketIoPacket::Ack || p.type == SocketIoPacket::BinaryAck) {
        if (!tracked.note.isEmpty() && context.wantsField(u"event"))
            layer.fields.append({QStringLiteral("event"), tracked.note});
        if (tracked.latencyMs >= 0 && context.wantsField(u"latency"))
            layer.fields.append({QStringLiteral("latency"), QString::number(tracked.latencyMs)});
    }
    if (!p.data.isEmpty())
        JsonValue::setLayerValue(&layer, doc, context);
    return layer;
}
} // namespace

DecodedLayer SocketIoDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                     const DecoderState *, const Tracked &tracked) const
{
    DecodedLayer layer;
    layer.node.name = name();
    const bool tree = context.wantsTree();
    const bool wantsSummary = context.wantsSummary();
    if (context.binary) {
        // Engine.IO v3 marks a binary message with a leading 4; v4 sends the bytes as they are.
        if (context.wantsField(u"packet"))
            layer.fields.append({QStringLiteral("packet"), QStringLiteral("binary")});
        if (tree) {
            layer.node.add(tr("packet"), tr("binary message"));
            if (!tracked.note.isEmpty())
                layer.node.add(tr("attachment"), tracked.note);
        }
        if (wantsSummary)
            layer.summary = !tracked.note.isEmpty()
                ? tracked.note
                : tr("binary message, %1 bytes").arg(payload.size());
        layer.inner = payload.toByteArray();
        layer.innerBinary = true;
        return layer;
    }
    if (payload.isEmpty() || payload[0] < '0' || payload[0] > '6')
        return DecodedLayer::failure(tr("An Engine.IO packet starts with its type, 0 to 6"));
    const int engineType = payload[0] - '0';
    const QString engine = QString::fromLatin1(kEnginePackets[engineType]);
    if (tree)
        layer.node.add(tr("Engine.IO packet"),
                       QStringLiteral("%1 (%2)").arg(engine).arg(engineType));
    if (context.wantsField(u"engine"))
        layer.fields.append({QStringLiteral("engine"), engine});
    const QByteArrayView rest = payload.sliced(1);
    if (engineType != 4) {
        if (context.wantsField(u"packet"))
            layer.fields.append({QStringLiteral("packet"), engine});
        layer.summary = engine;
        if (engineType == 0 && !wantsSummary) {
            // The filter: the handshake read with a Document.
            JsonValue::Document doc;
            if (!doc.read(rest) || doc.type({}) != QJsonValue::Object)
                return DecodedLayer::failure(tr("An Engine.IO open packet carries a JSON object"));
            if (context.wantsField(u"sid"))
                layer.fields.append({QStringLiteral("sid"), doc.string(u"sid")});
            JsonValue::setLayerValue(&layer, doc, context);
        } else if (engineType == 0) {
            const QJsonValue open = JsonValue::parse(rest);
            if (!open.isObject())
                return DecodedLayer::failure(tr("An Engine.IO open packet carries a JSON object"));
            qsizetype budget = context.treeBudget;
            if (tree)
                layer.node.children.append(JsonValue::tree(tr("handshake"), open, &budget));
            const QJsonObject o = open.toObject();
            layer.fields.append({QStringLiteral("sid"), o.value(u"sid").toString()});
            layer.summary = tr("open sid=%1, ping every %2 ms")
                                .arg(JsonValue::line(o.value(u"sid").toString(), 40))
                                .arg(o.value(u"pingInterval").toInteger());
            layer.value = open;
        } else if (!rest.isEmpty()) {
            if (tree)
                layer.node.add(tr("data"), JsonValue::line(QString::fromUtf8(rest), 200));
            layer.summary += u' ' + JsonValue::line(QString::fromUtf8(rest), 60);
        }
        return layer;
    }

    SocketIoPacket p;
    QString error;
    if (!SocketIoPacket::parse(rest, &p, &error))
        return DecodedLayer::failure(error);
    const QString type = SocketIoPacket::typeName(p.type);
    if (tree) {
        layer.node.add(tr("Socket.IO packet"),
                       QStringLiteral("%1 (%2)").arg(type).arg(int(p.type)));
        layer.node.add(tr("namespace"), p.nsp);
        if (p.ackId >= 0)
            layer.node.add(tr("ack id"), QString::number(p.ackId));
        if (p.attachments > 0)
            layer.node.add(tr("attachments"), QString::number(p.attachments));
    }
    if (context.wantsField(u"packet"))
        layer.fields.append({QStringLiteral("packet"), type});
    if (context.wantsField(u"namespace"))
        layer.fields.append({QStringLiteral("namespace"), p.nsp});
    if (p.ackId >= 0 && context.wantsField(u"ack"))
        layer.fields.append({QStringLiteral("ack"), QString::number(p.ackId)});
    if (!wantsSummary)
        return filterLayer(std::move(layer), p, context, tracked);
    QJsonValue data(QJsonValue::Undefined);
    if (!p.data.isEmpty()) {
        data = JsonValue::parse(p.data, &error);
        if (data.isUndefined())
            return DecodedLayer::failure(tr("Its data is not JSON: %1").arg(error));
        layer.value = data;
    }
    // The namespace as a summary shows it: one line (a fuzzer sent one holding a line break).
    const QString nsp = JsonValue::line(p.nsp, 60);
    const QString nspPart = p.nsp == u"/" ? QString() : nsp + u' ';
    switch (p.type) {
    case SocketIoPacket::Connect:
    case SocketIoPacket::Disconnect: {
        layer.summary = type + u' ' + nsp;
        if (data.isObject() && data.toObject().contains(u"sid")) {
            layer.summary
                = tr("connected %1 sid=%2")
                      .arg(nsp, JsonValue::line(data.toObject().value(u"sid").toString(), 40));
        } else if (!data.isUndefined()) {
            layer.summary += u' ' + JsonValue::oneLine(data, 60);
        }
        qsizetype budget = context.treeBudget;
        if (!data.isUndefined())
            layer.node.children.append(JsonValue::tree(
                p.type == SocketIoPacket::Connect ? tr("auth") : tr("data"), data, &budget));
        break;
    }
    case SocketIoPacket::ConnectError: {
        const QString message = data.isObject() ? data.toObject().value(u"message").toString()
                                                : JsonValue::scalarText(data);
        layer.summary = tr("connect_error %1%2").arg(nspPart, quoted(message));
        qsizetype budget = context.treeBudget;
        layer.node.children.append(JsonValue::tree(tr("error"), data, &budget));
        break;
    }
    case SocketIoPacket::Event:
    case SocketIoPacket::BinaryEvent: {
        const QJsonArray items = data.toArray();
        if (items.isEmpty() || !items.first().isString())
            return DecodedLayer::failure(
                tr("An event's data is an array that starts with its name"));
        const QString event = items.first().toString();
        QJsonArray args = items;
        args.removeFirst();
        layer.node.add(tr("event"), event);
        qsizetype budget = context.treeBudget;
        layer.node.children.append(JsonValue::tree(tr("arguments"), args, &budget));
        layer.fields.append({QStringLiteral("event"), event});
        layer.summary = tr("emit %1%2 %3")
                            .arg(nspPart, quoted(event),
                                 context.wantsSummary() ? JsonValue::oneLine(args, 60) : QString());
        if (p.ackId >= 0)
            layer.summary += tr(" ack %1").arg(p.ackId);
        if (p.attachments > 0)
            layer.summary += p.attachments == 1 ? tr(", 1 attachment")
                                                : tr(", %1 attachments").arg(p.attachments);
        layer.value = args;
        break;
    }
    case SocketIoPacket::Ack:
    case SocketIoPacket::BinaryAck: {
        layer.summary = tr("ack %1%2").arg(nspPart).arg(p.ackId);
        if (!tracked.note.isEmpty()) {
            layer.summary += tr(" of %1").arg(quoted(tracked.note));
            layer.fields.append({QStringLiteral("event"), tracked.note});
            layer.node.add(tr("answers"), quoted(tracked.note));
        }
        layer.summary += u' ' + JsonValue::oneLine(data.isUndefined() ? QJsonArray() : data, 60);
        if (tracked.latencyMs >= 0) {
            layer.summary += tr(" in %1 ms").arg(tracked.latencyMs);
            layer.node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
            layer.fields.append({QStringLiteral("latency"), QString::number(tracked.latencyMs)});
        }
        qsizetype budget = context.treeBudget;
        layer.node.children.append(JsonValue::tree(tr("arguments"), data, &budget));
        break;
    }
    }
    return layer;
}

} // namespace Sockscope
