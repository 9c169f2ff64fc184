#include "scenariorunner.h"

#include "decoders/socketio/socketiodecoder.h"
#include "scenariosocket.h"

#include "connection/connection.h"
#include "log/logsink.h"
#include "server/messagetemplate.h"
#include "server/mockserver.h"
#include "session/variables.h"
#include "websocket/closecodes.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ScenarioRunner)
};

using Kind = ScenarioStep::Kind;

// How long a close may take before the run stops waiting for it at its end.
constexpr int kFinishGraceMs = 1000;
} // namespace

ScenarioRunner::ScenarioRunner(Scenario scenario, Session session, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_session(std::move(session))
    , m_variables(m_session.variables)
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, &ScenarioRunner::onStepTimeout);
    m_finishTimer.setSingleShot(true);
    connect(&m_finishTimer, &QTimer::timeout, this, &ScenarioRunner::endRun);
    m_results.resize(m_scenario.steps.size());
}

ScenarioRunner::~ScenarioRunner()
{
    // Connections report their last rows to the taps while they go.
    for (auto &[name, socket] : m_sockets)
        socket->connection.reset();
}

void ScenarioRunner::setVariables(const QList<Variable> &overrides)
{
    for (const Variable &v : overrides)
        setVariable(v.name, v.value);
}

void ScenarioRunner::setVariable(const QString &name, const QString &value)
{
    for (Variable &v : m_variables) {
        if (v.name == name) {
            v.value = value;
            return;
        }
    }
    m_variables.append({name, value, false});
}

QString ScenarioRunner::variable(const QString &name) const
{
    for (const Variable &v : m_variables) {
        if (v.name == name)
            return v.value;
    }
    return {};
}

QString ScenarioRunner::substitute(const QString &text, QStringList *unknown) const
{
    return Variables::substitute(text, m_variables, unknown);
}

QString ScenarioRunner::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return Tr::tr("pending");
    case Outcome::Running:
        return Tr::tr("running");
    case Outcome::Passed:
        return Tr::tr("pass");
    case Outcome::Failed:
        return Tr::tr("FAIL");
    case Outcome::Skipped:
        return Tr::tr("skipped");
    }
    return {};
}

bool ScenarioRunner::passed() const
{
    return !m_running && std::all_of(m_results.begin(), m_results.end(), [](const StepResult &r) {
        return r.outcome == Outcome::Passed;
    });
}

void ScenarioRunner::start()
{
    if (m_running)
        return;
    m_running = true;
    m_finishing = false;
    m_index = 0;
    m_results = QList<StepResult>(m_scenario.steps.size());
    m_runClock.start();
    QStringList secrets;
    for (const Variable &v : std::as_const(m_variables)) {
        if (v.secret && !v.value.isEmpty())
            secrets << v.value;
    }
    if (m_log && !secrets.isEmpty())
        m_log->addSecrets(secrets);
    QTimer::singleShot(0, this, &ScenarioRunner::runStep);
}

void ScenarioRunner::abort(const QString &why)
{
    if (!m_running || m_finishing)
        return;
    fail(why);
}

ScenarioRunner::Socket *ScenarioRunner::socket(const QString &name) const
{
    const auto it = m_sockets.find(name);
    return it == m_sockets.end() ? nullptr : it->second.get();
}

ScenarioRunner::Socket *ScenarioRunner::openSocket(const QString &name)
{
    Socket *target = socket(name);
    if (!target) {
        fail(noSocket(name));
        return nullptr;
    }
    if (target->connection->state() != Connection::State::Open) {
        fail(Tr::tr("Socket \"%1\" is not open: %2.")
                 .arg(name,
                      target->closed
                          ? howClosed(*target)
                          : Connection::stateText(target->connection->state()).toLower()));
        return nullptr;
    }
    return target;
}

QString ScenarioRunner::noSocket(const QString &name)
{
    return Tr::tr("There is no socket \"%1\": a connect step must open it first.").arg(name);
}

QString ScenarioRunner::howClosed(const Socket &socket)
{
    const QString code = CloseCodes::describe(socket.closeCode);
    return socket.closedBy.isEmpty()
        ? Tr::tr("the connection dropped with %1").arg(code)
        : Tr::tr("%1 closed the connection with %2").arg(socket.closedBy, code);
}

void ScenarioRunner::runStep()
{
    if (!m_running || m_finishing)
        return;
    if (m_index >= m_scenario.steps.size()) {
        finishRun();
        return;
    }
    m_results[m_index].outcome = Outcome::Running;
    m_stepClock.start();
    m_match.reset();
    m_found = 0;
    emit stepStarted(int(m_index));
    const ScenarioStep &s = step();
    switch (s.kind) {
    case Kind::Connect:
        startConnect();
        break;
    case Kind::Send: {
        QString error;
        Socket *target = openSocket(s.socket);
        if (target && send(target, s, &error))
            pass({});
        else if (target)
            fail(error);
        break;
    }
    case Kind::Expect:
    case Kind::ExpectServerReceived:
        startExpect();
        break;
    case Kind::Emit: {
        Socket *target = openSocket(s.socket);
        if (!target)
            break;
        QStringList unknown;
        const QString args = s.args.isUndefined()
            ? QString()
            : substitute(MessageTemplate::toText(s.args), &unknown);
        const QString event = substitute(s.event, &unknown);
        QString error;
        if (!unknown.isEmpty())
            fail(Variables::unknownMessage(unknown));
        else if (!target->connection->options().socketIo.enabled)
            fail(Tr::tr("An emit needs a socket connected with \"socketIo\": true."));
        else if (target->connection->emitEvent(s.nsp.isEmpty() ? u"/"_s : s.nsp, event, args, s.ack,
                                               &error))
            pass({});
        else
            fail(error);
        break;
    }
    case Kind::Capture:
        startCapture();
        break;
    case Kind::Ping:
        startPing();
        break;
    case Kind::Wait:
        m_stepTimer.start(s.ms);
        break;
    case Kind::Close:
        startClose();
        break;
    case Kind::ExpectClose:
        if (!socket(s.socket)) {
            fail(noSocket(s.socket));
            break;
        }
        m_stepTimer.start(s.withinMs);
        checkClosed();
        break;
    case Kind::Serve:
        startServe();
        break;
    }
}

void ScenarioRunner::pass(const QString &message)
{
    finishStep(Outcome::Passed, message);
}

void ScenarioRunner::fail(const QString &message)
{
    finishStep(Outcome::Failed, message);
}

const ScenarioStep *ScenarioRunner::runningStep() const
{
    if (!m_running || m_finishing || m_index >= m_results.size()
        || m_results[m_index].outcome != Outcome::Running)
        return nullptr;
    return &m_scenario.steps[m_index];
}

void ScenarioRunner::finishStep(Outcome outcome, const QString &message)
{
    if (!runningStep())
        return;
    m_stepTimer.stop();
    StepResult &result = m_results[m_index];
    result.outcome = outcome;
    result.message = message;
    result.elapsedMs = m_stepClock.elapsed();
    m_match.reset();
    emit stepFinished(int(m_index));
    if (outcome == Outcome::Failed) {
        for (qsizetype i = m_index + 1; i < m_results.size(); ++i)
            m_results[i].outcome = Outcome::Skipped;
        finishRun();
        return;
    }
    ++m_index;
    // Queued: a step may finish inside a Connection's signal, which the next step must not
    // re-enter.
    QTimer::singleShot(0, this, &ScenarioRunner::runStep);
}

// Closes what the run opened, politely, then ends it.
void ScenarioRunner::finishRun()
{
    m_finishing = true;
    m_stepTimer.stop();
    bool waiting = false;
    for (auto &[name, s] : m_sockets) {
        Connection *c = s->connection.get();
        c->cancelReconnect();
        if (c->state() == Connection::State::Open) {
            c->close(CloseCodes::NormalClosure, {});
            waiting = true;
        } else if (c->state() != Connection::State::Closed) {
            c->abort();
        }
    }
    if (waiting)
        m_finishTimer.start(kFinishGraceMs);
    else
        endRun();
}

void ScenarioRunner::endRun()
{
    if (!m_running)
        return;
    m_finishTimer.stop();
    for (auto &[name, s] : m_sockets) {
        if (s->connection->state() != Connection::State::Closed)
            s->connection->abort();
    }
    for (auto &[name, server] : m_servers)
        server.server->stop();
    m_running = false;
    m_elapsedMs = m_runClock.elapsed();
    emit finished(passed());
}

void ScenarioRunner::onStepTimeout()
{
    if (!runningStep())
        return;
    const ScenarioStep &s = step();
    switch (s.kind) {
    case Kind::Wait:
        pass({});
        return;
    case Kind::Connect:
        fail(Tr::tr("The connection did not open within %1 ms.").arg(s.withinMs));
        return;
    case Kind::Ping:
        fail(Tr::tr("No pong came within %1 ms.").arg(s.withinMs));
        return;
    case Kind::Close:
        fail(Tr::tr("The server did not answer the close within %1 ms.").arg(s.withinMs));
        return;
    case Kind::ExpectClose:
        fail(Tr::tr("Expected the connection to close%1 within %2 ms; it is still open.")
                 .arg(s.code ? Tr::tr(" with %1").arg(CloseCodes::describe(s.code)) : QString())
                 .arg(s.withinMs));
        return;
    case Kind::Expect:
    case Kind::ExpectServerReceived: {
        const QString what = m_match ? m_match->match.describe() : s.match.describe();
        QString got;
        const std::deque<Message> *inbox = nullptr;
        if (s.kind == Kind::Expect) {
            if (const Socket *target = socket(s.socket))
                inbox = &target->inbox;
        } else if (const auto it = m_servers.find(s.server); it != m_servers.end()) {
            inbox = &it->second.journal;
        }
        if (m_found > 0)
            got = Tr::tr("only %1 of %2 came").arg(m_found).arg(s.count);
        else if (!inbox || inbox->empty())
            got = s.kind == Kind::Expect ? Tr::tr("no message came")
                                         : Tr::tr("no client sent anything");
        else {
            const QString last = messagePreview(inbox->back().binary, inbox->back().data);
            got = inbox->size() == 1
                ? Tr::tr("1 other message came, the last %1").arg(last)
                : Tr::tr("%1 other messages came, the last %2").arg(inbox->size()).arg(last);
        }
        const QString count = s.count > 1 ? Tr::tr("%1 × ").arg(s.count) : QString();
        fail(s.kind == Kind::Expect
                 ? Tr::tr("Expected %1%2 within %3 ms; %4.")
                       .arg(count, what, QString::number(s.withinMs), got)
                 : Tr::tr("Expected server %1 to receive %2%3 within %4 ms; %5.")
                       .arg(s.server, count, what, QString::number(s.withinMs), got));
        return;
    }
    default:
        return;
    }
}

void ScenarioRunner::recheck()
{
    if (!runningStep())
        return;
    const ScenarioStep &s = step();
    if (s.kind == Kind::Expect && m_match) {
        if (Socket *target = socket(s.socket); target && checkExpect(target->inbox, target))
            pass(Tr::tr("matched after %1 ms").arg(m_stepClock.elapsed()));
    } else if (s.kind == Kind::ExpectServerReceived && m_match) {
        if (const auto it = m_servers.find(s.server);
            it != m_servers.end() && checkExpect(it->second.journal, nullptr))
            pass(Tr::tr("matched after %1 ms").arg(m_stepClock.elapsed()));
    } else if (s.kind == Kind::ExpectClose) {
        checkClosed();
    }
}

void ScenarioRunner::onMessage(Socket *socket, bool binary, QByteArray data)
{
    // In Socket.IO mode a socket is open once the server has let it into the main namespace.
    if (!binary && socket->connection->options().socketIo.enabled && data.startsWith("40")) {
        SocketIoPacket packet;
        QString error;
        if (SocketIoPacket::parse(QByteArrayView(data).sliced(1), &packet, &error)
            && packet.nsp == u"/")
            joined(socket);
    }
    socket->inbox.push_back({binary, std::move(data)});
    if (socket->inbox.size() > kMaxInbox)
        socket->inbox.pop_front();
    recheck();
}

void ScenarioRunner::onOpened(Socket *socket)
{
    socket->closed = false;
    socket->closeCode = 0;
    socket->closedBy.clear();
    if (socket->connection->options().socketIo.enabled)
        return; // joined() goes on once the main namespace is joined
    joined(socket);
}

void ScenarioRunner::joined(Socket *socket)
{
    const bool reopened = socket->everOpened;
    socket->everOpened = true;
    sendOnOpen(socket);
    if (reopened && m_log)
        m_log->append(LogEvent::now(
            Direction::Lifecycle, EventType::Info,
            Tr::tr("Scenario: socket %1 opened again; its on-open steps were sent again.")
                .arg(socket->name)
                .toUtf8()));
    if (const ScenarioStep *current = runningStep();
        current && current->kind == Kind::Connect && current->socket == socket->name) {
        const QString protocol = socket->connection->negotiatedSubprotocol();
        pass(protocol.isEmpty() ? Tr::tr("opened in %1 ms").arg(m_stepClock.elapsed())
                                : Tr::tr("opened in %1 ms, subprotocol %2")
                                      .arg(m_stepClock.elapsed())
                                      .arg(protocol));
    }
}

void ScenarioRunner::sendOnOpen(Socket *socket)
{
    for (const ScenarioStep &s : std::as_const(m_scenario.onOpen)) {
        if (s.socket != socket->name)
            continue;
        QString error;
        if (!send(socket, s, &error) && m_log)
            m_log->append(LogEvent::now(
                Direction::Lifecycle, EventType::Error,
                Tr::tr("Scenario: an on-open step could not be sent: %1").arg(error).toUtf8()));
    }
}

void ScenarioRunner::onClosed(Socket *socket)
{
    socket->closed = true;
    // Connection schedules its reconnect just after it reports Closed.
    QTimer::singleShot(0, this, [this, name = socket->name] {
        Socket *s = this->socket(name);
        if (!s || !runningStep())
            return;
        const ScenarioStep &current = step();
        if (current.socket != name || s->connection->reconnectPending()
            || s->connection->state() != Connection::State::Closed)
            return;
        const QString how = howClosed(*s);
        switch (current.kind) {
        case Kind::Connect:
            fail(s->lastError.isEmpty()
                     ? Tr::tr("The connection closed before the handshake finished.")
                     : s->lastError);
            break;
        case Kind::Expect:
            fail(Tr::tr("Expected %1, but %2 first.").arg(current.match.describe(), how));
            break;
        case Kind::Ping:
            fail(Tr::tr("No pong came: %1 first.").arg(how));
            break;
        case Kind::Close:
            pass(Tr::tr("closed in %1 ms").arg(m_stepClock.elapsed()));
            break;
        case Kind::ExpectClose:
            checkClosed();
            break;
        default:
            break;
        }
    });
}

bool ScenarioRunner::payloadOf(const ScenarioStep &s, bool *binary, QByteArray *data,
                               QString *error) const
{
    QStringList unknown;
    *binary = false;
    switch (s.payload) {
    case ScenarioStep::Payload::Text:
        *data = substitute(s.data, &unknown).toUtf8();
        break;
    case ScenarioStep::Payload::Json:
        *data = substitute(s.json.isString() ? s.json.toString() : MessageTemplate::toText(s.json),
                           &unknown)
                    .toUtf8();
        break;
    case ScenarioStep::Payload::Hex:
        *binary = true;
        *data = QByteArray::fromHex(s.data.toLatin1());
        break;
    case ScenarioStep::Payload::Base64:
        *binary = true;
        *data = QByteArray::fromBase64(s.data.toLatin1());
        break;
    case ScenarioStep::Payload::Snippet: {
        const Snippet *snippet = m_session.snippet(s.data);
        for (const Snippet &candidate : m_session.snippets) {
            if (!snippet && candidate.name == s.data)
                snippet = &candidate;
        }
        if (!snippet) {
            *error = Tr::tr("The session has no snippet \"%1\".").arg(s.data);
            return false;
        }
        *binary = snippet->type == Snippet::Type::Binary;
        *data = *binary ? snippet->payload
                        : substitute(QString::fromUtf8(snippet->payload), &unknown).toUtf8();
        break;
    }
    }
    if (!unknown.isEmpty()) {
        *error = Variables::unknownMessage(unknown);
        return false;
    }
    return true;
}

bool ScenarioRunner::send(Socket *socket, const ScenarioStep &s, QString *error)
{
    bool binary = false;
    QByteArray data;
    if (!payloadOf(s, &binary, &data, error))
        return false;
    return binary ? socket->connection->sendBinary(data, error)
                  : socket->connection->sendText(QString::fromUtf8(data), error);
}

} // namespace Sockscope
