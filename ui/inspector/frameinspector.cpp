#include "frameinspector.h"

#include "connection/closecodes.h"
#include "log/logcolumns.h"
#include "log/logrecord.h"
#include "log/messagelogmodel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QLabel>
#include <QModelIndex>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
// Until the hex view paints only visible lines, keep the dump to a size that renders at once.
constexpr qsizetype kMaxHexDumpBytes = 256 * 1024;
constexpr qsizetype kMaxTextChars = 4 * 1024 * 1024;
} // namespace

FrameInspector::FrameInspector(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_payload(new QPlainTextEdit(this))
{
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setAccessibleName(tr("Frame details"));
    m_payload->setReadOnly(true);
    m_payload->setAccessibleName(tr("Frame inspector"));
    m_payload->setPlaceholderText(tr("Select a row in the log to see its payload."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_payload, 1);
    showRow({});
}

void FrameInspector::showRow(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_header->setText(tr("No row selected"));
        m_payload->clear();
        return;
    }
    const auto direction = Direction(index.data(LogRole::DirectionValue).toInt());
    const auto type = EventType(index.data(LogRole::TypeValue).toInt());
    const QByteArray payload = index.data(LogRole::Payload).toByteArray();
    const QDateTime time
        = QDateTime::fromMSecsSinceEpoch(index.data(LogRole::TimestampMs).toLongLong());

    QStringList header;
    header << MessageLogModel::directionText(direction) + u' ' + MessageLogModel::typeText(type)
            + QStringLiteral(" · ") + time.toString(u"yyyy-MM-dd HH:mm:ss.zzz");
    if (direction != Direction::Lifecycle)
        header << tr("Payload: %1").arg(MessageLogModel::sizeText(payload.size()));
    if (type == EventType::Close) {
        header << tr("Close code: %1")
                      .arg(CloseCodes::describe(index.data(LogRole::CloseCode).toInt()));
    }
    if (type == EventType::Pong) {
        const int rttUs = index.data(LogRole::RoundTripUs).toInt();
        header << (rttUs >= 0 ? tr("Round trip: %1 ms").arg(rttUs / 1000.0, 0, 'f', 3)
                              : tr("Round trip: unknown (no ping of ours had this payload)"));
    }
    m_header->setText(header.join(u'\n'));

    if (type == EventType::Binary) {
        m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_payload->setPlainText(hexDump(payload, kMaxHexDumpBytes));
    } else {
        m_payload->setFont(font());
        QString text = QString::fromUtf8(payload.left(kMaxTextChars));
        if (payload.size() > kMaxTextChars)
            text += tr("\n… (%1 more bytes not shown)").arg(payload.size() - kMaxTextChars);
        m_payload->setPlainText(text);
    }
}

QString FrameInspector::headerText() const
{
    return m_header->text();
}

QString FrameInspector::payloadText() const
{
    return m_payload->toPlainText();
}

QString FrameInspector::hexDump(const QByteArray &data, qsizetype maxBytes)
{
    constexpr int kBytesPerLine = 16;
    const qsizetype shown = qMin(data.size(), maxBytes);
    QString out;
    out.reserve(int(shown / kBytesPerLine + 1) * 80);
    for (qsizetype offset = 0; offset < shown; offset += kBytesPerLine) {
        const QByteArray line = data.mid(offset, qMin<qsizetype>(kBytesPerLine, shown - offset));
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        for (int i = 0; i < kBytesPerLine; ++i) {
            out += i < line.size()
                ? QStringLiteral("%1 ").arg(quint8(line[i]), 2, 16, QLatin1Char('0'))
                : QStringLiteral("   ");
            if (i == 7)
                out += u' ';
        }
        out += u' ';
        for (const char c : line)
            out += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : QChar(u'.');
        out += u'\n';
    }
    if (data.size() > shown)
        out += tr("… %1 more bytes not shown").arg(data.size() - shown);
    return out;
}

} // namespace Sockscope
