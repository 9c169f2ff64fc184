#include "jsonrpcdecoder.h"

#include "decoders/json/jsondecoder.h"
#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::JsonRpcDecoder", text);
}

class JsonRpcState : public DecoderState
{
public:
    PendingCalls calls;
};

QString idText(const QJsonValue &id)
{
    return JsonValue::scalarText(id);
}

bool isResponse(const QJsonObject &o)
{
    return !o.contains(u"method") && (o.contains(u"result") || o.contains(u"error"));
}

// One call or response of a message: its summary, node and fields.
QString describe(const QJsonObject &o, const Tracked &tracked, qsizetype budget, DecodedNode &node,
                 QList<std::pair<QString, QString>> &fields)
{
    const bool wantsSummary = budget != DecodeContext::kFieldsOnly; // budget goes down below
    const QString id = idText(o.value(u"id"));
    if (o.contains(u"method")) {
        const QString method = o.value(u"method").toString();
        const bool notification = !o.contains(u"id");
        node.add(tr("kind"), notification ? tr("notification") : tr("request"));
        node.add(tr("method"), method);
        fields.append({QStringLiteral("method"), method});
        fields.append({QStringLiteral("kind"),
                       notification ? QStringLiteral("notification") : QStringLiteral("request")});
        if (!notification) {
            node.add(tr("id"), id);
            fields.append({QStringLiteral("id"), id});
        }
        if (o.contains(u"params"))
            node.children.append(JsonValue::tree(tr("params"), o.value(u"params"), &budget));
        const QString params = wantsSummary && o.contains(u"params")
            ? u' ' + JsonValue::oneLine(o.value(u"params"), 50)
            : QString();
        return notification ? tr("notify %1%2").arg(method, params)
                            : tr("call %1 #%2%3").arg(method, id, params);
    }
    if (!isResponse(o))
        return {};
    const bool error = o.contains(u"error");
    node.add(tr("kind"), error ? tr("error") : tr("result"));
    node.add(tr("id"), id);
    fields.append(
        {QStringLiteral("kind"), error ? QStringLiteral("error") : QStringLiteral("result")});
    fields.append({QStringLiteral("id"), id});
    QString summary;
    if (error) {
        const QJsonObject e = o.value(u"error").toObject();
        node.children.append(JsonValue::tree(tr("error"), o.value(u"error"), &budget));
        summary = tr("error #%1 %2 %3")
                      .arg(id)
                      .arg(e.value(u"code").toInteger())
                      .arg(JsonValue::line(e.value(u"message").toString(), 60));
    } else {
        node.children.append(JsonValue::tree(tr("result"), o.value(u"result"), &budget));
        summary
            = tr("result #%1 %2")
                  .arg(id, wantsSummary ? JsonValue::oneLine(o.value(u"result"), 50) : QString());
    }
    if (!tracked.note.isEmpty()) {
        node.add(tr("answers"), tracked.note);
        fields.append({QStringLiteral("method"), tracked.note});
        summary += tr(" (%1)").arg(tracked.note);
    }
    if (tracked.latencyMs >= 0) {
        node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
        fields.append({QStringLiteral("latency"), QString::number(tracked.latencyMs)});
        summary += tr(" in %1 ms").arg(tracked.latencyMs);
    }
    return summary;
}
} // namespace

bool JsonRpcDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (binary || payload.size() > 64 * 1024 * 1024)
        return false;
    const QByteArrayView head = payload.first(qMin<qsizetype>(payload.size(), 4096));
    const qsizetype at = head.indexOf("\"jsonrpc\"");
    if (at < 0)
        return false;
    const QJsonValue value = JsonValue::parse(payload);
    const QJsonObject first
        = value.isArray() ? value.toArray().first().toObject() : value.toObject();
    return first.value(u"jsonrpc").toString() == u"2.0";
}

std::unique_ptr<DecoderState> JsonRpcDecoder::newState() const
{
    return std::make_unique<JsonRpcState>();
}

Tracked JsonRpcDecoder::track(QByteArrayView payload, const DecodeContext &context,
                              DecoderState *base) const
{
    auto *state = static_cast<JsonRpcState *>(base);
    if (context.binary)
        return {};
    const QJsonValue value = JsonValue::parse(payload);
    const QJsonArray items = value.isArray() ? value.toArray() : QJsonArray {value};
    Tracked tracked;
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        const QString id = idText(o.value(u"id"));
        if (o.contains(u"method") && o.contains(u"id")) {
            state->calls.ask(PendingCalls::key(context.direction, id), context,
                             o.value(u"method").toString());
        } else if (isResponse(o)) {
            const Tracked answered = state->calls.answer(
                PendingCalls::key(PendingCalls::other(context.direction), id), context);
            if (tracked.isEmpty())
                tracked = answered; // a batch of responses shows its first one's
        }
    }
    return tracked;
}

DecodedLayer JsonRpcDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                    const DecoderState *, const Tracked &tracked) const
{
    QString error;
    const QJsonValue value = JsonValue::parse(payload, &error);
    if (value.isUndefined())
        return DecodedLayer::failure(error);
    DecodedLayer layer;
    layer.node.name = name();
    layer.value = value;
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        if (items.isEmpty())
            return DecodedLayer::failure(tr("An empty batch"));
        QStringList parts;
        for (qsizetype i = 0; i < items.size() && i < 1000; ++i) {
            DecodedNode &node = layer.node.add(QStringLiteral("[%1]").arg(i));
            const QString part = describe(items.at(i).toObject(), i == 0 ? tracked : Tracked(),
                                          context.treeBudget, node, layer.fields);
            if (part.isEmpty())
                node.value = tr("not a JSON-RPC call or response");
            else if (parts.size() < 3)
                parts << part;
        }
        layer.summary = JsonValue::line(
            tr("batch of %1: %2").arg(items.size()).arg(parts.join(QStringLiteral("; "))), 160);
        return layer;
    }
    const QJsonObject o = value.toObject();
    if (o.value(u"jsonrpc").toString() != u"2.0")
        return DecodedLayer::failure(tr("Not JSON-RPC 2.0: no \"jsonrpc\": \"2.0\""));
    layer.summary
        = JsonValue::line(describe(o, tracked, context.treeBudget, layer.node, layer.fields), 160);
    if (layer.summary.isEmpty())
        return DecodedLayer::failure(
            tr("Neither a call (method) nor a response (result or error)"));
    return layer;
}

} // namespace Sockscope
