#pragma once

// The parts of ScenarioRunner that its two source files share: a socket of the run and the
// LogSink that watches it. Not for use outside app/scenario/.

#include "connection/connection.h"
#include "log/logsink.h"
#include "scenariorunner.h"

#include <QCoreApplication>

namespace Sockscope {

// One of the run's named sockets: its connection, what it received that no expect has
// matched yet, and how it last closed.
struct ScenarioRunner::Socket
{
    QString name;
    std::unique_ptr<Tap> tap;
    std::unique_ptr<Connection> connection; // declared after tap: it goes first
    std::deque<Message> inbox;
    std::optional<Message> lastMatched;
    bool closed = false;
    int closeCode = 0;
    QString closeReason;
    QString closedBy; // "the server", "Sockscope", "" for a drop
    QString lastError;
    bool everOpened = false;
};

// What a socket's Connection writes: the runner watches it for messages and closes, and
// passes every row on to the run's log.
class ScenarioRunner::Tap : public LogSink
{
public:
    Tap(ScenarioRunner *runner, Socket *socket)
        : m_runner(runner)
        , m_socket(socket)
    { }

    void append(LogEvent event) override
    {
        if (event.direction == Direction::Received
            && (event.type == EventType::Text || event.type == EventType::Binary))
            m_runner->onMessage(m_socket, event.type == EventType::Binary, event.data);
        if (event.type == EventType::Close) {
            m_socket->closeCode = event.closeCode;
            m_socket->closeReason = QString::fromUtf8(event.data);
            m_socket->closedBy = event.direction == Direction::Received
                ? QCoreApplication::translate("Sockscope::ScenarioRunner", "the server")
                : event.direction == Direction::Sent
                ? QCoreApplication::translate("Sockscope::ScenarioRunner", "Sockscope")
                : QString();
        }
        if (event.type == EventType::Error)
            m_socket->lastError = QString::fromUtf8(event.data);
        if (m_runner->m_log)
            m_runner->m_log->append(std::move(event));
        else
            ++m_sequence;
    }
    qsizetype appendText(Direction direction, QStringView text,
                         std::vector<FrameInfo> frames) override
    {
        const QByteArray utf8 = text.toUtf8();
        if (direction == Direction::Received)
            m_runner->onMessage(m_socket, false, utf8);
        if (m_runner->m_log)
            return m_runner->m_log->appendText(direction, text, std::move(frames));
        ++m_sequence;
        return utf8.size();
    }
    void addSecrets(const QStringList &values) override
    {
        if (m_runner->m_log)
            m_runner->m_log->addSecrets(values);
    }
    quint64 nextSequence() const override
    {
        return m_runner->m_log ? m_runner->m_log->nextSequence() : m_sequence;
    }
    using LogSink::attachWire;
    void attachWire(quint64 seq, std::span<const WireLog::Frame> frames) override
    {
        if (m_runner->m_log)
            m_runner->m_log->attachWire(seq, frames);
    }
    void attachWire(quint64 seq, std::span<const WireLog::Record> records) override
    {
        if (m_runner->m_log)
            m_runner->m_log->attachWire(seq, records);
    }

private:
    ScenarioRunner *m_runner;
    Socket *m_socket;
    quint64 m_sequence = 0;
};

} // namespace Sockscope
