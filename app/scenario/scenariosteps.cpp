// The steps of ScenarioRunner that wait for something: a handshake, messages, a pong, a close,
// a server. (scenariorunner.cpp holds the run itself and the sockets' events.)
#include "scenariorunner.h"
#include "scenariosocket.h"

#include "connection/connection.h"
#include "log/logsink.h"
#include "server/messagetemplate.h"
#include "server/mockserver.h"
#include "session/variables.h"
#include "websocket/closecodes.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ScenarioRunner)
};

using Kind = ScenarioStep::Kind;

// A session item by id, or else by name.
template<typename T> const T *byIdOrName(const QList<T> &items, const QString &key)
{
    for (const T &item : items) {
        if (item.id == key)
            return &item;
    }
    for (const T &item : items) {
        if (item.name == key || item.displayName() == key)
            return &item;
    }
    return nullptr;
}
} // namespace

void ScenarioRunner::startConnect()
{
    const ScenarioStep &s = step();
    if (Socket *existing = socket(s.socket);
        existing && existing->connection->state() != Connection::State::Closed) {
        fail(Tr::tr("Socket \"%1\" is already open; close it first, or name another socket.")
                 .arg(s.socket));
        return;
    }
    QString url;
    ConnectionOptions options;
    if (!s.connection.isEmpty()) {
        const ConnectionProfile *profile = byIdOrName(m_session.connections, s.connection);
        if (!profile) {
            fail(Tr::tr("The session has no connection \"%1\".").arg(s.connection));
            return;
        }
        const Variables::Resolved resolved = Variables::resolve(*profile, m_variables);
        if (!resolved.ok()) {
            fail(Variables::unknownMessage(resolved.unknown));
            return;
        }
        if (!resolved.missingSecrets.isEmpty()) {
            fail(Variables::missingSecretsMessage(resolved.missingSecrets));
            return;
        }
        url = resolved.url;
        options = resolved.options;
        options.onOpen.clear(); // the scenario's own onOpen steps go instead
    } else {
        QStringList unknown;
        url = substitute(s.url, &unknown);
        for (const auto &[name, value] : s.headers)
            options.headers.append({name, substitute(value, &unknown), true, false});
        if (!unknown.isEmpty()) {
            fail(Variables::unknownMessage(unknown));
            return;
        }
        options.wireCapture = false;
        for (const Variable &v : std::as_const(m_variables)) {
            if (v.secret && !v.value.isEmpty())
                options.secretValues << v.value;
        }
    }
    if (!s.subprotocols.isEmpty())
        options.subprotocols = s.subprotocols;
    if (s.socketIo) {
        QStringList unknown;
        options.socketIo.enabled = true;
        options.socketIo.auth = substitute(s.auth, &unknown);
        if (!unknown.isEmpty()) {
            fail(Variables::unknownMessage(unknown));
            return;
        }
    }
    if (s.reconnect) {
        options.reconnect.enabled = true;
        options.reconnect.initialDelayMs = 500;
        options.reconnect.maxDelayMs = 5000;
        options.reconnect.maxAttempts = 0; // until the step's time runs out
    }

    std::unique_ptr<Socket> &slot = m_sockets[s.socket];
    if (!slot) {
        slot = std::make_unique<Socket>();
        slot->name = s.socket;
        slot->tap = std::make_unique<Tap>(this, slot.get());
        slot->connection = std::make_unique<Connection>(slot->tap.get());
        Socket *target = slot.get();
        connect(target->connection.get(), &Connection::stateChanged, this,
                [this, target](Connection::State state) {
                    if (state == Connection::State::Open)
                        onOpened(target);
                    else if (state == Connection::State::Closed)
                        onClosed(target);
                });
        connect(target->connection.get(), &Connection::roundTripMeasured, this,
                [this, target](qint32 us) {
                    if (const ScenarioStep *current = runningStep();
                        current && current->kind == Kind::Ping && current->socket == target->name)
                        pass(Tr::tr("pong in %1 ms").arg(us / 1000.0, 0, 'f', 1));
                });
    }
    slot->lastError.clear();
    slot->everOpened = false;
    slot->inbox.clear();
    slot->lastMatched.reset();
    slot->connection->setOptions(options);
    QString error;
    if (!slot->connection->open(url, &error)) {
        fail(error);
        return;
    }
    m_stepTimer.start(options.handshakeTimeoutMs + 2000);
}

void ScenarioRunner::startExpect()
{
    const ScenarioStep &s = step();
    Result<MessageMatch::Resolved> resolved
        = s.match.resolved([this](const QString &text) { return substitute(text, nullptr); });
    if (!resolved) {
        fail(resolved.error());
        return;
    }
    if (s.kind == Kind::Expect && !socket(s.socket)) {
        fail(noSocket(s.socket));
        return;
    }
    if (s.kind == Kind::ExpectServerReceived && m_servers.find(s.server) == m_servers.end()) {
        fail(Tr::tr("There is no server \"%1\" in this run: a serve step with \"as\": \"%1\" must "
                    "start it first.")
                 .arg(s.server));
        return;
    }
    m_match = std::move(resolved).value();
    m_stepTimer.start(s.withinMs);
    recheck(); // may pass it, and end the run when it was the last step
    // A socket that closed for good before the step began fails it now, not at its deadline.
    if (s.kind == Kind::Expect && runningStep() == &s) {
        Socket *target = socket(s.socket);
        if (target->closed && !target->connection->reconnectPending())
            onClosed(target);
    }
}

bool ScenarioRunner::checkExpect(std::deque<Message> &inbox, Socket *socket)
{
    const ScenarioStep &s = step();
    for (auto it = inbox.begin(); it != inbox.end() && m_found < s.count;) {
        if (m_match->matches(it->binary, it->data)) {
            if (socket)
                socket->lastMatched = *it;
            it = inbox.erase(it);
            ++m_found;
        } else if (s.strictOrder) {
            fail(Tr::tr("Expected %1 as the next message; %2 came first.")
                     .arg(m_match->match.describe(), messagePreview(it->binary, it->data)));
            return false;
        } else {
            ++it;
        }
    }
    return m_found >= s.count;
}

void ScenarioRunner::startCapture()
{
    const ScenarioStep &s = step();
    const Socket *source = socket(s.socket);
    if (!source || !source->lastMatched) {
        fail(Tr::tr("Nothing to capture {{%1}} from: no expect step has matched a message on "
                    "socket \"%2\" yet.")
                 .arg(s.into, s.socket));
        return;
    }
    const Message &message = *source->lastMatched;
    QString value;
    if (!s.jsonPath.isEmpty()) {
        const QJsonValue v = MessageMatch::valueAt(message.data, s.jsonPath);
        if (v.isUndefined()) {
            fail(Tr::tr("Could not capture {{%1}}: the last matched message, %2, has nothing at "
                        "%3.")
                     .arg(s.into, messagePreview(message.binary, message.data), s.jsonPath));
            return;
        }
        value = MessageTemplate::toText(v);
    } else {
        const QRegularExpressionMatch m
            = QRegularExpression(s.regex).match(QString::fromUtf8(message.data));
        if (!m.hasMatch() || s.group > m.lastCapturedIndex()) {
            fail(Tr::tr("Could not capture {{%1}}: /%2/ %3 in the last matched message, %4.")
                     .arg(s.into, s.regex,
                          m.hasMatch() ? Tr::tr("has no group %1").arg(s.group)
                                       : Tr::tr("does not match"),
                          messagePreview(message.binary, message.data)));
            return;
        }
        value = m.captured(s.group);
    }
    setVariable(s.into, value);
    const bool secret = std::any_of(m_variables.begin(), m_variables.end(), [&](const Variable &v) {
        return v.name == s.into && v.secret;
    });
    if (secret && m_log && !value.isEmpty())
        m_log->addSecrets({value});
    pass(secret ? Tr::tr("{{%1}} = (secret, %2 characters)").arg(s.into).arg(value.size())
                : Tr::tr("{{%1}} = %2").arg(s.into, messagePreview(false, value.toUtf8())));
}

void ScenarioRunner::startPing()
{
    const ScenarioStep &s = step();
    Socket *target = openSocket(s.socket);
    if (!target)
        return;
    bool binary = false;
    QByteArray payload;
    QString error;
    if (!payloadOf(s, &binary, &payload, &error) || !target->connection->ping(payload, &error)) {
        fail(error);
        return;
    }
    m_stepTimer.start(s.withinMs);
}

void ScenarioRunner::startClose()
{
    const ScenarioStep &s = step();
    Socket *target = openSocket(s.socket);
    if (!target)
        return;
    target->connection->cancelReconnect();
    QString error;
    if (!target->connection->close(s.code, substitute(s.reason, nullptr), &error)) {
        fail(error);
        return;
    }
    m_stepTimer.start(s.withinMs);
}

void ScenarioRunner::checkClosed()
{
    const ScenarioStep &s = step();
    const Socket *target = socket(s.socket);
    if (!target || !target->closed || target->connection->reconnectPending())
        return;
    const QString how = howClosed(*target);
    const QString reason = target->closeReason.isEmpty()
        ? QString()
        : Tr::tr(", reason %1").arg(messagePreview(false, target->closeReason.toUtf8()));
    if (s.code != 0 && target->closeCode != s.code) {
        fail(Tr::tr("Expected a close with %1; %2%3.")
                 .arg(CloseCodes::describe(s.code), how, reason));
        return;
    }
    pass(how + reason);
}

void ScenarioRunner::startServe()
{
    const ScenarioStep &s = step();
    const ServerProfile *profile = byIdOrName(m_session.servers, s.server);
    if (!profile) {
        fail(Tr::tr("The session has no server \"%1\".").arg(s.server));
        return;
    }
    if (m_servers.find(s.as) != m_servers.end()) {
        fail(Tr::tr("A server is already running as \"%1\"; give this one another \"as\".")
                 .arg(s.as));
        return;
    }
    Result<ServerOptions> options = profile->toServerOptions();
    if (!options) {
        fail(options.error());
        return;
    }
    ServerOptions o = options.value();
    o.port = 0; // a free port, whatever the profile says: a run must not clash with anything
    Server &server = m_servers[s.as];
    server.server = std::make_unique<MockServer>();
    server.server->setOptions(o);
    server.server->setRules(profile->rules);
    QString error;
    if (!server.server->start(&error)) {
        m_servers.erase(s.as);
        fail(error);
        return;
    }
    const QString name = s.as;
    connect(server.server.get(), &MockServer::messageReceived, this,
            [this, name](int, bool binary, const QByteArray &data) {
                std::deque<Message> &journal = m_servers[name].journal;
                journal.push_back({binary, data});
                if (journal.size() > kMaxInbox)
                    journal.pop_front();
                recheck();
            });
    const QString url = server.server->url().toString();
    setVariable(s.as + u".url"_s, url);
    if (m_log)
        m_log->append(LogEvent::now(Direction::Lifecycle, EventType::Info,
                                    Tr::tr("Scenario: server %1 listening on %2 as {{%3.url}}.")
                                        .arg(profile->displayName(), url, s.as)
                                        .toUtf8()));
    pass(Tr::tr("listening on %1").arg(url));
}

} // namespace Sockscope
