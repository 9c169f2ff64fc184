#pragma once

#include "scenario.h"
#include "session/session.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <map>
#include <memory>
#include <optional>

namespace Sockscope {

class Connection;
class LogSink;
class MockServer;

// Runs one scenario: its steps in order, each passing or failing, with the session's
// connections, servers, snippets and variables. The same runner serves a scenario tab and
// `sockscope run`: it decides every verdict and words every failure; they only show them.
// Sockets are Connections (QWebSocket), servers are MockServers, and every row of the
// conversation goes to the LogSink it is given.
class ScenarioRunner : public QObject
{
    Q_OBJECT

public:
    enum class Outcome { Pending, Running, Passed, Failed, Skipped };
    struct StepResult
    {
        Outcome outcome = Outcome::Pending;
        QString message; // what happened, or what was expected and what came instead
        qint64 elapsedMs = 0;
    };
    // An expect keeps at most this many unmatched messages per socket, dropping the oldest.
    static constexpr size_t kMaxInbox = 10'000;

    ScenarioRunner(Scenario scenario, Session session, QObject *parent = nullptr);
    ~ScenarioRunner() override;

    // Values that override the session's variables for this run (--var, the environment).
    void setVariables(const QList<Variable> &overrides);
    // Where every socket's rows go; it must outlive the runner. Without one they are dropped.
    void setLog(LogSink *log) { m_log = log; }

    void start();
    // Ends the run now: the running step fails with why, the rest are skipped.
    void abort(const QString &why);
    bool isRunning() const { return m_running; }

    const Scenario &scenario() const { return m_scenario; }
    const QList<StepResult> &results() const { return m_results; }
    bool passed() const;
    qint64 elapsedMs() const { return m_elapsedMs; }
    // A variable as the run has it now (captured, served, given), or an empty string.
    QString variable(const QString &name) const;

    static QString outcomeName(Outcome outcome);

signals:
    void stepStarted(int index);
    void stepFinished(int index);
    void finished(bool passed);

private:
    struct Message
    {
        bool binary = false;
        QByteArray data;
    };
    struct Socket;
    struct Server
    {
        std::unique_ptr<MockServer> server;
        std::deque<Message> journal; // what clients sent that no step has matched yet
    };
    class Tap;

    const ScenarioStep &step() const { return m_scenario.steps[m_index]; }
    // The step that is running now, or null (between steps, or once the run is ending).
    const ScenarioStep *runningStep() const;
    void runStep();
    void pass(const QString &message);
    void fail(const QString &message);
    void finishStep(Outcome outcome, const QString &message);
    void finishRun();
    void endRun();
    // Re-evaluates the running step after something happened.
    void recheck();
    void onStepTimeout();

    void startConnect();
    void startSend();
    void startExpect();
    void startCapture();
    void startPing();
    void startClose();
    void startServe();
    // Whether the expected messages have come; fails the step on a strict-order breach.
    bool checkExpect(std::deque<Message> &inbox, Socket *socket);
    void checkClosed();
    void onOpened(Socket *socket);
    // Open, and (in Socket.IO mode) in the main namespace: on-open steps go, a connect passes.
    void joined(Socket *socket);
    void onClosed(Socket *socket);
    void onMessage(Socket *socket, bool binary, QByteArray data);
    void sendOnOpen(Socket *socket);

    Socket *socket(const QString &name) const;
    // The step's socket when it is open; else fails the step, saying why, and returns null.
    Socket *openSocket(const QString &name);
    // "the server closed it with 4001 ...", "it dropped with 1006 ...", for failure messages.
    static QString howClosed(const Socket &socket);
    // "There is no socket "main": a connect step must open it first."
    static QString noSocket(const QString &name);
    QString substitute(const QString &text, QStringList *unknown) const;
    void setVariable(const QString &name, const QString &value);
    // A send or ping step's bytes, with variables put in; false with a sentence.
    bool payloadOf(const ScenarioStep &step, bool *binary, QByteArray *data, QString *error) const;
    bool send(Socket *socket, const ScenarioStep &step, QString *error);

    Scenario m_scenario;
    Session m_session;
    QList<Variable> m_variables;
    LogSink *m_log = nullptr;
    std::map<QString, std::unique_ptr<Socket>> m_sockets;
    std::map<QString, Server> m_servers;
    QList<StepResult> m_results;
    qsizetype m_index = 0;
    bool m_running = false;
    bool m_finishing = false;
    QTimer m_stepTimer;
    QTimer m_finishTimer;
    QElapsedTimer m_stepClock;
    QElapsedTimer m_runClock;
    qint64 m_elapsedMs = 0;
    // The running expect's resolved match and how many it has found.
    std::optional<MessageMatch::Resolved> m_match;
    int m_found = 0;
};

} // namespace Sockscope
