#pragma once

#include <QByteArrayView>
#include <QString>

// How MQTT packets are laid out in bytes (MQTT 3.1.1, 2; 5.0, 2), for the MQTT decoder: reading
// a packet's fields, where packets end in a run of bytes, and a CONNECT's protocol level.
namespace Sockscope::MqttWire {

// The longest packet waited for across messages.
constexpr qsizetype kMaxPacket = 16 * 1024 * 1024;

// Reads a packet's fields in order; any read past the end sets failed.
class Reader
{
public:
    explicit Reader(QByteArrayView data)
        : m_data(data)
    { }
    bool failed = false;
    qsizetype left() const { return m_data.size() - m_at; }
    bool atEnd() const { return m_at >= m_data.size(); }
    quint8 byte()
    {
        if (left() < 1) {
            failed = true;
            return 0;
        }
        return quint8(m_data[m_at++]);
    }
    quint16 u16() { return quint16(byte() << 8 | byte()); }
    quint32 u32() { return quint32(u16()) << 16 | u16(); }
    quint32 varint()
    {
        quint32 value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            const quint8 b = byte();
            value |= quint32(b & 0x7f) << shift;
            if (!(b & 0x80))
                return value;
        }
        failed = true;
        return 0;
    }
    QByteArrayView bytes(qsizetype n)
    {
        if (n < 0 || left() < n) {
            failed = true;
            m_at = m_data.size();
            return {};
        }
        const QByteArrayView out = m_data.sliced(m_at, n);
        m_at += n;
        return out;
    }
    QByteArrayView binary() { return bytes(u16()); }
    QString string() { return QString::fromUtf8(binary()); }
    QByteArrayView rest() { return bytes(left()); }

private:
    QByteArrayView m_data;
    qsizetype m_at = 0;
};

// How data splits into packets: the length of its whole packets, and of the packet after them
// (its fixed header included; -1 while its length is not all there yet). A first byte of
// type 0 or a length past kMaxPacket is not MQTT: broken is then set.
struct Split
{
    qsizetype whole = 0;
    qsizetype next = -1;
    bool broken = false;
};
Split split(QByteArrayView data);

// The protocol level a CONNECT packet at the start of payload names, or -1.
int connectLevel(QByteArrayView payload);

} // namespace Sockscope::MqttWire
