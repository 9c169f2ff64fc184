#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// Engine.IO v4 packets over the WebSocket transport and the Socket.IO v4/v5 packets they carry
// (v3's Engine.IO, where a binary frame starts with the byte 4, reads too). Chosen by the path
// /socket.io/. Keeps, per connection, the emits waiting for an ack and the attachments a binary
// event still expects.
class SocketIoDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("socketio"); }
    QString name() const override { return QStringLiteral("Socket.IO"); }
    Kind kind() const override { return Kind::Framing; }
    bool verbatimInText(QStringView field) const override { return field == u"json."; }
    QStringList paths() const override { return {QStringLiteral("/socket.io/")}; }
    std::unique_ptr<DecoderState> newState() const override;
    Tracked track(QByteArrayView payload, const DecodeContext &context,
                  DecoderState *state) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;
};

// A Socket.IO packet as read from an Engine.IO message's text (after the leading 4).
struct SocketIoPacket
{
    enum Type { Connect, Disconnect, Event, Ack, ConnectError, BinaryEvent, BinaryAck };
    Type type = Event;
    int attachments = 0;
    QString nsp = QStringLiteral("/");
    qint64 ackId = -1;
    QByteArray data; // JSON text, possibly empty
    // Reads one; false with a sentence in *error when it is not one.
    static bool parse(QByteArrayView text, SocketIoPacket *out, QString *error);
    // As an Engine.IO message carries it: "4", then the packet ("43/admin,7[...]").
    QString toMessage() const;
    static QString typeName(Type type);
};

} // namespace Sockscope
