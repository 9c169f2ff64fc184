#include "clientlistmodel.h"

#include "threadedmockserver.h"

#include <QDateTime>
#include <QLocale>

namespace Sockscope {

namespace {
constexpr int kRefreshMs = 500;

QString counts(qint64 messages, qint64 bytes)
{
    return ClientListModel::tr("%1 msg, %2")
        .arg(QLocale::system().toString(messages),
             QLocale::system().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat));
}
} // namespace

ClientListModel::ClientListModel(ThreadedMockServer *server, QObject *parent)
    : QAbstractTableModel(parent)
    , m_server(server)
{
    connect(server, &ThreadedMockServer::clientConnected, this, [this](int id) {
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size()));
        m_ids.append(id);
        endInsertRows();
    });
    connect(server, &ThreadedMockServer::clientDisconnected, this, [this](int id) {
        const int row = rowOf(id);
        if (row < 0)
            return;
        beginRemoveRows({}, row, row);
        m_ids.removeAt(row);
        endRemoveRows();
    });
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (!m_ids.isEmpty())
            emit dataChanged(index(0, Connected), index(int(m_ids.size()) - 1, Out),
                             {Qt::DisplayRole});
    });
    m_refresh.start();
}

int ClientListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ClientListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ThreadedMockServer::Client *c = m_server->client(m_ids[index.row()]);
    if (!c)
        return {};
    if (role == ClientIdRole)
        return c->id;
    if (role == Qt::ToolTipRole && index.column() == Address) {
        QStringList headers;
        for (const auto &[name, value] : c->headers)
            headers << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value);
        return tr("Handshake headers:\n%1").arg(headers.join(u'\n'));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id:
        return QStringLiteral("#%1").arg(c->id);
    case Address:
        return c->address;
    case Path:
        return c->path;
    case Origin:
        return c->origin.isEmpty() ? tr("(none)") : c->origin;
    case Subprotocol:
        return c->subprotocol.isEmpty() ? tr("(none)") : c->subprotocol;
    case Connected: {
        const qint64 s = (QDateTime::currentMSecsSinceEpoch() - c->connectedAtMs) / 1000;
        return QStringLiteral("%1:%2")
            .arg(s / 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    case In:
        return counts(c->messagesIn, c->bytesIn);
    case Out:
        return counts(c->messagesOut, c->bytesOut);
    }
    return {};
}

QVariant ClientListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Client");
    case Address:
        return tr("Address");
    case Path:
        return tr("Path");
    case Origin:
        return tr("Origin");
    case Subprotocol:
        return tr("Subprotocol");
    case Connected:
        return tr("Connected");
    case In:
        return tr("Received");
    case Out:
        return tr("Sent");
    }
    return {};
}

} // namespace Sockscope
