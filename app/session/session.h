#pragma once

#include "connection/connectionoptions.h"
#include "io/secretplaceholder.h"
#include "server/ruleset.h"

#include <QByteArray>
#include <QJsonObject>
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
    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
    // The name, or the URL's host and port while it has none.
    QString displayName() const;
};

// A server tab's set-up: the fields as the user typed them, and the rules.
struct ServerProfile
{
    static constexpr qint64 kDefaultMaxMessageSize = 16 * 1024 * 1024;

    QString id;
    QString name;
    QString host = QStringLiteral("127.0.0.1");
    int port = 0; // 0: any free port
    QStringList subprotocols;
    QStringList allowedOrigins;
    int maxClients = 0;
    qint64 maxMessageSize = kDefaultMaxMessageSize;
    int handshakeTimeoutMs = 10'000;
    QString tlsCertificate;
    QString tlsKey;
    bool allowRemote = false;
    RuleSet rules;
    friend bool operator==(const ServerProfile &a, const ServerProfile &b);
    QString displayName() const;
};

// A saved message.
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
    QList<Snippet> snippets;
    QList<Variable> variables;
    friend bool operator==(const Session &, const Session &) = default;

    static QString newId();
    ConnectionProfile *connection(const QString &id);
    ServerProfile *server(const QString &id);
    Snippet *snippet(const QString &id);
    const ConnectionProfile *connection(const QString &id) const;
    const ServerProfile *server(const QString &id) const;
    const Snippet *snippet(const QString &id) const;

    // Every secret value in the session, each with a key that stays the same across saves:
    // secret header values and variables, TLS passphrases and proxy passwords.
    void forEachSecret(const std::function<void(const QString &key, QString *value)> &visit);
};

// {{name}} substitution, done when a value is used, never in what is stored.
namespace Variables {
// Replaces each {{name}} (spaces inside the braces allowed) by its value. Names that are not
// defined are left as they are and added to *unknown, once each.
QString substitute(const QString &text, const QList<Variable> &variables,
                   QStringList *unknown = nullptr);
// "Unknown variable {{host}}" or "Unknown variables {{a}}, {{b}}", to show the user.
QString unknownMessage(const QStringList &unknown);
} // namespace Variables

// Session files (*.sockscope.json): versioned JSON with sorted keys and fixed indentation, so
// a saved file diffs cleanly. Secret values are written as a placeholder, never in plain text.
namespace SessionFile {
constexpr int kVersion = 1;
constexpr qint64 kMaxBytes = 32LL * 1024 * 1024;

QByteArray toJson(const Session &session);
// Reads version kVersion, and migrates older ones. False with a sentence in *error naming the
// place ("connections[2].url: expected a string") or the version needed.
bool fromJson(const QByteArray &json, Session *out, QString *error);
bool load(const QString &path, Session *out, QString *error);
// The same, as a JSON object (a workspace file holds its session this way).
QJsonObject toJsonObject(const Session &session);
bool fromJsonObject(QJsonObject root, Session *out, QString *error);
// Writes through QSaveFile: a failure leaves the previous file as it was.
bool save(const QString &path, const Session &session, QString *error);
} // namespace SessionFile

// Writes data to path atomically (see saveAtomically). False with a sentence naming the file and
// the problem (a read-only folder, a missing folder, a full disk).
bool saveWithMessage(const QString &path, const QByteArray &data, QString *error);
// Parses JSON whose top is an object; false with a sentence ("not valid JSON at byte 12 (...)")
// in *error.
bool parseJsonObject(const QByteArray &json, QJsonObject *out, QString *error);
// Reads a JSON file of at most maxBytes. False with a sentence naming the file and the problem.
bool readJsonFile(const QString &path, qint64 maxBytes, QByteArray *data, QString *error);

} // namespace Sockscope
