#include "mqttwire.h"

namespace Sockscope::MqttWire {

Split split(QByteArrayView data)
{
    Split out;
    while (out.whole < data.size()) {
        const QByteArrayView rest = data.sliced(out.whole);
        if ((quint8(rest[0]) >> 4) == 0) {
            out.broken = true;
            return out;
        }
        quint32 length = 0;
        qsizetype i = 1;
        bool complete = false;
        for (int shift = 0; i < rest.size() && shift < 28; shift += 7, ++i) {
            length |= quint32(quint8(rest[i]) & 0x7f) << shift;
            if (!(quint8(rest[i]) & 0x80)) {
                complete = true;
                ++i;
                break;
            }
        }
        if (!complete) {
            out.broken = i >= 5;
            return out; // the length goes on in the next message
        }
        if (length > quint32(kMaxPacket)) {
            out.broken = true;
            return out;
        }
        const qsizetype total = i + qsizetype(length);
        if (total > rest.size()) {
            out.next = total;
            return out;
        }
        out.whole += total;
    }
    return out;
}

int connectLevel(QByteArrayView payload)
{
    // CONNECT: fixed header, then a two-byte length and the protocol name, then the level.
    if (payload.size() < 2 || (quint8(payload[0]) >> 4) != 1)
        return -1;
    qsizetype i = 1;
    while (i < payload.size() && i < 5 && (quint8(payload[i]) & 0x80))
        ++i;
    ++i;
    if (i + 2 > payload.size())
        return -1;
    const int nameLength = quint8(payload[i]) << 8 | quint8(payload[i + 1]);
    const qsizetype at = i + 2 + nameLength;
    return at < payload.size() ? quint8(payload[at]) : -1;
}

} // namespace Sockscope::MqttWire
