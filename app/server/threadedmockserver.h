#pragma once

#include "mockserver.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <functional>

namespace Sockscope {

// A MockServer on a thread of its own, for the window's server tabs. The window's event loop
// runs on GLib, where every socket write adds a poll record to lists as long as the number of
// clients: there a broadcast to 10,000 clients took 1.8 s, against 0.13 s for `sockscope
// serve`. The server's thread runs Qt's plain Unix dispatcher instead (see
// useUnixDispatcherOnThreads) and the window only hears about it.
//
// Nothing is shared between the threads: calls go to the server's thread (those that answer
// wait for it), and what this object tells of the server and its clients is its own copy, kept
// from the server's signals in the order the server sent them. The signals are MockServer's.
class ThreadedMockServer : public QObject
{
    Q_OBJECT

public:
    using Client = MockServer::Client;

    // Call first in main(), before any thread has started: threads other than the main one get
    // Qt's Unix event dispatcher rather than GLib's. The main thread keeps GLib, which the
    // keychain and the platform's dialogs need.
    static void useUnixDispatcherOnThreads();

    explicit ThreadedMockServer(QObject *parent = nullptr);
    ~ThreadedMockServer() override;

    void setOptions(const ServerOptions &options);
    const ServerOptions &options() const { return m_options; }
    void setRules(const RuleSet &rules);
    const RuleSet &rules() const { return m_rules; }

    bool start(QString *error = nullptr);
    void stop();
    bool isListening() const { return m_listening; }
    QUrl url() const { return m_listening ? m_url : QUrl(); }
    QUrl urlOf(const Client &client) const { return MockServer::urlOf(url(), client); }

    QList<int> clientIds() const;
    const Client *client(int id) const;
    int clientCount() const { return int(m_clients.size()); }

    bool sendText(int clientId, const QString &text, QString *error = nullptr);
    bool sendBinary(int clientId, const QByteArray &data, QString *error = nullptr);
    bool kick(int clientId, int code, const QString &reason, QString *error = nullptr);

    // The server's thread, for tests and benchmarks that check where it runs.
    QThread *serverThread() { return &m_thread; }

signals:
    void clientConnected(int id);
    void clientRefused(const QString &peer, const QString &why);
    void messageReceived(int id, bool binary, const QByteArray &data);
    void messageSent(int id, bool binary, const QByteArray &data);
    void clientDisconnected(int id, int closeCode, const QString &reason, bool closedByServer);
    void clientDropped(int id, const QString &why);
    void clientWarning(int id, const QString &why);
    void wireSeen(int id, const std::vector<WireLog::Frame> &frames);
    void controlFrame(int id, bool fromClient, quint8 opcode, const QByteArray &payload,
                      bool automatic);
    void stopped();

private:
    // Runs f on the server's thread and waits for it.
    template<typename F> auto call(F f)
    {
        decltype(f(*m_server)) result {};
        QMetaObject::invokeMethod(
            m_server, [&] { result = f(*m_server); }, Qt::BlockingQueuedConnection);
        return result;
    }
    // On the server's thread: has `update` run on this object's thread, in order.
    void relay(std::function<void()> update);
    void relaySignals();

    QThread m_thread;
    MockServer *m_server; // lives on m_thread, deleted when it finishes
    ServerOptions m_options;
    RuleSet m_rules;
    bool m_listening = false;
    QUrl m_url;
    QHash<int, Client> m_clients;
};

} // namespace Sockscope
