#include "wirelogmodel.h"

#include "messagelogmodel.h"
#include "messagepreview.h"

#include "websocket/opcode.h"

namespace Sockscope {

namespace {
constexpr int kPreviewChars = 60;
constexpr int kPreviewHexBytes = 24;

QString lengthText(const WireLog::Record &r)
{
    const QString form = r.lengthForm() == LengthForm::Short7 ? QStringLiteral("7-bit")
        : r.lengthForm() == LengthForm::Medium16              ? QStringLiteral("16-bit")
                                                              : QStringLiteral("64-bit");
    return QStringLiteral("%1 (%2)").arg(r.payloadLength).arg(form);
}
} // namespace

WireLogModel::WireLogModel(MessageLogModel *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
    connect(log, &MessageLogModel::wireChanged, this, &WireLogModel::refresh);
    connect(log, &QAbstractItemModel::rowsRemoved, this, &WireLogModel::refresh);
    connect(log, &QAbstractItemModel::modelReset, this, &WireLogModel::refresh);
    refresh();
}

// Frames are added at the end but may join an older row, and go from the front with their
// rows: a reset keeps it simple, and comes at most once a flush.
void WireLogModel::refresh()
{
    beginResetModel();
    m_rows = int(qMin<qsizetype>(m_log->wire().size(), INT_MAX));
    endResetModel();
}

int WireLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int WireLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant WireLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const WireLog::Record &r = m_log->wire().at(index.row());
    if (role == Sequence)
        return QVariant::fromValue(r.seq);
    if (role == Qt::ToolTipRole && index.column() == Verdict)
        return m_log->wire().verdictOf(index.row());
    // The arrow and the side that wrote it, as the log's Direction column has its arrow; the
    // words are what a tooltip and a screen reader give.
    if (index.column() == Direction && (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole))
        return r.fromClient() ? tr("client → server") : tr("server → client");
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    if (r.isHandshake() && index.column() != Time && index.column() != Direction)
        return handshakeData(index.row(), r, index.column());
    switch (index.column()) {
    case Time:
        return QStringLiteral("%1 s").arg(double(r.timeUs()) / 1e6, 0, 'f', 6);
    case Direction:
        return r.fromClient() ? tr("↑ client") : tr("↓ server");
    case Fin:
        return r.fin() ? QStringLiteral("1") : QStringLiteral("0");
    case Rsv:
        return QStringLiteral("%1%2%3").arg(int(r.rsv1())).arg(int(r.rsv2())).arg(int(r.rsv3()));
    case Opcode:
        return Opcodes::name(r.opcode());
    case Mask:
        return r.masked() ? QString::fromLatin1(
                   QByteArray(reinterpret_cast<const char *>(r.maskingKey.data()), 4).toHex(' '))
                          : tr("none");
    case Length:
        return lengthText(r);
    case Payload: {
        const QByteArray payload
            = m_log->secrets().apply(m_log->wirePayload(index.row()), SecretMask::kOnScreen);
        // A continuation is of its message's kind; a close's code is two bytes, shown as hex.
        const int row = r.opcode() == 0x0 ? m_log->rowOfSequence(r.seq) : -1;
        const bool binary = r.opcode() == 0x2 || r.opcode() == 0x8
            || (row >= 0 && m_log->record(row).type == EventType::Binary);
        const EventType type = binary ? EventType::Binary : EventType::Text;
        return MessagePreview::oneLine(type, payload, kPreviewChars, kPreviewHexBytes);
    }
    case Verdict:
        return m_log->wire().verdictOf(index.row()).section(u'\n', 0, 0);
    }
    return {};
}

// A handshake head: who sent it, its size and its first line; no frame fields.
QVariant WireLogModel::handshakeData(int i, const WireLog::Record &r, int column) const
{
    switch (column) {
    case Opcode:
        return r.fromClient() ? tr("HTTP request") : tr("HTTP response");
    case Length:
        return r.payloadLength == 1 ? tr("1 byte") : tr("%1 bytes").arg(r.payloadLength);
    case Payload: {
        const QByteArray head
            = m_log->secrets().apply(m_log->wirePayload(i), SecretMask::kOnScreen);
        return QString::fromUtf8(head.left(head.indexOf("\r\n")));
    }
    }
    return {};
}

QVariant WireLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Direction:
        return tr("Direction");
    case Fin:
        return tr("FIN");
    case Rsv:
        return tr("RSV");
    case Opcode:
        return tr("Opcode");
    case Mask:
        return tr("Masking key");
    case Length:
        return tr("Length");
    case Payload:
        return tr("Payload");
    case Verdict:
        return tr("Rule broken");
    }
    return {};
}

std::pair<int, int> WireLogModel::framesOf(quint64 sequence) const
{
    const auto [first, end] = m_log->wire().rangeOf(sequence);
    return {int(qMin<qsizetype>(first, m_rows)), int(qMin<qsizetype>(end, m_rows))};
}

} // namespace Sockscope
