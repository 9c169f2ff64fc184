#include "messagelogmodel.h"

#include "connection/closecodes.h"
#include "logcolumns.h"

#include <QDateTime>
#include <QLocale>

namespace Sockscope {

namespace {
constexpr int kPreviewChars = 200;
constexpr int kPreviewHexBytes = 32;

QString singleLine(QString text)
{
    text.replace(u'\n', u'⏎');
    text.remove(u'\r');
    text.replace(u'\t', u' ');
    return text;
}
} // namespace

MessageLogModel::MessageLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushIntervalMs());
    connect(&m_flushTimer, &QTimer::timeout, this, &MessageLogModel::flush);
}

int MessageLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int MessageLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : LogColumn::Count;
}

QVariant MessageLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogRecord &r = m_records[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LogColumn::Time:
            return QDateTime::fromMSecsSinceEpoch(r.timestampMs).toString(u"HH:mm:ss.zzz");
        case LogColumn::Direction:
            return directionText(r.direction);
        case LogColumn::Type:
            return typeText(r.type);
        case LogColumn::Size:
            return r.direction == Direction::Lifecycle ? QString() : sizeText(r.data.size());
        case LogColumn::Preview:
            return previewText(r);
        }
        return {};
    case Qt::ToolTipRole:
        // The preview column is often too narrow for a lifecycle sentence.
        if (index.column() == LogColumn::Preview && r.direction == Direction::Lifecycle)
            return previewText(r);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LogColumn::Size)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case LogRole::Payload:
        return r.data;
    case LogRole::DirectionValue:
        return int(r.direction);
    case LogRole::TypeValue:
        return int(r.type);
    case LogRole::TimestampMs:
        return r.timestampMs;
    case LogRole::CloseCode:
        return int(r.closeCode);
    case LogRole::RoundTripUs:
        return r.roundTripUs;
    case LogRole::SizeBytes:
        return qint64(r.data.size());
    }
    return {};
}

QVariant MessageLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LogColumn::Time:
        return tr("Time");
    case LogColumn::Direction:
        return tr("Direction");
    case LogColumn::Type:
        return tr("Type");
    case LogColumn::Size:
        return tr("Size");
    case LogColumn::Preview:
        return tr("Preview");
    }
    return {};
}

void MessageLogModel::append(LogRecord record)
{
    m_pending.push_back(std::move(record));
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MessageLogModel::flush()
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    m_records.insert(m_records.end(), std::make_move_iterator(m_pending.begin()),
                     std::make_move_iterator(m_pending.end()));
    m_pending.clear();
    endInsertRows();
}

void MessageLogModel::clear()
{
    m_flushTimer.stop();
    beginResetModel();
    m_records.clear();
    m_pending.clear();
    endResetModel();
}

QString MessageLogModel::directionText(Direction direction)
{
    switch (direction) {
    case Direction::Sent:
        return tr("Sent");
    case Direction::Received:
        return tr("Received");
    case Direction::Lifecycle:
        return tr("Event");
    }
    return {};
}

QString MessageLogModel::typeText(EventType type)
{
    switch (type) {
    case EventType::Text:
        return tr("text");
    case EventType::Binary:
        return tr("binary");
    case EventType::Ping:
        return tr("ping");
    case EventType::Pong:
        return tr("pong");
    case EventType::Close:
        return tr("close");
    case EventType::Connecting:
        return tr("connecting");
    case EventType::Open:
        return tr("open");
    case EventType::Error:
        return tr("error");
    }
    return {};
}

QString MessageLogModel::sizeText(qint64 bytes)
{
    return QLocale::system().toString(bytes) + QStringLiteral(" B");
}

QString MessageLogModel::previewText(const LogRecord &r)
{
    switch (r.type) {
    case EventType::Binary:
        return QString::fromLatin1(r.data.left(kPreviewHexBytes).toHex(' '))
            + (r.data.size() > kPreviewHexBytes ? QStringLiteral(" …") : QString());
    case EventType::Pong: {
        const QString rtt = r.roundTripUs >= 0
            ? tr("round trip %1 ms").arg(r.roundTripUs / 1000.0, 0, 'f', 2)
            : tr("unsolicited (no matching ping)");
        return r.data.isEmpty() ? rtt
                                : rtt + QStringLiteral(" · ")
                + singleLine(QString::fromUtf8(r.data.left(kPreviewChars)));
    }
    case EventType::Close: {
        QString text = CloseCodes::describe(r.closeCode);
        if (r.direction == Direction::Sent)
            text += tr(" · closed by you");
        else if (r.direction == Direction::Received)
            text += tr(" · closed by the peer");
        else
            text += tr(" · connection dropped without a close frame");
        if (!r.data.isEmpty())
            text += QStringLiteral(" · “") + singleLine(QString::fromUtf8(r.data)) + u'”';
        return text;
    }
    default:
        return singleLine(QString::fromUtf8(r.data.left(kPreviewChars * 4)).left(kPreviewChars));
    }
}

} // namespace Sockscope
