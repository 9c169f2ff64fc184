#pragma once

#include "conformancecase.h"
#include "conformancereport.h"

#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

#include <memory>
#include <vector>

namespace Sockscope {
class LabClient;
}

namespace Sockscope::Conformance {

// The conformance suite for clients: a server that speaks Autobahn|Testsuite's fuzzing-server
// protocol, so a client's existing test harness works unchanged. It speaks RFC 6455 itself
// (LabClient on the server's side), and by the path the client asks for:
// - /getCaseCount: a text message with the number of cases;
// - /getCaseInfo?case=N: {"id": "1.1.1", "description": "..."} of case N (from 1);
// - /runCase?case=N&agent=A: runs case N against the client, which echoes what it gets, and
//   grades it as agent A;
// - /getCaseStatus?case=N&agent=A: {"behavior": "OK"}, the verdict A got;
// - /updateReports?agent=A: writes A's reports (every agent's without one).
// Each of them but runCase then closes with 1000.
class FuzzingServer : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QHostAddress host = QHostAddress::LocalHost;
        quint16 port = 9001;
        QString cases; // a spec for pick(); empty for all
        // Reports: DIR/AGENT/index.html (and a page per case), DIR/AGENT.json, DIR/AGENT.xml.
        QString reportDir = QStringLiteral("reports/clients");
        int handshakeTimeoutMs = 10'000;
    };

    explicit FuzzingServer(Options options, QObject *parent = nullptr);
    ~FuzzingServer() override;

    // False, with a sentence in *error, for a spec that picks nothing or a port in use.
    bool listen(QString *error);
    quint16 port() const { return m_server.serverPort(); }
    int caseCount() const { return int(m_cases.size()); }
    // What each agent got, in case order as it ran them.
    const QMap<QString, Run> &runs() const { return m_runs; }

signals:
    void caseFinished(const QString &agent, const Sockscope::Conformance::CaseResult &result);
    // Reports were written (the paths of the index pages), or could not be (why).
    void reportsWritten(const QStringList &indexPaths);
    void problem(const QString &text);

private:
    class Upgrade;
    void onConnection();
    void route(class Upgrade *upgrade);
    bool writeReports(const QString &agent, QStringList *written);
    // Answers an /updateReports (agent empty: all) once no case of its agents is running: a
    // client may ask as soon as its side of the last case has closed, before this side has
    // graded it.
    void updateReports(const QString &agent, LabClient *control);
    void onCaseDone(const QString &agent);

    Options m_options;
    QTcpServer m_server;
    std::vector<Case> m_cases;
    QMap<QString, Run> m_runs;
    std::vector<std::unique_ptr<QObject>> m_running;
    QMap<QString, int> m_runningFor; // by agent
    std::vector<std::pair<QString, QPointer<LabClient>>> m_pendingReports;
};

} // namespace Sockscope::Conformance
