#include "cli/commandline.h"
#include "cli/conformancecommand.h"
#include "cli/runcommand.h"
#include "cli/servecommand.h"
#include "server/threadedmockserver.h"
#include "version.h"

#include "common/theme.h"
#include "mainwindow.h"
#include "session/workspace.h"

#include <QApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace Sockscope;

int main(int argc, char *argv[])
{
    QStringList rawArgs;
    for (int i = 0; i < argc; ++i)
        rawArgs.append(QString::fromLocal8Bit(argv[i]));

    // The terminal commands must run without a display, so only the GUI gets a QApplication.
    // They also skip the GLib event loop: its poll() over every socket on every wakeup makes
    // a broadcast to thousands of clients take seconds instead of milliseconds.
    if (!CommandLine::needsGui(rawArgs))
        qputenv("QT_NO_GLIB", "1");
    // The window's server tabs run their servers on threads of their own, for the same reason.
    ThreadedMockServer::useUnixDispatcherOnThreads();
    std::unique_ptr<QCoreApplication> app = CommandLine::needsGui(rawArgs)
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Sockscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sockscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKSCOPE_VERSION));

    // QApplication has removed its own options (-platform, -style ...) by now.
    const CommandLine command = CommandLine::parse(QCoreApplication::arguments());
    switch (command.action) {
    case CommandLine::Action::ShowHelp:
        QTextStream(stdout) << CommandLine::helpText();
        return 0;
    case CommandLine::Action::ShowVersion:
        QTextStream(stdout) << CommandLine::versionText();
        return 0;
    case CommandLine::Action::UsageError:
        QTextStream(stderr) << "sockscope: " << command.error << "\n"
                            << "Try 'sockscope --help'.\n";
        return CommandLine::kExitUsageError;
    case CommandLine::Action::Serve:
        return runServeCommand(command.serve);
    case CommandLine::Action::Conformance:
        return runConformanceCommand(command.conformance);
    case CommandLine::Action::Run:
        return runRunCommand(command.run);
    case CommandLine::Action::RunGui:
        break;
    }

    if (const Theme::Choice theme = Theme::stored(); theme != Theme::Choice::System)
        Theme::apply(theme);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/sockscope/sockscope.svg")));
    MainWindow window;
    window.setWorkspacePath(WorkspaceFile::defaultPath());
    window.restoreWorkspaceOrStart();
    window.show();
    window.openFiles(command.files);
    return QApplication::exec();
}
