#include "jsonrpcdecoder.h"

#include "decoders/json/jsondecoder.h"
#include "decoders/jsonvalue.h"
#include "decoders/pendingcalls.h"

#include <QByteArrayMatcher>
#include <QCoreApplication>

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

// The path of a key under a prefix, made only when the prefix is not empty; valid until the
// next call.
class Under
{
public:
    explicit Under(const QString &prefix)
        : m_prefix(prefix)
    { }
    QStringView operator()(QStringView key)
    {
        if (m_prefix.isEmpty())
            return key;
        m_path = m_prefix + key;
        return m_path;
    }

private:
    const QString &m_prefix;
    QString m_path;
};

// What one call or response of a message is, read from the message's JSON at a prefix ("" for
// a message that is one, "[2]." for a batch's third); its method and id only when asked for.
struct Part
{
    enum class Kind { None, Request, Notification, Result, Error };
    Kind kind = Kind::None;
    QString method;
    QString id;

    Part(const JsonValue::Document &doc, const QString &prefix, bool withMethod = true,
         bool withId = true)
    {
        Under under(prefix);
        if (doc.contains(under(u"method"))) {
            if (withMethod)
                method = doc.string(under(u"method"));
            kind = doc.contains(under(u"id")) ? Kind::Request : Kind::Notification;
        } else if (doc.contains(under(u"error"))) {
            kind = Kind::Error;
        } else if (doc.contains(under(u"result"))) {
            kind = Kind::Result;
        }
        if (withId && kind != Kind::Notification && kind != Kind::None)
            id = doc.scalarText(under(u"id"));
    }
    bool isCall() const { return kind == Kind::Request || kind == Kind::Notification; }
    bool isResponse() const { return kind == Kind::Result || kind == Kind::Error; }
};

// The kind as the "kind" field names it; tr() of it names it in the tree.
const char *kindText(Part::Kind kind)
{
    switch (kind) {
    case Part::Kind::Request:
        return QT_TRANSLATE_NOOP("Sockscope::JsonRpcDecoder", "request");
    case Part::Kind::Notification:
        return QT_TRANSLATE_NOOP("Sockscope::JsonRpcDecoder", "notification");
    case Part::Kind::Result:
        return QT_TRANSLATE_NOOP("Sockscope::JsonRpcDecoder", "result");
    case Part::Kind::Error:
        return QT_TRANSLATE_NOOP("Sockscope::JsonRpcDecoder", "error");
    case Part::Kind::None:
        break;
    }
    return "";
}

// One call or response of a message: its fields, and (as the context wants them) its node and
// summary; the summary is empty for neither.
QString describe(const JsonValue::Document &doc, const QString &prefix, const Tracked &tracked,
                 const DecodeContext &context, DecodedNode &node,
                 QList<std::pair<QString, QString>> &fields)
{
    const bool wantsSummary = context.wantsSummary();
    const bool wantsMethod = context.wantsField(u"method");
    const bool wantsId = context.wantsField(u"id");
    const Part part(doc, prefix, wantsSummary || wantsMethod, wantsSummary || wantsId);
    Under under(prefix);
    if (part.kind == Part::Kind::None)
        return {};
    const QString kind = QLatin1String(kindText(part.kind));
    if (part.isCall() && wantsMethod)
        fields.append({QStringLiteral("method"), part.method});
    if (context.wantsField(u"kind"))
        fields.append({QStringLiteral("kind"), kind});
    if (part.kind != Part::Kind::Notification && wantsId)
        fields.append({QStringLiteral("id"), part.id});
    if (part.isResponse()) {
        if (!tracked.note.isEmpty() && wantsMethod)
            fields.append({QStringLiteral("method"), tracked.note});
        if (tracked.latencyMs >= 0 && context.wantsField(u"latency"))
            fields.append({QStringLiteral("latency"), QString::number(tracked.latencyMs)});
    }
    if (!wantsSummary)
        return kind; // only the fields are wanted
    qsizetype budget = context.treeBudget; // goes down as nodes are made
    const bool tree = context.wantsTree();
    if (tree) {
        node.add(tr("kind"), tr(kindText(part.kind)));
        if (part.isCall())
            node.add(tr("method"), part.method);
        if (part.kind != Part::Kind::Notification)
            node.add(tr("id"), part.id);
    }
    if (part.isCall()) {
        const QJsonValue params = doc.at(under(u"params"));
        if (!params.isUndefined() && tree)
            node.children.append(JsonValue::tree(tr("params"), params, &budget));
        const QString paramsText
            = params.isUndefined() ? QString() : u' ' + JsonValue::oneLine(params, 50);
        return part.kind == Part::Kind::Notification
            ? tr("notify %1%2").arg(part.method, paramsText)
            : tr("call %1 #%2%3").arg(part.method, part.id, paramsText);
    }
    QString summary;
    if (part.kind == Part::Kind::Error) {
        if (tree)
            node.children.append(JsonValue::tree(tr("error"), doc.at(under(u"error")), &budget));
        summary = tr("error #%1 %2 %3")
                      .arg(part.id)
                      .arg(doc.at(under(u"error.code")).toInteger())
                      .arg(JsonValue::line(doc.string(under(u"error.message")), 60));
    } else {
        const QJsonValue result = doc.at(under(u"result"));
        if (tree)
            node.children.append(JsonValue::tree(tr("result"), result, &budget));
        summary = tr("result #%1 %2").arg(part.id, JsonValue::oneLine(result, 50));
    }
    if (!tracked.note.isEmpty()) {
        if (tree)
            node.add(tr("answers"), tracked.note);
        summary += tr(" (%1)").arg(tracked.note);
    }
    if (tracked.latencyMs >= 0) {
        if (tree)
            node.add(tr("latency"), tr("%1 ms").arg(tracked.latencyMs));
        summary += tr(" in %1 ms").arg(tracked.latencyMs);
    }
    return summary;
}

// The prefix of a batch's item.
QString itemPrefix(qsizetype i)
{
    return u'[' + QString::number(i) + QStringLiteral("].");
}
} // namespace

bool JsonRpcDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (binary || payload.size() > 64 * 1024 * 1024)
        return false;
    const QByteArrayView head = payload.first(qMin<qsizetype>(payload.size(), 4096));
    // Looked for in every message of a connection no subprotocol names: a matcher made once
    // finds it in a fourth of the time QByteArrayView::indexOf takes.
    static const QByteArrayMatcher key("\"jsonrpc\"");
    if (key.indexIn(head) < 0)
        return false;
    JsonValue::Document doc;
    if (!doc.read(payload))
        return false;
    const QString first = doc.arraySize({}) >= 0 ? QStringLiteral("[0].") : QString();
    return doc.string(Under(first)(u"jsonrpc")) == u"2.0";
}

std::unique_ptr<DecoderState> JsonRpcDecoder::newState() const
{
    return std::make_unique<JsonRpcState>();
}

Tracked JsonRpcDecoder::track(QByteArrayView payload, const DecodeContext &context,
                              DecoderState *base) const
{
    auto *state = static_cast<JsonRpcState *>(base);
    JsonValue::Document doc;
    if (context.binary || !doc.read(payload))
        return {};
    const qsizetype batch = doc.arraySize({});
    Tracked tracked;
    for (qsizetype i = 0; i < qMax<qsizetype>(batch, 1); ++i) {
        const Part part(doc, batch < 0 ? QString() : itemPrefix(i));
        if (part.kind == Part::Kind::Request) {
            state->calls.ask(PendingCalls::key(context.direction, part.id), context, part.method);
        } else if (part.isResponse()) {
            const Tracked answered = state->calls.answer(
                PendingCalls::key(PendingCalls::other(context.direction), part.id), context);
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
    JsonValue::Document doc;
    if (!doc.read(payload, &error))
        return DecodedLayer::failure(error);
    DecodedLayer layer;
    layer.node.name = name();
    JsonValue::setLayerValue(&layer, doc, context);
    if (const qsizetype batch = doc.arraySize({}); batch >= 0) {
        if (batch == 0)
            return DecodedLayer::failure(tr("An empty batch"));
        QStringList parts;
        for (qsizetype i = 0; i < batch && i < 1000; ++i) {
            DecodedNode item;
            const QString part = describe(doc, itemPrefix(i), i == 0 ? tracked : Tracked(), context,
                                          item, layer.fields);
            if (context.wantsTree()) {
                item.name = QStringLiteral("[%1]").arg(i);
                if (part.isEmpty())
                    item.value = tr("not a JSON-RPC call or response");
                layer.node.children.append(std::move(item));
            }
            if (!part.isEmpty() && parts.size() < 3)
                parts << part;
        }
        if (context.wantsSummary())
            layer.summary = JsonValue::line(
                tr("batch of %1: %2").arg(batch).arg(parts.join(QStringLiteral("; "))), 160);
        return layer;
    }
    if (doc.string(u"jsonrpc") != u"2.0")
        return DecodedLayer::failure(tr("Not JSON-RPC 2.0: no \"jsonrpc\": \"2.0\""));
    const QString summary = describe(doc, {}, tracked, context, layer.node, layer.fields);
    if (summary.isEmpty())
        return DecodedLayer::failure(
            tr("Neither a call (method) nor a response (result or error)"));
    if (context.wantsSummary())
        layer.summary = JsonValue::line(summary, 160);
    return layer;
}

} // namespace Sockscope
