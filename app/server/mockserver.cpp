#include "mockserver.h"

#include "decoders/decoderregistry.h"
#include "decoders/jsonvalue.h"
#include "decoders/socketio/socketiodecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "net/tlsfiles.h"
#include "serverconnection.h"
#include "websocketlistener.h"

#include "websocket/closecodes.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

namespace Sockscope {

namespace {
constexpr int kShutdownGraceMs = 1500;
constexpr int kListenBacklog = 1024;

QString peerOf(const ServerConnection *socket)
{
    return WebSocketListener::peerText(socket->peerAddress(), socket->peerPort());
}

bool readTls(const ServerOptions &o, QSslConfiguration *config, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (o.tlsCertificatePath.isEmpty() || o.tlsKeyPath.isEmpty())
        return fail(MockServer::tr("TLS needs both a certificate file and a key file"));
    const Result<TlsFiles::Identity> identity
        = TlsFiles::readIdentity(o.tlsCertificatePath, o.tlsKeyPath, {});
    if (!identity)
        return fail(identity.error());
    *config = QSslConfiguration::defaultConfiguration();
    config->setLocalCertificateChain(identity->fullChain());
    config->setPrivateKey(identity->key);
    config->setPeerVerifyMode(QSslSocket::VerifyNone);
    return true;
}
} // namespace

MockServer::MockServer(QObject *parent)
    : QObject(parent)
{ }

MockServer::~MockServer()
{
    // Each client takes its TCP socket with it (WebSocketListener gives it to the client).
    for (const AcceptedSocket &c : std::as_const(m_clients)) {
        c.socket->disconnect(this);
        c.socket->abort();
        delete c.socket;
    }
    qDeleteAll(findChildren<ServerConnection *>(QString(), Qt::FindDirectChildrenOnly));
}

void MockServer::setRules(const RuleSet &rules)
{
    m_rules = rules;
    m_ruleCounters.assign(m_rules.rules.size(), 0);
    if (isListening())
        startTimers();
}

bool MockServer::start(QString *error)
{
    if (isListening()) {
        if (error)
            *error = tr("the server is already listening");
        return false;
    }
    WebSocketListener::Options listen;
    listen.policy = m_options.accessPolicy();
    listen.subprotocols = m_options.subprotocols;
    listen.handshakeTimeoutMs = m_options.handshakeTimeoutMs;
    listen.backlog = kListenBacklog;
    if (m_options.usesTls()) {
        QSslConfiguration tls;
        if (!readTls(m_options, &tls, error))
            return false;
        listen.tls = tls;
    }
    auto server = std::make_unique<WebSocketListener>(listen);
    QString why;
    // Port 0 after a run: the port it had, so that a restart keeps the URL clients know.
    const bool reused = m_options.port == 0 && m_lastPort != 0
        && server->listen(m_options.host, m_lastPort, &why);
    if (!reused && !server->listen(m_options.host, m_options.port, &why)) {
        if (error) {
            *error = tr("cannot listen on %1:%2: %3")
                         .arg(m_options.host.toString())
                         .arg(m_options.port)
                         .arg(why);
        }
        return false;
    }
    connect(server.get(), &WebSocketListener::newConnection, this, &MockServer::onNewConnection);
    connect(server.get(), &WebSocketListener::refused, this, &MockServer::clientRefused);
    m_server = std::move(server);
    m_lastPort = m_server->serverPort();
    m_stopping = false;
    m_ruleCounters.assign(m_rules.rules.size(), 0);
    m_fallbackCounter = 0;
    m_greetingCounter = 0;
    startTimers();
    return true;
}

bool MockServer::isListening() const
{
    return m_server && m_server->isListening();
}

QUrl MockServer::url() const
{
    if (!isListening())
        return {};
    QUrl url;
    url.setScheme(m_options.usesTls() ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(m_server->serverAddress().toString());
    url.setPort(m_server->serverPort());
    return url;
}

QList<int> MockServer::clientIds() const
{
    QList<int> ids = m_clients.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

const MockServer::Client *MockServer::client(int id) const
{
    const auto it = m_clients.constFind(id);
    return it == m_clients.cend() ? nullptr : &it->info;
}

void MockServer::onNewConnection()
{
    while (ServerConnection *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &ServerConnection::disconnected, socket, &QObject::deleteLater);
        if (m_stopping) {
            socket->close(CloseCodes::GoingAway, tr("server shutting down"));
            socket->start();
            continue;
        }
        if (m_options.maxClients > 0 && m_clients.size() >= m_options.maxClients) {
            emit clientRefused(peerOf(socket),
                               tr("the server is full (%1 clients)").arg(m_options.maxClients));
            socket->close(CloseCodes::TryAgainLater, tr("server is full"));
            socket->start();
            continue;
        }
        socket->setMaxMessageSize(m_options.maxMessageSize);
        socket->setWireCapture(m_options.wireCapture);
        const HandshakeRequest &request = socket->request();
        const int id = m_nextId++;
        AcceptedSocket c;
        c.socket = socket;
        c.info.id = id;
        c.info.address = peerOf(socket);
        c.info.path = QString::fromLatin1(request.target);
        c.info.origin = QString::fromLatin1(request.header("Origin").value_or(QByteArray()));
        c.info.subprotocol = QString::fromLatin1(socket->subprotocol());
        c.info.headers = request.headers;
        c.info.connectedAtMs = QDateTime::currentMSecsSinceEpoch();
        m_clients.insert(id, c);

        connect(socket, &ServerConnection::messageReceived, this,
                [this, id](bool binary, const QByteArray &data) {
                    binary ? onBinary(id, data) : onText(id, data);
                });
        connect(socket, &ServerConnection::protocolError, this,
                [this, id, socket](const QString &why) {
                    emitWire(id, socket);
                    emit clientWarning(id, why);
                });
        connect(socket, &ServerConnection::controlFrame, this,
                [this, id, socket](bool fromClient, quint8 opcode, const QByteArray &payload,
                                   bool automatic) {
                    emitWire(id, socket);
                    emit controlFrame(id, fromClient, opcode, payload, automatic);
                });
        connect(socket, &ServerConnection::disconnected, this, [this, id] { onGone(id); });
        emitWire(id, socket);
        emit clientConnected(id);

        if (!m_rules.greeting.isEmpty()) {
            TemplateContext context = contextFor(c.info);
            context.counter = ++m_greetingCounter;
            sendTo(id, MessageTemplate::render(m_rules.greeting, context));
        }
        if (!m_rules.greetings.empty())
            sendAnswer(id, m_rules.greetings, contextFor(c.info));
        socket->start();
    }
}

QString MockServer::Client::handshakeText() const
{
    QString text = QStringLiteral("GET %1 HTTP/1.1\n").arg(path);
    for (const auto &[name, value] : headers)
        text += QString::fromLatin1(name) + u": " + QString::fromLatin1(value) + u'\n';
    return text;
}

QUrl MockServer::urlOf(const QUrl &serverUrl, const Client &client)
{
    return QUrl(serverUrl.toString() + client.path);
}

TemplateContext MockServer::contextFor(const Client &client) const
{
    TemplateContext context;
    context.clientId = client.id;
    context.clientAddress = client.address;
    context.timestampMs = QDateTime::currentMSecsSinceEpoch();
    return context;
}

void MockServer::later(int delayMs, std::function<void()> action)
{
    if (delayMs <= 0)
        action();
    else
        QTimer::singleShot(delayMs, this, std::move(action));
}

void MockServer::onText(int id, const QByteArray &bytes)
{
    const auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    const QString text = QString::fromUtf8(bytes);
    ++it->info.messagesIn;
    it->info.bytesIn += bytes.size();
    emitWire(id, it->socket);
    emit messageReceived(id, false, bytes);

    // Rules on decoded fields read the message as the client's log does: by its path and
    // subprotocol, else by what it looks like.
    Decoded decoded;
    if (m_rules.needsDecoding()) {
        const DecoderRegistry &registry = DecoderRegistry::standard();
        DecodeContext decodeContext;
        decodeContext.treeBudget = DecodeContext::kFieldsOnly;
        decoded = registry.decode(
            bytes, decodeContext,
            registry.forConnection(it->info.subprotocol, urlOf(it->info).toString()));
    }
    const RuleSet::Match match = m_rules.match(text, decoded.isEmpty() ? nullptr : &decoded);
    for (const int rule : match.gaveUp) {
        emit clientWarning(id,
                           tr("rule %1's regex gave up on this message (too much "
                              "backtracking: PCRE2's match limit), so it did not match")
                               .arg(rule + 1));
    }
    TemplateContext context = contextFor(it->info);
    context.message = text;
    context.captures = match.captures;
    context.json = match.json;
    if (match.rule < 0) {
        switch (m_rules.fallback) {
        case RuleSet::Fallback::Echo:
            sendTo(id, bytes);
            break;
        case RuleSet::Fallback::None:
            break;
        case RuleSet::Fallback::Reply:
            context.counter = ++m_fallbackCounter;
            sendTo(id, MessageTemplate::render(m_rules.fallbackReply, context));
            break;
        }
        return;
    }
    const RuleSet::Rule &rule = m_rules.rules[size_t(match.rule)];
    context.counter = ++m_ruleCounters[size_t(match.rule)];
    switch (rule.action) {
    case RuleSet::Rule::ActionKind::Reply:
        later(rule.delayMs, [this, id, reply = MessageTemplate::render(rule.templ, context)] {
            sendTo(id, reply);
        });
        break;
    case RuleSet::Rule::ActionKind::Broadcast:
        later(rule.delayMs, [this, message = MessageTemplate::render(rule.templ, context)] {
            broadcast(message);
        });
        break;
    case RuleSet::Rule::ActionKind::Close:
        later(rule.delayMs, [this, id, code = rule.closeCode, reason = rule.closeReason] {
            kick(id, code, reason);
        });
        break;
    case RuleSet::Rule::ActionKind::Ack:
    case RuleSet::Rule::ActionKind::Result: {
        QString why;
        const QString answer
            = protocolAnswer(rule, decoded, MessageTemplate::render(rule.templ, context), &why);
        if (answer.isEmpty())
            emit clientWarning(id, tr("rule %1 did not answer: %2").arg(match.rule + 1).arg(why));
        else
            later(rule.delayMs, [this, id, answer] { sendTo(id, answer); });
        break;
    }
    case RuleSet::Rule::ActionKind::Answers: {
        size_t n = size_t(context.counter - 1);
        if (rule.loop)
            n %= rule.answers.size();
        if (n < rule.answers.size())
            sendAnswer(id, rule.answers[n], context);
        else
            emit clientWarning(id,
                               tr("rule %1 has given all %2 of its recorded answers, so it "
                                  "answered nothing")
                                   .arg(match.rule + 1)
                                   .arg(rule.answers.size()));
        break;
    }
    }
}

QString MockServer::protocolAnswer(const RuleSet::Rule &rule, const Decoded &decoded,
                                   const QString &rendered, QString *why)
{
    const QJsonValue value = JsonValue::parse(rendered.toUtf8());
    if (rule.action == RuleSet::Rule::ActionKind::Ack) {
        const QString ack = decoded.field(u"ack");
        if (ack.isEmpty() || decoded.field(u"event").isEmpty()) {
            *why = tr("an ack answers a Socket.IO emit that asks for one, and this message is "
                      "not one");
            return {};
        }
        SocketIoPacket packet;
        packet.type = SocketIoPacket::Ack;
        packet.nsp = decoded.field(u"namespace");
        packet.ackId = ack.toLongLong();
        const QJsonArray args = value.isArray() ? value.toArray()
            : value.isUndefined()               ? QJsonArray {rendered}
                                                : QJsonArray {value};
        packet.data = QJsonDocument(args).toJson(QJsonDocument::Compact);
        return packet.toMessage();
    }
    // A JSON-RPC result, with the request's own id (a number or a string, as it came).
    const QJsonObject request = decoded.value.toObject();
    if (decoded.field(u"kind") != u"request" || !request.contains(u"id")) {
        *why = tr("a result answers a JSON-RPC request with an id, and this message is not one");
        return {};
    }
    QJsonObject response {
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("id"), request.value(u"id")},
        {QStringLiteral("result"), value.isUndefined() ? QJsonValue(rendered) : value}};
    return QString::fromUtf8(QJsonDocument(response).toJson(QJsonDocument::Compact));
}

void MockServer::sendAnswer(int id, const RuleSet::Answer &answer, const TemplateContext &context)
{
    for (const RuleSet::Send &send : answer) {
        switch (send.kind) {
        case RuleSet::Send::Kind::Text:
            later(send.delayMs, [this, id, text = MessageTemplate::render(send.templ, context)] {
                sendTo(id, text);
            });
            break;
        case RuleSet::Send::Kind::Literal:
            later(send.delayMs, [this, id, text = send.templ] { sendTo(id, text); });
            break;
        case RuleSet::Send::Kind::Binary:
            later(send.delayMs, [this, id, bytes = send.bytes] { sendBinary(id, bytes); });
            break;
        case RuleSet::Send::Kind::Close:
            later(send.delayMs, [this, id, code = send.closeCode, reason = send.closeReason] {
                kick(id, code, reason);
            });
            break;
        }
    }
}

void MockServer::onBinary(int id, const QByteArray &data)
{
    const auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    ++it->info.messagesIn;
    it->info.bytesIn += data.size();
    emitWire(id, it->socket);
    emit messageReceived(id, true, data);
    // Binary messages never match text rules; only the echo fallback answers them.
    if (m_rules.fallback == RuleSet::Fallback::Echo)
        sendBinary(id, data);
}

void MockServer::sendTo(int id, const QByteArray &utf8)
{
    const auto it = m_clients.find(id);
    if (it == m_clients.end() || !mayQueueFor(id, *it) || !it->socket->sendText(utf8))
        return;
    ++it->info.messagesOut;
    it->info.bytesOut += utf8.size();
    emitWire(id, it->socket);
    emit messageSent(id, false, utf8);
}

bool MockServer::mayQueueFor(int id, AcceptedSocket &client)
{
    if (client.closedByServer)
        return false; // being dropped or closed
    const qint64 unsent = client.socket->bytesToWrite();
    if (m_options.maxUnsentBytes <= 0 || unsent <= m_options.maxUnsentBytes)
        return true;
    client.closedByServer = true;
    client.dropped = true;
    emitWire(id, client.socket);
    emit clientDropped(
        id,
        tr("Dropped client #%1: it is not reading what it is sent (%2 B unsent, over the limit "
           "of %3 B per client). Other clients are served as before.")
            .arg(id)
            .arg(QLocale::system().toString(unsent),
                 QLocale::system().toString(m_options.maxUnsentBytes)));
    // A close frame would wait behind what the client never reads; the buffer must go now.
    client.socket->abort();
    return false;
}

void MockServer::broadcast(const QString &text)
{
    for (const int id : clientIds()) {
        sendTo(id, text);
        // Write now rather than on the socket's next write notification: with thousands of
        // clients, a broadcast would otherwise wait for thousands of event-loop wakeups.
        if (const auto it = m_clients.constFind(id); it != m_clients.cend())
            it->socket->flush();
    }
}

bool MockServer::sendText(int clientId, const QString &text, QString *error)
{
    if (clientId == 0) {
        if (m_clients.isEmpty()) {
            if (error)
                *error = tr("No clients are connected.");
            return false;
        }
        broadcast(text);
        return true;
    }
    if (!m_clients.contains(clientId)) {
        if (error)
            *error = tr("Client #%1 is not connected.").arg(clientId);
        return false;
    }
    sendTo(clientId, text);
    return true;
}

bool MockServer::sendBinary(int clientId, const QByteArray &data, QString *error)
{
    const QList<int> ids = clientId == 0 ? clientIds() : QList<int> {clientId};
    bool sent = false;
    for (const int id : ids) {
        const auto it = m_clients.find(id);
        if (it == m_clients.end() || !mayQueueFor(id, *it) || !it->socket->sendBinary(data))
            continue;
        ++it->info.messagesOut;
        it->info.bytesOut += data.size();
        emitWire(id, it->socket);
        emit messageSent(id, true, data);
        sent = true;
    }
    if (!sent && error) {
        *error = clientId == 0 ? tr("No clients are connected.")
                               : tr("Client #%1 is not connected.").arg(clientId);
    }
    return sent;
}

bool MockServer::kick(int clientId, int code, const QString &reason, QString *error)
{
    const auto it = m_clients.find(clientId);
    if (it == m_clients.end()) {
        if (error)
            *error = tr("Client #%1 is not connected.").arg(clientId);
        return false;
    }
    if (!CloseCodes::isSendable(code)) {
        if (error)
            *error = tr("%1 cannot be sent in a close frame.").arg(code);
        return false;
    }
    it->closedByServer = true;
    it->socket->close(code, reason);
    return true;
}

void MockServer::onGone(int id)
{
    const auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    const AcceptedSocket c = *it;
    m_clients.erase(it);
    // A dropped client saw no close frame.
    const int code = c.dropped ? CloseCodes::AbnormalClosure : c.socket->closeCode();
    emitWire(id, c.socket);
    emit clientDisconnected(id, code, c.dropped ? QString() : c.socket->closeReason(),
                            c.closedByServer);
    if (m_stopping && m_clients.isEmpty())
        finishStop();
}

LogEvent MockServer::controlRow(bool fromClient, quint8 opcode, const QByteArray &payload,
                                bool automatic)
{
    LogEvent row = LogEvent::now(fromClient ? Direction::Received : Direction::Sent,
                                 opcode == 0x9 ? EventType::Ping : EventType::Pong, payload);
    row.automatic = automatic;
    return row;
}

void MockServer::emitWire(int id, ServerConnection *socket)
{
    if (socket->capturesWire()) {
        if (std::vector<WireLog::Frame> frames = socket->takeWire(); !frames.empty())
            emit wireSeen(id, frames);
    }
}

void MockServer::startTimers()
{
    m_timers.clear();
    for (const RuleSet::Timer &t : m_rules.timers) {
        auto timer = std::make_unique<QTimer>();
        timer->setInterval(t.everyMs);
        connect(timer.get(), &QTimer::timeout, this,
                [this, templ = t.broadcast, counter = qint64(0)]() mutable {
                    ++counter;
                    for (const int id : clientIds()) {
                        TemplateContext context = contextFor(m_clients.constFind(id)->info);
                        context.counter = counter;
                        sendTo(id, MessageTemplate::render(templ, context));
                    }
                });
        timer->start();
        m_timers.push_back(std::move(timer));
    }
}

void MockServer::stop()
{
    if (!m_server || m_stopping)
        return;
    m_stopping = true;
    m_timers.clear();
    m_server->close();
    if (m_clients.isEmpty()) {
        QTimer::singleShot(0, this, &MockServer::finishStop);
        return;
    }
    for (AcceptedSocket &c : m_clients) {
        c.closedByServer = true;
        c.socket->close(CloseCodes::GoingAway, tr("server shutting down"));
    }
    QTimer::singleShot(kShutdownGraceMs, this, [this] {
        for (const AcceptedSocket &c : std::as_const(m_clients))
            c.socket->abort();
        finishStop();
    });
}

void MockServer::finishStop()
{
    if (!m_stopping)
        return;
    m_stopping = false;
    // m_server stays (closed) until the next start: sockets it accepted may still be on their
    // way out through deleteLater().
    emit stopped();
}

void PendingWire::add(int id, const std::vector<WireLog::Frame> &frames)
{
    std::vector<WireLog::Frame> &pending = m_frames[id];
    pending.insert(pending.end(), frames.begin(), frames.end());
}

void PendingWire::attachTo(int id, LogEvent &row)
{
    if (const auto it = m_frames.find(id); it != m_frames.end())
        row.wire = std::exchange(it.value(), {});
}

} // namespace Sockscope
