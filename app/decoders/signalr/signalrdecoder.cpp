#include "signalrdecoder.h"

#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::SignalRDecoder", text);
}

const char *const kTypes[] = {"handshake",         "invocation",        "stream item", "completion",
                              "stream invocation", "cancel invocation", "ping",        "close"};

class SignalRState : public DecoderState
{
public:
    PendingCalls invocations;
};

QList<QByteArrayView> records(QByteArrayView payload)
{
    QList<QByteArrayView> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i < payload.size() && out.size() < 1000; ++i) {
        if (payload[i] == SignalRDecoder::kRecordSeparator) {
            out.append(payload.sliced(start, i - start));
            start = i + 1;
        }
    }
    return out;
}
} // namespace

bool SignalRDecoder::recognises(QByteArrayView payload, bool binary) const
{
    return !binary && payload.size() >= 3 && payload.endsWith(kRecordSeparator)
        && payload.startsWith('{');
}

std::unique_ptr<DecoderState> SignalRDecoder::newState() const
{
    return std::make_unique<SignalRState>();
}

Tracked SignalRDecoder::track(QByteArrayView payload, const DecodeContext &context,
                              DecoderState *base) const
{
    auto *state = static_cast<SignalRState *>(base);
    Tracked tracked;
    for (const QByteArrayView record : records(payload)) {
        const QJsonObject o = JsonValue::parse(record).toObject();
        const int type = o.value(u"type").toInt();
        const QString id = o.value(u"invocationId").toString();
        if (id.isEmpty())
            continue;
        if (type == 1 || type == 4) {
            state->invocations.ask(PendingCalls::key(context.direction, id), context,
                                   o.value(u"target").toString());
        } else if (type == 2 || type == 3) {
            const Tracked answered = state->invocations.answer(
                PendingCalls::key(PendingCalls::other(context.direction), id), context, type == 2);
            if (tracked.isEmpty())
                tracked = answered;
        }
    }
    return tracked;
}

DecodedLayer SignalRDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                    const DecoderState *, const Tracked &tracked) const
{
    const QList<QByteArrayView> parts = records(payload);
    if (parts.isEmpty())
        return DecodedLayer::failure(tr("A SignalR message ends each record with 0x1E"));
    DecodedLayer layer;
    layer.node.name = name();
    QStringList summaries;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QString error;
        const QJsonValue value = JsonValue::parse(parts[i], &error);
        if (!value.isObject()) {
            if (parts.size() == 1)
                return DecodedLayer::failure(tr("A record is not a JSON object: %1").arg(error));
            layer.node.add(tr("record %1").arg(i + 1), tr("not a JSON object"));
            continue;
        }
        const QJsonObject o = value.toObject();
        DecodedNode &node
            = parts.size() == 1 ? layer.node : layer.node.add(tr("record %1").arg(i + 1));
        qsizetype budget = context.treeBudget;
        QString summary;
        if (!o.contains(u"type")) {
            // The handshake: the client's request names a protocol; the answer is {} or an error.
            node.add(tr("kind"), tr("handshake"));
            layer.fields.append({QStringLiteral("type"), QStringLiteral("handshake")});
            if (o.contains(u"protocol"))
                summary = tr("handshake %1 v%2")
                              .arg(o.value(u"protocol").toString())
                              .arg(o.value(u"version").toInt());
            else if (o.contains(u"error"))
                summary = tr("handshake refused: %1").arg(o.value(u"error").toString());
            else
                summary = tr("handshake accepted");
            node.children.append(JsonValue::tree(tr("message"), value, &budget));
        } else {
            const int type = o.value(u"type").toInt();
            const QString kind = type >= 1 && type <= 7 ? QString::fromLatin1(kTypes[type])
                                                        : tr("type %1").arg(type);
            node.add(tr("kind"), QStringLiteral("%1 (%2)").arg(kind).arg(type));
            layer.fields.append({QStringLiteral("type"), kind});
            const QString id = o.value(u"invocationId").toString();
            const QString target = o.value(u"target").toString();
            if (!target.isEmpty()) {
                node.add(tr("target"), target);
                layer.fields.append({QStringLiteral("target"), target});
            }
            if (!id.isEmpty()) {
                node.add(tr("invocation id"), id);
                layer.fields.append({QStringLiteral("id"), id});
            }
            summary = kind;
            switch (type) {
            case 1:
            case 4:
                summary = tr("%1 %2 %3")
                              .arg(type == 1 ? tr("invoke") : tr("stream"), target,
                                   JsonValue::oneLine(o.value(u"arguments"), 60));
                if (!id.isEmpty())
                    summary += tr(" #%1").arg(id);
                node.children.append(
                    JsonValue::tree(tr("arguments"), o.value(u"arguments"), &budget));
                layer.value = o.value(u"arguments");
                break;
            case 2:
            case 3: {
                summary = tr("%1 #%2").arg(kind, id);
                if (i == 0 && !tracked.note.isEmpty()) {
                    summary += tr(" (%1)").arg(tracked.note);
                    layer.fields.append({QStringLiteral("target"), tracked.note});
                }
                const QJsonValue result = type == 2 ? o.value(u"item") : o.value(u"result");
                if (o.contains(u"error"))
                    summary
                        += tr(" error %1").arg(JsonValue::line(o.value(u"error").toString(), 60));
                else if (!result.isUndefined())
                    summary += u' ' + JsonValue::oneLine(result, 50);
                if (!result.isUndefined()) {
                    node.children.append(JsonValue::tree(tr("result"), result, &budget));
                    layer.value = result;
                }
                if (i == 0 && tracked.latencyMs >= 0) {
                    summary += tr(" in %1 ms").arg(tracked.latencyMs);
                    node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
                }
                break;
            }
            case 7:
                if (o.contains(u"error"))
                    summary += u' ' + JsonValue::line(o.value(u"error").toString(), 80);
                break;
            default:
                break;
            }
        }
        summaries << summary;
    }
    layer.summary = JsonValue::line(summaries.join(QStringLiteral("; ")), 160);
    return layer;
}

} // namespace Sockscope
