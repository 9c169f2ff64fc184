#include "wirejson.h"

#include "io/jsonreader.h"
#include "websocket/utf8.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace Sockscope::WireJson {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::WireJson)
};

int formBits(LengthForm form)
{
    switch (form) {
    case LengthForm::Short7:
        return 7;
    case LengthForm::Medium16:
        return 16;
    case LengthForm::Long64:
        return 64;
    }
    return 7;
}
} // namespace

QJsonArray write(const std::vector<WireLog::Frame> &frames)
{
    QJsonArray list;
    for (const WireLog::Frame &f : frames) {
        QJsonObject o {{QStringLiteral("timeUs"), f.timeUs},
                       {QStringLiteral("from"),
                        f.fromClient ? QStringLiteral("client") : QStringLiteral("server")}};
        if (f.handshake) {
            o.insert(QStringLiteral("handshake"), true);
        } else {
            o.insert(QStringLiteral("fin"), f.fin);
            o.insert(QStringLiteral("rsv1"), f.rsv1);
            o.insert(QStringLiteral("rsv2"), f.rsv2);
            o.insert(QStringLiteral("rsv3"), f.rsv3);
            o.insert(QStringLiteral("opcode"), int(f.opcode));
            o.insert(QStringLiteral("masked"), f.masked);
            if (f.masked)
                o.insert(QStringLiteral("maskingKey"),
                         QString::fromLatin1(
                             QByteArray(reinterpret_cast<const char *>(f.maskingKey.data()), 4)
                                 .toHex()));
            o.insert(QStringLiteral("length"), qint64(f.payloadLength));
            o.insert(QStringLiteral("lengthForm"), formBits(f.lengthForm));
        }
        // What no row holds: a control frame's payload, a handshake head, a faulty frame's.
        if (f.ownPayload) {
            if (Utf8::isValid(*f.ownPayload) && f.opcode != 0x2)
                o.insert(QStringLiteral("text"), QString::fromUtf8(*f.ownPayload));
            else
                o.insert(QStringLiteral("base64"), QString::fromLatin1(f.ownPayload->toBase64()));
        }
        if (!f.verdict.isEmpty())
            o.insert(QStringLiteral("verdict"), f.verdict);
        list.append(o);
    }
    return list;
}

std::vector<WireLog::Frame> read(JsonReader &r, const QJsonArray &list, const QString &place)
{
    std::vector<WireLog::Frame> frames;
    const QString wire = JsonReader::placeOf(place, "wire");
    for (qsizetype i = 0; i < list.size() && r.ok(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(wire).arg(i);
        const QJsonObject o = r.object(list.at(i), at);
        WireLog::Frame f;
        f.timeUs = r.integer(o, "timeUs", at, 0, 0, WireLog::Record::kTimeMask);
        const QString from = r.string(o, "from", at, {}, true);
        if (r.ok() && from != u"client" && from != u"server")
            r.fail(JsonReader::placeOf(at, "from"), Tr::tr("expected \"client\" or \"server\""));
        f.fromClient = from == u"client";
        f.handshake = r.boolean(o, "handshake", at, false);
        if (o.contains(QStringLiteral("text")))
            f.ownPayload = r.string(o, "text", at).toUtf8();
        else if (o.contains(QStringLiteral("base64")))
            f.ownPayload = r.base64(o, "base64", at);
        f.verdict = r.string(o, "verdict", at);
        if (f.handshake) {
            if (r.ok() && !f.ownPayload)
                r.fail(JsonReader::placeOf(at, "text"),
                       Tr::tr("missing (a handshake needs \"text\" or \"base64\")"));
            f = WireLog::Frame::handshakeHead(f.ownPayload.value_or(QByteArray()), f.fromClient,
                                              f.timeUs);
            frames.push_back(std::move(f));
            continue;
        }
        f.fin = r.boolean(o, "fin", at, true);
        f.rsv1 = r.boolean(o, "rsv1", at, false);
        f.rsv2 = r.boolean(o, "rsv2", at, false);
        f.rsv3 = r.boolean(o, "rsv3", at, false);
        r.value(o, "opcode", at, true);
        f.opcode = quint8(r.integer(o, "opcode", at, 1, 0, 15));
        f.masked = r.boolean(o, "masked", at, false);
        if (f.masked) {
            const QByteArray key
                = QByteArray::fromHex(r.string(o, "maskingKey", at, {}, true).toLatin1());
            if (r.ok() && key.size() != 4)
                r.fail(JsonReader::placeOf(at, "maskingKey"),
                       Tr::tr("expected 4 bytes as 8 hex digits"));
            for (int b = 0; b < 4 && b < key.size(); ++b)
                f.maskingKey[size_t(b)] = quint8(key[b]);
        }
        r.value(o, "length", at, true);
        f.payloadLength = quint64(r.integer(o, "length", at, 0, 0, INT64_MAX));
        const qint64 form = r.integer(o, "lengthForm", at, 7, 7, 64);
        if (r.ok() && form != 7 && form != 16 && form != 64)
            r.fail(JsonReader::placeOf(at, "lengthForm"), Tr::tr("expected 7, 16 or 64"));
        f.lengthForm = form == 64 ? LengthForm::Long64
            : form == 16          ? LengthForm::Medium16
                                  : LengthForm::Short7;
        frames.push_back(std::move(f));
    }
    return frames;
}

} // namespace Sockscope::WireJson
