#include "graphqlwsdecoder.h"

#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QByteArrayMatcher>
#include <QCoreApplication>
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

QString GraphQlWsDecoder::operationName(const QString &declared, const QString &query)
{
    if (!declared.isEmpty())
        return declared;
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
    static const QByteArrayMatcher connection("connection_"); // (see JsonRpcDecoder's)
    if (binary || payload.size() > 4096 || connection.indexIn(payload) < 0)
        return false;
    JsonValue::Document doc;
    if (!doc.read(payload))
        return false;
    const QString type = doc.string(u"type");
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
    JsonValue::Document doc;
    if (!doc.read(payload))
        return {};
    const QString type = doc.string(u"type");
    const QString id = doc.scalarText(u"id");
    if (id.isEmpty())
        return {};
    if (starts(type)) {
        state->operations.ask(
            PendingCalls::key(context.direction, id), context,
            operationName(doc.string(u"payload.operationName"), doc.string(u"payload.query")));
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
    JsonValue::Document doc;
    if (!doc.read(payload, &error))
        return DecodedLayer::failure(error);
    const QString type = doc.string(u"type");
    if (type.isEmpty())
        return DecodedLayer::failure(tr("A GraphQL-WS message is an object with a \"type\""));
    DecodedLayer layer;
    layer.node.name = name();
    JsonValue::setLayerValue(&layer, doc, context);
    const bool wantsSummary = context.wantsSummary();
    if (context.wantsField(u"type"))
        layer.fields.append({QStringLiteral("type"), type});
    const QString id
        = wantsSummary || context.wantsField(u"id") ? doc.scalarText(u"id") : QString();
    if (!id.isEmpty())
        layer.fields.append({QStringLiteral("id"), id});
    QString operation;
    if (wantsSummary || context.wantsField(u"operation")) {
        operation = starts(type)
            ? operationName(doc.string(u"payload.operationName"), doc.string(u"payload.query"))
            : tracked.note;
    }
    if (!operation.isEmpty())
        layer.fields.append({QStringLiteral("operation"), operation});
    const bool latency = tracked.latencyMs >= 0 && results(type);
    if (latency && context.wantsField(u"latency"))
        layer.fields.append({QStringLiteral("latency"), QString::number(tracked.latencyMs)});
    if (!wantsSummary)
        return layer; // only the fields are wanted

    const QJsonValue body = doc.at(u"payload");
    QString summary = type;
    if (!id.isEmpty())
        summary += tr(" #%1").arg(id);
    if (!operation.isEmpty())
        summary += u' ' + operation;
    if (results(type) && !body.isUndefined())
        summary += u' ' + JsonValue::oneLine(body, 60);
    if (latency)
        summary += tr(" in %1 ms").arg(tracked.latencyMs);
    layer.summary = JsonValue::line(summary, 160);
    if (!context.wantsTree())
        return layer;

    layer.node.add(tr("type"), type);
    if (!id.isEmpty())
        layer.node.add(tr("id"), id);
    qsizetype budget = context.treeBudget;
    if (starts(type)) {
        layer.node.add(tr("query"), JsonValue::line(doc.string(u"payload.query"), 400));
        if (doc.contains(u"payload.variables"))
            layer.node.children.append(
                JsonValue::tree(tr("variables"), doc.at(u"payload.variables"), &budget));
    } else if (!body.isUndefined()) {
        layer.node.children.append(JsonValue::tree(tr("payload"), body, &budget));
    }
    if (!operation.isEmpty())
        layer.node.add(tr("operation"), operation);
    if (latency)
        layer.node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
    return layer;
}

} // namespace Sockscope
