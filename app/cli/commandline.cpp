#include "commandline.h"

#include "connection/urlvalidation.h"
#include "lab/conformancecase.h"
#include "version.h"

#include <QCoreApplication>

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::CommandLine)
};

bool isHelp(const QString &arg)
{
    return arg == u"-h" || arg == u"--help";
}

bool isVersion(const QString &arg)
{
    return arg == u"-v" || arg == u"--version";
}

// QGuiApplication's own options; QApplication removes them from argv, but the command line
// is first read before QApplication exists, to decide whether one is needed at all.
qsizetype qtOptionLength(const QStringList &args, qsizetype i)
{
    static const QStringList withValue
        = {QStringLiteral("-platform"),        QStringLiteral("-platformpluginpath"),
           QStringLiteral("-platformtheme"),   QStringLiteral("-plugin"),
           QStringLiteral("-qwindowgeometry"), QStringLiteral("-geometry"),
           QStringLiteral("-qwindowtitle"),    QStringLiteral("-title"),
           QStringLiteral("-qwindowicon"),     QStringLiteral("-style"),
           QStringLiteral("-stylesheet"),      QStringLiteral("-session"),
           QStringLiteral("-display"),         QStringLiteral("-name"),
           QStringLiteral("-qmljsdebugger")};
    static const QStringList flags = {QStringLiteral("-reverse"), QStringLiteral("-widgetcount"),
                                      QStringLiteral("-nograb"), QStringLiteral("-dograb")};
    const QString name = args[i].section(u'=', 0, 0);
    if (flags.contains(args[i]))
        return 1;
    if (withValue.contains(name))
        return args[i].contains(u'=') ? 1 : 2;
    return 0;
}

// The value of the option at args[*i]: after its "=", or the next argument (then *i moves on
// to it). False when there is none.
bool takeValue(const QStringList &args, qsizetype *i, QString *value)
{
    const QString &arg = args[*i];
    if (arg.contains(u'=')) {
        *value = arg.section(u'=', 1);
        return true;
    }
    if (*i + 1 >= args.size())
        return false;
    *value = args[++*i];
    return true;
}

CommandLine usageError(const QString &message)
{
    CommandLine result;
    result.action = CommandLine::Action::UsageError;
    result.error = message;
    return result;
}

CommandLine parseServe(const QStringList &args)
{
    CommandLine result;
    result.action = CommandLine::Action::Serve;
    ServeOptions &serve = result.serve;
    int behaviours = 0;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (isHelp(arg)) {
            result.action = CommandLine::Action::ShowHelp;
            return result;
        }
        if (arg == u"--quiet") {
            serve.quiet = true;
            continue;
        }
        if (arg == u"--wire") {
            serve.server.wireCapture = true;
            continue;
        }
        if (arg == u"--any-origin") {
            serve.server.anyOrigin = true;
            continue;
        }
        if (arg == u"--echo") {
            serve.behaviour = ServeOptions::Behaviour::Echo;
            ++behaviours;
            continue;
        }
        if (arg == u"--conformance") {
            serve.conformance = true;
            continue;
        }
        if (arg == u"--replay-loop") {
            serve.replayLoop = true;
            continue;
        }
        // Both "--port 80" and "--port=80".
        QString name = arg;
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = arg.indexOf(u'='); arg.startsWith(u"--") && eq > 0) {
            name = arg.left(eq);
            value = arg.mid(eq + 1);
            hasValue = true;
        }
        static const QStringList withValue
            = {QStringLiteral("--host"),        QStringLiteral("--port"),
               QStringLiteral("--reply"),       QStringLiteral("--rules"),
               QStringLiteral("--subprotocol"), QStringLiteral("--allow-origin"),
               QStringLiteral("--tls-cert"),    QStringLiteral("--tls-key"),
               QStringLiteral("--max-clients"), QStringLiteral("--max-message-size"),
               QStringLiteral("--max-unsent"),  QStringLiteral("--log"),
               QStringLiteral("--cases"),       QStringLiteral("--report"),
               QStringLiteral("--replay"),      QStringLiteral("--replay-timing")};
        if (!withValue.contains(name))
            return usageError(Tr::tr("serve: unknown option '%1'").arg(arg));
        if (!hasValue) {
            if (i + 1 >= args.size())
                return usageError(Tr::tr("serve: %1 needs a value").arg(name));
            value = args[++i];
        }
        bool ok = false;
        if (name == u"--host") {
            QHostAddress address;
            if (value == u"localhost")
                address = QHostAddress(QHostAddress::LocalHost);
            else if (!address.setAddress(value))
                return usageError(Tr::tr("serve: '%1' is not an IP address").arg(value));
            serve.server.host = address;
        } else if (name == u"--port") {
            const uint port = value.toUInt(&ok);
            if (!ok || port > 65535)
                return usageError(Tr::tr("serve: '%1' is not a port number (0-65535)").arg(value));
            serve.server.port = quint16(port);
        } else if (name == u"--reply") {
            serve.behaviour = ServeOptions::Behaviour::Reply;
            serve.reply = value;
            ++behaviours;
        } else if (name == u"--rules") {
            serve.behaviour = ServeOptions::Behaviour::Rules;
            serve.rulesPath = value;
            ++behaviours;
        } else if (name == u"--replay") {
            serve.behaviour = ServeOptions::Behaviour::Replay;
            serve.replayPath = value;
            ++behaviours;
        } else if (name == u"--replay-timing") {
            if (value != u"recorded" && value != u"none")
                return usageError(
                    Tr::tr("serve: --replay-timing is \"recorded\" or \"none\", not '%1'")
                        .arg(value));
            serve.replayTiming = value == u"recorded";
        } else if (name == u"--subprotocol") {
            serve.server.subprotocols << value;
        } else if (name == u"--allow-origin") {
            serve.server.allowedOrigins << value;
        } else if (name == u"--tls-cert") {
            serve.server.tlsCertificatePath = value;
        } else if (name == u"--tls-key") {
            serve.server.tlsKeyPath = value;
        } else if (name == u"--max-clients") {
            serve.server.maxClients = value.toInt(&ok);
            if (!ok || serve.server.maxClients < 0)
                return usageError(Tr::tr("serve: '%1' is not a number of clients").arg(value));
        } else if (name == u"--max-message-size") {
            serve.server.maxMessageSize = value.toLongLong(&ok);
            if (!ok || serve.server.maxMessageSize <= 0)
                return usageError(Tr::tr("serve: '%1' is not a size in bytes").arg(value));
        } else if (name == u"--max-unsent") {
            serve.server.maxUnsentBytes = value.toLongLong(&ok);
            if (!ok || serve.server.maxUnsentBytes < 0)
                return usageError(Tr::tr("serve: '%1' is not a size in bytes").arg(value));
        } else if (name == u"--log") {
            serve.logPath = value;
        } else if (name == u"--cases") {
            serve.cases = value;
        } else if (name == u"--report") {
            serve.reportDir = value;
        }
    }
    const bool conformanceOnly
        = !serve.cases.isEmpty() || serve.reportDir != ServeOptions().reportDir;
    if (conformanceOnly && !serve.conformance)
        return usageError(Tr::tr("serve: --cases and --report go with --conformance"));
    if (serve.conformance) {
        if (behaviours > 0 || !serve.logPath.isEmpty()
            || !serve.server.tlsCertificatePath.isEmpty())
            return usageError(Tr::tr("serve: --conformance runs the suite's own server: it takes "
                                     "--host, --port, --cases and --report"));
        QString error;
        if (!Conformance::pick(serve.cases, &error))
            return usageError(Tr::tr("serve: --cases: %1").arg(error));
    }
    if (behaviours > 1)
        return usageError(Tr::tr("serve: choose one of --echo, --reply, --rules and --replay"));
    if ((!serve.replayTiming || serve.replayLoop)
        && serve.behaviour != ServeOptions::Behaviour::Replay)
        return usageError(Tr::tr("serve: --replay-timing and --replay-loop go with --replay"));
    if (serve.server.tlsCertificatePath.isEmpty() != serve.server.tlsKeyPath.isEmpty())
        return usageError(Tr::tr("serve: --tls-cert and --tls-key go together"));
    if (serve.server.wireCapture && serve.logPath.isEmpty())
        return usageError(Tr::tr("serve: --wire writes the frames to the log: it needs --log "
                                 "FILE.jsonl"));
    return result;
}
} // namespace

namespace {
CommandLine parseConformance(const QStringList &args)
{
    CommandLine result;
    result.action = CommandLine::Action::Conformance;
    ConformanceOptions &options = result.conformance;
    static const QStringList withValue
        = {QStringLiteral("--cases"),  QStringLiteral("--json"),  QStringLiteral("--junit"),
           QStringLiteral("--report"), QStringLiteral("--agent"), QStringLiteral("--ca-file")};
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (isHelp(arg)) {
            result.action = CommandLine::Action::ShowHelp;
            return result;
        }
        if (arg == u"--ignore-tls-errors") {
            options.ignoreTlsErrors = true;
            continue;
        }
        if (!arg.startsWith(u'-')) {
            if (!options.url.isEmpty())
                return usageError(Tr::tr("conformance: one URL only ('%1' is a second)").arg(arg));
            options.url = arg;
            continue;
        }
        const QString name = arg.section(u'=', 0, 0);
        if (!withValue.contains(name))
            return usageError(Tr::tr("conformance: unknown option '%1'").arg(arg));
        QString value;
        if (!takeValue(args, &i, &value))
            return usageError(Tr::tr("conformance: %1 needs a value").arg(name));
        if (name == u"--cases")
            options.cases = value;
        else if (name == u"--json")
            options.jsonPath = value;
        else if (name == u"--junit")
            options.junitPath = value;
        else if (name == u"--report")
            options.reportDir = value;
        else if (name == u"--agent")
            options.agent = value;
        else
            options.caFile = value;
    }
    if (options.url.isEmpty())
        return usageError(Tr::tr("conformance: which server? Give its ws:// or wss:// URL"));
    if (const UrlCheck check = checkWebSocketUrl(options.url); !check.ok())
        return usageError(Tr::tr("conformance: %1").arg(check.error));
    QString error;
    if (!Conformance::pick(options.cases, &error))
        return usageError(Tr::tr("conformance: --cases: %1").arg(error));
    return result;
}
CommandLine parseRun(const QStringList &args)
{
    CommandLine result;
    result.action = CommandLine::Action::Run;
    RunOptions &options = result.run;
    static const QStringList withValue
        = {QStringLiteral("--scenario"), QStringLiteral("--var"),
           QStringLiteral("--junit"),    QStringLiteral("--json"),
           QStringLiteral("--timeout"),  QStringLiteral("--export-artillery")};
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (isHelp(arg)) {
            result.action = CommandLine::Action::ShowHelp;
            return result;
        }
        if (!arg.startsWith(u'-')) {
            if (!options.file.isEmpty())
                return usageError(Tr::tr("run: one file only ('%1' is a second)").arg(arg));
            options.file = arg;
            continue;
        }
        const QString name = arg.section(u'=', 0, 0);
        if (!withValue.contains(name))
            return usageError(Tr::tr("run: unknown option '%1'").arg(arg));
        QString value;
        if (!takeValue(args, &i, &value))
            return usageError(Tr::tr("run: %1 needs a value").arg(name));
        if (name == u"--scenario") {
            options.scenarios << value;
        } else if (name == u"--var") {
            const qsizetype eq = value.indexOf(u'=');
            if (eq <= 0)
                return usageError(Tr::tr("run: --var takes NAME=VALUE, not '%1'").arg(value));
            options.variables.append({value.left(eq), value.mid(eq + 1)});
        } else if (name == u"--junit") {
            options.junitPath = value;
        } else if (name == u"--json") {
            options.jsonPath = value;
        } else if (name == u"--export-artillery") {
            options.artilleryPath = value;
        } else {
            bool ok = false;
            options.timeoutSeconds = value.toInt(&ok);
            if (!ok || options.timeoutSeconds < 1 || options.timeoutSeconds > 86400)
                return usageError(
                    Tr::tr("run: --timeout takes seconds from 1 to 86400, not '%1'").arg(value));
        }
    }
    if (options.file.isEmpty())
        return usageError(
            Tr::tr("run: which scenarios? Give a session (.sockscope.json) or a scenario file "
                   "(.scenario.json)"));
    return result;
}
} // namespace

CommandLine CommandLine::parse(const QStringList &args)
{
    const QStringList rest = args.mid(1);
    if (!rest.isEmpty() && rest.first() == u"serve")
        return parseServe(rest.mid(1));
    if (!rest.isEmpty() && rest.first() == u"conformance")
        return parseConformance(rest.mid(1));
    if (!rest.isEmpty() && rest.first() == u"run")
        return parseRun(rest.mid(1));

    CommandLine result;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        if (const qsizetype skip = qtOptionLength(rest, i); skip > 0) {
            i += skip - 1;
            continue;
        }
        const QString &arg = rest[i];
        if (isHelp(arg)) {
            result.action = Action::ShowHelp;
            return result;
        }
        if (isVersion(arg)) {
            result.action = Action::ShowVersion;
            return result;
        }
        if (arg.startsWith(u'-'))
            return usageError(Tr::tr("unknown option '%1'").arg(arg));
        result.files << arg;
    }
    return result;
}

bool CommandLine::needsGui(const QStringList &args)
{
    return parse(args).action == Action::RunGui;
}

QString CommandLine::helpText()
{
    return Tr::tr(
        "Usage: sockscope [OPTIONS] [FILE.sockscope.json | FILE.har | FILE.jsonl]...\n"
        "       sockscope serve [--host ADDR] [--port N] [--echo | --reply TEXT | --rules FILE |\n"
        "                       --replay LOG [--replay-timing recorded|none] [--replay-loop]]\n"
        "                       [--subprotocol P]... [--allow-origin O]... [--any-origin]\n"
        "                       [--tls-cert FILE --tls-key FILE] [--max-clients N]\n"
        "                       [--max-message-size BYTES] [--max-unsent BYTES]\n"
        "                       [--log FILE.jsonl [--wire]] [--quiet]\n"
        "       sockscope serve --conformance [--host ADDR] [--port N] [--cases SPEC]\n"
        "                       [--report DIR]\n"
        "       sockscope conformance URL [--cases SPEC] [--report DIR] [--json FILE]\n"
        "                       [--junit FILE] [--agent NAME] [--ca-file FILE]\n"
        "                       [--ignore-tls-errors]\n"
        "       sockscope run FILE [--scenario NAME]... [--var NAME=VALUE]...\n"
        "                       [--junit FILE] [--json FILE] [--timeout S]\n"
        "                       [--export-artillery FILE.yml]\n"
        "\n"
        "Sockscope is a desktop WebSocket inspector and mock server.\n"
        "Without a command it opens the window with the workspace of last time\n"
        "(the first time, a tab pointed at a built-in echo server on a free\n"
        "loopback port). A FILE.sockscope.json opens as the session; any other FILE\n"
        "(a HAR saved by a browser's DevTools, or a log exported as JSON Lines)\n"
        "opens as a read-only log tab.\n"
        "\n"
        "Options:\n"
        "  -h, --help      Show this help and exit.\n"
        "  -v, --version   Print the version and exit.\n"
        "\n"
        "Commands:\n"
        "  serve           Run a mock WebSocket server in the terminal, with no window.\n"
        "                  It prints 'listening on ws://HOST:PORT' (wss:// with TLS),\n"
        "                  then one line per connection, message and close. Ctrl+C or\n"
        "                  SIGTERM closes every client with 1001 and exits 0.\n"
        "  conformance     Grade the server at URL (one that echoes text and binary\n"
        "                  messages) against RFC 6455 with the conformance suite,\n"
        "                  cases numbered as Autobahn|Testsuite numbers them. It\n"
        "                  prints a line per case and a summary, and exits 0 when\n"
        "                  no case FAILED or got the WRONG CODE, else 1.\n"
        "  run             Run the scenarios of FILE (a session, or a .scenario.json\n"
        "                  that names one) with no window: a line per step, pass or\n"
        "                  FAIL with what was expected and what came instead. Exits\n"
        "                  0 when every scenario passes, 1 when any fails.\n"
        "\n"
        "serve options:\n"
        "  --host ADDR              IP address to listen on (default 127.0.0.1). Any\n"
        "                           other address lets other machines connect.\n"
        "  --port N                 Port; 0 picks a free port (default 8765).\n"
        "  --echo                   Send every message back to its sender (the default).\n"
        "  --reply TEXT             Answer every text message with TEXT (a template).\n"
        "  --rules FILE             Answer by the rules in FILE (see the README).\n"
        "  --replay LOG             Answer as the server in LOG did (a .jsonl export or a\n"
        "                           .har): its greeting, then each client message with\n"
        "                           what the server sent after it, at its delays.\n"
        "  --replay-timing T        \"recorded\" (the default) or \"none\" (at once).\n"
        "  --replay-loop            A message answered differently each time starts its\n"
        "                           answers over after the last (else: no answer).\n"
        "  --subprotocol P          Offer subprotocol P; repeat for more, in order.\n"
        "  --allow-origin O         Also accept web pages from Origin O (pages from this\n"
        "                           machine and clients with no Origin always may);\n"
        "                           repeat for more. Others get 403 Forbidden.\n"
        "  --any-origin             Accept a page from any Origin.\n"
        "                           On loopback the Host must name this machine, or\n"
        "                           the handshake gets 403 (a DNS rebinding guard).\n"
        "  --tls-cert FILE          PEM certificate (chain) for wss://.\n"
        "  --tls-key FILE           PEM private key for wss:// (RSA, EC or DSA; unencrypted).\n"
        "  --max-clients N          Refuse clients past N (with 1013); 0 is no limit.\n"
        "  --max-message-size BYTES Close with 1009 on a larger message (default 16 MiB).\n"
        "  --max-unsent BYTES       Drop a client that leaves more than BYTES unread\n"
        "                           (default 32 MiB); 0 is no limit.\n"
        "  --log FILE.jsonl         Also write every event as JSON Lines.\n"
        "  --wire                   Also write each event's frames to the log (every\n"
        "                           header field, the handshake's heads), and the\n"
        "                           clients' pings and the pongs that answer them.\n"
        "  --quiet                  Print only the listening line and errors.\n"
        "  --conformance            Grade clients instead: speak Autobahn|Testsuite's\n"
        "                           fuzzing-server protocol (/getCaseCount, /runCase,\n"
        "                           /getCaseInfo, /getCaseStatus, /updateReports).\n"
        "  --cases SPEC             With --conformance: which cases (default all).\n"
        "  --report DIR             With --conformance: where /updateReports writes\n"
        "                           each agent's HTML, JSON and JUnit reports\n"
        "                           (default reports/clients).\n"
        "\n"
        "conformance options:\n"
        "  --cases SPEC             Which cases: \"2.5\", \"7\" (a category), \"4.*\",\n"
        "                           \"5.9-5.11\", several with commas (default all).\n"
        "  --report DIR             Write an HTML report into DIR: index.html, and a\n"
        "                           page per case with its frames both ways.\n"
        "  --json FILE              Write every case with its verdicts and frames.\n"
        "  --junit FILE             Write a JUnit XML report for CI.\n"
        "  --agent NAME             The server's name in the reports.\n"
        "  --ca-file FILE           wss://: also trust these PEM certificates.\n"
        "  --ignore-tls-errors      wss://: go on past certificate errors.\n"
        "\n"
        "run options:\n"
        "  --scenario NAME          Run only this scenario; repeat for more (default all).\n"
        "  --var NAME=VALUE         Set {{NAME}} for the run, over the session's value;\n"
        "                           repeat for more. SOCKSCOPE_VAR_NAME=VALUE in the\n"
        "                           environment does the same (for CI secrets).\n"
        "  --junit FILE             Write a JUnit XML report: a test case per scenario.\n"
        "  --json FILE              Write every step's outcome, message and time.\n"
        "  --timeout S              Fail the run if it takes longer than S seconds.\n"
        "  --export-artillery FILE  Do not run: write the scenarios as an Artillery\n"
        "                           script (its ws engine), saying what it leaves out.\n"
        "\n"
        "Exit status: 0 on success, 1 on a runtime error (such as a busy port),\n"
        "2 on a usage error.\n");
}

QString CommandLine::versionText()
{
    return QStringLiteral("sockscope " SOCKSCOPE_VERSION "\n");
}

} // namespace Sockscope
