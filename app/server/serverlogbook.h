#pragma once

#include "log/messagelogmodel.h"
#include "mockserver.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Sockscope {

class ThreadedMockServer;

// The logs of a mock server: one for every client, and one that combines them all (each row
// marked with its client). They are ordinary MessageLogModels, so the same log pane and frame
// inspector show them.
class ServerLogBook : public QObject
{
    Q_OBJECT

public:
    explicit ServerLogBook(ThreadedMockServer *server, QObject *parent = nullptr);
    ~ServerLogBook() override;

    MessageLogModel *combined() { return &m_combined; }
    // The log of a client (kept after it disconnects), or nullptr.
    MessageLogModel *clientLog(int id) const;

signals:
    void clientLogCreated(int id);

private:
    void add(int id, LogEvent event);

    MessageLogModel m_combined;
    QHash<int, std::shared_ptr<MessageLogModel>> m_clients;
    PendingWire m_wire; // each client's frames, for its next row
};

} // namespace Sockscope
