#include "labframe.h"

#include "labclient.h"
#include "log/messagelogmodel.h"
#include "websocket/opcode.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace Sockscope {

namespace {
using namespace Qt::StringLiterals;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::LabFrame)
};

QString keyText(const std::array<quint8, 4> &key)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(key.data()), 4).toHex());
}

QJsonArray numbersJson(const auto &numbers)
{
    QJsonArray out;
    for (auto n : numbers)
        out.append(double(n));
    return out;
}
} // namespace

std::optional<QList<qsizetype>> LabFrame::parseNumbers(const QString &text)
{
    QList<qsizetype> out;
    static const QRegularExpression separators(u"[,;\\s]+"_s);
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong n = part.toLongLong(&ok);
        if (!ok || n <= 0 || n > (qlonglong(1) << 31))
            return std::nullopt;
        out.append(qsizetype(n));
    }
    return out;
}

std::optional<QByteArray> LabFrame::payloadBytes(QString *error) const
{
    const auto fail = [error](const QString &why) -> std::optional<QByteArray> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    switch (format) {
    case PayloadFormat::Text:
        return payload.toUtf8();
    case PayloadFormat::Hex: {
        QString digits = payload;
        digits.remove(QRegularExpression(u"\\s+"_s));
        static const QRegularExpression hex(u"^([0-9A-Fa-f]{2})*$"_s);
        if (!hex.match(digits).hasMatch())
            return fail(Tr::tr("The payload is not hex: give pairs of the digits 0-9 and a-f, "
                               "spaces allowed (\"03 e8\")."));
        return QByteArray::fromHex(digits.toLatin1());
    }
    case PayloadFormat::Base64: {
        const auto decoded = QByteArray::fromBase64Encoding(
            payload.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(Tr::tr("The payload is not base64."));
        return *decoded;
    }
    }
    return QByteArray();
}

std::optional<std::vector<FrameSpec>> LabFrame::specs(QString *error) const
{
    const std::optional<QByteArray> bytes = payloadBytes(error);
    if (!bytes)
        return std::nullopt;
    if (!splitAt.isEmpty() && (declaredLength || lengthForm)) {
        if (error)
            *error = Tr::tr("A declared length or a length form is for one frame: clear the split "
                            "offsets, or them.");
        return std::nullopt;
    }
    QList<qsizetype> cuts;
    for (qsizetype at : splitAt) {
        if (at <= 0 || at >= bytes->size()) {
            if (error)
                *error = Tr::tr("Split offset %1 is not inside the payload of %2.")
                             .arg(at)
                             .arg(MessageLogModel::sizeText(bytes->size()));
            return std::nullopt;
        }
        cuts.append(at);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    cuts.append(bytes->size());

    std::vector<FrameSpec> out;
    qsizetype from = 0;
    for (qsizetype i = 0; i < cuts.size(); ++i) {
        FrameSpec spec;
        const bool last = i + 1 == cuts.size();
        spec.fin = last ? fin : false;
        spec.opcode = quint8(i == 0 ? opcode : 0x0);
        spec.rsv1 = i == 0 && rsv1; // RSV bits go with the message's first frame
        spec.rsv2 = i == 0 && rsv2;
        spec.rsv3 = i == 0 && rsv3;
        spec.payload = bytes->mid(from, cuts[i] - from);
        from = cuts[i];
        spec.declaredLength = declaredLength;
        spec.lengthForm = lengthForm;
        if (masked) {
            if (keyMode == KeyMode::Random)
                spec = LabClient::masked(spec);
            else {
                spec.masked = true;
                spec.maskingKey = keyMode == KeyMode::Fixed ? fixedKey : std::array<quint8, 4> {};
            }
        }
        out.push_back(std::move(spec));
    }
    return out;
}

std::optional<QByteArray> LabFrame::bytes(QString *error) const
{
    const std::optional<std::vector<FrameSpec>> frames = specs(error);
    if (!frames)
        return std::nullopt;
    QByteArray out;
    for (const FrameSpec &spec : *frames)
        out += FrameWriter::write(spec);
    return out;
}

QString LabFrame::summary() const
{
    QStringList parts {Opcodes::name(opcode)};
    if (!fin)
        parts << u"FIN 0"_s;
    const int rsv = (rsv1 ? 4 : 0) | (rsv2 ? 2 : 0) | (rsv3 ? 1 : 0);
    if (rsv)
        parts << u"RSV %1"_s.arg(rsv);
    if (const auto b = payloadBytes())
        parts << MessageLogModel::sizeText(b->size());
    if (!masked)
        parts << Tr::tr("unmasked");
    if (declaredLength)
        parts << Tr::tr("declares %1").arg(*declaredLength);
    if (!splitAt.isEmpty())
        parts << Tr::tr("in %1 fragments").arg(splitAt.size() + 1);
    if (!chopSizes.isEmpty())
        parts << Tr::tr("in pieces");
    return parts.join(u", "_s);
}

QJsonObject LabFrame::toJson() const
{
    QJsonObject o {
        {u"fin"_s, fin},
        {u"rsv"_s, (rsv1 ? 4 : 0) | (rsv2 ? 2 : 0) | (rsv3 ? 1 : 0)},
        {u"opcode"_s, opcode},
        {u"masked"_s, masked},
        {u"key"_s,
         keyMode == KeyMode::Random     ? u"random"_s
             : keyMode == KeyMode::Zero ? u"zero"_s
                                        : keyText(fixedKey)},
        {u"format"_s,
         format == PayloadFormat::Text      ? u"text"_s
             : format == PayloadFormat::Hex ? u"hex"_s
                                            : u"base64"_s},
        {u"payload"_s, payload},
    };
    if (!name.isEmpty())
        o.insert(u"name"_s, name);
    if (declaredLength)
        o.insert(u"declaredLength"_s, double(*declaredLength));
    if (lengthForm)
        o.insert(u"lengthForm"_s,
                 *lengthForm == LengthForm::Short7         ? 7
                     : *lengthForm == LengthForm::Medium16 ? 16
                                                           : 64);
    if (!splitAt.isEmpty())
        o.insert(u"splitAt"_s, numbersJson(splitAt));
    if (!chopSizes.isEmpty())
        o.insert(u"chopSizes"_s, numbersJson(chopSizes));
    if (chopDelayMs > 0)
        o.insert(u"chopDelayMs"_s, chopDelayMs);
    return o;
}

LabFrame LabFrame::fromJson(JsonReader &r, const QJsonObject &json, const QString &place)
{
    LabFrame f;
    f.name = r.string(json, "name", place);
    f.fin = r.boolean(json, "fin", place, true);
    const qint64 rsv = r.integer(json, "rsv", place, 0, 0, 7);
    f.rsv1 = rsv & 4;
    f.rsv2 = rsv & 2;
    f.rsv3 = rsv & 1;
    r.value(json, "opcode", place, true);
    f.opcode = int(r.integer(json, "opcode", place, 0x1, 0, 15));
    f.masked = r.boolean(json, "masked", place, true);
    const QString key = r.string(json, "key", place, u"random"_s);
    if (key == u"random") {
        f.keyMode = KeyMode::Random;
    } else if (key == u"zero") {
        f.keyMode = KeyMode::Zero;
    } else {
        const QByteArray bytes = QByteArray::fromHex(key.toLatin1());
        if (key.size() != 8 || bytes.size() != 4)
            r.fail(JsonReader::placeOf(place, "key"),
                   Tr::tr("expected \"random\", \"zero\" or 8 hex digits"));
        f.keyMode = KeyMode::Fixed;
        std::copy(bytes.begin(), bytes.begin() + qMin<qsizetype>(4, bytes.size()),
                  f.fixedKey.begin());
    }
    const QString format = r.string(json, "format", place, u"text"_s);
    static const QStringList formats {u"text"_s, u"hex"_s, u"base64"_s}; // by PayloadFormat
    if (!formats.contains(format))
        r.fail(JsonReader::placeOf(place, "format"),
               Tr::tr("expected \"text\", \"hex\" or \"base64\""));
    f.format = PayloadFormat(qMax<qsizetype>(0, formats.indexOf(format)));
    f.payload = r.string(json, "payload", place);
    if (json.contains(u"declaredLength"))
        f.declaredLength = quint64(r.integer(json, "declaredLength", place, 0, 0, qint64(1) << 53));
    if (json.contains(u"lengthForm")) {
        const qint64 form = r.integer(json, "lengthForm", place, 7, 7, 64);
        if (form == 7)
            f.lengthForm = LengthForm::Short7;
        else if (form == 16)
            f.lengthForm = LengthForm::Medium16;
        else if (form == 64)
            f.lengthForm = LengthForm::Long64;
        else
            r.fail(JsonReader::placeOf(place, "lengthForm"), Tr::tr("expected 7, 16 or 64"));
    }
    for (qint64 at : r.integers(json, "splitAt", place, 1, qint64(1) << 31))
        f.splitAt.append(qsizetype(at));
    for (qint64 size : r.integers(json, "chopSizes", place, 1, qint64(1) << 31))
        f.chopSizes.append(int(size));
    f.chopDelayMs = int(r.integer(json, "chopDelayMs", place, 0, 0, 60'000));
    return f;
}

const std::vector<LabPreset> &labPresets()
{
    static const std::vector<LabPreset> presets = [] {
        const auto frame = [](int opcode, QString payload,
                              LabFrame::PayloadFormat format = LabFrame::PayloadFormat::Text) {
            LabFrame f;
            f.opcode = opcode;
            f.payload = std::move(payload);
            f.format = format;
            return f;
        };
        const auto hex = LabFrame::PayloadFormat::Hex;
        std::vector<LabPreset> p;
        p.push_back({Tr::tr("Ping with a payload"),
                     Tr::tr("The server answers with a pong of the same payload (RFC 6455 5.5.3)."),
                     {frame(0x9, u"Hello, ping"_s)}});
        p.push_back({Tr::tr("Unsolicited pong"),
                     Tr::tr("A pong nobody asked for: the server ignores it (RFC 6455 5.5.3)."),
                     {frame(0xA, u"unsolicited"_s)}});
        p.push_back({Tr::tr("Close 1000 with a reason"),
                     Tr::tr("A normal close: the server answers with a close and closes TCP."),
                     {frame(0x8, u"03 e8 62 79 65"_s, hex)}});
        p.push_back({Tr::tr("Close with the invalid code 999"),
                     Tr::tr("Codes under 1000 are not used (RFC 6455 7.4.2): the server fails "
                            "the connection with 1002."),
                     {frame(0x8, u"03 e7"_s, hex)}});
        p.push_back({Tr::tr("Close with 1005, which is never sent"),
                     Tr::tr("1005 only says no code came (RFC 6455 7.4.1): the server fails the "
                            "connection with 1002."),
                     {frame(0x8, u"03 ed"_s, hex)}});
        LabFrame split = frame(0x1, u"\u03ba\u1f79\u03c3\u03bc\u03b5"_s);
        split.splitAt = {1, 4};
        p.push_back({Tr::tr("Text in fragments split inside code points"),
                     Tr::tr("κόσμε in 3 fragments cut inside its first two code points: valid, "
                            "as only the whole message must be UTF-8 (RFC 6455 5.6)."),
                     {split}});
        LabFrame first = frame(0x1, u"Hello, "_s);
        first.fin = false;
        LabFrame rest = frame(0x0, u"world"_s);
        p.push_back({Tr::tr("Ping between fragments"),
                     Tr::tr("A control frame may come between a message's fragments (RFC 6455 "
                            "5.4): the server answers the ping, then echoes \"Hello, world\"."),
                     {first, frame(0x9, u"between"_s), rest}});
        p.push_back({Tr::tr("Ping of 126 bytes"),
                     Tr::tr("Control frames carry at most 125 bytes (RFC 6455 5.5): the server "
                            "fails the connection with 1002."),
                     {frame(0x9, QString(126, u'*'))}});
        p.push_back({Tr::tr("Reserved opcode 3"),
                     Tr::tr("A data opcode with no meaning: the server fails the connection "
                            "with 1002."),
                     {frame(0x3, u"reserved"_s)}});
        p.push_back({Tr::tr("Reserved control opcode 11"),
                     Tr::tr("A control opcode with no meaning: the server fails the connection "
                            "with 1002."),
                     {frame(0xB, u"reserved"_s)}});
        LabFrame rsv = frame(0x1, u"RSV1 without an extension"_s);
        rsv.rsv1 = true;
        p.push_back({Tr::tr("Text with RSV1 and no extension"),
                     Tr::tr("RSV bits need a negotiated extension (RFC 6455 5.2): the server "
                            "fails the connection with 1002."),
                     {rsv}});
        LabFrame bare = frame(0x1, u"not masked"_s);
        bare.masked = false;
        p.push_back({Tr::tr("Unmasked text"),
                     Tr::tr("A client's frames must be masked (RFC 6455 5.1): the server fails "
                            "the connection with 1002."),
                     {bare}});
        LabFrame wide = frame(0x1, u"Hello"_s);
        wide.lengthForm = LengthForm::Long64;
        p.push_back({Tr::tr("Length in 64 bits for 5 bytes"),
                     Tr::tr("A longer length form than needed: RFC 6455 5.2 asks for the "
                            "shortest; servers differ on whether to fail it."),
                     {wide}});
        LabFrame promise = frame(0x1, u"short"_s);
        promise.declaredLength = 10;
        p.push_back({Tr::tr("Declared length longer than the payload"),
                     Tr::tr("The header promises 10 bytes and 5 come: the server waits for the "
                            "rest."),
                     {promise}});
        LabFrame trickle = frame(0x1, u"one octet per write"_s);
        trickle.chopSizes = {1};
        trickle.chopDelayMs = 20;
        p.push_back({Tr::tr("Text one octet per write"),
                     Tr::tr("The frame's bytes in TCP writes of 1 byte, 20 ms apart: the server "
                            "echoes it whole."),
                     {trickle}});
        p.push_back(
            {Tr::tr("Text that is not UTF-8"),
             Tr::tr("κόσμε, then a UTF-16 surrogate (ED A0 80): the server fails the "
                    "connection with 1007 (RFC 6455 8.1)."),
             {frame(0x1, u"ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"_s, hex)}});
        return p;
    }();
    return presets;
}

} // namespace Sockscope
