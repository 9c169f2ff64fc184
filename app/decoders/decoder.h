#pragma once

#include "decoded.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>

#include <memory>

namespace Sockscope {

// What a decoder keeps about one connection (namespaces, request ids, a protocol version),
// fed the connection's messages in order.
class DecoderState
{
public:
    virtual ~DecoderState() = default;
};

// Whether bytes are UTF-8 that reads back as the same bytes (as QString::fromUtf8 reads it: a
// leading byte order mark is dropped, so such bytes are not), without making the text.
inline bool isUtf8(QByteArrayView bytes)
{
    return bytes.isValidUtf8() && !bytes.startsWith("\xef\xbb\xbf");
}

// What one layer of decoding gives: its node, summary and fields, and what the next layer reads.
struct DecodedLayer
{
    DecodedNode node; // named after the protocol; its children are the message's parts
    QString summary; // one line; empty to let an inner layer's summary stand
    QList<std::pair<QString, QString>> fields;
    QJsonValue value = QJsonValue(QJsonValue::Undefined); // see Decoded::value
    QList<QJsonValue> pathValues; // see Decoded::pathValues; instead of value
    QByteArray inner; // handed to the payload decoders; empty for none
    bool innerBinary = false;
    QString problem; // not this protocol, or broken: what is wrong
    bool ok() const { return problem.isEmpty(); }
    static DecodedLayer failure(QString problem)
    {
        DecodedLayer layer;
        layer.problem = std::move(problem);
        return layer;
    }
};

// One protocol or format. Decoders are stateless objects shared by every log; what they learn
// of a connection lives in the DecoderState they make. They must accept any bytes: garbage
// gives a problem, never a crash, and every summary is one line.
class Decoder
{
public:
    enum class Kind { Compression, Framing, Payload };

    virtual ~Decoder() = default;
    // Stable, as files and the "Decode as" choice name it: "socketio", "mqtt", "json".
    virtual QString id() const = 0;
    // As the user reads it: "Socket.IO", "MQTT", "JSON".
    virtual QString name() const = 0;
    virtual Kind kind() const = 0;
    // Negotiated subprotocols that select this decoder ("mqtt", "v12.stomp").
    virtual QStringList subprotocols() const { return {}; }
    // URL paths that select it when no subprotocol does ("/socket.io/").
    virtual QStringList paths() const { return {}; }
    // Whether a message of an otherwise unknown connection looks like this protocol. Cheap,
    // and conservative: a false yes shows a wrong decoding.
    virtual bool recognises(QByteArrayView payload, bool binary) const
    {
        Q_UNUSED(payload);
        Q_UNUSED(binary);
        return false;
    }
    // For the filter: whether a field's values (field "json." standing for every json.PATH
    // term), in a stack this decoder starts on a text message, are always the message's own
    // text as it is when the message holds no backslash, so that a message whose bytes lack a
    // value cannot have it and need not be decoded. False for anything learnt from other
    // messages, names made from codes, numbers and decompressed or re-encoded bytes.
    virtual bool verbatimInText(QStringView field) const
    {
        Q_UNUSED(field);
        return false;
    }
    // Whether its layer may give fields (Decoded::fields); a payload format's gives only its
    // value, so a filter that wants neither it nor the protocol's name need not read it.
    virtual bool givesFields() const { return kind() != Kind::Payload; }
    // A new state for a connection, or nullptr when the decoder keeps none.
    virtual std::unique_ptr<DecoderState> newState() const { return nullptr; }
    // Learns from one message, in order; returns what the message is to the ones before it.
    virtual Tracked track(QByteArrayView payload, const DecodeContext &context,
                          DecoderState *state) const
    {
        Q_UNUSED(payload);
        Q_UNUSED(context);
        Q_UNUSED(state);
        return {};
    }
    // Decodes one message. state is the connection's (as far as it was tracked) or nullptr;
    // tracked is what track() said of this message.
    virtual DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                                const DecoderState *state, const Tracked &tracked) const = 0;
};

} // namespace Sockscope
