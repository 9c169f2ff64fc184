#pragma once

#include "connection/connectionoptions.h"
#include "io/result.h"
#include "lab/labclient.h"
#include "lab/labframe.h"
#include "server/mockserver.h"
#include "server/ruleset.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <functional>

namespace Sockscope {

// A connection tab's set-up, as a session keeps it.
struct ConnectionProfile
{
    QString id; // stable within the session; tabs and the workspace refer to it
    QString name;
    QString url; // may hold {{variables}}
    ConnectionOptions options;
    // Points at the built-in echo server, whatever port it has in this run: opening the
    // session points the URL at this run's. Editing the URL makes it an ordinary connection.
    bool builtInEcho = false;
    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
    // The name; while it has none, "Built-in echo server", or the URL's host and port, or the
    // URL as typed when its host is a {{variable}}, or "Untitled connection".
    QString displayName() const;
};

// A server tab's set-up: the fields as the user typed them, and the rules.
struct ServerProfile
{
    static constexpr qint64 kDefaultMaxMessageSize = ServerOptions::kDefaultMaxMessageSize;

    QString id;
    QString name;
    QString host = QStringLiteral("127.0.0.1");
    int port = 0; // 0: any free port
    QStringList subprotocols;
    QStringList allowedOrigins; // besides pages from this machine
    bool anyOrigin = false;
    int maxClients = 0;
    qint64 maxMessageSize = kDefaultMaxMessageSize;
    qint64 maxUnsentBytes = ServerOptions::kDefaultMaxUnsentBytes; // per client; 0: no limit
    int handshakeTimeoutMs = 10'000;
    QString tlsCertificate;
    QString tlsKey;
    bool allowRemote = false;
    bool wireCapture = false; // every client's frames in its wire view
    RuleSet rules;
    friend bool operator==(const ServerProfile &a, const ServerProfile &b);
    QString displayName() const;
    // How the server listens, as MockServer takes it. A host that is not an IP address (or
    // "localhost") is a mistake, and so is one beyond loopback unless allowRemote is set:
    // binding beyond this machine is an explicit choice.
    Result<ServerOptions> toServerOptions() const;
    // Which handshakes the server will let in, as the fields stand (before it starts).
    AccessPolicy accessPolicy() const;
    // Whether a host as typed is an IP address beyond this machine (other machines may then
    // connect). "localhost", loopback addresses and text that is no address are not.
    static bool isBeyondLoopback(const QString &host);
};

// A saved message.
// A lab tab as the session keeps it: where it connects, the upgrade request as the user edited
// it, its behaviour switches, and its saved frames.
struct LabProfile
{
    QString id;
    QString name;
    QString url;
    QString handshake; // the request head as text; empty: the well-behaved one for url
    // What the well-behaved request carries beyond the URL (from the connection tab the lab
    // tab was opened on; never a secret header).
    LabHandshakeOptions handshakeOptions;
    bool autoPong = true;
    bool answerClose = true;
    bool proceedDespiteProblems = false;
    QList<LabFrame> frames;

    friend bool operator==(const LabProfile &, const LabProfile &) = default;
    // The name, or "Lab: host:port".
    QString displayName() const;
};

struct Snippet
{
    enum class Type { Text, Json, Binary };
    QString id;
    QString name;
    Type type = Type::Text;
    QByteArray payload; // UTF-8 for text and JSON
    friend bool operator==(const Snippet &, const Snippet &) = default;
};

struct Variable
{
    QString name;
    QString value;
    bool secret = false;
    friend bool operator==(const Variable &, const Variable &) = default;
};

// What a session file holds: connections, servers, snippets and variables.
struct Session
{
    QString id; // names the session's secrets in the keychain
    QList<ConnectionProfile> connections;
    QList<ServerProfile> servers;
    QList<LabProfile> labs;
    QList<Snippet> snippets;
    QList<Variable> variables;
    // The session's scenarios as the file holds them: app/scenario/ reads them (it sits above
    // the session in the layers), so a session keeps them whole without knowing their steps.
    QJsonArray scenarios;
    friend bool operator==(const Session &, const Session &) = default;

    static QString newId();
    ConnectionProfile *connection(const QString &id);
    ServerProfile *server(const QString &id);
    Snippet *snippet(const QString &id);
    LabProfile *lab(const QString &id);
    const ConnectionProfile *connection(const QString &id) const;
    const ServerProfile *server(const QString &id) const;
    const Snippet *snippet(const QString &id) const;
    const LabProfile *lab(const QString &id) const;

    // Every secret value in the session, each with a key that stays the same across saves:
    // secret header values and variables, TLS passphrases and proxy passwords.
    void forEachSecret(const std::function<void(const QString &key, QString *value)> &visit);
};

} // namespace Sockscope
