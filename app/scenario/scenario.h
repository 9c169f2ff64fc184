#pragma once

#include "io/jsonreader.h"
#include "messagematch.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Sockscope {

// One step of a scenario. A flat record, as a rule of the mock server is: each kind reads the
// fields it needs (listed beside them) and the file format names only those.
struct ScenarioStep
{
    enum class Kind {
        Connect,
        Send,
        Expect,
        Capture,
        Ping,
        Wait,
        Close,
        ExpectClose,
        Serve,
        ExpectServerReceived,
        Emit, // a Socket.IO event, on a socket connected with socketIo
    };
    enum class Payload { Text, Json, Hex, Base64, Snippet };

    static constexpr int kDefaultWithinMs = 5000;

    Kind kind = Kind::Send;
    QString name; // optional; the step's label in reports
    QString socket = QStringLiteral("main"); // which of the run's sockets

    // Connect: a connection of the session (by name or id), or a URL.
    QString connection;
    QString url;
    QStringList subprotocols;
    QList<std::pair<QString, QString>> headers;
    bool reconnect = false; // reconnect after an abnormal close, replaying onOpen
    bool socketIo = false; // Connect in Socket.IO mode (see SocketIoSession)
    QString auth; // Connect with socketIo: the main namespace's auth, a JSON object
    // Emit: the event, its arguments (a JSON array, or one value), namespace and ack.
    QString event;
    QJsonValue args;
    QString nsp;
    bool ack = false;
    // Send and Ping: what goes out (Ping: text, or hex/base64 bytes).
    Payload payload = Payload::Text;
    QString data; // Text, Hex, Base64, Snippet (its name or id)
    QJsonValue json; // Json
    // Expect, ExpectServerReceived, Capture: which message.
    MessageMatch match;
    int withinMs = kDefaultWithinMs; // Expect, Ping, ExpectClose, ExpectServerReceived, Close
    int count = 1; // Expect, ExpectServerReceived
    bool strictOrder = false; // Expect: the next messages must match, none between
    // Capture: into a variable, from the last message an expect matched on the socket.
    QString into;
    QString jsonPath; // or
    QString regex;
    int group = 1;
    // Wait.
    int ms = 0;
    // Close (and ExpectClose: the code expected, 0 for any).
    int code = 1000;
    QString reason;
    // Serve: a server of the session (by name or id), known in the run as `as`, its URL in
    // the variable {{as.url}}. ExpectServerReceived names it by `server` = `as`.
    QString server;
    QString as = QStringLiteral("mock");

    friend bool operator==(const ScenarioStep &, const ScenarioStep &) = default;

    // "connect", "send", ... as the file names them.
    static QString kindName(Kind kind);
    // "send \"hello\"", "expect JSON with type = \"trade\" within 2000 ms": the name when the
    // step has one, else a summary.
    QString title() const;
};

// A scenario: named steps run in order, and sends replayed after every open of a socket.
struct Scenario
{
    static constexpr int kVersion = 1;

    QString id;
    QString name;
    QList<ScenarioStep> onOpen; // Send steps only: after every open, the first too
    QList<ScenarioStep> steps;

    friend bool operator==(const Scenario &, const Scenario &) = default;

    // Reads one scenario at place ("scenarios[0]"), naming the place of the first mistake.
    static Scenario fromJson(JsonReader &r, const QJsonValue &value, const QString &place);
    QJsonObject toJson() const;
    // Every scenario of a session's "scenarios" array; false with a sentence naming the place.
    static bool listFromJson(const QJsonArray &array, QList<Scenario> *out, QString *error);
    static QJsonArray listToJson(const QList<Scenario> &scenarios);
};

} // namespace Sockscope
