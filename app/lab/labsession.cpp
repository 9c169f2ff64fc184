#include "labsession.h"

#include "connection/urlvalidation.h"
#include "log/logsink.h"
#include "websocket/closecodes.h"
#include "websocket/opcode.h"

#include <QDateTime>

namespace Sockscope {

namespace {
using namespace Qt::StringLiterals;
using Conformance::CaseResult;
} // namespace

// The results of a conformance run, a row per finished case.
class LabSession::ResultsModel : public QAbstractTableModel
{
public:
    enum Column { Id, Behaviour, Close, Time, Description, ColumnCount };

    void clear()
    {
        beginResetModel();
        m_results.clear();
        endResetModel();
    }
    void add(const CaseResult &result)
    {
        beginInsertRows({}, int(m_results.size()), int(m_results.size()));
        m_results.push_back(result);
        endInsertRows();
    }
    const CaseResult *at(int row) const
    {
        return row >= 0 && row < int(m_results.size()) ? &m_results[size_t(row)] : nullptr;
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_results.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        const CaseResult *r = at(index.row());
        if (!r)
            return {};
        if (role == Qt::ToolTipRole)
            return QString(r->behaviourText + u'\n' + r->closeText);
        if (role == Qt::TextAlignmentRole && index.column() == Time)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
            return {};
        switch (index.column()) {
        case Id:
            return r->id;
        case Behaviour:
            return Conformance::nameOf(r->behaviour);
        case Close:
            return Conformance::nameOf(r->close);
        case Time:
            return tr("%1 ms").arg(r->durationMs);
        case Description:
            return r->description;
        }
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case Id:
            return tr("Case");
        case Behaviour:
            return tr("Behaviour");
        case Close:
            return tr("Close");
        case Time:
            return tr("Time");
        case Description:
            return tr("What the client does");
        }
        return {};
    }

private:
    static QString tr(const char *text) { return LabSession::tr(text); }
    std::vector<CaseResult> m_results;
};

LabSession::LabSession(LogSink *log, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_labLog(log)
    , m_results(std::make_unique<ResultsModel>())
{ }

LabSession::~LabSession() = default;

QAbstractTableModel *LabSession::conformanceResults() const
{
    return m_results.get();
}

QString LabSession::defaultHandshake(const QString &url, const LabHandshakeOptions &options)
{
    const QUrl parsed(url.trimmed());
    if ((parsed.scheme() != u"ws" && parsed.scheme() != u"wss") || parsed.host().isEmpty())
        return {};
    QString text = QString::fromUtf8(LabClient::defaultRequest(parsed, options).write());
    text.replace(u"\r\n"_s, u"\n"_s);
    return text.trimmed() + u'\n';
}

QByteArray LabSession::handshakeBytes(const QString &text)
{
    QString lines = text;
    lines.replace(u"\r\n"_s, u"\n"_s);
    while (lines.endsWith(u'\n'))
        lines.chop(1);
    lines.replace(u'\n', u"\r\n"_s);
    return lines.toUtf8() + "\r\n\r\n";
}

bool LabSession::connectTo(const QString &url, const QString &handshake, const Switches &switches,
                           const ConnectionOptions::Tls &tls, QString *error)
{
    if (const UrlCheck check = checkWebSocketUrl(url.trimmed()); !check.ok()) {
        if (error)
            *error = check.error;
        return false;
    }
    if (m_client) {
        m_client->disconnect(this);
        m_client->dropTcp();
    }
    LabClient::Options options;
    options.autoPong = switches.autoPong;
    options.answerClose = switches.answerClose;
    options.proceedDespiteProblems = switches.proceedDespiteProblems;
    options.tls = tls;
    m_client = std::make_unique<LabClient>(options);
    LabClient *client = m_client.get();
    connect(client, &LabClient::opened, this, [this] { emit stateChanged(state()); });
    connect(client, &LabClient::refused, this, [this](const QString &why) {
        emit message(why);
        emit stateChanged(state());
    });
    connect(client, &LabClient::closed, this, [this] { emit stateChanged(state()); });
    connect(client, &LabClient::tlsErrors, this, [this](const QList<QSslError> &errors) {
        if (m_client && m_client->state() != LabClient::State::Closed)
            emit message(
                tr("TLS: %1").arg(errors.isEmpty() ? QString() : errors.first().errorString()));
    });
    const QUrl parsed(url.trimmed());
    const QByteArray head = handshakeBytes(handshake);
    m_labLog.follow(client, parsed, head);
    if (!client->open(parsed, head, error)) {
        m_client.reset();
        return false;
    }
    emit stateChanged(state());
    return true;
}

void LabSession::dropTcp()
{
    if (m_client && m_client->state() != LabClient::State::Closed)
        m_client->dropTcp();
}

LabClient::State LabSession::state() const
{
    return m_client ? m_client->state() : LabClient::State::Idle;
}

bool LabSession::send(const LabFrame &frame, QString *error)
{
    if (state() != LabClient::State::Open) {
        if (error)
            *error = tr("Connect first: the lab sends frames on an open connection.");
        return false;
    }
    const std::optional<QByteArray> bytes = frame.bytes(error);
    if (!bytes)
        return false;
    m_client->write(*bytes, QList<int>(frame.chopSizes.begin(), frame.chopSizes.end()),
                    frame.chopDelayMs);
    return true;
}

bool LabSession::sendInOneWrite(const std::vector<LabFrame> &frames, QString *error)
{
    // A lone frame keeps its own pieces; several go as one write, as the user asked.
    if (frames.size() == 1)
        return send(frames.front(), error);
    if (state() != LabClient::State::Open) {
        if (error)
            *error = tr("Connect first: the lab sends frames on an open connection.");
        return false;
    }
    QByteArray all;
    for (const LabFrame &frame : frames) {
        const std::optional<QByteArray> bytes = frame.bytes(error);
        if (!bytes)
            return false;
        all += *bytes;
    }
    m_client->write(all);
    return true;
}

bool LabSession::runConformance(const QString &url, const QString &spec,
                                const ConnectionOptions::Tls &tls, QString *error)
{
    if (const UrlCheck check = checkWebSocketUrl(url.trimmed()); !check.ok()) {
        if (error)
            *error = check.error;
        return false;
    }
    std::optional<std::vector<Conformance::Case>> cases = Conformance::pick(spec, error);
    if (!cases)
        return false;
    stopConformance();
    m_results->clear();
    const QUrl parsed(url.trimmed());
    m_run = {};
    m_run.url = parsed.toString();
    m_run.agent
        = parsed.host() + u':' + QString::number(parsed.port(parsed.scheme() == u"wss" ? 443 : 80));
    m_run.started = QDateTime::currentDateTime();
    LabClient::Options options;
    options.tls = tls;
    const int total = int(cases->size());
    m_runner = std::make_unique<Conformance::Runner>(parsed, std::move(*cases), options);
    connect(m_runner.get(), &Conformance::Runner::caseFinished, this,
            [this, total](int index, const CaseResult &result) {
                m_results->add(result);
                emit conformanceProgress(index + 1, total);
            });
    connect(m_runner.get(), &Conformance::Runner::finished, this, [this] {
        m_run.results = m_runner->results();
        // The runner goes once its signal has returned.
        m_runner.release()->deleteLater();
        emit conformanceFinished(Conformance::summarize(m_run.results).text());
    });
    m_runner->start();
    return true;
}

void LabSession::stopConformance()
{
    if (!m_runner)
        return;
    m_runner->disconnect(this);
    m_run.results = m_runner->results();
    m_runner.reset();
}

QString LabSession::describeResult(int row) const
{
    const CaseResult *r = m_results->at(row);
    if (!r)
        return {};
    QStringList lines {
        tr("Case %1: %2").arg(r->id, r->description),
        tr("A conforming server: %1").arg(r->expectation),
        tr("Behaviour %1: %2").arg(Conformance::nameOf(r->behaviour), r->behaviourText),
        tr("Close %1: %2").arg(Conformance::nameOf(r->close), r->closeText),
        QString(),
        tr("Frames (time in ms, from, FIN, RSV, opcode, length, payload):"),
    };
    for (const CaseResult::WireEntry &e : r->wire) {
        const WireFrame &f = e.frame;
        QString payload = QString::fromLatin1(f.payload.left(48).toHex(' '));
        if (f.payload.size() > 48 || f.payloadCut)
            payload += u" …"_s;
        lines << u"%1  %2  %3  %4  %5  %6  %7"_s.arg(e.timeUs / 1000.0, 9, 'f', 3)
                     .arg(e.fromClient ? tr("client") : tr("server"), -6)
                     .arg(f.fin ? 1 : 0)
                     .arg((f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0))
                     .arg(Opcodes::name(f.opcode), -12)
                     .arg(f.payloadLength, 7)
                     .arg(payload);
    }
    if (r->wireOmitted > 0)
        lines << tr("… and %1 more frames.").arg(r->wireOmitted);
    return lines.join(u'\n');
}

} // namespace Sockscope
