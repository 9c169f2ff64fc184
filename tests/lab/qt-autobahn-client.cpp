// QtWebSockets' own client (QWebSocket) under Autobahn|Testsuite's fuzzing-server protocol:
// the case count, each case with every text and binary message echoed back, then the reports.
// Usage: qt-autobahn-client URL [AGENT] (URL: ws://127.0.0.1:9001). Prints "DONE <n>".

#include <QCoreApplication>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>
#include <QWebSocket>

#include <functional>

namespace {
QString base;
QString agent;

// Opens path; each message goes to onText/onBinary; done runs when it closes.
void open(const QString &path, const QUrlQuery &query,
          const std::function<void(QWebSocket *, const QString &)> &onText,
          const std::function<void()> &done)
{
    auto *socket = new QWebSocket;
    // No limit of Qt's own on what a case may send.
    socket->setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    socket->setMaxAllowedIncomingFrameSize(64 * 1024 * 1024);
    QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                     [socket, onText](const QString &text) { onText(socket, text); });
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                     [socket](const QByteArray &data) { socket->sendBinaryMessage(data); });
    QObject::connect(socket, &QWebSocket::disconnected, socket, [socket, done] {
        socket->deleteLater();
        done();
    });
    QUrl url(base + path);
    url.setQuery(query);
    socket->open(url);
}

void runCase(int n, int count)
{
    if (n > count) {
        open(
            QStringLiteral("/updateReports"), QUrlQuery {{QStringLiteral("agent"), agent}},
            [](QWebSocket *, const QString &) {},
            [count] {
                QTextStream(stdout) << "DONE " << count << Qt::endl;
                QCoreApplication::quit();
            });
        return;
    }
    open(
        QStringLiteral("/runCase"),
        QUrlQuery {{QStringLiteral("case"), QString::number(n)}, {QStringLiteral("agent"), agent}},
        [](QWebSocket *socket, const QString &text) { socket->sendTextMessage(text); },
        [n, count] { runCase(n + 1, count); });
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: qt-autobahn-client URL [AGENT]" << Qt::endl;
        return 2;
    }
    base = args[1];
    agent = args.size() > 2 ? args[2] : QStringLiteral("QtWebSockets");
    int count = 0;
    open(
        QStringLiteral("/getCaseCount"), {},
        [&count](QWebSocket *, const QString &text) { count = text.toInt(); },
        [&count] { runCase(1, count); });
    return app.exec();
}
