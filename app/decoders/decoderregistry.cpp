#include "decoderregistry.h"

#include "jsonvalue.h"

#include "cbor/cbordecoder.h"
#include "compression/compressiondecoder.h"
#include "graphqlws/graphqlwsdecoder.h"
#include "jsonrpc/jsonrpcdecoder.h"
#include "mqtt/mqttdecoder.h"
#include "msgpack/msgpackdecoder.h"
#include "protobuf/protobufdecoder.h"
#include "signalr/signalrdecoder.h"
#include "socketio/socketiodecoder.h"
#include "stomp/stompdecoder.h"
#include "json/jsondecoder.h"

#include <QUrl>

namespace Sockscope {

qsizetype DecodedNode::size() const
{
    qsizetype n = 1;
    for (const DecodedNode &child : children)
        n += child.size();
    return n;
}

QString Decoded::field(QStringView name) const
{
    for (const auto &[key, value] : fields) {
        if (key == name)
            return value;
    }
    return {};
}

QJsonValue Decoded::valueAt(QStringView path) const
{
    if (const qsizetype i = paths.indexOf(path); i >= 0 && i < pathValues.size())
        return pathValues.at(i);
    return JsonValue::at(value, path);
}

const DecoderRegistry &DecoderRegistry::standard()
{
    static const DecoderRegistry *registry = [] {
        auto *r = new DecoderRegistry;
        r->add(std::make_unique<CompressionDecoder>(CompressionDecoder::Format::Gzip));
        r->add(std::make_unique<CompressionDecoder>(CompressionDecoder::Format::Zlib));
        r->add(std::make_unique<CompressionDecoder>(CompressionDecoder::Format::Zstd));
        r->add(std::make_unique<CompressionDecoder>(CompressionDecoder::Format::Deflate));
        r->add(std::make_unique<SocketIoDecoder>());
        r->add(std::make_unique<StompDecoder>());
        r->add(std::make_unique<MqttDecoder>());
        r->add(std::make_unique<GraphQlWsDecoder>());
        r->add(std::make_unique<JsonRpcDecoder>());
        r->add(std::make_unique<SignalRDecoder>());
        r->add(std::make_unique<JsonDecoder>());
        r->add(std::make_unique<CborDecoder>());
        r->add(std::make_unique<MsgPackDecoder>());
        r->add(std::make_unique<ProtobufDecoder>());
        return r;
    }();
    return *registry;
}

void DecoderRegistry::add(std::unique_ptr<Decoder> decoder)
{
    m_decoders.push_back(std::move(decoder));
}

const Decoder *DecoderRegistry::byId(QStringView id) const
{
    for (const auto &d : m_decoders) {
        if (d->id() == id)
            return d.get();
    }
    return nullptr;
}

const Decoder *DecoderRegistry::forConnection(QStringView subprotocol, QStringView url) const
{
    if (!subprotocol.isEmpty()) {
        for (const auto &d : m_decoders) {
            if (d->subprotocols().contains(subprotocol, Qt::CaseInsensitive))
                return d.get();
        }
    }
    const QString path = QUrl(url.toString()).path();
    if (!path.isEmpty()) {
        for (const auto &d : m_decoders) {
            for (const QString &p : d->paths()) {
                if (path.startsWith(p))
                    return d.get();
            }
        }
    }
    return nullptr;
}

const Decoder *DecoderRegistry::recognise(QByteArrayView payload, bool binary,
                                          bool framingToo) const
{
    for (const auto &d : m_decoders) {
        if (!framingToo && d->kind() == Decoder::Kind::Framing)
            continue;
        if (d->recognises(payload, binary))
            return d.get();
    }
    return nullptr;
}

Decoded DecoderRegistry::decode(QByteArrayView payload, const DecodeContext &context,
                                const Decoder *first, const DecoderState *state,
                                const Tracked &tracked, const Decoder *payloadChoice) const
{
    Decoded out;
    out.protocols.reserve(kMaxLayers);
    const Decoder *decoder = first ? first : recognise(payload, context.binary);
    QByteArray held; // an inner payload outlives the layer that made it
    DecodeContext layerContext = context;
    QString fallbackSummary;
    for (int depth = 0; decoder && depth < kMaxLayers; ++depth) {
        const bool connections = depth == 0 && decoder == first;
        DecodedLayer layer = decoder->decode(payload, layerContext, connections ? state : nullptr,
                                             connections ? tracked : Tracked());
        out.protocols << decoder->name();
        if (!layer.ok()) {
            out.problem = layer.problem;
            if (context.wantsSummary())
                out.tree.children.append({decoder->name(), layer.problem, {}});
            if (out.summary.isEmpty())
                out.summary = decoder->name() + QStringLiteral(": ") + layer.problem;
            break;
        }
        if (context.wantsSummary())
            out.tree.children.append(std::move(layer.node));
        if (out.summary.isEmpty() && !layer.summary.isEmpty()) {
            if (decoder->kind() == Decoder::Kind::Compression)
                fallbackSummary = layer.summary;
            else
                out.summary = layer.summary;
        }
        if (out.fields.isEmpty())
            out.fields = std::move(layer.fields);
        else
            out.fields.append(layer.fields);
        if (!layer.value.isUndefined() || !layer.pathValues.isEmpty()) {
            out.value = layer.value;
            out.pathValues = std::move(layer.pathValues);
        }
        if (layer.inner.isEmpty())
            break;
        held = std::move(layer.inner);
        payload = held;
        layerContext.binary = layer.innerBinary;
        decoder = payloadChoice && decoder->kind() == Decoder::Kind::Framing
            ? payloadChoice
            : recognise(payload, layer.innerBinary, decoder->kind() == Decoder::Kind::Compression);
        if (decoder && !decoder->givesFields() && !context.wantsValue()
            && !context.wantsField(u"protocol"))
            break; // the filter wants nothing of that layer
    }
    if (out.summary.isEmpty())
        out.summary = fallbackSummary;
    if (!out.pathValues.isEmpty())
        out.paths = *context.paths;
    if (context.wantsField(u"protocol")) {
        QList<std::pair<QString, QString>> fields;
        fields.reserve(out.protocols.size() + out.fields.size());
        for (const QString &protocol : std::as_const(out.protocols))
            fields.append({QStringLiteral("protocol"), protocol});
        fields.append(std::move(out.fields));
        out.fields = std::move(fields);
    }
    return out;
}

} // namespace Sockscope
