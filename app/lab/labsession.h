#pragma once

#include "conformancereport.h"
#include "conformancerunner.h"
#include "labclient.h"
#include "labframe.h"
#include "lablog.h"

#include <QAbstractTableModel>
#include <QObject>

#include <memory>

namespace Sockscope {

class LogSink;

// What a lab tab does, with no widgets: one lab connection at a time (each Connect makes a
// fresh LabClient), its rows in the tab's log, the frames the user builds sent as they say,
// and the conformance suite run against the tab's URL.
class LabSession : public QObject
{
    Q_OBJECT

public:
    struct Switches
    {
        bool autoPong = true;
        bool answerClose = true;
        bool proceedDespiteProblems = false;
    };

    // log must outlive the session.
    explicit LabSession(LogSink *log, QObject *parent = nullptr);
    ~LabSession() override;

    // The upgrade request a well-behaved client sends to url (a fresh key), as the handshake
    // editor shows it: one header a line. Empty for a URL that is not ws:// or wss://.
    static QString defaultHandshake(const QString &url, const LabHandshakeOptions &options = {});
    // The editor's text as bytes on the wire: CRLF line ends, ended by an empty line.
    static QByteArray handshakeBytes(const QString &text);

    // Connects with this handshake. False, with a sentence in *error, for a URL it cannot use.
    bool connectTo(const QString &url, const QString &handshake, const Switches &switches,
                   const ConnectionOptions::Tls &tls, QString *error);
    // Closes TCP now, with no close frame.
    void dropTcp();
    LabClient::State state() const;

    // Sends the frame as it says (split, in pieces); the frames of a list go in one write.
    // False, with a sentence in *error, when not open or a frame cannot be written.
    bool send(const LabFrame &frame, QString *error);
    bool sendInOneWrite(const std::vector<LabFrame> &frames, QString *error);

    // The conformance suite against url (its cases picked by spec), each case on a connection
    // of its own beside the tab's. False, with a sentence in *error, for a bad spec or URL.
    bool runConformance(const QString &url, const QString &spec, const ConnectionOptions::Tls &tls,
                        QString *error);
    void stopConformance();
    bool conformanceRunning() const { return bool(m_runner); }
    // The finished run, for a report.
    const Conformance::Run &conformanceRun() const { return m_run; }
    QAbstractTableModel *conformanceResults() const;
    // A case's verdicts, texts and frames, as the results' detail pane shows them.
    QString describeResult(int row) const;

signals:
    void stateChanged(Sockscope::LabClient::State state);
    // A sentence for the status bar: why the handshake failed, a TLS problem.
    void message(const QString &text);
    void conformanceProgress(int done, int total);
    void conformanceFinished(const QString &summary);

private:
    LogSink *m_log;
    LabLog m_labLog;
    std::unique_ptr<LabClient> m_client;
    std::unique_ptr<Conformance::Runner> m_runner;
    Conformance::Run m_run;
    class ResultsModel;
    std::unique_ptr<ResultsModel> m_results;
};

} // namespace Sockscope
