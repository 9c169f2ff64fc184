#include "graphqlwsdecoder.h"

#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::GraphQlWsDecoder", text);
}

class GraphQlWsState : public DecoderState
{
public:
    PendingCalls operations;
};

bool starts(const QString &type)
{
    return type == u"subscribe" || type == u"start";
}
bool results(const QString &type)
{
    return type == u"next" || type == u"data" || type == u"error";
}
bool ends(const QString &type)
{
    return type == u"complete" || type == u"stop";
}
} // namespace

QString GraphQlWsDecoder::operationName(const QJsonValue &payload)
{
    const QJsonObject o = payload.toObject();
    if (const QString name = o.value(u"operationName").toString(); !name.isEmpty())
        return name;
    const QString query = o.value(u"query").toString();
    static const QRegularExpression named(
        QStringLiteral("\\b(?:query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)"));
    if (const QRegularExpressionMatch m = named.match(query); m.hasMatch())
        return m.captured(1);
    static const QRegularExpression field(QStringLiteral("\\{\\s*([_A-Za-z][_0-9A-Za-z]*)"));
    if (const QRegularExpressionMatch m = field.match(query); m.hasMatch())
        return m.captured(1);
    return {};
}

bool GraphQlWsDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (binary || payload.size() > 4096 || !payload.contains("connection_"))
        return false;
    const QString type = JsonValue::parse(payload).toObject().value(u"type").toString();
    return type == u"connection_init" || type == u"connection_ack";
}

std::unique_ptr<DecoderState> GraphQlWsDecoder::newState() const
{
    return std::make_unique<GraphQlWsState>();
}

Tracked GraphQlWsDecoder::track(QByteArrayView payload, const DecodeContext &context,
                                DecoderState *base) const
{
    auto *state = static_cast<GraphQlWsState *>(base);
    const QJsonObject o = JsonValue::parse(payload).toObject();
    const QString type = o.value(u"type").toString();
    const QString id = JsonValue::scalarText(o.value(u"id"));
    if (id.isEmpty())
        return {};
    if (starts(type)) {
        state->operations.ask(PendingCalls::key(context.direction, id), context,
                              operationName(o.value(u"payload")));
        return {};
    }
    // Results come from the server; complete may come from either side.
    const bool fromStarter = ends(type) && context.direction == Direction::Sent;
    const QString key = PendingCalls::key(
        fromStarter ? context.direction : PendingCalls::other(context.direction), id);
    if (results(type))
        return state->operations.answer(key, context, true);
    if (ends(type))
        return state->operations.answer(key, context, false);
    return {};
}

DecodedLayer GraphQlWsDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                      const DecoderState *, const Tracked &tracked) const
{
    QString error;
    const QJsonValue value = JsonValue::parse(payload, &error);
    if (value.isUndefined())
        return DecodedLayer::failure(error);
    const QJsonObject o = value.toObject();
    const QString type = o.value(u"type").toString();
    if (type.isEmpty())
        return DecodedLayer::failure(tr("A GraphQL-WS message is an object with a \"type\""));
    DecodedLayer layer;
    layer.node.name = name();
    layer.value = value;
    layer.node.add(tr("type"), type);
    layer.fields.append({QStringLiteral("type"), type});
    const QString id = JsonValue::scalarText(o.value(u"id"));
    QString summary = type;
    if (!id.isEmpty()) {
        layer.node.add(tr("id"), id);
        layer.fields.append({QStringLiteral("id"), id});
        summary += tr(" #%1").arg(id);
    }
    QString operation = tracked.note;
    const QJsonValue body = o.value(u"payload");
    if (starts(type)) {
        operation = operationName(body);
        const QString query = body.toObject().value(u"query").toString();
        layer.node.add(tr("query"), JsonValue::line(query, 400));
        if (body.toObject().contains(u"variables")) {
            qsizetype budget = context.treeBudget;
            layer.node.children.append(
                JsonValue::tree(tr("variables"), body.toObject().value(u"variables"), &budget));
        }
    } else if (!body.isUndefined()) {
        qsizetype budget = context.treeBudget;
        layer.node.children.append(JsonValue::tree(tr("payload"), body, &budget));
    }
    if (!operation.isEmpty()) {
        layer.node.add(tr("operation"), operation);
        layer.fields.append({QStringLiteral("operation"), operation});
        summary += u' ' + operation;
    }
    if (results(type) && !body.isUndefined())
        summary += u' ' + JsonValue::oneLine(body, 60);
    if (tracked.latencyMs >= 0 && results(type)) {
        layer.node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
        layer.fields.append({QStringLiteral("latency"), QString::number(tracked.latencyMs)});
        summary += tr(" in %1 ms").arg(tracked.latencyMs);
    }
    layer.summary = JsonValue::line(summary, 160);
    return layer;
}

} // namespace Sockscope
