#pragma once

#include "conformancecase.h"
#include "labclient.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

namespace Sockscope::Conformance {

// How much of a case's frames a result keeps (9.3.1 sends 65,536).
constexpr qsizetype kMaxWireEntries = 1000;
constexpr qsizetype kMaxWirePayload = 4096;

// What came of one case: a verdict for what the server did and one for how it closed, each
// with what happened in words, and every frame both ways.
struct CaseResult
{
    struct WireEntry
    {
        qint64 timeUs = 0; // since the case's connection began
        bool fromClient = false;
        WireFrame frame;
    };

    QString id;
    QString description;
    QString expectation;
    Verdict behaviour = Verdict::Failed;
    Verdict close = Verdict::Failed;
    QString behaviourText; // what the server did, against what it should have
    QString closeText;
    qint64 durationMs = 0;
    int serverCloseCode = -1; // -1: no close frame came (or it had no code)
    QByteArray serverCloseReason;
    std::vector<WireEntry> wire; // the first kMaxWireEntries frames, payloads cut to
                                 // kMaxWirePayload bytes (WireFrame::payloadCut)
    qsizetype wireOmitted = 0; // frames past kMaxWireEntries, counted only

    Verdict overall() const { return worse(behaviour, close); }
};

// Runs one case on a connection of its own and calls done with the result: as a client,
// against the server at url; or as the server side of a client's connection, open already
// (the fuzzing server). Deleting what it returns stops the case.
std::unique_ptr<QObject> runCase(const QUrl &url, const Case &c, const LabClient::Options &options,
                                 std::function<void(CaseResult)> done);
std::unique_ptr<QObject> runCase(std::unique_ptr<LabClient> client, const Case &c,
                                 std::function<void(CaseResult)> done);

// Runs cases one after the other against a server that echoes text and binary messages, each
// on a connection of its own (as Autobahn|Testsuite's client does).
class Runner : public QObject
{
    Q_OBJECT

public:
    Runner(QUrl url, std::vector<Case> cases, LabClient::Options options = {},
           QObject *parent = nullptr);
    ~Runner() override;

    void start();
    const std::vector<CaseResult> &results() const { return m_results; }
    const std::vector<Case> &cases() const { return m_cases; }

signals:
    void caseStarted(int index);
    void caseFinished(int index, const Sockscope::Conformance::CaseResult &result);
    void finished();

private:
    void runNext();

    QUrl m_url;
    std::vector<Case> m_cases;
    LabClient::Options m_options;
    std::vector<CaseResult> m_results;
    std::unique_ptr<QObject> m_run;
};

} // namespace Sockscope::Conformance
