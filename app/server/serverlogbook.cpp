#include "serverlogbook.h"

#include "threadedmockserver.h"

#include <QDateTime>

namespace Sockscope {

ServerLogBook::ServerLogBook(ThreadedMockServer *server, QObject *parent)
    : QObject(parent)
{
    connect(server, &ThreadedMockServer::clientConnected, this, [this, server](int id) {
        auto log = std::make_shared<MessageLogModel>();
        m_clients.insert(id, log);
        emit clientLogCreated(id);
        const ThreadedMockServer::Client *c = server->client(id);
        QString text = tr("Client #%1 connected from %2, path %3").arg(id).arg(c->address, c->path);
        if (!c->origin.isEmpty())
            text += tr(", Origin %1").arg(c->origin);
        text += c->subprotocol.isEmpty() ? tr(", no subprotocol")
                                         : tr(", subprotocol %1").arg(c->subprotocol);
        LogEvent open = LogEvent::now(Direction::Lifecycle, EventType::Open, text.toUtf8());
        // What the client asked for, so that the logs' decoders pick by path and subprotocol.
        auto facts = std::make_shared<ConnectionFacts>();
        facts->url = server->urlOf(*c).toString();
        facts->subprotocol = c->subprotocol;
        for (const auto &[name, value] : c->headers)
            facts->requestHeaders.append({QString::fromLatin1(name), QString::fromUtf8(value)});
        open.facts = std::move(facts);
        add(id, std::move(open));
    });
    connect(server, &ThreadedMockServer::clientRefused, this,
            [this](const QString &peer, const QString &why) {
                m_combined.append(LogEvent::now(Direction::Lifecycle, EventType::Error,
                                                tr("Refused %1: %2").arg(peer, why).toUtf8()));
            });
    connect(server, &ThreadedMockServer::messageReceived, this,
            [this](int id, bool binary, const QByteArray &data) {
                add(id,
                    LogEvent::now(Direction::Received, binary ? EventType::Binary : EventType::Text,
                                  data));
            });
    connect(
        server, &ThreadedMockServer::messageSent, this,
        [this](int id, bool binary, const QByteArray &data) {
            add(id,
                LogEvent::now(Direction::Sent, binary ? EventType::Binary : EventType::Text, data));
        });
    for (const auto signal :
         {&ThreadedMockServer::clientDropped, &ThreadedMockServer::clientWarning}) {
        connect(server, signal, this, [this](int id, const QString &why) {
            add(id, LogEvent::now(Direction::Lifecycle, EventType::Error, why.toUtf8()));
        });
    }
    connect(server, &ThreadedMockServer::wireSeen, this,
            [this](int id, const std::vector<WireLog::Frame> &frames) { m_wire.add(id, frames); });
    connect(
        server, &ThreadedMockServer::controlFrame, this,
        [this](int id, bool fromClient, quint8 opcode, const QByteArray &payload, bool automatic) {
            add(id, MockServer::controlRow(fromClient, opcode, payload, automatic));
        });
    connect(server, &ThreadedMockServer::clientDisconnected, this,
            [this](int id, int code, const QString &reason, bool byServer) {
                // Sent: the server closed it; received: the client did; lifecycle: dropped.
                const Direction direction = code == 1006 ? Direction::Lifecycle
                    : byServer                           ? Direction::Sent
                                                         : Direction::Received;
                add(id, LogEvent::now(direction, EventType::Close, reason.toUtf8(), quint16(code)));
                m_wire.forget(id);
            });
}

ServerLogBook::~ServerLogBook() = default;

MessageLogModel *ServerLogBook::clientLog(int id) const
{
    return m_clients.value(id).get();
}

void ServerLogBook::add(int id, LogEvent e)
{
    m_wire.attachTo(id, e);
    if (MessageLogModel *log = clientLog(id))
        log->append(e);
    m_combined.appendFrom(quint32(id), std::move(e));
}

} // namespace Sockscope
