// Parsing of the command line, without starting anything.

#include "cli/commandline.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Sockscope;

class tst_CommandLine : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void helpNamesEveryOption();
    void runOptions();
    void serveOptions();
    void conformanceOptions();
    void serveConformanceOptions();
};

void tst_CommandLine::parse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("error");

    const auto gui = int(CommandLine::Action::RunGui);
    const auto help = int(CommandLine::Action::ShowHelp);
    const auto version = int(CommandLine::Action::ShowVersion);
    const auto serve = int(CommandLine::Action::Serve);
    const auto usage = int(CommandLine::Action::UsageError);
    const QString lo = QStringLiteral("127.0.0.1");
    const auto args = [](std::initializer_list<const char *> list) {
        QStringList out {QStringLiteral("sockscope")};
        for (const char *a : list)
            out << QString::fromUtf8(a);
        return out;
    };

    QTest::newRow("nothing") << args({}) << gui << lo << 8765 << QString();
    QTest::newRow("qt options") << args({"-platform", "offscreen", "-reverse"}) << gui << lo << 8765
                                << QString();
    QTest::newRow("--help") << args({"--help"}) << help << lo << 8765 << QString();
    QTest::newRow("-h") << args({"-h"}) << help << lo << 8765 << QString();
    QTest::newRow("--version") << args({"--version"}) << version << lo << 8765 << QString();
    QTest::newRow("-v") << args({"-v"}) << version << lo << 8765 << QString();
    QTest::newRow("unknown option")
        << args({"--bogus"}) << usage << lo << 8765 << QStringLiteral("unknown option '--bogus'");
    QTest::newRow("files") << args({"a.har", "b.jsonl"}) << gui << lo << 8765 << QString();
    QTest::newRow("serve") << args({"serve"}) << serve << lo << 8765 << QString();
    QTest::newRow("serve --echo --port 0")
        << args({"serve", "--echo", "--port", "0"}) << serve << lo << 0 << QString();
    QTest::newRow("serve --port=9001")
        << args({"serve", "--port=9001"}) << serve << lo << 9001 << QString();
    QTest::newRow("serve --host ::1")
        << args({"serve", "--host", "::1"}) << serve << QStringLiteral("::1") << 8765 << QString();
    QTest::newRow("serve --host localhost")
        << args({"serve", "--host", "localhost"}) << serve << lo << 8765 << QString();
    QTest::newRow("serve --help") << args({"serve", "--help"}) << help << lo << 8765 << QString();
    QTest::newRow("port too big") << args({"serve", "--port", "65536"}) << usage << lo << 8765
                                  << QStringLiteral("'65536' is not a port number");
    QTest::newRow("port not a number") << args({"serve", "--port", "http"}) << usage << lo << 8765
                                       << QStringLiteral("'http' is not a port number");
    QTest::newRow("port missing") << args({"serve", "--port"}) << usage << lo << 8765
                                  << QStringLiteral("--port needs a value");
    QTest::newRow("bad host") << args({"serve", "--host", "example.com"}) << usage << lo << 8765
                              << QStringLiteral("'example.com' is not an IP address");
    QTest::newRow("serve unknown option") << args({"serve", "--rulez", "x"}) << usage << lo << 8765
                                          << QStringLiteral("unknown option '--rulez'");
    QTest::newRow("two behaviours")
        << args({"serve", "--echo", "--reply", "x"}) << usage << lo << 8765
        << QStringLiteral("choose one of --echo, --reply, --rules and --replay");
    QTest::newRow("replay and rules")
        << args({"serve", "--replay", "a.jsonl", "--rules", "r.json"}) << usage << lo << 8765
        << QStringLiteral("choose one of --echo, --reply, --rules and --replay");
    QTest::newRow("replay") << args(
        {"serve", "--replay", "a.har", "--replay-timing", "none", "--replay-loop"})
                            << serve << lo << 8765 << QString();
    QTest::newRow("bad replay timing")
        << args({"serve", "--replay", "a.har", "--replay-timing", "fast"}) << usage << lo << 8765
        << QStringLiteral("--replay-timing is \"recorded\" or \"none\", not 'fast'");
    QTest::newRow("replay timing without replay")
        << args({"serve", "--replay-loop"}) << usage << lo << 8765
        << QStringLiteral("--replay-timing and --replay-loop go with --replay");
    const auto run = int(CommandLine::Action::Run);
    QTest::newRow("run") << args({"run", "a.sockscope.json", "--scenario", "x", "--var", "a=b=c",
                                  "--junit", "j.xml", "--json=r.json", "--timeout", "60"})
                         << run << lo << 8765 << QString();
    QTest::newRow("run without a file")
        << args({"run"}) << usage << lo << 8765 << QStringLiteral("run: which scenarios?");
    QTest::newRow("run, two files") << args({"run", "a", "b"}) << usage << lo << 8765
                                    << QStringLiteral("run: one file only ('b' is a second)");
    QTest::newRow("run, --var without =") << args({"run", "a", "--var", "x"}) << usage << lo << 8765
                                          << QStringLiteral("--var takes NAME=VALUE, not 'x'");
    QTest::newRow("run, --timeout 0") << args({"run", "a", "--timeout", "0"}) << usage << lo << 8765
                                      << QStringLiteral("--timeout takes seconds");
    QTest::newRow("run --help") << args({"run", "--help"}) << help << lo << 8765 << QString();
    QTest::newRow("cert without key")
        << args({"serve", "--tls-cert", "c.pem"}) << usage << lo << 8765
        << QStringLiteral("--tls-cert and --tls-key go together");
    QTest::newRow("bad max clients") << args({"serve", "--max-clients", "-3"}) << usage << lo
                                     << 8765 << QStringLiteral("'-3' is not a number of clients");
    QTest::newRow("bad max unsent") << args({"serve", "--max-unsent", "-1"}) << usage << lo << 8765
                                    << QStringLiteral("'-1' is not a size in bytes");
    QTest::newRow("wire without a log") << args({"serve", "--wire"}) << usage << lo << 8765
                                        << QStringLiteral("--wire writes the frames to the log");
    QTest::newRow("bad max size") << args({"serve", "--max-message-size", "0"}) << usage << lo
                                  << 8765 << QStringLiteral("'0' is not a size in bytes");
}

void tst_CommandLine::parse()
{
    QFETCH(QStringList, args);
    QFETCH(int, action);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, error);

    const CommandLine command = CommandLine::parse(args);
    QCOMPARE(int(command.action), action);
    QVERIFY2(command.error.contains(error), qPrintable(command.error));
    QCOMPARE(command.error.isEmpty(), error.isEmpty());
    if (command.action == CommandLine::Action::Serve) {
        QCOMPARE(command.serve.server.host.toString(), host);
        QCOMPARE(int(command.serve.server.port), port);
    }
    QCOMPARE(CommandLine::needsGui(args), action == int(CommandLine::Action::RunGui));
    if (command.action == CommandLine::Action::RunGui) {
        QStringList files;
        for (const QString &arg : args.mid(1)) {
            if (arg.endsWith(QStringLiteral(".har")) || arg.endsWith(QStringLiteral(".jsonl")))
                files << arg;
        }
        QCOMPARE(command.files, files);
    }
}

void tst_CommandLine::helpNamesEveryOption()
{
    const QString help = CommandLine::helpText();
    for (const char *option : {"--help",
                               "--version",
                               "serve",
                               "--echo",
                               "--host",
                               "--port",
                               "--reply",
                               "--rules",
                               "--subprotocol",
                               "--allow-origin",
                               "--tls-cert",
                               "--tls-key",
                               "--max-clients",
                               "--max-message-size",
                               "--max-unsent",
                               "--log",
                               "--wire",
                               "conformance",
                               "--cases",
                               "--json",
                               "--junit",
                               "--agent",
                               "--ca-file",
                               "--ignore-tls-errors",
                               "run",
                               "--scenario",
                               "--var",
                               "--timeout",
                               "SOCKSCOPE_VAR_",
                               "--replay",
                               "--replay-timing",
                               "--replay-loop"})
        QVERIFY2(help.contains(QString::fromLatin1(option)), option);
    QVERIFY(CommandLine::versionText().startsWith(QStringLiteral("sockscope ")));
}

void tst_CommandLine::runOptions()
{
    const CommandLine c
        = CommandLine::parse({u"sockscope"_s, u"run"_s, u"ci.scenario.json"_s, u"--scenario"_s,
                              u"A"_s, u"--scenario=B"_s, u"--var"_s, u"token=x=y"_s,
                              u"--var=user=ada"_s, u"--junit"_s, u"out.xml"_s, u"--timeout=90"_s});
    QCOMPARE(int(c.action), int(CommandLine::Action::Run));
    QCOMPARE(c.run.file, u"ci.scenario.json"_s);
    QCOMPARE(c.run.scenarios, (QStringList {u"A"_s, u"B"_s}));
    QCOMPARE(c.run.variables.size(), 2);
    QCOMPARE(c.run.variables[0].first, u"token"_s);
    QCOMPARE(c.run.variables[0].second, u"x=y"_s);
    QCOMPARE(c.run.variables[1].second, u"ada"_s);
    QCOMPARE(c.run.junitPath, u"out.xml"_s);
    QCOMPARE(c.run.timeoutSeconds, 90);
}

void tst_CommandLine::serveOptions()
{
    const CommandLine c = CommandLine::parse({QStringLiteral("sockscope"),
                                              QStringLiteral("serve"),
                                              QStringLiteral("--rules=r.json"),
                                              QStringLiteral("--subprotocol"),
                                              QStringLiteral("chat"),
                                              QStringLiteral("--subprotocol"),
                                              QStringLiteral("json"),
                                              QStringLiteral("--allow-origin"),
                                              QStringLiteral("https://a.test"),
                                              QStringLiteral("--tls-cert"),
                                              QStringLiteral("c.pem"),
                                              QStringLiteral("--tls-key"),
                                              QStringLiteral("k.pem"),
                                              QStringLiteral("--max-clients"),
                                              QStringLiteral("2"),
                                              QStringLiteral("--max-message-size"),
                                              QStringLiteral("1024"),
                                              QStringLiteral("--max-unsent"),
                                              QStringLiteral("0"),
                                              QStringLiteral("--log"),
                                              QStringLiteral("out.jsonl"),
                                              QStringLiteral("--wire")});
    QCOMPARE(int(c.action), int(CommandLine::Action::Serve));
    QCOMPARE(int(c.serve.behaviour), int(ServeOptions::Behaviour::Rules));
    QCOMPARE(c.serve.rulesPath, QStringLiteral("r.json"));
    QCOMPARE(c.serve.server.subprotocols,
             (QStringList {QStringLiteral("chat"), QStringLiteral("json")}));
    QCOMPARE(c.serve.server.allowedOrigins, QStringList {QStringLiteral("https://a.test")});
    QVERIFY(c.serve.server.usesTls());
    QCOMPARE(c.serve.server.maxClients, 2);
    QCOMPARE(c.serve.server.maxMessageSize, 1024);
    QCOMPARE(c.serve.server.maxUnsentBytes, 0);
    QCOMPARE(CommandLine::parse({QStringLiteral("sockscope"), QStringLiteral("serve")})
                 .serve.server.maxUnsentBytes,
             ServerOptions::kDefaultMaxUnsentBytes);
    QCOMPARE(c.serve.logPath, QStringLiteral("out.jsonl"));
    QVERIFY(c.serve.server.wireCapture);
    QVERIFY(!CommandLine::parse({QStringLiteral("sockscope"), QStringLiteral("serve")})
                 .serve.server.wireCapture);
    const CommandLine reply
        = CommandLine::parse({QStringLiteral("sockscope"), QStringLiteral("serve"),
                              QStringLiteral("--reply"), QStringLiteral("ok {{message}}")});
    QCOMPARE(int(reply.serve.behaviour), int(ServeOptions::Behaviour::Reply));
    QCOMPARE(reply.serve.reply, QStringLiteral("ok {{message}}"));
}

void tst_CommandLine::conformanceOptions()
{
    const auto parse = [](QStringList args) {
        args.prepend(QStringLiteral("conformance"));
        args.prepend(QStringLiteral("sockscope"));
        return CommandLine::parse(args);
    };
    const CommandLine c
        = parse({QStringLiteral("wss://example.test/echo"), QStringLiteral("--cases=1,2.5"),
                 QStringLiteral("--json"), QStringLiteral("r.json"), QStringLiteral("--junit"),
                 QStringLiteral("r.xml"), QStringLiteral("--report=out"), QStringLiteral("--agent"),
                 QStringLiteral("mine"), QStringLiteral("--ca-file"), QStringLiteral("ca.pem"),
                 QStringLiteral("--ignore-tls-errors")});
    QCOMPARE(c.action, CommandLine::Action::Conformance);
    QCOMPARE(c.conformance.url, QStringLiteral("wss://example.test/echo"));
    QCOMPARE(c.conformance.cases, QStringLiteral("1,2.5"));
    QCOMPARE(c.conformance.jsonPath, QStringLiteral("r.json"));
    QCOMPARE(c.conformance.junitPath, QStringLiteral("r.xml"));
    QCOMPARE(c.conformance.reportDir, QStringLiteral("out"));
    QCOMPARE(c.conformance.agent, QStringLiteral("mine"));
    QCOMPARE(c.conformance.caFile, QStringLiteral("ca.pem"));
    QVERIFY(c.conformance.ignoreTlsErrors);
    QVERIFY(!CommandLine::needsGui({QStringLiteral("sockscope"), QStringLiteral("conformance"),
                                    QStringLiteral("ws://a.test/")}));
    // Each mistake is a usage error that says what is wrong.
    const std::pair<QStringList, QString> wrong[] = {
        {{}, QStringLiteral("which server?")},
        {{QStringLiteral("ws://a/"), QStringLiteral("ws://b/")}, QStringLiteral("one URL only")},
        {{QStringLiteral("ftp://a/")}, QStringLiteral("conformance: ")},
        {{QStringLiteral("ws://a/"), QStringLiteral("--cases")}, QStringLiteral("needs a value")},
        {{QStringLiteral("ws://a/"), QStringLiteral("--cases=99")},
         QStringLiteral("No case is numbered \"99\".")},
        {{QStringLiteral("ws://a/"), QStringLiteral("--report")}, QStringLiteral("needs a value")},
        {{QStringLiteral("ws://a/"), QStringLiteral("--bogus")},
         QStringLiteral("unknown option '--bogus'")},
    };
    for (const auto &[args, words] : wrong) {
        const CommandLine w = parse(args);
        QCOMPARE(w.action, CommandLine::Action::UsageError);
        QVERIFY2(w.error.contains(words), qPrintable(w.error));
    }
}

void tst_CommandLine::serveConformanceOptions()
{
    const CommandLine c = CommandLine::parse(
        {QStringLiteral("sockscope"), QStringLiteral("serve"), QStringLiteral("--conformance"),
         QStringLiteral("--port=9001"), QStringLiteral("--cases"), QStringLiteral("1,9.1"),
         QStringLiteral("--report"), QStringLiteral("out")});
    QCOMPARE(c.action, CommandLine::Action::Serve);
    QVERIFY(c.serve.conformance);
    QCOMPARE(c.serve.server.port, quint16(9001));
    QCOMPARE(c.serve.cases, QStringLiteral("1,9.1"));
    QCOMPARE(c.serve.reportDir, QStringLiteral("out"));
    const CommandLine plain
        = CommandLine::parse({QStringLiteral("sockscope"), QStringLiteral("serve")});
    QVERIFY(!plain.serve.conformance);
    QCOMPARE(plain.serve.reportDir, QStringLiteral("reports/clients"));
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
