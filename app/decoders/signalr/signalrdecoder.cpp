#include "signalrdecoder.h"

#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QCoreApplication>

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
    JsonValue::Document doc;
    for (const QByteArrayView record : records(payload)) {
        if (!doc.read(record))
            continue;
        const int type = doc.at(u"type").toInt();
        const QString id = doc.string(u"invocationId");
        if (id.isEmpty())
            continue;
        if (type == 1 || type == 4) {
            state->invocations.ask(PendingCalls::key(context.direction, id), context,
                                   doc.string(u"target"));
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
    const bool tree = context.wantsTree();
    QStringList summaries;
    JsonValue::Document doc;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QString error;
        if (!doc.read(parts[i], &error) || doc.type({}) != QJsonValue::Object) {
            if (parts.size() == 1)
                return DecodedLayer::failure(tr("A record is not a JSON object: %1").arg(error));
            if (tree)
                layer.node.add(tr("record %1").arg(i + 1), tr("not a JSON object"));
            continue;
        }
        DecodedNode scratch;
        DecodedNode &node = !tree ? scratch
            : parts.size() == 1   ? layer.node
                                  : layer.node.add(tr("record %1").arg(i + 1));
        qsizetype budget = context.treeBudget;
        QString summary;
        if (!doc.contains(u"type")) {
            // The handshake: the client's request names a protocol; the answer is {} or an error.
            if (context.wantsField(u"type"))
                layer.fields.append({QStringLiteral("type"), QStringLiteral("handshake")});
            if (!context.wantsSummary())
                continue;
            if (doc.contains(u"protocol"))
                summary = tr("handshake %1 v%2")
                              .arg(doc.string(u"protocol"))
                              .arg(doc.at(u"version").toInt());
            else if (doc.contains(u"error"))
                summary = tr("handshake refused: %1").arg(doc.string(u"error"));
            else
                summary = tr("handshake accepted");
            if (tree) {
                node.add(tr("kind"), tr("handshake"));
                node.children.append(JsonValue::tree(tr("message"), doc.whole(), &budget));
            }
            summaries << summary;
            continue;
        }
        const int type = doc.at(u"type").toInt();
        const bool wantsSummary = context.wantsSummary();
        const QString kind = !wantsSummary && !context.wantsField(u"type") ? QString()
            : type >= 1 && type <= 7 ? QString::fromLatin1(kTypes[type])
                                     : tr("type %1").arg(type);
        if (!kind.isEmpty())
            layer.fields.append({QStringLiteral("type"), kind});
        const bool wantsTarget = context.wantsField(u"target");
        const QString id
            = wantsSummary || context.wantsField(u"id") ? doc.string(u"invocationId") : QString();
        const QString target = wantsSummary || wantsTarget ? doc.string(u"target") : QString();
        if (!target.isEmpty())
            layer.fields.append({QStringLiteral("target"), target});
        if (!id.isEmpty())
            layer.fields.append({QStringLiteral("id"), id});
        const bool response = type == 2 || type == 3;
        if (response && i == 0 && !tracked.note.isEmpty() && wantsTarget)
            layer.fields.append({QStringLiteral("target"), tracked.note});
        // The structured value (json.PATH): a call's arguments, a response's result.
        const bool call = type == 1 || type == 4;
        const QString valueKey = call ? QStringLiteral("arguments")
            : type == 2               ? QStringLiteral("item")
                                      : QStringLiteral("result");
        if ((call || (response && doc.contains(valueKey))) && context.wantsValue()) {
            if (context.paths) {
                layer.pathValues.clear();
                for (const QString &path : *context.paths)
                    layer.pathValues.append(doc.at(QString(valueKey + u'.' + path)));
            } else {
                layer.value = doc.at(valueKey);
            }
        }
        if (!context.wantsSummary())
            continue;

        if (tree) {
            node.add(tr("kind"), QStringLiteral("%1 (%2)").arg(kind).arg(type));
            if (!target.isEmpty())
                node.add(tr("target"), target);
            if (!id.isEmpty())
                node.add(tr("invocation id"), id);
        }
        summary = kind;
        switch (type) {
        case 1:
        case 4: {
            const QJsonValue arguments = doc.at(u"arguments");
            summary = tr("%1 %2 %3")
                          .arg(type == 1 ? tr("invoke") : tr("stream"), target,
                               JsonValue::oneLine(arguments, 60));
            if (!id.isEmpty())
                summary += tr(" #%1").arg(id);
            if (tree)
                node.children.append(JsonValue::tree(tr("arguments"), arguments, &budget));
            break;
        }
        case 2:
        case 3: {
            summary = tr("%1 #%2").arg(kind, id);
            if (i == 0 && !tracked.note.isEmpty())
                summary += tr(" (%1)").arg(tracked.note);
            const QJsonValue result = doc.at(valueKey);
            if (doc.contains(u"error"))
                summary += tr(" error %1").arg(JsonValue::line(doc.string(u"error"), 60));
            else if (!result.isUndefined())
                summary += u' ' + JsonValue::oneLine(result, 50);
            if (!result.isUndefined() && tree)
                node.children.append(JsonValue::tree(tr("result"), result, &budget));
            if (i == 0 && tracked.latencyMs >= 0) {
                summary += tr(" in %1 ms").arg(tracked.latencyMs);
                if (tree)
                    node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
            }
            break;
        }
        case 7:
            if (doc.contains(u"error"))
                summary += u' ' + JsonValue::line(doc.string(u"error"), 80);
            break;
        default:
            break;
        }
        summaries << summary;
    }
    if (context.wantsSummary())
        layer.summary = JsonValue::line(summaries.join(QStringLiteral("; ")), 160);
    return layer;
}

} // namespace Sockscope
