#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

namespace Sockscope {

class ThreadedMockServer;

// The clients of a mock server as a table: id, address, path, Origin, subprotocol, time
// connected, and message and byte counts each way. Counters refresh a few times a second.
class ClientListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Id, Address, Path, Origin, Subprotocol, Connected, In, Out, ColumnCount };
    enum Role { ClientIdRole = Qt::UserRole + 1 };

    explicit ClientListModel(ThreadedMockServer *server, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int clientIdAt(int row) const { return row >= 0 && row < m_ids.size() ? m_ids[row] : 0; }
    int rowOf(int clientId) const { return int(m_ids.indexOf(clientId)); }

private:
    ThreadedMockServer *m_server;
    QList<int> m_ids;
    QTimer m_refresh;
};

} // namespace Sockscope
