#pragma once

#include "server/mockserver.h"

#include <QString>
#include <QStringList>

namespace Sockscope {

// Options of `sockscope serve`.
struct ServeOptions
{
    enum class Behaviour { Echo, Reply, Rules, Replay };

    static constexpr quint16 kDefaultPort = 8765;

    ServerOptions server = defaultServer();
    Behaviour behaviour = Behaviour::Echo;
    QString reply; // Reply
    QString rulesPath; // Rules
    QString replayPath; // Replay: a recorded conversation (.jsonl or .har)
    bool replayTiming = true; // Replay: answers at their recorded delays (else at once)
    bool replayLoop = false; // Replay: sequences of answers start over
    QString logPath; // JSON Lines log, or empty
    bool quiet = false; // print only the listening line and errors
    // --conformance: Autobahn's fuzzing-server protocol for grading clients, instead of a mock
    bool conformance = false;
    QString cases; // --cases, for --conformance
    QString reportDir = QStringLiteral("reports/clients"); // --report, for --conformance

    static ServerOptions defaultServer()
    {
        ServerOptions o;
        o.port = kDefaultPort;
        return o;
    }
};

// Options of `sockscope conformance`.
struct ConformanceOptions
{
    QString url; // the server under test, which echoes text and binary messages
    QString cases; // which cases (see Conformance::pick); empty for all
    QString jsonPath; // JSON report, or empty
    QString junitPath; // JUnit XML report, or empty
    QString reportDir; // folder for the HTML report, or empty
    QString agent; // the server's name in the reports; empty: the URL's host and port
    QString caFile; // wss://: PEM certificates trusted besides the system's
    bool ignoreTlsErrors = false; // wss://: go on past certificate errors
};

// Options of `sockscope run`.
struct RunOptions
{
    QString file; // a session (*.sockscope.json) or a scenario file (*.scenario.json)
    QStringList scenarios; // which, by name; empty for all
    QList<std::pair<QString, QString>> variables; // --var NAME=VALUE, in order
    QString junitPath;
    QString jsonPath;
    int timeoutSeconds = 0; // the whole run's limit; 0: none
    QString artilleryPath; // --export-artillery: write the scenarios as an Artillery script
};

// What the command line asks for. Parsing is a pure function so it can be tested without
// starting an application.
struct CommandLine
{
    enum class Action { RunGui, ShowHelp, ShowVersion, Serve, Conformance, Run, UsageError };

    Action action = Action::RunGui;
    ServeOptions serve;
    ConformanceOptions conformance;
    RunOptions run;
    QStringList files; // RunGui: logs to open (.har, .jsonl)
    QString error; // UsageError: one line saying what is wrong

    // args includes the program name, as QCoreApplication::arguments() does.
    static CommandLine parse(const QStringList &args);
    // Whether these arguments open the window; the other actions need no display.
    static bool needsGui(const QStringList &args);
    static QString helpText();
    static QString versionText();

    static constexpr int kExitRuntimeError = 1;
    static constexpr int kExitUsageError = 2;
};

} // namespace Sockscope
