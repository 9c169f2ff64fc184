#include "fuzzingserver.h"

#include "conformancehtml.h"
#include "conformancerunner.h"
#include "io/savefile.h"
#include "labclient.h"
#include "websocket/closecodes.h"
#include "websocket/handshakerequest.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

namespace Sockscope::Conformance {

namespace {
using namespace Qt::StringLiterals;

// An agent's name as a file name: letters, digits, dot, dash and underscore.
QString fileNameOf(const QString &agent)
{
    QString name = agent;
    name.replace(QRegularExpression(u"[^A-Za-z0-9._-]"_s), u"_"_s);
    return name.isEmpty() || name.startsWith(u'.') ? u"agent"_s + name : name;
}
} // namespace

// One connection until its handshake is read and answered.
class FuzzingServer::Upgrade : public QObject
{
public:
    Upgrade(QTcpSocket *socket, int timeoutMs, QObject *parent)
        : QObject(parent)
        , socket(socket)
    {
        socket->setParent(this);
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, this, &QObject::deleteLater);
        timer.start(timeoutMs);
    }

    QTcpSocket *socket;
    QByteArray received;
    QTimer timer;
    HandshakeRequest request;
};

FuzzingServer::FuzzingServer(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    connect(&m_server, &QTcpServer::newConnection, this, &FuzzingServer::onConnection);
}

FuzzingServer::~FuzzingServer() = default;

bool FuzzingServer::listen(QString *error)
{
    std::optional<std::vector<Case>> cases = pick(m_options.cases, error);
    if (!cases)
        return false;
    m_cases = std::move(*cases);
    if (!m_server.listen(m_options.host, m_options.port)) {
        if (error)
            *error = tr("Could not listen on %1:%2: %3")
                         .arg(m_options.host.toString())
                         .arg(m_options.port)
                         .arg(m_server.errorString());
        return false;
    }
    return true;
}

void FuzzingServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *upgrade = new Upgrade(socket, m_options.handshakeTimeoutMs, this);
        connect(socket, &QTcpSocket::disconnected, upgrade, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, upgrade, [this, upgrade] {
            upgrade->received += upgrade->socket->readAll();
            const qsizetype end = HttpHead::end(upgrade->received);
            if (end < 0) {
                if (upgrade->received.size() > HttpHead::kMaxBytes)
                    upgrade->deleteLater();
                return;
            }
            QString why;
            const auto request
                = HandshakeRequest::parse(QByteArrayView(upgrade->received).first(end), &why);
            if (!request) {
                upgrade->socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                upgrade->socket->disconnectFromHost();
                return;
            }
            const UpgradeAnswer answer = UpgradeAnswer::to(*request, {}, "Sockscope");
            upgrade->socket->write(answer.response.write());
            if (!answer.isAccepted()) {
                upgrade->socket->disconnectFromHost();
                return;
            }
            upgrade->request = *request;
            upgrade->received = upgrade->received.mid(end);
            upgrade->socket->disconnect(upgrade);
            route(upgrade);
        });
    }
}

void FuzzingServer::route(Upgrade *upgrade)
{
    const QUrl target(u"ws://fuzzing"_s + QString::fromUtf8(upgrade->request.target));
    const QUrlQuery query(target);
    const QString path = target.path();
    const QString agent = query.queryItemValue(u"agent"_s, QUrl::FullyDecoded);
    bool ok = false;
    const int number = query.queryItemValue(u"case"_s).toInt(&ok);
    const bool caseOk = ok && number >= 1 && number <= int(m_cases.size());

    auto client = std::make_unique<LabClient>(LabClient::Options {});
    client->adopt(upgrade->socket, upgrade->received);
    upgrade->socket = nullptr;
    upgrade->deleteLater();

    if (path == u"/runCase" && caseOk && !agent.isEmpty()) {
        const Case &c = m_cases[size_t(number - 1)];
        Run &run = m_runs[agent];
        if (run.agent.isEmpty()) {
            run.agent = agent;
            run.url = tr("clients of ws://%1:%2").arg(m_options.host.toString()).arg(port());
            run.started = QDateTime::currentDateTime();
        }
        ++m_runningFor[agent];
        // The run, once made: its result's callback lets it go.
        auto self = std::make_shared<QObject *>(nullptr);
        auto done = [this, agent, self](CaseResult result) {
            Run &run = m_runs[agent];
            const auto same = std::find_if(run.results.begin(), run.results.end(),
                                           [&](const CaseResult &r) { return r.id == result.id; });
            if (same != run.results.end())
                *same = result; // a case run again
            else
                run.results.push_back(result);
            emit caseFinished(agent, result);
            // The run goes at the next turn, not under its own feet.
            QTimer::singleShot(0, this, [this, raw = *self] {
                std::erase_if(m_running, [raw](const auto &r) { return r.get() == raw; });
            });
            onCaseDone(agent);
        };
        std::unique_ptr<QObject> caseRun = runCase(std::move(client), c, std::move(done));
        *self = caseRun.get();
        m_running.push_back(std::move(caseRun));
        return;
    }

    // The others say what they say and close.
    LabClient *control = client.release();
    control->setParent(this);
    connect(control, &LabClient::closed, control, &QObject::deleteLater);
    const auto say = [control](const QByteArray &text) {
        FrameSpec frame;
        frame.opcode = 0x1;
        frame.payload = text;
        control->send(frame);
    };
    if (path == u"/getCaseCount") {
        say(QByteArray::number(qsizetype(m_cases.size())));
    } else if (path == u"/getCaseInfo" && caseOk) {
        const Case &c = m_cases[size_t(number - 1)];
        say(QJsonDocument(QJsonObject {{u"id"_s, c.id}, {u"description"_s, c.description}})
                .toJson(QJsonDocument::Compact));
    } else if (path == u"/getCaseStatus" && caseOk) {
        const QString id = m_cases[size_t(number - 1)].id;
        const Run run = m_runs.value(agent);
        const auto result = std::find_if(run.results.begin(), run.results.end(),
                                         [&](const CaseResult &r) { return r.id == id; });
        say(QJsonDocument(QJsonObject {{u"behavior"_s,
                                        result == run.results.end() ? u"UNIMPLEMENTED"_s
                                                                    : nameOf(result->behaviour)}})
                .toJson(QJsonDocument::Compact));
    } else if (path == u"/updateReports") {
        updateReports(agent, control);
        return;
    } else {
        control->sendClose(CloseCodes::PolicyViolation,
                           tr("Not a fuzzing-server path: %1").arg(path).toUtf8().left(100));
        return;
    }
    control->sendClose(CloseCodes::NormalClosure);
}

void FuzzingServer::updateReports(const QString &agent, LabClient *control)
{
    const QStringList agents = agent.isEmpty() ? m_runs.keys() : QStringList {agent};
    if (std::any_of(agents.begin(), agents.end(),
                    [this](const QString &a) { return m_runningFor.value(a) > 0; })) {
        m_pendingReports.emplace_back(agent, control);
        return;
    }
    QStringList written;
    for (const QString &name : agents)
        writeReports(name, &written); // a failure is said through problem()
    if (!written.isEmpty())
        emit reportsWritten(written);
    if (control && control->state() == LabClient::State::Open)
        control->sendClose(CloseCodes::NormalClosure);
}

void FuzzingServer::onCaseDone(const QString &agent)
{
    if (--m_runningFor[agent] > 0)
        return;
    // Answered in turn; one still waiting on another agent goes back in the list.
    for (auto &[name, control] : std::exchange(m_pendingReports, {}))
        updateReports(name, control);
}

bool FuzzingServer::writeReports(const QString &agent, QStringList *written)
{
    if (!m_runs.contains(agent))
        return true;
    Run run = m_runs.value(agent);
    // In case order, however the client ran them.
    std::vector<CaseResult> ordered;
    for (const Case &c : m_cases) {
        for (const CaseResult &r : run.results) {
            if (r.id == c.id)
                ordered.push_back(r);
        }
    }
    run.results = std::move(ordered);
    const QDir dir(m_options.reportDir);
    const QString name = fileNameOf(agent);
    QString error;
    if (!writeHtml(run, dir.filePath(name), &error)
        || !saveWithMessage(dir.filePath(name + u".json"_s), toJson(run), &error)
        || !saveWithMessage(dir.filePath(name + u".xml"_s), toJUnit(run), &error)) {
        emit problem(error);
        return false;
    }
    written->append(QDir(dir.filePath(name)).absoluteFilePath(u"index.html"_s));
    return true;
}

} // namespace Sockscope::Conformance
