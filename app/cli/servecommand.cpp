#include "servecommand.h"

#include "cli/terminationwatcher.h"
#include "connection/closecodes.h"
#include "server/echoserver.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace Sockscope {

namespace {
constexpr int kPreviewChars = 80;

QString preview(bool binary, const QByteArray &data)
{
    if (binary)
        return QString::fromLatin1(data.left(kPreviewChars / 3).toHex(' '));
    QString text = QString::fromUtf8(data.left(kPreviewChars * 4)).left(kPreviewChars);
    text.replace(u'\n', u'⏎');
    return text;
}
} // namespace

int runServeCommand(const ServeOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    EchoServer server;
    QString error;
    if (!server.listen(options.host, options.port, &error)) {
        err << "sockscope: " << error << Qt::endl;
        return CommandLine::kExitRuntimeError;
    }
    out << "listening on " << server.url().toString() << Qt::endl;

    QObject::connect(
        &server, &EchoServer::clientConnected, &server,
        [&out](int id, const QString &peer, const QString &path, const QString &origin) {
            out << '#' << id << " connected from " << peer << " path "
                << (path.isEmpty() ? QStringLiteral("/") : path) << " origin "
                << (origin.isEmpty() ? QStringLiteral("-") : origin) << Qt::endl;
        });
    const auto printMessage
        = [&out](int id, const char *arrow, bool binary, const QByteArray &data) {
              out << '#' << id << ' ' << arrow << ' ' << (binary ? "binary " : "text ")
                  << data.size() << " B: " << preview(binary, data) << Qt::endl;
          };
    QObject::connect(&server, &EchoServer::messageReceived, &server,
                     [printMessage](int id, bool binary, const QByteArray &data) {
                         printMessage(id, "<", binary, data);
                     });
    QObject::connect(&server, &EchoServer::messageSent, &server,
                     [printMessage](int id, bool binary, const QByteArray &data) {
                         printMessage(id, ">", binary, data);
                     });
    QObject::connect(&server, &EchoServer::clientDisconnected, &server,
                     [&out](int id, int code, const QString &reason) {
                         out << '#' << id << " closed " << CloseCodes::describe(code);
                         if (!reason.isEmpty())
                             out << " \"" << reason << '"';
                         out << Qt::endl;
                     });

    TerminationWatcher watcher;
    QObject::connect(&watcher, &TerminationWatcher::terminationRequested, &server, [&] {
        out << "stopping" << Qt::endl;
        server.shutdown();
    });
    QObject::connect(&server, &EchoServer::stopped, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(0); });
    return QCoreApplication::exec();
}

} // namespace Sockscope
