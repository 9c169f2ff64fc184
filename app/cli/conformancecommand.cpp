#include "conformancecommand.h"

#include "io/savefile.h"
#include "lab/conformancehtml.h"
#include "lab/conformancereport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QTextStream>

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ConformanceCommand)
};
} // namespace

int runConformanceCommand(const ConformanceOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString error;
    std::optional<std::vector<Conformance::Case>> cases = Conformance::pick(options.cases, &error);
    if (!cases) { // parse() checked the spec; kept for callers that did not parse
        err << "sockscope: conformance: " << error << "\n";
        return CommandLine::kExitUsageError;
    }
    const QUrl url(options.url);
    LabClient::Options client;
    client.tls.caFile = options.caFile;
    client.tls.ignoreErrors = options.ignoreTlsErrors;

    Conformance::Run run;
    run.url = options.url;
    run.agent = options.agent.isEmpty()
        ? url.host() + u':' + QString::number(url.port(url.scheme() == u"wss" ? 443 : 80))
        : options.agent;
    run.started = QDateTime::currentDateTime();
    out << (cases->size() == 1
                ? Tr::tr("Conformance suite against %1 (%2), 1 case").arg(run.url, run.agent)
                : Tr::tr("Conformance suite against %1 (%2), %3 cases")
                      .arg(run.url, run.agent)
                      .arg(cases->size()))
        << "\n";
    out.flush();

    Conformance::Runner runner(url, std::move(*cases), client);
    QEventLoop loop;
    QObject::connect(&runner, &Conformance::Runner::caseFinished, &loop,
                     [&](int, const Conformance::CaseResult &r) {
                         out << QStringLiteral("%1 %2 %3 %4 ms  %5\n")
                                    .arg(r.id, -8)
                                    .arg(Conformance::nameOf(r.behaviour), -13)
                                    .arg(Conformance::nameOf(r.close), -13)
                                    .arg(r.durationMs, 6)
                                    .arg(r.description);
                         if (r.overall() != Conformance::Verdict::Ok) {
                             out << "         " << r.behaviourText << "\n";
                             out << "         " << r.closeText << "\n";
                         }
                         out.flush();
                     });
    QObject::connect(&runner, &Conformance::Runner::finished, &loop, &QEventLoop::quit);
    runner.start();
    loop.exec();

    run.results = runner.results();
    const Conformance::Summary summary = Conformance::summarize(run.results);
    out << summary.text() << "\n";
    out.flush();
    int code = summary.anyFailed() ? CommandLine::kExitRuntimeError : 0;
    const auto save = [&](const QString &path, const QByteArray &data) {
        QString problem;
        if (path.isEmpty() || saveWithMessage(path, data, &problem))
            return;
        err << "sockscope: conformance: " << problem << "\n";
        code = CommandLine::kExitRuntimeError;
    };
    save(options.jsonPath, Conformance::toJson(run));
    save(options.junitPath, Conformance::toJUnit(run));
    if (!options.reportDir.isEmpty()) {
        QString problem;
        if (Conformance::writeHtml(run, options.reportDir, &problem)) {
            out << Tr::tr("Report: %1")
                       .arg(QDir::toNativeSeparators(
                           QDir(options.reportDir).absoluteFilePath(QStringLiteral("index.html"))))
                << "\n";
        } else {
            err << "sockscope: conformance: " << problem << "\n";
            code = CommandLine::kExitRuntimeError;
        }
    }
    return code;
}

} // namespace Sockscope
