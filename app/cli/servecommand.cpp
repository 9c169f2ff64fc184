#include "servecommand.h"

#include "cli/terminationwatcher.h"
#include "lab/fuzzingserver.h"
#include "log/logexport.h"
#include "log/logimport.h"
#include "log/messagepreview.h"
#include "server/mockserver.h"
#include "server/recordedmock.h"
#include "websocket/closecodes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTextStream>

namespace Sockscope {

namespace {
constexpr int kPreviewChars = 80;
constexpr int kPreviewHexBytes = kPreviewChars / 3;

// Where --quiet sends the per-event lines.
class DiscardDevice : public QIODevice
{
public:
    DiscardDevice() { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override { return size; }
};

} // namespace

namespace {
// Runs the event loop until SIGINT or SIGTERM has closed every client.
int runUntilStopped(MockServer &server, QTextStream &out)
{
    TerminationWatcher watcher;
    QObject::connect(&watcher, &TerminationWatcher::terminationRequested, &server, [&] {
        out << "stopping" << Qt::endl;
        server.stop();
    });
    QObject::connect(&server, &MockServer::stopped, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(0); });
    return QCoreApplication::exec();
}
} // namespace

namespace {
// serve --conformance: the fuzzing server, a line per case graded, until SIGINT or SIGTERM.
int runFuzzingServer(const ServeOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    Conformance::FuzzingServer::Options fuzzing;
    fuzzing.host = options.server.host;
    fuzzing.port = options.server.port;
    fuzzing.cases = options.cases;
    fuzzing.reportDir = options.reportDir;
    Conformance::FuzzingServer server(fuzzing);
    QString error;
    if (!server.listen(&error)) {
        err << "sockscope: " << error << Qt::endl;
        return CommandLine::kExitRuntimeError;
    }
    const QString host = options.server.host.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + options.server.host.toString() + u']'
        : options.server.host.toString();
    out << "listening on ws://" << host << ':' << server.port() << Qt::endl;
    out << QCoreApplication::translate("Sockscope::ServeCommand",
                                       "conformance: %1 cases for clients (Autobahn's "
                                       "fuzzing-server protocol)")
               .arg(server.caseCount())
        << Qt::endl;
    QObject::connect(&server, &Conformance::FuzzingServer::caseFinished, &server,
                     [&out, &options](const QString &agent, const Conformance::CaseResult &r) {
                         if (options.quiet)
                             return;
                         out << agent << ' '
                             << QStringLiteral("%1 %2 %3")
                                    .arg(r.id, -8)
                                    .arg(Conformance::nameOf(r.behaviour), -13)
                                    .arg(Conformance::nameOf(r.close))
                             << Qt::endl;
                     });
    QObject::connect(&server, &Conformance::FuzzingServer::reportsWritten, &server,
                     [&out](const QStringList &paths) {
                         for (const QString &path : paths)
                             out << "report: " << path << Qt::endl;
                     });
    QObject::connect(&server, &Conformance::FuzzingServer::problem, &server,
                     [&err](const QString &text) { err << "sockscope: " << text << Qt::endl; });
    TerminationWatcher watcher;
    QObject::connect(&watcher, &TerminationWatcher::terminationRequested,
                     QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    return QCoreApplication::exec();
}
} // namespace

namespace {
// The rules that answer as the server of the replayed log did: its first socket with messages.
Result<RecordedMock::Built> replayRules(const ServeOptions &options)
{
    std::vector<ImportedLog> logs;
    QString error;
    if (!LogImport::read(options.replayPath, &logs, &error))
        return Result<RecordedMock::Built>::failure(error);
    RecordedMock::Options how;
    how.keepTiming = options.replayTiming;
    how.loop = options.replayLoop;
    QString firstError;
    for (const ImportedLog &log : logs) {
        Result<RecordedMock::Built> built = RecordedMock::fromConversation(log.events, how);
        if (built)
            return built;
        if (firstError.isEmpty())
            firstError = built.error();
    }
    return Result<RecordedMock::Built>::failure(
        QStringLiteral("--replay %1: %2")
            .arg(QDir::toNativeSeparators(options.replayPath),
                 firstError.isEmpty() ? QStringLiteral("it holds no WebSocket conversation.")
                                      : firstError));
}
} // namespace

int runServeCommand(const ServeOptions &options)
{
    if (options.conformance)
        return runFuzzingServer(options);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto failWith = [&err](const QString &message) {
        err << "sockscope: " << message << Qt::endl;
        return CommandLine::kExitRuntimeError;
    };

    RuleSet rules;
    switch (options.behaviour) {
    case ServeOptions::Behaviour::Echo:
        rules = RuleSet::echo();
        break;
    case ServeOptions::Behaviour::Reply: {
        QString error;
        if (!MessageTemplate::validate(options.reply, &error))
            return failWith(QStringLiteral("--reply: ") + error);
        rules = RuleSet::fixedReply(options.reply);
        break;
    }
    case ServeOptions::Behaviour::Rules: {
        QString error;
        if (!RuleSet::load(options.rulesPath, &rules, &error))
            return failWith(error);
        break;
    }
    case ServeOptions::Behaviour::Replay: {
        Result<RecordedMock::Built> built = replayRules(options);
        if (!built)
            return failWith(built.error());
        rules = built->rules;
        out << "replaying " << QDir::toNativeSeparators(options.replayPath) << ": "
            << built->clientMessages << " client messages in " << built->rules.rules.size()
            << " rules, " << built->serverMessages << " server messages" << Qt::endl;
        for (const QString &note : built->notes)
            err << "sockscope: note: " << note << Qt::endl;
        break;
    }
    }

    QFile logFile;
    if (!options.logPath.isEmpty()) {
        logFile.setFileName(options.logPath);
        if (!logFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return failWith(QStringLiteral("cannot write the log %1: %2")
                                .arg(options.logPath, logFile.errorString()));
    }

    MockServer server;
    server.setOptions(options.server);
    server.setRules(rules);
    QString error;
    if (!server.start(&error))
        return failWith(error);
    if (!options.server.isLoopbackOnly()) {
        err << "sockscope: warning: listening on " << options.server.host.toString()
            << ", so other machines can connect" << Qt::endl;
    }
    out << "listening on " << server.url().toString() << Qt::endl;
    out << "access: " << options.server.accessPolicy().describe() << Qt::endl;
    if (options.quiet && !logFile.isOpen())
        return runUntilStopped(server, out);
    // One line per event on stdout, unless --quiet (then only the --log file gets them).
    DiscardDevice discard;
    QTextStream events(stdout);
    if (options.quiet)
        events.setDevice(&discard);
    if (logFile.isOpen())
        logFile.write(LogExport::jsonLinesHeader(server.url().toString()));
    // With --wire, each client's frames wait for the row they belong to.
    PendingWire wire;
    const auto log = [&logFile, &wire](LogEvent e, int client) {
        wire.attachTo(client, e);
        if (logFile.isOpen()) {
            logFile.write(LogExport::jsonLine(e, client));
            logFile.flush();
        }
    };
    QObject::connect(
        &server, &MockServer::wireSeen, &server,
        [&](int id, const std::vector<WireLog::Frame> &frames) { wire.add(id, frames); });
    QObject::connect(
        &server, &MockServer::controlFrame, &server,
        [&](int id, bool fromClient, quint8 opcode, const QByteArray &payload, bool automatic) {
            const LogEvent row = MockServer::controlRow(fromClient, opcode, payload, automatic);
            events << '#' << id << ' ' << (fromClient ? '<' : '>') << ' '
                   << (opcode == 0x9 ? "ping " : "pong ") << payload.size() << " B" << Qt::endl;
            log(row, id);
        });

    QObject::connect(&server, &MockServer::clientConnected, &server, [&](int id) {
        const MockServer::Client *c = server.client(id);
        QString line = QStringLiteral("#%1 connected from %2 path %3 origin %4")
                           .arg(id)
                           .arg(c->address, c->path.isEmpty() ? QStringLiteral("/") : c->path,
                                c->origin.isEmpty() ? QStringLiteral("-") : c->origin);
        if (!c->subprotocol.isEmpty())
            line += QStringLiteral(" subprotocol ") + c->subprotocol;
        events << line << Qt::endl;
        log(LogEvent::now(Direction::Lifecycle, EventType::Open, line.section(u' ', 1).toUtf8()),
            id);
    });
    QObject::connect(
        &server, &MockServer::clientRefused, &server, [&](const QString &peer, const QString &why) {
            events << "refused " << peer << ": " << why << Qt::endl;
            log(LogEvent::now(Direction::Lifecycle, EventType::Error,
                              QStringLiteral("refused %1: %2").arg(peer, why).toUtf8()),
                0);
        });
    const auto onMessage
        = [&](int id, const char *arrow, Direction direction, bool binary, const QByteArray &data) {
              events << '#' << id << ' ' << arrow << ' ' << (binary ? "binary " : "text ")
                     << data.size() << " B: "
                     << MessagePreview::oneLine(binary ? EventType::Binary : EventType::Text, data,
                                                kPreviewChars, kPreviewHexBytes)
                     << Qt::endl;
              log(LogEvent::now(direction, binary ? EventType::Binary : EventType::Text, data), id);
          };
    QObject::connect(&server, &MockServer::messageReceived, &server,
                     [&](int id, bool binary, const QByteArray &data) {
                         onMessage(id, "<", Direction::Received, binary, data);
                     });
    QObject::connect(&server, &MockServer::messageSent, &server,
                     [&](int id, bool binary, const QByteArray &data) {
                         onMessage(id, ">", Direction::Sent, binary, data);
                     });
    QObject::connect(&server, &MockServer::clientDropped, &server, [&](int id, const QString &why) {
        events << '#' << id << " dropped: " << why << Qt::endl;
        log(LogEvent::now(Direction::Lifecycle, EventType::Error, why.toUtf8()), id);
    });
    QObject::connect(&server, &MockServer::clientWarning, &server, [&](int id, const QString &why) {
        events << '#' << id << " warning: " << why << Qt::endl;
        log(LogEvent::now(Direction::Lifecycle, EventType::Error, why.toUtf8()), id);
    });
    QObject::connect(&server, &MockServer::clientDisconnected, &server,
                     [&](int id, int code, const QString &reason, bool byServer) {
                         events << '#' << id << " closed " << CloseCodes::describe(code);
                         if (!reason.isEmpty())
                             events << " \"" << reason << '"';
                         if (byServer)
                             events << " (by the server)";
                         events << Qt::endl;
                         log(LogEvent::now(byServer ? Direction::Sent : Direction::Received,
                                           EventType::Close, reason.toUtf8(), quint16(code)),
                             id);
                         wire.forget(id);
                     });

    return runUntilStopped(server, out);
}

} // namespace Sockscope
