#include "threadedmockserver.h"

#include <algorithm>

namespace Sockscope {

void ThreadedMockServer::useUnixDispatcherOnThreads()
{
    // Read by QThread when it creates a thread's dispatcher; the main thread's is not affected.
    qputenv("QT_NO_THREADED_GLIB", "1");
}

ThreadedMockServer::ThreadedMockServer(QObject *parent)
    : QObject(parent)
    , m_server(new MockServer)
{
    m_thread.setObjectName(QStringLiteral("Mock server"));
    m_server->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
    relaySignals();
    m_thread.start();
}

ThreadedMockServer::~ThreadedMockServer()
{
    // The server goes with its thread, closing its sockets there; what it still relays on its
    // way out is dropped with this object's posted events.
    m_thread.quit();
    m_thread.wait();
}

void ThreadedMockServer::relay(std::function<void()> update)
{
    QMetaObject::invokeMethod(this, std::move(update), Qt::QueuedConnection);
}

void ThreadedMockServer::relaySignals()
{
    MockServer *s = m_server;
    connect(s, &MockServer::clientConnected, s, [this, s](int id) {
        relay([this, client = *s->client(id)] {
            m_clients.insert(client.id, client);
            emit clientConnected(client.id);
        });
    });
    connect(s, &MockServer::clientRefused, s, [this](const QString &peer, const QString &why) {
        relay([=, this] { emit clientRefused(peer, why); });
    });
    connect(s, &MockServer::messageReceived, s,
            [this](int id, bool binary, const QByteArray &data) {
                relay([=, this] {
                    if (const auto it = m_clients.find(id); it != m_clients.end()) {
                        ++it->messagesIn;
                        it->bytesIn += data.size();
                    }
                    emit messageReceived(id, binary, data);
                });
            });
    connect(s, &MockServer::messageSent, s, [this](int id, bool binary, const QByteArray &data) {
        relay([=, this] {
            if (const auto it = m_clients.find(id); it != m_clients.end()) {
                ++it->messagesOut;
                it->bytesOut += data.size();
            }
            emit messageSent(id, binary, data);
        });
    });
    connect(s, &MockServer::clientDisconnected, s,
            [this](int id, int code, const QString &reason, bool byServer) {
                relay([=, this] {
                    m_clients.remove(id);
                    emit clientDisconnected(id, code, reason, byServer);
                });
            });
    connect(s, &MockServer::clientDropped, s, [this](int id, const QString &why) {
        relay([=, this] { emit clientDropped(id, why); });
    });
    connect(s, &MockServer::clientWarning, s, [this](int id, const QString &why) {
        relay([=, this] { emit clientWarning(id, why); });
    });
    connect(s, &MockServer::wireSeen, s, [this](int id, const std::vector<WireLog::Frame> &frames) {
        relay([=, this] { emit wireSeen(id, frames); });
    });
    connect(
        s, &MockServer::controlFrame, s,
        [this](int id, bool fromClient, quint8 opcode, const QByteArray &payload, bool automatic) {
            relay([=, this] { emit controlFrame(id, fromClient, opcode, payload, automatic); });
        });
    connect(s, &MockServer::stopped, s, [this] { relay([this] { emit stopped(); }); });
}

void ThreadedMockServer::setOptions(const ServerOptions &options)
{
    m_options = options;
    QMetaObject::invokeMethod(m_server, [s = m_server, options] { s->setOptions(options); });
}

void ThreadedMockServer::setRules(const RuleSet &rules)
{
    m_rules = rules;
    QMetaObject::invokeMethod(m_server, [s = m_server, rules] { s->setRules(rules); });
}

bool ThreadedMockServer::start(QString *error)
{
    QUrl url;
    const bool started = call([&](MockServer &s) {
        const bool ok = s.start(error);
        url = s.url();
        return ok;
    });
    if (started) {
        m_listening = true;
        m_url = url;
    }
    return started;
}

void ThreadedMockServer::stop()
{
    call([](MockServer &s) {
        s.stop();
        return true;
    });
    m_listening = false;
}

QList<int> ThreadedMockServer::clientIds() const
{
    QList<int> ids = m_clients.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

const ThreadedMockServer::Client *ThreadedMockServer::client(int id) const
{
    const auto it = m_clients.constFind(id);
    return it == m_clients.cend() ? nullptr : &*it;
}

bool ThreadedMockServer::sendText(int clientId, const QString &text, QString *error)
{
    return call([&](MockServer &s) { return s.sendText(clientId, text, error); });
}

bool ThreadedMockServer::sendBinary(int clientId, const QByteArray &data, QString *error)
{
    return call([&](MockServer &s) { return s.sendBinary(clientId, data, error); });
}

bool ThreadedMockServer::kick(int clientId, int code, const QString &reason, QString *error)
{
    return call([&](MockServer &s) { return s.kick(clientId, code, reason, error); });
}

} // namespace Sockscope
