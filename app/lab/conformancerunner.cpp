#include "conformancerunner.h"

#include "websocket/closecodes.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QStringList>
#include <QTimer>

namespace Sockscope::Conformance {

namespace {
using namespace Qt::StringLiterals;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Conformance)
};

QString describe(const Event &e)
{
    const QString size
        = e.payload.size() == 1 ? Tr::tr("1 byte") : Tr::tr("%1 bytes").arg(e.payload.size());
    switch (e.kind) {
    case Event::Kind::Text:
        return Tr::tr("a text message of %1").arg(size);
    case Event::Kind::Binary:
        return Tr::tr("a binary message of %1").arg(size);
    case Event::Kind::Pong:
        return Tr::tr("a pong of %1").arg(size);
    }
    return {};
}

QString describe(const std::vector<Event> &events)
{
    if (events.empty())
        return Tr::tr("nothing");
    QStringList parts;
    for (const Event &e : events)
        parts << describe(e);
    return parts.join(QStringLiteral(", "));
}

// "The server ... the client" as "The client ... the server".
QString swapRoles(QString text)
{
    static const QRegularExpression roles(u"\\b([Tt]he) (server|client)\\b"_s);
    QString out;
    qsizetype at = 0;
    for (const QRegularExpressionMatch &m : roles.globalMatch(text)) {
        out += text.mid(at, m.capturedStart() - at) + m.captured(1)
            + (m.captured(2) == u"server" ? u" client"_s : u" server"_s);
        at = m.capturedEnd();
    }
    return out + text.mid(at);
}

bool isPrefix(const std::vector<Event> &shorter, const std::vector<Event> &longer)
{
    return shorter.size() <= longer.size()
        && std::equal(shorter.begin(), shorter.end(), longer.begin());
}
} // namespace

// One case on its own connection: the steps once open, then watching and closing as the
// case's outcome says, then the verdicts.
class CaseRun : public QObject
{
public:
    // As a client, against the server at url.
    CaseRun(const QUrl &url, const Case &c, const LabClient::Options &options,
            std::function<void(CaseResult)> done)
        : CaseRun(std::make_unique<LabClient>(options), c, std::move(done))
    {
        connect(m_client.get(), &LabClient::opened, this, &CaseRun::onOpened);
        connect(m_client.get(), &LabClient::refused, this, [this](const QString &why) {
            m_result.behaviourText = tr("The handshake failed: %1").arg(why);
            m_result.closeText = m_result.behaviourText;
            finish(Verdict::Failed, Verdict::Failed);
        });
        QString error;
        const HandshakeRequest request = LabClient::defaultRequest(url);
        if (!m_client->open(url, request.write(), &error)) {
            m_result.behaviourText = error;
            QTimer::singleShot(0, this, [this] { finish(Verdict::Failed, Verdict::Failed); });
        }
    }

    // As the server side of a client's connection, open already.
    CaseRun(std::unique_ptr<LabClient> client, const Case &c, std::function<void(CaseResult)> done)
        : m_case(c)
        , m_client(std::move(client))
        , m_done(std::move(done))
    {
        if (m_case.prepare)
            m_case.prepare(m_case);
        m_result.id = c.id;
        m_result.description = c.description;
        m_result.expectation = c.expectation;
        m_clock.start();
        connect(m_client.get(), &LabClient::framesSent, this, &CaseRun::onSent);
        connect(m_client.get(), &LabClient::framesReceived, this, &CaseRun::onFrames);
        connect(m_client.get(), &LabClient::closed, this, &CaseRun::onClosed);
        m_timeout.setSingleShot(true);
        connect(&m_timeout, &QTimer::timeout, this, &CaseRun::onTimeout);
        if (m_client->isServerSide())
            QTimer::singleShot(0, this, &CaseRun::onOpened);
    }

private:
    // A step's frames as this side writes them: a client's masked with fresh keys (unless the
    // case keeps its own), a server's unmasked.
    QByteArray bytesOf(const Step &step) const
    {
        QByteArray bytes;
        for (const FrameSpec &f : step.frames)
            bytes += FrameWriter::write(step.keepMask ? f : m_client->outgoing(f));
        return bytes;
    }

    void onOpened()
    {
        struct Write
        {
            int atMs = 0;
            QByteArray bytes;
            int chopSize = 0;
            int chopDelayMs = 0;
        };
        std::vector<Write> writes;
        int at = 0;
        for (const Step &step : m_case.steps) {
            at += step.pauseBeforeMs;
            const QByteArray bytes = bytesOf(step);
            if (step.cutsAt.isEmpty()) {
                writes.push_back({at, bytes, step.chopSize, step.chopDelayMs});
                continue;
            }
            // One frame, cut at payload offsets: its header goes with the first piece.
            const qsizetype header = bytes.size() - step.frames.front().payload.size();
            qsizetype from = 0;
            for (qsizetype cut : step.cutsAt) {
                writes.push_back({at, bytes.mid(from, header + cut - from)});
                from = header + cut;
                at += step.chopDelayMs;
            }
            writes.push_back({at, bytes.sliced(from)});
        }
        for (size_t i = 0; i < writes.size(); ++i) {
            const bool last = i + 1 == writes.size();
            auto send = [this, w = std::move(writes[i]), last] {
                // Nothing more once the server has failed the connection.
                if (m_client->state() == LabClient::State::Open && !m_client->closeReceived())
                    m_client->write(w.bytes, w.chopSize, w.chopDelayMs);
                if (last) {
                    m_allWritten = true;
                    checkReplies();
                }
            };
            if (writes[i].atMs == 0)
                send();
            else
                QTimer::singleShot(writes[i].atMs, this, std::move(send));
        }
        if (writes.empty())
            m_allWritten = true;
        m_timeout.start(at + m_case.timeoutMs);
        checkReplies();
    }

    void keep(bool fromClient, const WireFrame &frame)
    {
        if (qsizetype(m_result.wire.size()) >= kMaxWireEntries) {
            ++m_result.wireOmitted;
            return;
        }
        m_result.wire.push_back({m_client->elapsedUs(), fromClient, frame});
        WireFrame &kept = m_result.wire.back().frame;
        if (kept.payload.size() > kMaxWirePayload) {
            kept.payload.truncate(kMaxWirePayload);
            kept.payloadCut = true;
        }
    }

    void onSent(const std::vector<WireFrame> &frames)
    {
        for (const WireFrame &f : frames)
            keep(true, f);
    }

    void onFrames(const std::vector<WireFrame> &frames,
                  const std::vector<ProtocolVerdict> &verdicts)
    {
        for (const ProtocolVerdict &v : verdicts) {
            if (v.isViolation() && m_violation.isEmpty())
                m_violation = v.text();
        }
        for (const WireFrame &f : frames) {
            keep(false, f);
            if (f.opcode == 0x1 || f.opcode == 0x2) {
                m_message = {f.opcode == 0x1 ? Event::Kind::Text : Event::Kind::Binary, f.payload};
                m_inMessage = !f.fin;
                if (f.fin)
                    onMessage();
            } else if (f.opcode == 0x0 && m_inMessage) {
                m_message.payload += f.payload;
                m_inMessage = !f.fin;
                if (f.fin)
                    onMessage();
            } else if (f.opcode == 0xA) {
                m_events.push_back({Event::Kind::Pong, f.payload});
            } else if (f.opcode == 0x8) {
                m_result.serverCloseCode = CloseCodes::codeOf(f.payload);
                if (m_result.serverCloseCode >= 0)
                    m_result.serverCloseReason = f.payload.sliced(2);
                m_serverClosedFirst = !m_client->closeSent();
                m_serverCloseFrame = true;
                noteServerFailing();
            }
        }
        checkReplies();
    }

    void onMessage()
    {
        m_events.push_back(std::move(m_message));
        m_message = {};
        // A round trip at a time: the next message goes once this one came back.
        if (m_case.roundTrips > 0 && qsizetype(m_events.size()) < m_case.roundTrips
            && m_client->state() == LabClient::State::Open && !m_client->closeSent())
            m_client->write(bytesOf(m_case.steps.front()));
    }

    // Whether the server ended the connection while the client still had parts to write.
    void noteServerFailing()
    {
        if (!m_serverEnded) {
            m_serverEnded = true;
            m_endedBeforeAllWritten = !m_allWritten;
        }
    }

    // A case the server answers: once the answer is in, the client closes.
    void checkReplies()
    {
        if (m_case.outcome != Case::Outcome::Reply || m_client->closeSent()
            || m_client->state() != LabClient::State::Open)
            return;
        if (m_events.size() >= m_case.expected.size() && m_allWritten)
            m_client->sendClose(CloseCodes::NormalClosure);
    }

    void onTimeout()
    {
        if (m_client->state() != LabClient::State::Open)
            return;
        m_timedOut = true;
        if (!m_client->closeSent()) {
            m_closedOnTimeout = true;
            m_client->sendClose(CloseCodes::NormalClosure);
        } else
            m_client->dropTcp();
    }

    void onClosed(bool byServer)
    {
        m_tcpClosedByServer = byServer;
        if (byServer)
            noteServerFailing();
        judge();
    }

    void judge()
    {
        // The server closed on its own: not in answer to the close the client sent when the case
        // ran out of time. (A case's own close frame may be what it fails for: 3.7.)
        const bool failedByServer
            = !m_closedOnTimeout && (m_serverCloseFrame || m_tcpClosedByServer);
        Verdict behaviour = Verdict::Ok;
        QString what;
        switch (m_case.outcome) {
        case Case::Outcome::Reply:
            if (m_events == m_case.expected) {
                what = tr("The server sent back %1, as expected.").arg(describe(m_events));
            } else if (m_case.nonStrict && m_events == *m_case.nonStrict) {
                behaviour = Verdict::NonStrict;
                what = tr("The server sent back %1 (allowed); expected %2.")
                           .arg(describe(m_events), describe(m_case.expected));
            } else {
                behaviour = Verdict::Failed;
                what = tr("Expected %1; the server sent back %2.")
                           .arg(describe(m_case.expected), describe(m_events));
            }
            break;
        case Case::Outcome::Fail:
            if (!failedByServer) {
                behaviour = Verdict::Failed;
                what = tr("The server did not fail the connection (it sent back %1).")
                           .arg(describe(m_events));
            } else if (m_case.failFast && !m_endedBeforeAllWritten) {
                behaviour = Verdict::NonStrict;
                what = tr("The server failed the connection only once the whole message had "
                          "come; it was to fail it as soon as the text went bad.");
            } else if (m_events == m_case.expected) {
                what = m_events.empty()
                    ? tr("The server failed the connection, as expected.")
                    : tr("The server sent back %1, then failed the connection, as expected.")
                          .arg(describe(m_events));
            } else if (isPrefix(m_events, m_case.expected)) {
                behaviour = Verdict::NonStrict;
                what = tr("The server failed the connection after sending back %1 (failing "
                          "fast is allowed); expected %2 first.")
                           .arg(describe(m_events), describe(m_case.expected));
            } else {
                behaviour = Verdict::Failed;
                what = tr("The server failed the connection, but first sent back %1; expected "
                          "%2.")
                           .arg(describe(m_events), describe(m_case.expected));
            }
            break;
        case Case::Outcome::Information:
            behaviour = Verdict::Informational;
            what = tr("The server sent back %1.").arg(describe(m_events));
            break;
        }
        if (!m_violation.isEmpty()) {
            behaviour = Verdict::Failed;
            what += u' ' + tr("Its frames break a rule: %1.").arg(m_violation);
        }

        Verdict close = Verdict::Ok;
        QString how;
        const QString code = m_result.serverCloseCode >= 0
            ? CloseCodes::describe(m_result.serverCloseCode)
            : tr("no code");
        const bool codeOk = m_case.closeCodes.contains(m_result.serverCloseCode);
        if (m_case.outcome == Case::Outcome::Fail) {
            if (!failedByServer) {
                close = Verdict::Failed;
                how = tr("The client had to close the connection.");
            } else if (!m_serverCloseFrame) {
                how = tr("The server closed TCP without a close frame.");
            } else if (!codeOk) {
                close = Verdict::WrongCode;
                how = tr("The server closed with %1; expected %2.").arg(code, codesText());
            } else {
                how = tr("The server closed with %1.").arg(code);
            }
        } else if (m_serverClosedFirst) {
            close = Verdict::Failed;
            how = tr("The server closed first, with %1; the client was to close.").arg(code);
        } else if (!m_serverCloseFrame && m_tcpClosedByServer && m_case.dropIsFine) {
            how = tr("The server closed TCP without a close frame (failing the connection).");
        } else if (!m_serverCloseFrame) {
            close = Verdict::Failed;
            how = m_tcpClosedByServer ? tr("The server dropped TCP without answering the close.")
                                      : tr("The server did not answer the close.");
        } else if (!codeOk) {
            close = Verdict::WrongCode;
            how = tr("The server answered the close with %1; expected %2.").arg(code, codesText());
        } else if (m_client->isServerSide()) {
            how = tr("The server answered the close with %1.").arg(code);
        } else if (!m_tcpClosedByServer) {
            close = Verdict::NonStrict;
            how = tr("The server answered the close with %1 but left TCP open (RFC 6455 7.1.1: "
                     "the server closes it first).")
                      .arg(code);
        } else {
            how = tr("The server answered the close with %1 and closed TCP.").arg(code);
        }
        if (m_case.outcome == Case::Outcome::Information)
            close = Verdict::Informational;
        if (m_timedOut && m_case.outcome == Case::Outcome::Reply && behaviour == Verdict::Ok)
            how += u' ' + tr("(It took longer than the case allows.)");
        m_result.behaviourText = what;
        m_result.closeText = how;
        if (m_client->isServerSide()) {
            // The cases are written about a server under test by a client; here the roles
            // are the other way round.
            for (QString *text : {&m_result.behaviourText, &m_result.closeText,
                                  &m_result.expectation, &m_result.description})
                *text = swapRoles(*text);
        }
        finish(behaviour, close);
    }

    QString codesText() const
    {
        QStringList codes;
        for (int c : m_case.closeCodes)
            codes << (c < 0 ? tr("no code") : QString::number(c));
        return codes.join(tr(" or "));
    }

    void finish(Verdict behaviour, Verdict close)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_timeout.stop();
        m_result.behaviour = behaviour;
        m_result.close = close;
        m_result.durationMs = m_clock.elapsed();
        m_done(std::move(m_result));
    }

    Case m_case;
    std::unique_ptr<LabClient> m_client;
    std::function<void(CaseResult)> m_done;
    CaseResult m_result;
    QElapsedTimer m_clock;
    QTimer m_timeout;
    std::vector<Event> m_events;
    Event m_message;
    bool m_inMessage = false;
    QString m_violation;
    bool m_serverCloseFrame = false;
    bool m_serverClosedFirst = false;
    bool m_tcpClosedByServer = false;
    bool m_timedOut = false;
    bool m_closedOnTimeout = false; // the client closed because the case ran out of time
    bool m_allWritten = false; // the last of the steps has been written
    bool m_serverEnded = false; // a close frame or a TCP close came from the server
    bool m_endedBeforeAllWritten = false;
    bool m_finished = false;
};

std::unique_ptr<QObject> runCase(const QUrl &url, const Case &c, const LabClient::Options &options,
                                 std::function<void(CaseResult)> done)
{
    return std::make_unique<CaseRun>(url, c, options, std::move(done));
}

std::unique_ptr<QObject> runCase(std::unique_ptr<LabClient> client, const Case &c,
                                 std::function<void(CaseResult)> done)
{
    return std::make_unique<CaseRun>(std::move(client), c, std::move(done));
}

Runner::Runner(QUrl url, std::vector<Case> cases, LabClient::Options options, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_cases(std::move(cases))
    , m_options(std::move(options))
{ }

Runner::~Runner() = default;

void Runner::start()
{
    m_results.clear();
    runNext();
}

void Runner::runNext()
{
    const size_t index = m_results.size();
    if (index >= m_cases.size()) {
        m_run.reset();
        emit finished();
        return;
    }
    emit caseStarted(int(index));
    m_run = runCase(m_url, m_cases[index], m_options, [this](CaseResult r) {
        m_results.push_back(std::move(r));
        emit caseFinished(int(m_results.size() - 1), m_results.back());
        // The run that called goes at the next turn of the loop, not under its own feet.
        QTimer::singleShot(0, this, &Runner::runNext);
    });
}

} // namespace Sockscope::Conformance
