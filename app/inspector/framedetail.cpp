#include "framedetail.h"

#include "hexlayout.h"

#include "log/messagelogmodel.h"

#include "websocket/opcode.h"
#include "websocket/wireframe.h"

#include <QCoreApplication>
#include <QStringList>

namespace Sockscope::FrameDetail {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::FrameDetail", text);
}

QString formName(LengthForm form)
{
    switch (form) {
    case LengthForm::Short7:
        return tr("7-bit form");
    case LengthForm::Medium16:
        return tr("16-bit form");
    case LengthForm::Long64:
        return tr("64-bit form");
    }
    return {};
}

QString bytesText(qint64 n)
{
    return n == 1 ? tr("1 byte") : tr("%1 bytes").arg(n);
}

QString hexKey(const std::array<quint8, 4> &key)
{
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(key.data()), int(key.size())).toHex(' '));
}
} // namespace

QByteArray headerBytes(const WireLog::Record &frame)
{
    FrameSpec spec;
    spec.fin = frame.fin();
    spec.rsv1 = frame.rsv1();
    spec.rsv2 = frame.rsv2();
    spec.rsv3 = frame.rsv3();
    spec.opcode = frame.opcode();
    spec.masked = frame.masked();
    spec.maskingKey = frame.maskingKey;
    spec.declaredLength = frame.payloadLength;
    spec.lengthForm = frame.lengthForm();
    return FrameWriter::write(spec); // no payload: the header alone
}

QString hexDump(QByteArrayView data, qint64 total, int bytesPerLine)
{
    const QByteArrayView head = data.first(qMin(data.size(), kMaxHexBytes));
    total = qMax(total, qint64(data.size()));
    const HexLayout layout(head.size(), bytesPerLine);
    QStringList lines;
    for (qint64 line = 0; line < layout.lineCount(); ++line)
        lines << layout.formatLine(head, line);
    if (total > head.size())
        lines << tr("… the first %1 of %2; the message's Hex view has all of it.")
                     .arg(bytesText(head.size()), bytesText(total));
    return lines.join(u'\n');
}

QString describe(const WireLog::Record &frame, const QByteArray &payload, const QByteArray &shown,
                 const QString &verdict, qsizetype number, qsizetype count, int bytesPerLine)
{
    const QString who = frame.fromClient() ? tr("client → server") : tr("server → client");
    const QString when = QStringLiteral("%1 s").arg(double(frame.timeUs()) / 1e6, 0, 'f', 6);
    QStringList out;
    if (frame.isHandshake()) {
        out << QStringLiteral("%1 · %2 · %3 · %4")
                   .arg(frame.fromClient() ? tr("HTTP request") : tr("HTTP response"), who, when,
                        bytesText(frame.payloadLength));
        out << QString::fromUtf8(shown).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        return out.join(u'\n');
    }
    const QString place = count > 1 ? tr("Frame %1 of %2").arg(number).arg(count) : tr("Frame");
    out << QStringLiteral("%1 · %2 · %3").arg(place, who, when);
    const QByteArray header = headerBytes(frame);
    out << tr("Header, %1: %2")
               .arg(bytesText(header.size()), QString::fromLatin1(header.toHex(' ')));
    out << tr("  FIN %1 · RSV1 %2 · RSV2 %3 · RSV3 %4 · opcode 0x%5 (%6)")
               .arg(int(frame.fin()))
               .arg(int(frame.rsv1()))
               .arg(int(frame.rsv2()))
               .arg(int(frame.rsv3()))
               .arg(frame.opcode(), 1, 16)
               .arg(Opcodes::name(frame.opcode()));
    QString lengthLine = tr("  MASK %1 · payload length %2 (%3)")
                             .arg(int(frame.masked()))
                             .arg(frame.payloadLength)
                             .arg(formName(frame.lengthForm()));
    if (frame.isLengthCapped())
        lengthLine += tr(", more than 4 GiB: shown capped");
    if (frame.masked())
        lengthLine += tr(" · masking key %1").arg(hexKey(frame.maskingKey));
    out << lengthLine;
    if (!verdict.isEmpty())
        out << tr("Breaks a rule: %1").arg(verdict);
    if (payload.isEmpty()) {
        out << tr("No payload.");
        return out.join(u'\n');
    }
    out << tr("Payload, unmasked (%1):").arg(bytesText(payload.size()))
        << hexDump(shown, -1, bytesPerLine);
    if (!frame.masked())
        return out.join(u'\n');
    if (shown != payload) {
        out << tr("Payload as sent, masked: not shown, as it holds a secret value.");
        return out.join(u'\n');
    }
    QByteArray masked = payload.left(kMaxHexBytes);
    for (qsizetype i = 0; i < masked.size(); ++i)
        masked[i] = char(masked[i] ^ frame.maskingKey[size_t(i % 4)]);
    out << tr("Payload as sent, masked:") << hexDump(masked, payload.size(), bytesPerLine);
    return out.join(u'\n');
}

RowFrames describeRow(const MessageLogModel &log, quint64 seq, qsizetype focus, int bytesPerLine)
{
    const WireLog &wire = log.wire();
    const auto [first, end] = wire.rangeOf(seq);
    RowFrames out;
    if (first >= end)
        return out;
    // A long message's frames from the focused one on, when it is past the first few.
    const qsizetype from = focus >= first + kMaxFramesShown && focus < end ? focus : first;
    const qsizetype to = qMin(end, from + kMaxFramesShown);
    QStringList blocks;
    int lines = 0;
    qsizetype dataFrames = 0;
    for (qsizetype i = first; i < end; ++i)
        dataFrames += wire.at(i).isHandshake() ? 0 : 1;
    qsizetype number = 0;
    for (qsizetype i = first; i < to; ++i) {
        const WireLog::Record &r = wire.at(i);
        if (!r.isHandshake())
            ++number;
        if (i < from)
            continue;
        if (i == focus)
            out.focusLine = lines;
        const QByteArray payload = log.wirePayload(i);
        const QByteArray shown = log.secrets().apply(payload, SecretMask::kOnScreen);
        const QString block
            = describe(r, payload, shown, wire.verdictOf(i), number, dataFrames, bytesPerLine);
        lines += int(block.count(u'\n')) + 2;
        blocks << block;
    }
    if (to < end)
        blocks << tr("… and %1 more frames: the wire view lists them all.").arg(end - to);
    out.text = blocks.join(QStringLiteral("\n\n"));
    return out;
}

} // namespace Sockscope::FrameDetail
