#include "sessionfile.h"

#include "io/jsonreader.h"
#include "io/savefile.h"
#include "io/secretplaceholder.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
// The translation context of this file's sentences (shared with the session types).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Session)
};

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

// A secret's value as written: the placeholder when there is one, never the value.
QJsonValue secretValue(const QString &value)
{
    return value.isEmpty() ? QString() : QString::fromLatin1(kSecretPlaceholder);
}

// What was read for a secret: nothing, since the value is elsewhere. A value that is not the
// placeholder (a hand-edited file) is taken as given.
QString readSecret(const QString &text)
{
    return text == QLatin1String(kSecretPlaceholder) ? QString() : text;
}

const char *const kProxyTypes[] = {"none", "http", "socks5"};
const char *const kSnippetTypes[] = {"text", "json", "binary"};

template<size_t N> int indexOf(const char *const (&names)[N], const QString &name)
{
    for (size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return int(i);
    }
    return -1;
}

QJsonObject connectionToJson(const ConnectionProfile &c)
{
    const ConnectionOptions &o = c.options;
    QJsonArray headers;
    for (const ConnectionOptions::Header &h : o.headers)
        headers.append(QJsonObject {{u"name"_s, h.name},
                                    {u"value"_s, h.secret ? secretValue(h.value) : h.value},
                                    {u"enabled"_s, h.enabled},
                                    {u"secret"_s, h.secret}});
    QJsonObject json {
        {u"id"_s, c.id},
        {u"name"_s, c.name},
        {u"url"_s, c.url},
        {u"headers"_s, headers},
        {u"subprotocols"_s, toArray(o.subprotocols)},
        {u"origin"_s, o.origin},
        {u"handshakeTimeoutMs"_s, o.handshakeTimeoutMs},
        {u"maxIncomingMessageSize"_s, double(o.maxIncomingMessageSize)},
        {u"maxIncomingFrameSize"_s, double(o.maxIncomingFrameSize)},
        {u"outgoingFrameSize"_s, double(o.outgoingFrameSize)},
        {u"tls"_s,
         QJsonObject {{u"caFile"_s, o.tls.caFile},
                      {u"certificateFile"_s, o.tls.certificateFile},
                      {u"keyFile"_s, o.tls.keyFile},
                      {u"passphrase"_s, secretValue(o.tls.passphrase)},
                      {u"ignoreErrors"_s, o.tls.ignoreErrors}}},
        {u"proxy"_s,
         QJsonObject {{u"type"_s, QLatin1String(kProxyTypes[int(o.proxy.type)])},
                      {u"host"_s, o.proxy.host},
                      {u"port"_s, o.proxy.port},
                      {u"user"_s, o.proxy.user},
                      {u"password"_s, secretValue(o.proxy.password)}}},
        {u"reconnect"_s,
         QJsonObject {{u"enabled"_s, o.reconnect.enabled},
                      {u"initialDelayMs"_s, o.reconnect.initialDelayMs},
                      {u"maxDelayMs"_s, o.reconnect.maxDelayMs},
                      {u"maxAttempts"_s, o.reconnect.maxAttempts}}},
        {u"keepaliveSeconds"_s, o.keepaliveSeconds},
        {u"wireCapture"_s, o.wireCapture},
        {u"onOpen"_s, toArray(o.onOpen)},
        {u"builtInEcho"_s, c.builtInEcho},
    };
    // Only a connection that uses Socket.IO mode says so: other files stay as they were.
    if (o.socketIo != SocketIoOptions())
        json.insert(u"socketIo"_s,
                    QJsonObject {{u"enabled"_s, o.socketIo.enabled},
                                 {u"path"_s, o.socketIo.path},
                                 {u"auth"_s, o.socketIo.auth}});
    return json;
}

ConnectionProfile connectionFromJson(JsonReader &r, const QJsonObject &json, const QString &place)
{
    ConnectionProfile c;
    ConnectionOptions &o = c.options;
    c.id = r.string(json, "id", place);
    c.name = r.string(json, "name", place);
    c.url = r.string(json, "url", place, {}, true);
    c.builtInEcho = r.boolean(json, "builtInEcho", place, false);
    const QJsonArray headers = r.array(json, "headers", place);
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QString at = QStringLiteral("%1.headers[%2]").arg(place).arg(i);
        const QJsonObject h = r.object(headers[i], at);
        ConnectionOptions::Header header;
        header.name = r.string(h, "name", at, {}, true);
        header.secret = r.boolean(h, "secret", at, false);
        header.value = r.string(h, "value", at);
        if (header.secret)
            header.value = readSecret(header.value);
        header.enabled = r.boolean(h, "enabled", at, true);
        o.headers << header;
    }
    o.subprotocols = r.strings(json, "subprotocols", place);
    o.origin = r.string(json, "origin", place);
    o.handshakeTimeoutMs
        = int(r.integer(json, "handshakeTimeoutMs", place,
                        ConnectionOptions::kDefaultHandshakeTimeoutMs, 100, 3'600'000));
    constexpr qint64 kTwoGiB = 2047LL << 20;
    o.maxIncomingMessageSize = r.integer(json, "maxIncomingMessageSize", place,
                                         ConnectionOptions::kDefaultMaxIncomingMessage, 1, kTwoGiB);
    o.maxIncomingFrameSize = r.integer(json, "maxIncomingFrameSize", place,
                                       ConnectionOptions::kDefaultMaxIncomingFrame, 1, kTwoGiB);
    o.outgoingFrameSize = r.integer(json, "outgoingFrameSize", place,
                                    ConnectionOptions::kDefaultOutgoingFrame, 1, kTwoGiB);
    const QString tlsPlace = place + QStringLiteral(".tls");
    const QJsonObject tls = r.object(json.value(u"tls"), tlsPlace);
    o.tls.caFile = r.string(tls, "caFile", tlsPlace);
    o.tls.certificateFile = r.string(tls, "certificateFile", tlsPlace);
    o.tls.keyFile = r.string(tls, "keyFile", tlsPlace);
    o.tls.passphrase = readSecret(r.string(tls, "passphrase", tlsPlace));
    o.tls.ignoreErrors = r.boolean(tls, "ignoreErrors", tlsPlace, false);
    const QString proxyPlace = place + QStringLiteral(".proxy");
    const QJsonObject proxy = r.object(json.value(u"proxy"), proxyPlace);
    const QString type = r.string(proxy, "type", proxyPlace, QStringLiteral("none"));
    const int typeIndex = indexOf(kProxyTypes, type);
    if (typeIndex < 0)
        r.fail(proxyPlace + QStringLiteral(".type"),
               Tr::tr("“%1” is not none, http or socks5").arg(type));
    o.proxy.type = ConnectionOptions::Proxy::Type(qMax(0, typeIndex));
    o.proxy.host = r.string(proxy, "host", proxyPlace);
    o.proxy.port = int(r.integer(proxy, "port", proxyPlace, 0, 0, 65535));
    o.proxy.user = r.string(proxy, "user", proxyPlace);
    o.proxy.password = readSecret(r.string(proxy, "password", proxyPlace));
    const QString reconnectPlace = place + QStringLiteral(".reconnect");
    const QJsonObject reconnect = r.object(json.value(u"reconnect"), reconnectPlace);
    const ConnectionOptions::Reconnect defaults;
    o.reconnect.enabled = r.boolean(reconnect, "enabled", reconnectPlace, false);
    o.reconnect.initialDelayMs = int(r.integer(reconnect, "initialDelayMs", reconnectPlace,
                                               defaults.initialDelayMs, 100, 3'600'000));
    o.reconnect.maxDelayMs = int(
        r.integer(reconnect, "maxDelayMs", reconnectPlace, defaults.maxDelayMs, 100, 86'400'000));
    o.reconnect.maxAttempts = int(
        r.integer(reconnect, "maxAttempts", reconnectPlace, defaults.maxAttempts, 0, 1'000'000));
    o.keepaliveSeconds = int(r.integer(json, "keepaliveSeconds", place, 0, 0, 86'400));
    o.wireCapture = r.boolean(json, "wireCapture", place, ConnectionOptions().wireCapture);
    o.onOpen = r.strings(json, "onOpen", place);
    if (json.contains(u"socketIo")) {
        const QString socketIoPlace = place + QStringLiteral(".socketIo");
        const QJsonObject socketIo = r.object(json.value(u"socketIo"), socketIoPlace);
        const SocketIoOptions defaults;
        o.socketIo.enabled = r.boolean(socketIo, "enabled", socketIoPlace, false);
        o.socketIo.path = r.string(socketIo, "path", socketIoPlace, defaults.path);
        o.socketIo.auth = r.string(socketIo, "auth", socketIoPlace);
    }
    return c;
}

QJsonObject serverToJson(const ServerProfile &s)
{
    return {
        {u"id"_s, s.id},
        {u"name"_s, s.name},
        {u"host"_s, s.host},
        {u"port"_s, s.port},
        {u"subprotocols"_s, toArray(s.subprotocols)},
        {u"allowedOrigins"_s, toArray(s.allowedOrigins)},
        {u"anyOrigin"_s, s.anyOrigin},
        {u"maxClients"_s, s.maxClients},
        {u"maxMessageSize"_s, double(s.maxMessageSize)},
        {u"maxUnsentBytes"_s, double(s.maxUnsentBytes)},
        {u"handshakeTimeoutMs"_s, s.handshakeTimeoutMs},
        {u"tlsCertificate"_s, s.tlsCertificate},
        {u"tlsKey"_s, s.tlsKey},
        {u"allowRemote"_s, s.allowRemote},
        {u"wireCapture"_s, s.wireCapture},
        {u"rules"_s, s.rules.toJson()},
    };
}

ServerProfile serverFromJson(JsonReader &r, const QJsonObject &json, const QString &place)
{
    ServerProfile s;
    s.id = r.string(json, "id", place);
    s.name = r.string(json, "name", place);
    s.host = r.string(json, "host", place, s.host);
    s.port = int(r.integer(json, "port", place, 0, 0, 65535));
    s.subprotocols = r.strings(json, "subprotocols", place);
    s.allowedOrigins = r.strings(json, "allowedOrigins", place);
    s.anyOrigin = r.boolean(json, "anyOrigin", place, false);
    s.maxClients = int(r.integer(json, "maxClients", place, 0, 0, 1'000'000));
    s.maxMessageSize = r.integer(json, "maxMessageSize", place,
                                 ServerProfile::kDefaultMaxMessageSize, 1, 2047LL << 20);
    s.maxUnsentBytes = r.integer(json, "maxUnsentBytes", place,
                                 ServerOptions::kDefaultMaxUnsentBytes, 0, 2047LL << 20);
    s.handshakeTimeoutMs
        = int(r.integer(json, "handshakeTimeoutMs", place, 10'000, 100, 3'600'000));
    s.tlsCertificate = r.string(json, "tlsCertificate", place);
    s.tlsKey = r.string(json, "tlsKey", place);
    s.allowRemote = r.boolean(json, "allowRemote", place, false);
    s.wireCapture = r.boolean(json, "wireCapture", place, false);
    const QJsonValue rules = json.value(u"rules");
    if (!rules.isUndefined()) {
        QString error;
        if (!rules.isObject())
            r.fail(place + QStringLiteral(".rules"), Tr::tr("expected an object"));
        else if (!RuleSet::fromJson(QJsonDocument(rules.toObject()).toJson(), &s.rules, &error))
            r.fail(place + QStringLiteral(".rules"), error);
    }
    return s;
}

QJsonObject snippetToJson(const Snippet &s)
{
    QJsonObject json {{u"id"_s, s.id},
                      {u"name"_s, s.name},
                      {u"type"_s, QLatin1String(kSnippetTypes[int(s.type)])}};
    if (s.type == Snippet::Type::Binary)
        json.insert(u"base64"_s, QString::fromLatin1(s.payload.toBase64()));
    else
        json.insert(u"text"_s, QString::fromUtf8(s.payload));
    return json;
}

Snippet snippetFromJson(JsonReader &r, const QJsonObject &json, const QString &place)
{
    Snippet s;
    s.id = r.string(json, "id", place);
    s.name = r.string(json, "name", place);
    const QString type = r.string(json, "type", place, QStringLiteral("text"));
    const int typeIndex = indexOf(kSnippetTypes, type);
    if (typeIndex < 0)
        r.fail(place + QStringLiteral(".type"),
               Tr::tr("“%1” is not text, json or binary").arg(type));
    s.type = Snippet::Type(qMax(0, typeIndex));
    if (s.type == Snippet::Type::Binary) {
        s.payload = r.base64(json, "base64", place, true);
    } else {
        s.payload = r.string(json, "text", place, {}, true).toUtf8();
    }
    return s;
}

// Version 0 is the unversioned draft layout: headers as one object of name to value, and
// saved messages under "messages" as {name, text}. Everything else is as in version 1.
QJsonObject migrateFrom0(QJsonObject root)
{
    QJsonArray connections = root.value(u"connections").toArray();
    for (qsizetype i = 0; i < connections.size(); ++i) {
        QJsonObject c = connections[i].toObject();
        const QJsonValue headers = c.value(u"headers");
        if (headers.isObject()) {
            QJsonArray list;
            const QJsonObject map = headers.toObject();
            for (auto it = map.begin(); it != map.end(); ++it)
                list.append(QJsonObject {{u"name"_s, it.key()}, {u"value"_s, it.value()}});
            c.insert(u"headers"_s, list);
        }
        connections[i] = c;
    }
    root.insert(u"connections"_s, connections);
    if (root.contains(u"messages")) {
        QJsonArray snippets;
        const QJsonArray messages = root.value(u"messages").toArray();
        for (const QJsonValue &m : messages) {
            QJsonObject snippet = m.toObject();
            snippet.insert(u"type"_s, u"text"_s);
            snippets.append(snippet);
        }
        root.insert(u"snippets"_s, snippets);
        root.remove(u"messages"_s);
    }
    root.insert(u"version"_s, 1);
    return root;
}

// Gives every item an id, so tabs and the workspace can refer to it.
QJsonObject labToJson(const LabProfile &l)
{
    QJsonArray frames;
    for (const LabFrame &f : l.frames)
        frames.append(f.toJson());
    QJsonObject o {{u"id"_s, l.id},
                   {u"name"_s, l.name},
                   {u"url"_s, l.url},
                   {u"autoPong"_s, l.autoPong},
                   {u"answerClose"_s, l.answerClose},
                   {u"proceedDespiteProblems"_s, l.proceedDespiteProblems},
                   {u"frames"_s, frames}};
    if (!l.handshake.isEmpty())
        o.insert(u"handshake"_s, l.handshake);
    const LabHandshakeOptions &h = l.handshakeOptions;
    if (!h.origin.isEmpty())
        o.insert(u"origin"_s, h.origin);
    if (!h.subprotocols.isEmpty())
        o.insert(u"subprotocols"_s, QJsonArray::fromStringList(h.subprotocols));
    if (!h.headers.isEmpty()) {
        QJsonArray headers;
        for (const auto &[name, value] : h.headers)
            headers.append(QJsonObject {{u"name"_s, name}, {u"value"_s, value}});
        o.insert(u"headers"_s, headers);
    }
    return o;
}

LabProfile labFromJson(JsonReader &r, const QJsonObject &json, const QString &place)
{
    LabProfile l;
    l.id = r.string(json, "id", place);
    l.name = r.string(json, "name", place);
    l.url = r.string(json, "url", place);
    l.handshake = r.string(json, "handshake", place);
    l.autoPong = r.boolean(json, "autoPong", place, true);
    l.answerClose = r.boolean(json, "answerClose", place, true);
    l.proceedDespiteProblems = r.boolean(json, "proceedDespiteProblems", place, false);
    l.handshakeOptions.origin = r.string(json, "origin", place);
    l.handshakeOptions.subprotocols = r.strings(json, "subprotocols", place);
    const QJsonArray headers = r.array(json, "headers", place);
    for (qsizetype i = 0; i < headers.size() && r.ok(); ++i) {
        const QString headerPlace = place + QStringLiteral(".headers[%1]").arg(i);
        const QJsonObject h = r.object(headers[i], headerPlace);
        l.handshakeOptions.headers.append(
            {r.string(h, "name", headerPlace, {}, true), r.string(h, "value", headerPlace)});
    }
    const QJsonArray frames = r.array(json, "frames", place);
    for (qsizetype i = 0; i < frames.size() && r.ok(); ++i) {
        const QString framePlace = place + QStringLiteral(".frames[%1]").arg(i);
        l.frames << LabFrame::fromJson(r, r.object(frames[i], framePlace), framePlace);
    }
    return l;
}

template<typename T> void fillIds(QList<T> &items)
{
    for (T &item : items) {
        if (item.id.isEmpty())
            item.id = Session::newId();
    }
}

} // namespace

namespace SessionFile {

QByteArray toJson(const Session &session)
{
    // QJsonObject keeps keys sorted, so the same session always gives the same bytes.
    return QJsonDocument(toJsonObject(session)).toJson(QJsonDocument::Indented);
}

QJsonObject toJsonObject(const Session &session)
{
    QJsonArray connections, servers, labs, snippets, variables;
    for (const ConnectionProfile &c : session.connections)
        connections.append(connectionToJson(c));
    for (const ServerProfile &s : session.servers)
        servers.append(serverToJson(s));
    for (const LabProfile &l : session.labs)
        labs.append(labToJson(l));
    for (const Snippet &s : session.snippets)
        snippets.append(snippetToJson(s));
    for (const Variable &v : session.variables)
        variables.append(QJsonObject {{u"name"_s, v.name},
                                      {u"value"_s, v.secret ? secretValue(v.value) : v.value},
                                      {u"secret"_s, v.secret}});
    const int version = !session.scenarios.isEmpty() ? 3 : !session.labs.isEmpty() ? 2 : 1;
    QJsonObject root {{u"version"_s, version},         {u"id"_s, session.id},
                      {u"connections"_s, connections}, {u"servers"_s, servers},
                      {u"snippets"_s, snippets},       {u"variables"_s, variables}};
    if (!labs.isEmpty())
        root.insert(u"labs"_s, labs);
    if (!session.scenarios.isEmpty())
        root.insert(u"scenarios"_s, session.scenarios);
    return root;
}

bool fromJson(const QByteArray &json, Session *out, QString *error)
{
    QJsonObject root;
    return JsonFiles::parseObject(json, &root, error) && fromJsonObject(root, out, error);
}

bool fromJsonObject(QJsonObject root, Session *out, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QJsonValue version = root.value(u"version");
    if (version.isUndefined()) {
        root = migrateFrom0(root);
    } else if (!version.isDouble() || version.toDouble() != double(version.toInt())
               || version.toInt() < 1) {
        return fail(Tr::tr("version: expected a whole number from 1"));
    } else if (version.toInt() > kVersion) {
        return fail(Tr::tr("written by a newer Sockscope (session version %1); this version reads "
                           "version %2 and older. Update Sockscope to open it.")
                        .arg(version.toInt())
                        .arg(kVersion));
    }

    JsonReader r;
    Session session;
    session.id = r.string(root, "id", QStringLiteral("session"));
    const QJsonArray connections = r.array(root, "connections", QStringLiteral("session"));
    for (qsizetype i = 0; i < connections.size() && r.ok(); ++i) {
        const QString place = QStringLiteral("connections[%1]").arg(i);
        session.connections << connectionFromJson(r, r.object(connections[i], place), place);
    }
    const QJsonArray servers = r.array(root, "servers", QStringLiteral("session"));
    for (qsizetype i = 0; i < servers.size() && r.ok(); ++i) {
        const QString place = QStringLiteral("servers[%1]").arg(i);
        session.servers << serverFromJson(r, r.object(servers[i], place), place);
    }
    const QJsonArray labs = r.array(root, "labs", QStringLiteral("session"));
    for (qsizetype i = 0; i < labs.size() && r.ok(); ++i) {
        const QString place = QStringLiteral("labs[%1]").arg(i);
        session.labs << labFromJson(r, r.object(labs[i], place), place);
    }
    // Kept whole: app/scenario/ reads their steps, and says where a mistake is.
    session.scenarios = r.array(root, "scenarios", QStringLiteral("session"));
    const QJsonArray snippets = r.array(root, "snippets", QStringLiteral("session"));
    for (qsizetype i = 0; i < snippets.size() && r.ok(); ++i) {
        const QString place = QStringLiteral("snippets[%1]").arg(i);
        session.snippets << snippetFromJson(r, r.object(snippets[i], place), place);
    }
    const QJsonArray variables = r.array(root, "variables", QStringLiteral("session"));
    for (qsizetype i = 0; i < variables.size() && r.ok(); ++i) {
        const QString place = QStringLiteral("variables[%1]").arg(i);
        const QJsonObject v = r.object(variables[i], place);
        Variable variable;
        variable.name = r.string(v, "name", place, {}, true);
        variable.secret = r.boolean(v, "secret", place, false);
        variable.value = r.string(v, "value", place);
        if (variable.secret)
            variable.value = readSecret(variable.value);
        session.variables << variable;
    }
    if (!r.ok())
        return fail(r.error());
    if (session.id.isEmpty())
        session.id = Session::newId();
    fillIds(session.connections);
    fillIds(session.servers);
    fillIds(session.labs);
    fillIds(session.snippets);
    *out = std::move(session);
    return true;
}

bool load(const QString &path, Session *out, QString *error)
{
    return JsonFiles::load(
        path, kMaxBytes,
        [out](const QByteArray &data, QString *problem) { return fromJson(data, out, problem); },
        Tr::tr("%1 is not a session Sockscope can open: %2."), error);
}

bool save(const QString &path, const Session &session, QString *error)
{
    return saveWithMessage(path, toJson(session), error);
}

} // namespace SessionFile

} // namespace Sockscope
