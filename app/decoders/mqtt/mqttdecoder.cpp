#include "mqttdecoder.h"

#include "decoders/jsonvalue.h"
#include "mqttwire.h"

#include <QCoreApplication>

#include <map>

namespace Sockscope {

namespace {
using MqttWire::connectLevel;
using MqttWire::Reader;
using MqttWire::Split;
using MqttWire::split;

QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::MqttDecoder", text);
}

const char *const kTypes[]
    = {"reserved", "CONNECT",  "CONNACK",    "PUBLISH", "PUBACK",      "PUBREC",
       "PUBREL",   "PUBCOMP",  "SUBSCRIBE",  "SUBACK",  "UNSUBSCRIBE", "UNSUBACK",
       "PINGREQ",  "PINGRESP", "DISCONNECT", "AUTH"};

// A packet's bytes may come in several WebSocket messages, and a message may end inside a
// packet (MQTT 3.1.1, 6.0: receivers must not assume packets are aligned on messages; an aedes
// broker writes a CONNACK in pieces). What a direction has of a packet not yet whole waits
// here, and a message that completes packets is decoded as those packets whole.
class MqttState : public DecoderState
{
public:
    int level = 4; // 3.1.1 until a CONNECT says otherwise
    QByteArray pending[2]; // by direction: sent, received
    // By sequence number: the whole packets a message completes, from their first byte (empty
    // when the message only carries part of one). Messages that are whole packets are not here.
    std::map<quint64, QByteArray> assembled;
    static constexpr size_t kMaxAssembled = 4096;
    static constexpr qsizetype kMaxPending = MqttWire::kMaxPacket;
};

QString connackText(int code, int level)
{
    if (level >= 5) {
        switch (code) {
        case 0:
            return tr("success");
        case 0x80:
            return tr("unspecified error");
        case 0x84:
            return tr("unsupported protocol version");
        case 0x85:
            return tr("client identifier not valid");
        case 0x86:
            return tr("bad user name or password");
        case 0x87:
            return tr("not authorized");
        case 0x88:
            return tr("server unavailable");
        case 0x89:
            return tr("server busy");
        case 0x8a:
            return tr("banned");
        default:
            return tr("reason 0x%1").arg(code, 2, 16, QChar(u'0'));
        }
    }
    switch (code) {
    case 0:
        return tr("accepted");
    case 1:
        return tr("refused: unacceptable protocol version");
    case 2:
        return tr("refused: identifier rejected");
    case 3:
        return tr("refused: server unavailable");
    case 4:
        return tr("refused: bad user name or password");
    case 5:
        return tr("refused: not authorized");
    default:
        return tr("return code %1").arg(code);
    }
}

// How an MQTT 5 property's value is written (MQTT 5.0, 2.2.2.2), by its identifier.
enum class Property { Unknown, Byte, TwoBytes, FourBytes, VarInt, String, Binary, StringPair };
Property propertyType(quint32 id)
{
    switch (id) {
    case 1:
    case 23:
    case 25:
    case 36:
    case 37:
    case 40:
    case 41:
    case 42:
        return Property::Byte;
    case 19:
    case 33:
    case 34:
    case 35:
        return Property::TwoBytes;
    case 2:
    case 17:
    case 24:
    case 39:
        return Property::FourBytes;
    case 11:
        return Property::VarInt;
    case 3:
    case 8:
    case 18:
    case 21:
    case 26:
    case 28:
    case 31:
        return Property::String;
    case 9:
    case 22:
        return Property::Binary;
    case 38:
        return Property::StringPair;
    default:
        return Property::Unknown;
    }
}

// MQTT 5 properties, into parent (skipped when it is nullptr: no tree is wanted).
void readProperties(Reader &r, DecodedNode *parent)
{
    const quint32 length = r.varint();
    Reader p(r.bytes(length));
    if (r.failed || length == 0 || !parent)
        return;
    DecodedNode &node = parent->add(tr("properties"), QString::number(length) + tr(" bytes"));
    while (!p.atEnd() && !p.failed) {
        const quint32 id = p.varint();
        QString value;
        switch (propertyType(id)) {
        case Property::Byte:
            value = QString::number(p.byte());
            break;
        case Property::TwoBytes:
            value = QString::number(p.u16());
            break;
        case Property::FourBytes:
            value = QString::number(p.u32());
            break;
        case Property::VarInt:
            value = QString::number(p.varint());
            break;
        case Property::String:
            value = JsonValue::line(p.string(), 200);
            break;
        case Property::Binary:
            value = QString::fromLatin1(p.binary().toByteArray().toHex(' '));
            break;
        case Property::StringPair: {
            const QString key = p.string();
            value = key + u'=' + JsonValue::line(p.string(), 200);
            break;
        }
        case Property::Unknown:
            node.add(tr("problem"), tr("unknown property %1").arg(id));
            return;
        }
        node.add(tr("property %1").arg(id), value);
    }
    if (p.failed)
        node.add(tr("problem"), tr("the properties end early"));
}

struct Packet
{
    QString summary;
    QByteArray payload; // PUBLISH's
};

// One packet's fields, and as wanted its node's children (node nullptr for none) and summary.
Packet readPacket(int type, int flags, QByteArrayView body, int level, DecodedNode *node,
                  const DecodeContext &context, QList<std::pair<QString, QString>> &fields,
                  QString *error)
{
    const bool wantsSummary = context.wantsSummary();
    Reader r(body);
    Packet out;
    const QString name = QString::fromLatin1(kTypes[type]);
    if (wantsSummary)
        out.summary = name;
    const auto packetId = [&] {
        const quint16 id = r.u16();
        if (node)
            node->add(tr("packet id"), QString::number(id));
        if (context.wantsField(u"id"))
            fields.append({QStringLiteral("id"), QString::number(id)});
        return id;
    };
    // MQTT 5's reason code, shown in the summary unless it is success.
    const auto reasonCode = [&] {
        const int reason = r.byte();
        if (node)
            node->add(tr("reason code"), QString::number(reason));
        if (reason != 0 && wantsSummary)
            out.summary += tr(" reason 0x%1").arg(reason, 2, 16, QChar(u'0'));
    };
    switch (type) {
    case 1: { // CONNECT
        const QString protocol = r.string();
        const int connectLevel = r.byte();
        const quint8 connectFlags = r.byte();
        const quint16 keepAlive = r.u16();
        if (node) {
            node->add(tr("protocol"),
                      QStringLiteral("%1 level %2").arg(protocol).arg(connectLevel));
            node->add(tr("keep alive"), tr("%1 s").arg(keepAlive));
            node->add(tr("clean start"), (connectFlags & 0x02) ? tr("yes") : tr("no"));
        }
        if (connectLevel >= 5)
            readProperties(r, node);
        const QString client = r.string();
        if (node)
            node->add(tr("client id"), client);
        if (context.wantsField(u"client"))
            fields.append({QStringLiteral("client"), client});
        if (connectFlags & 0x04) {
            if (connectLevel >= 5)
                readProperties(r, node);
            const QString willTopic = r.string();
            const qsizetype willBytes = r.binary().size();
            if (node) {
                node->add(tr("will topic"), willTopic);
                node->add(tr("will payload"), tr("%1 bytes").arg(willBytes));
            }
        }
        if (connectFlags & 0x80) {
            const QString user = r.string();
            if (node)
                node->add(tr("user name"), user);
        }
        if (connectFlags & 0x40) {
            const qsizetype passwordBytes = r.binary().size();
            if (node)
                node->add(tr("password"), tr("%1 bytes, not shown").arg(passwordBytes));
        }
        const QString version = connectLevel == 5 ? QStringLiteral("5")
            : connectLevel == 4                   ? QStringLiteral("3.1.1")
                                                  : QStringLiteral("3.1");
        if (wantsSummary)
            out.summary = tr("CONNECT %1 v%2").arg(JsonValue::line(client, 40), version);
        break;
    }
    case 2: { // CONNACK
        const quint8 ackFlags = r.byte();
        const int code = r.byte();
        if (node) {
            node->add(tr("session present"), (ackFlags & 1) ? tr("yes") : tr("no"));
            node->add(tr("return code"),
                      QStringLiteral("%1 (%2)").arg(code).arg(connackText(code, level)));
        }
        if (level >= 5)
            readProperties(r, node);
        if (wantsSummary)
            out.summary = tr("CONNACK %1").arg(connackText(code, level));
        break;
    }
    case 3: { // PUBLISH
        const int qos = (flags >> 1) & 3;
        const QString topic = r.string();
        if (node) {
            node->add(tr("topic"), topic);
            node->add(tr("qos"), QString::number(qos));
            node->add(tr("retain"), (flags & 1) ? tr("yes") : tr("no"));
            if (flags & 8)
                node->add(tr("dup"), tr("yes"));
        }
        if (context.wantsField(u"topic"))
            fields.append({QStringLiteral("topic"), topic});
        if (context.wantsField(u"qos"))
            fields.append({QStringLiteral("qos"), QString::number(qos)});
        if (wantsSummary)
            out.summary = tr("PUBLISH %1 qos%2").arg(JsonValue::line(topic, 60)).arg(qos);
        if (qos > 0) {
            const quint16 id = packetId();
            if (wantsSummary)
                out.summary += tr(" #%1").arg(id);
        }
        if (level >= 5)
            readProperties(r, node);
        out.payload = r.rest().toByteArray();
        if (node)
            node->add(tr("payload"), tr("%1 bytes").arg(out.payload.size()));
        if ((flags & 1) && wantsSummary)
            out.summary += tr(" retained");
        break;
    }
    case 4:
    case 5:
    case 6:
    case 7:
    case 11: { // PUBACK … PUBCOMP, UNSUBACK
        const quint16 id = packetId();
        if (wantsSummary)
            out.summary += tr(" #%1").arg(id);
        if (level >= 5 && !r.atEnd()) {
            if (type != 11)
                reasonCode();
            if (!r.atEnd())
                readProperties(r, node);
        }
        break;
    }
    case 8:
    case 10: { // SUBSCRIBE, UNSUBSCRIBE
        const quint16 id = packetId();
        if (level >= 5)
            readProperties(r, node);
        QStringList topics;
        while (!r.atEnd() && !r.failed) {
            const QString topic = r.string();
            QString shown = topic;
            if (type == 8) {
                const int options = r.byte();
                if (node || wantsSummary)
                    shown += tr(" qos%1").arg(options & 3);
            }
            if (node)
                node->add(tr("topic"), shown);
            if (context.wantsField(u"topic"))
                fields.append({QStringLiteral("topic"), topic});
            if (wantsSummary)
                topics << JsonValue::line(shown, 60);
        }
        if (wantsSummary)
            out.summary
                = QStringLiteral("%1 %2 #%3").arg(name, topics.join(QStringLiteral(", "))).arg(id);
        break;
    }
    case 9: { // SUBACK
        const quint16 id = packetId();
        if (level >= 5)
            readProperties(r, node);
        const QByteArrayView codes = r.rest();
        if (!node && !wantsSummary)
            break;
        QStringList granted;
        for (const char c : codes) {
            const int code = quint8(c);
            granted << (code < 3 ? tr("qos%1").arg(code)
                                 : tr("failure 0x%1").arg(code, 2, 16, QChar(u'0')));
        }
        if (node)
            node->add(tr("granted"), granted.join(QStringLiteral(", ")));
        out.summary = tr("SUBACK #%1 %2").arg(id).arg(granted.join(QStringLiteral(", ")));
        break;
    }
    case 12:
    case 13:
        break;
    case 14:
    case 15: // DISCONNECT, AUTH
        if (level >= 5 && !r.atEnd()) {
            reasonCode();
            if (!r.atEnd())
                readProperties(r, node);
        }
        break;
    default:
        *error = tr("Packet type 0 is reserved");
        return out;
    }
    if (r.failed)
        *error = tr("The %1 packet ends early").arg(name);
    return out;
}

QString partNote(QByteArrayView pending, qsizetype total)
{
    const QString type = QString::fromLatin1(kTypes[quint8(pending[0]) >> 4]);
    if (total < 0) // its length is not all there yet
        return tr("the start of a %1 packet").arg(type);
    return tr("a %1 packet's first %2 of %3 bytes").arg(type).arg(pending.size()).arg(total);
}

} // namespace

std::unique_ptr<DecoderState> MqttDecoder::newState() const
{
    return std::make_unique<MqttState>();
}

Tracked MqttDecoder::track(QByteArrayView payload, const DecodeContext &context,
                           DecoderState *state) const
{
    if (!context.binary)
        return {};
    auto *mqtt = static_cast<MqttState *>(state);
    QByteArray &pending = mqtt->pending[context.direction == Direction::Sent ? 0 : 1];
    const Split alone = split(payload);
    QByteArray data; // the bytes read this time: a waiting part and this message
    Split parts;
    if (!pending.isEmpty()) {
        // A part waits. The message goes on with it, unless joined they are not MQTT, or the
        // message is whole packets by itself and joined they are not: the part was a packet cut
        // short, never completed, and reading on from it would garble what follows.
        QByteArray joined = pending + payload.toByteArray();
        const Split together = split(joined);
        const bool aloneWhole = !alone.broken && alone.whole == payload.size();
        const bool joinedWhole = !together.broken && together.whole == joined.size();
        if (together.broken || (aloneWhole && !joinedWhole)) {
            pending.clear();
        } else {
            data = std::move(joined);
            parts = together;
        }
    }
    Tracked tracked;
    if (pending.isEmpty()) {
        if (alone.broken || alone.whole == payload.size()) {
            if (const int level = connectLevel(payload); level >= 3 && level <= 5)
                mqtt->level = level;
            return tracked; // whole packets, or not MQTT at all: decoded as they are
        }
        data = payload.toByteArray();
        parts = alone;
    }
    QByteArray whole = data.first(parts.whole);
    pending = data.sliced(parts.whole);
    if (pending.size() > MqttState::kMaxPending)
        pending.clear();
    if (const int level = connectLevel(whole); level >= 3 && level <= 5)
        mqtt->level = level;
    if (whole.isEmpty())
        tracked.note = partNote(pending, parts.next);
    else if (!pending.isEmpty())
        tracked.note = tr("and %1").arg(partNote(pending, parts.next));
    if (mqtt->assembled.size() >= MqttState::kMaxAssembled)
        mqtt->assembled.erase(mqtt->assembled.begin());
    mqtt->assembled[context.sequence] = std::move(whole);
    return tracked;
}

DecodedLayer MqttDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                 const DecoderState *state, const Tracked &tracked) const
{
    if (!context.binary)
        return DecodedLayer::failure(tr("MQTT over WebSocket is sent in binary messages"));
    const auto *mqtt = static_cast<const MqttState *>(state);
    bool completes = false;
    if (mqtt) {
        if (const auto it = mqtt->assembled.find(context.sequence); it != mqtt->assembled.end()) {
            if (it->second.isEmpty()) { // only a part: the message that ends it shows it whole
                return DecodedLayer::failure(
                    tr("This message holds only %1; the message that completes it shows it")
                        .arg(tracked.note));
            }
            payload = it->second; // the packets this message completes, whole
            completes = true;
        }
    }
    int level = mqtt ? mqtt->level : 4;
    if (const int own = connectLevel(payload); own >= 3 && own <= 5)
        level = own;
    DecodedLayer layer;
    layer.node.name = name();
    const bool tree = context.wantsTree();
    Reader r(payload);
    QStringList summaries;
    int packets = 0;
    while (!r.atEnd() && packets < 1000) {
        const quint8 first = r.byte();
        const quint32 length = r.varint();
        const QByteArrayView body = r.bytes(length);
        if (r.failed) {
            if (packets == 0)
                return DecodedLayer::failure(tr("Not an MQTT packet: its length is wrong"));
            if (tree)
                layer.node.add(tr("problem"), tr("a packet ends early"));
            break;
        }
        const int type = first >> 4;
        const QString packetName = QString::fromLatin1(kTypes[type]);
        if (context.wantsField(u"packet"))
            layer.fields.append({QStringLiteral("packet"), packetName});
        DecodedNode node {packetName, {}, {}};
        if (tree)
            node.value = tr("%1 bytes").arg(length);
        QString error;
        Packet packet = readPacket(type, first & 0x0f, body, level, tree ? &node : nullptr, context,
                                   layer.fields, &error);
        if (!error.isEmpty()) {
            if (packets == 0 && r.atEnd())
                return DecodedLayer::failure(error);
            node.add(tr("problem"), error);
        }
        if (tree)
            layer.node.children.append(std::move(node));
        if (context.wantsSummary())
            summaries << packet.summary;
        if (packets == 0 && !packet.payload.isEmpty()) {
            layer.inner = packet.payload;
            layer.innerBinary = !isUtf8(packet.payload);
        }
        ++packets;
    }
    if (packets > 1)
        layer.inner.clear();
    if (completes && !tracked.note.isEmpty())
        summaries << tracked.note; // it also starts the next packet
    if (context.wantsSummary())
        layer.summary = JsonValue::line(summaries.join(QStringLiteral("; ")), 160);
    return layer;
}

} // namespace Sockscope
