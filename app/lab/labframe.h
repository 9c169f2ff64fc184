#pragma once

#include "io/jsonreader.h"
#include "websocket/wireframe.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace Sockscope {

// A frame as the lab's frame builder describes it, and a session keeps it: every header field,
// the payload as the user typed it, and how it goes on the wire. Split offsets make it a
// fragmented message (several frames); chop sizes make its bytes several TCP writes.
struct LabFrame
{
    enum class KeyMode { Random, Fixed, Zero };
    enum class PayloadFormat { Text, Hex, Base64 };

    QString name; // in the list of saved frames; empty: described by its fields
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    int opcode = 0x1; // 0-15
    bool masked = true; // a client's frames are (RFC 6455 5.3)
    KeyMode keyMode = KeyMode::Random;
    std::array<quint8, 4> fixedKey {};
    PayloadFormat format = PayloadFormat::Text;
    QString payload; // as typed, in format
    std::optional<quint64> declaredLength; // a length other than the payload's
    std::optional<LengthForm> lengthForm; // a form other than the shortest
    // Byte offsets in the payload where it is split into fragments: the first frame has the
    // opcode and FIN 0, the rest are continuations, the last has the FIN above. Offsets may
    // fall inside a UTF-8 code point. Empty: one frame.
    QList<qsizetype> splitAt;
    // TCP writes of these sizes, in order, the last repeated for the rest; empty: one write.
    QList<int> chopSizes;
    int chopDelayMs = 0; // between writes

    friend bool operator==(const LabFrame &, const LabFrame &) = default;

    // The payload's bytes; nothing, with a sentence in *error, for hex or base64 that is not.
    std::optional<QByteArray> payloadBytes(QString *error = nullptr) const;
    // The frames it makes, masked as it says (a random key is drawn now, one per frame).
    std::optional<std::vector<FrameSpec>> specs(QString *error = nullptr) const;
    // Their bytes, in order: what goes on the wire.
    std::optional<QByteArray> bytes(QString *error = nullptr) const;
    // "text FIN 5 B", "ping 12 B masked", for the list of saved frames.
    QString summary() const;

    QJsonObject toJson() const;
    // Reads a frame as toJson() writes it; a mistake goes to r with its place
    // ("labs[0].frames[1].opcode: expected ...").
    static LabFrame fromJson(JsonReader &r, const QJsonObject &json, const QString &place);
    // "1, 3, 100" as sizes or offsets; nothing for anything but positive whole numbers.
    static std::optional<QList<qsizetype>> parseNumbers(const QString &text);
};

// A classic case, ready to send: a name, what it tests, and its frames (sent as one write
// unless a frame says otherwise).
struct LabPreset
{
    QString name;
    QString description;
    std::vector<LabFrame> frames;
};
const std::vector<LabPreset> &labPresets();

} // namespace Sockscope
