#include "servertab.h"

#include "behavioureditor.h"
#include "common/closecodepicker.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "connection/composerinput.h"
#include "log/logpane.h"
#include "log/messagelogmodel.h"
#include "server/clientlistmodel.h"
#include "server/serverlogbook.h"
#include "server/threadedmockserver.h"
#include "session/sessiondocument.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
QStringList listOf(const QLineEdit *field)
{
    QStringList out;
    const QStringList parts = field->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

} // namespace

ServerTab::ServerTab(QWidget *parent)
    : ProfileTab(parent)
    , m_server(new ThreadedMockServer(this))
    , m_logs(new ServerLogBook(m_server, this))
    , m_clientModel(new ClientListModel(m_server, this))
    , m_host(named(new QLineEdit(QStringLiteral("127.0.0.1"), this), tr("Listen host")))
    , m_port(named(new QSpinBox(this), tr("Listen port")))
    , m_start(named(new QPushButton(tr("Start"), this), tr("Start server")))
    , m_status(named(new QLabel(tr("Stopped"), this), tr("Server status")))
    , m_hostWarning(named(new QLabel(this), tr("Listen host warning")))
    , m_allowRemote(
          named(new QCheckBox(tr("Let other machines connect"), this), tr("Allow other machines")))
    , m_subprotocols(named(new QLineEdit(this), tr("Subprotocols")))
    , m_origins(named(new QLineEdit(this), tr("Allowed origins")))
    , m_anyOrigin(named(new QCheckBox(tr("Any Origin"), this), tr("Allow any Origin")))
    , m_wireCapture(named(new QCheckBox(tr("Wire capture"), this), tr("Wire capture")))
    , m_policy(named(new QLabel(this), tr("Access policy")))
    , m_maxClients(named(new QSpinBox(this), tr("Maximum clients")))
    , m_maxMessageMiB(named(new QSpinBox(this), tr("Maximum message size")))
    , m_maxUnsentMiB(named(new QSpinBox(this), tr("Maximum unsent per client")))
    , m_handshakeTimeout(named(new QSpinBox(this), tr("Handshake timeout")))
    , m_tlsCert(named(new QLineEdit(this), tr("TLS certificate file")))
    , m_tlsKey(named(new QLineEdit(this), tr("TLS key file")))
    , m_behaviour(new BehaviourEditor(this))
    , m_clients(named(new QTableView(this), tr("Clients")))
    , m_logChoice(named(new QComboBox(this), tr("Log shown")))
    , m_logStack(named(new QStackedWidget(this), tr("Server log")))
    , m_message(named(new QLineEdit(this), tr("Server message")))
    , m_binary(named(new QCheckBox(tr("Binary (hex)"), this), tr("Send as binary")))
    , m_kickCode(new CloseCodePicker(tr("Kick close code"), 1008, this))
    , m_kickReason(named(new QLineEdit(this), tr("Kick reason")))
    , m_profileId(Session::newId())
{
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_maxClients->setRange(0, 1'000'000);
    m_maxClients->setSpecialValueText(tr("no limit"));
    m_maxMessageMiB->setRange(1, 2047);
    m_maxMessageMiB->setSuffix(tr(" MiB"));
    m_maxMessageMiB->setValue(int(ServerOptions::kDefaultMaxMessageSize >> 20));
    m_maxUnsentMiB->setRange(0, 2047);
    m_maxUnsentMiB->setSuffix(tr(" MiB"));
    m_maxUnsentMiB->setSpecialValueText(tr("no limit"));
    m_maxUnsentMiB->setValue(int(ServerOptions::kDefaultMaxUnsentBytes >> 20));
    m_maxUnsentMiB->setToolTip(tr("A client that leaves more than this unread is dropped, so "
                                  "the server does not grow without bound"));
    m_handshakeTimeout->setRange(100, 600'000);
    m_handshakeTimeout->setSuffix(tr(" ms"));
    m_handshakeTimeout->setValue(10'000);
    m_subprotocols->setPlaceholderText(tr("None; comma-separated, in order of preference"));
    m_origins->setPlaceholderText(tr("Besides pages from this machine; comma-separated"));
    m_anyOrigin->setToolTip(tr("Let a web page from anywhere connect. Without it, pages from "
                               "other Origins get 403 Forbidden"));
    m_wireCapture->setToolTip(tr("Show every frame of every client in the wire view (the "
                                 "handshake, each frame's header, the pings and pongs). Off, the "
                                 "server keeps only messages, as it holds less per client"));
    m_policy->setWordWrap(true);
    m_tlsCert->setPlaceholderText(tr("PEM file; with a key, the server uses wss://"));
    m_tlsKey->setPlaceholderText(tr("PEM file, an unencrypted RSA, EC or DSA key"));
    m_hostWarning->setWordWrap(true);
    StatusColors::apply(m_hostWarning, StatusColors::Kind::Warning);
    m_message->setPlaceholderText(tr("Message to send to the selected client or to all"));
    m_kickReason->setPlaceholderText(tr("Reason (optional)"));

    // A client that goes takes the selection with it, rather than handing it to its neighbour.
    // Connected before the view is given the model: the view moves its current row in its own
    // handler, and this one must see the row that goes.
    connect(m_clientModel, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                const int row = m_clients->currentIndex().row();
                if (row >= first && row <= last)
                    m_clients->selectionModel()->clear();
            });
    m_clients->setModel(m_clientModel);
    m_clients->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clients->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clients->verticalHeader()->hide();
    m_clients->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_clients->verticalHeader()->setDefaultSectionSize(m_clients->fontMetrics().height() + 6);
    m_clients->setWordWrap(false);
    m_clients->setAlternatingRowColors(true);
    m_clients->setMinimumHeight(m_clients->verticalHeader()->defaultSectionSize() * 3);
    // Each column as wide as its usual text ("127.0.0.1:41104", "4 msg, 182 bytes"); the path,
    // the longest and most varied, takes the rest.
    QHeaderView *columns = m_clients->horizontalHeader();
    columns->setAccessibleName(tr("Clients columns"));
    const int charWidth = m_clients->fontMetrics().horizontalAdvance(u'0');
    const std::pair<int, int> widths[]
        = {{ClientListModel::Id, 7},         {ClientListModel::Address, 17},
           {ClientListModel::Origin, 12},    {ClientListModel::Subprotocol, 11},
           {ClientListModel::Connected, 10}, {ClientListModel::In, 17},
           {ClientListModel::Out, 17}};
    for (const auto &[column, chars] : widths)
        m_clients->setColumnWidth(column, charWidth * chars);
    m_clients->setColumnWidth(ClientListModel::Path, charWidth * 16);
    columns->setSectionResizeMode(ClientListModel::Path, QHeaderView::Stretch);

    m_logChoice->addItem(tr("All clients"), 0);
    auto *allPane = new LogPane(m_logs->combined(), m_logStack);
    m_logStack->addWidget(allPane);
    connect(allPane, &LogPane::statusMessage, this, &ServerTab::report);

    // Settings.
    auto *settings = new QGroupBox(tr("Server"), this);
    auto *listenRow = new QHBoxLayout;
    listenRow->addWidget(new QLabel(tr("Host:"), this));
    listenRow->addWidget(m_host, 1);
    listenRow->addWidget(new QLabel(tr("Port:"), this));
    listenRow->addWidget(m_port);
    listenRow->addWidget(m_start);
    listenRow->addWidget(m_status, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("Subprotocols:"), m_subprotocols);
    auto *origins = new QHBoxLayout;
    origins->addWidget(m_origins, 1);
    origins->addWidget(m_anyOrigin);
    form->addRow(tr("Allowed Origins:"), origins);
    form->addRow(tr("Access:"), m_policy);
    auto *limits = new QHBoxLayout;
    limits->addWidget(new QLabel(tr("Clients:"), this));
    limits->addWidget(m_maxClients);
    limits->addWidget(new QLabel(tr("Message size:"), this));
    limits->addWidget(m_maxMessageMiB);
    limits->addWidget(new QLabel(tr("Handshake timeout:"), this));
    limits->addWidget(m_handshakeTimeout);
    limits->addStretch();
    form->addRow(tr("Limits:"), limits);
    auto *slow = new QHBoxLayout;
    slow->addWidget(new QLabel(tr("Drop a client that leaves unread more than"), this));
    slow->addWidget(m_maxUnsentMiB);
    slow->addStretch();
    form->addRow(tr("Slow clients:"), slow);
    auto *tls = new QHBoxLayout;
    tls->addWidget(m_tlsCert, 1);
    tls->addWidget(m_tlsKey, 1);
    form->addRow(tr("TLS:"), tls);
    form->addRow(tr("Wire:"), m_wireCapture);
    auto *settingsLayout = new QVBoxLayout(settings);
    settingsLayout->addLayout(listenRow);
    settingsLayout->addWidget(m_hostWarning);
    settingsLayout->addWidget(m_allowRemote);
    settingsLayout->addLayout(form);

    // Clients and their logs.
    auto *clientsBox = new QWidget(this);
    auto *actions = new QHBoxLayout;
    auto *sendSelected = named(new QPushButton(tr("Send to client"), this), tr("Send to client"));
    auto *sendAll = named(new QPushButton(tr("Send to all"), this), tr("Send to all"));
    auto *kick = named(new QPushButton(tr("Kick"), this), tr("Kick client"));
    actions->addWidget(m_message, 1);
    actions->addWidget(m_binary);
    actions->addWidget(sendSelected);
    actions->addWidget(sendAll);
    auto *kickRow = new QHBoxLayout;
    kickRow->addWidget(new QLabel(tr("Kick with:"), this));
    kickRow->addWidget(m_kickCode);
    kickRow->addWidget(m_kickReason, 1);
    kickRow->addWidget(kick);
    auto *logRow = new QHBoxLayout;
    logRow->addWidget(new QLabel(tr("Log of:"), this));
    logRow->addWidget(m_logChoice, 1);
    auto *clientsLayout = new QVBoxLayout(clientsBox);
    clientsLayout->setContentsMargins(0, 0, 0, 0);
    clientsLayout->addWidget(m_clients);
    clientsLayout->addLayout(actions);
    clientsLayout->addLayout(kickRow);
    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addLayout(logRow);
    logLayout->addWidget(m_logStack, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(clientsBox);
    split->addWidget(logBox);
    split->setStretchFactor(1, 3);
    split->setSizes({260, 440});

    auto *pages = namedTabs(new QTabWidget(this), tr("Server pages"));
    pages->addTab(split, tr("Clients and logs"));
    pages->addTab(m_behaviour, tr("Behaviour"));

    // The settings scroll when the window is short: a server tab never makes the window grow.
    auto *settingsArea = new QScrollArea(this);
    settingsArea->setWidget(settings);
    settingsArea->setWidgetResizable(true);
    settingsArea->setFrameShape(QFrame::NoFrame);
    settingsArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(settingsArea);
    layout->addWidget(pages, 1);

    connect(m_start, &QPushButton::clicked, this, &ServerTab::toggleServer);
    connect(m_host, &QLineEdit::textChanged, this, &ServerTab::updateHostWarning);
    connect(sendSelected, &QPushButton::clicked, this, &ServerTab::sendToSelected);
    connect(sendAll, &QPushButton::clicked, this, &ServerTab::sendToAll);
    connect(m_message, &QLineEdit::returnPressed, this, &ServerTab::sendToSelected);
    connect(kick, &QPushButton::clicked, this, &ServerTab::kickSelected);
    connect(m_behaviour, &BehaviourEditor::statusMessage, this, &ServerTab::report);
    // Edits by the user change the session's copy of this set-up.
    // A running server follows them at once, as `sockscope serve` would with the same rules.
    connect(m_behaviour, &BehaviourEditor::changed, this, [this] {
        QString error;
        RuleSet rules;
        const bool valid = m_behaviour->rules(&rules, &error);
        if (valid)
            m_lastGoodRules = rules;
        if (m_server->isListening()) {
            if (valid)
                m_server->setRules(rules);
            report(valid ? tr("The running server now answers by these rules.")
                         : tr("The behaviour has an error: %1. The running server keeps its last "
                              "valid rules.")
                               .arg(error));
        }
        emit setupChanged();
    });
    for (QLineEdit *edit : {m_host, m_subprotocols, m_origins, m_tlsCert, m_tlsKey})
        connect(edit, &QLineEdit::textEdited, this, &ServerTab::setupChanged);
    for (QSpinBox *box :
         {m_port, m_maxClients, m_maxMessageMiB, m_maxUnsentMiB, m_handshakeTimeout})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!m_settingProfile)
                emit setupChanged();
        });
    for (QCheckBox *box : {m_allowRemote, m_anyOrigin, m_wireCapture})
        connect(box, &QCheckBox::toggled, this, [this] {
            if (!m_settingProfile)
                emit setupChanged();
        });
    connect(this, &ServerTab::setupChanged, this, &ServerTab::updatePolicy);
    connect(m_server, &ThreadedMockServer::stopped, this, &ServerTab::onListeningChanged);
    connect(m_logs, &ServerLogBook::clientLogCreated, this, [this](int id) {
        const ThreadedMockServer::Client *c = m_server->client(id);
        m_logChoice->addItem(tr("#%1 %2").arg(id).arg(c ? c->address : QString()), id);
    });
    connect(m_server, &ThreadedMockServer::clientDisconnected, this, [this](int id) {
        const int index = m_logChoice->findData(id);
        if (index >= 0)
            m_logChoice->setItemText(index, tr("%1 (closed)").arg(m_logChoice->itemText(index)));
    });
    // The current client is the one whose log is shown: picked in the list or in "Log of",
    // and the one "Send to client" and Kick act on.
    connect(m_logChoice, &QComboBox::currentIndexChanged, this,
            [this](int index) { showLogOf(m_logChoice->itemData(index).toInt()); });
    connect(m_clients->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showLogOf(m_clientModel->clientIdAt(current.row()));
            });
    m_clients->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_clients, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_clients->indexAt(pos);
        if (!index.isValid())
            return;
        QMenu *menu = clientMenu(m_clientModel->clientIdAt(index.row()), this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_clients->viewport()->mapToGlobal(pos));
    });
    updateHostWarning();
    updatePolicy();
}

ServerTab::~ServerTab() = default;

QMenu *ServerTab::clientMenu(int clientId, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    const ThreadedMockServer::Client *client = m_server->client(clientId);
    if (!client)
        return menu;
    const QString url = m_server->urlOf(*client).toString();
    const QString handshake = client->handshakeText();
    menu->addAction(tr("Copy URL"), this, [this, url] {
        QApplication::clipboard()->setText(url);
        report(tr("Copied %1").arg(url));
    });
    menu->addAction(tr("Copy handshake"), this, [this, clientId, handshake] {
        QApplication::clipboard()->setText(handshake);
        report(tr("Copied the handshake of #%1").arg(clientId));
    });
    menu->addAction(tr("Open a connection tab to %1").arg(url), this,
                    [this, url] { emit openConnectionRequested(url); });
    return menu;
}

ServerProfile ServerTab::profile() const
{
    ServerProfile p;
    p.id = m_profileId;
    p.name = m_name;
    p.host = m_host->text().trimmed();
    p.port = m_port->value();
    p.subprotocols = listOf(m_subprotocols);
    p.allowedOrigins = listOf(m_origins);
    p.anyOrigin = m_anyOrigin->isChecked();
    p.maxClients = m_maxClients->value();
    p.maxMessageSize = qint64(m_maxMessageMiB->value()) << 20;
    p.maxUnsentBytes = qint64(m_maxUnsentMiB->value()) << 20;
    p.handshakeTimeoutMs = m_handshakeTimeout->value();
    p.tlsCertificate = m_tlsCert->text().trimmed();
    p.tlsKey = m_tlsKey->text().trimmed();
    p.allowRemote = m_allowRemote->isChecked();
    p.wireCapture = m_wireCapture->isChecked();
    QString error;
    if (!m_behaviour->rules(&p.rules, &error))
        p.rules = m_lastGoodRules;
    return p;
}

void ServerTab::setProfile(const ServerProfile &p)
{
    const QScopedValueRollback guard(m_settingProfile, true);
    m_profileId = p.id;
    m_name = p.name;
    m_host->setText(p.host);
    m_port->setValue(p.port);
    m_subprotocols->setText(p.subprotocols.join(QStringLiteral(", ")));
    m_origins->setText(p.allowedOrigins.join(QStringLiteral(", ")));
    m_anyOrigin->setChecked(p.anyOrigin);
    m_maxClients->setValue(p.maxClients);
    m_maxMessageMiB->setValue(int(qMax<qint64>(1, p.maxMessageSize >> 20)));
    m_maxUnsentMiB->setValue(int(p.maxUnsentBytes >> 20));
    m_handshakeTimeout->setValue(p.handshakeTimeoutMs);
    m_tlsCert->setText(p.tlsCertificate);
    m_tlsKey->setText(p.tlsKey);
    m_allowRemote->setChecked(p.allowRemote);
    m_wireCapture->setChecked(p.wireCapture);
    m_behaviour->setRules(p.rules);
    m_lastGoodRules = p.rules;
    updateHostWarning();
    updatePolicy();
    emit titleChanged(title());
}

bool ServerTab::saveInto(SessionDocument &document) const
{
    return document.update(profile());
}

Workspace::Tab ServerTab::workspaceEntry() const
{
    Workspace::Tab tab;
    tab.kind = Workspace::Tab::Kind::Server;
    tab.profileId = m_profileId;
    return tab;
}

void ServerTab::setName(const QString &name)
{
    m_name = name;
    emit titleChanged(title());
}

QString ServerTab::title() const
{
    if (!m_name.isEmpty())
        return m_server->isListening() ? tr("%1 :%2").arg(m_name).arg(m_server->url().port())
                                       : m_name;
    return m_server->isListening() ? tr("Server :%1").arg(m_server->url().port())
                                   : tr("Server (stopped)");
}

QString ServerTab::tabToolTip() const
{
    if (m_server->isListening())
        return tr("Listening on %1").arg(m_server->url().toString());
    return m_port->value() > 0
        ? tr("Stopped; listens on %1:%2").arg(m_host->text().trimmed()).arg(m_port->value())
        : tr("Stopped; listens on %1, any free port").arg(m_host->text().trimmed());
}

void ServerTab::updatePolicy()
{
    setMessageText(m_policy, profile().accessPolicy().describe());
}

void ServerTab::updateHostWarning()
{
    const bool remote = ServerProfile::isBeyondLoopback(m_host->text());
    setMessageText(m_hostWarning,
                   remote ? tr("%1 is not loopback: other machines on the network can "
                               "connect to this server. Tick the box below to allow it.")
                                .arg(m_host->text().trimmed())
                          : QString());
    m_hostWarning->setVisible(remote);
    m_allowRemote->setVisible(remote);
}

void ServerTab::toggleServer()
{
    if (m_server->isListening()) {
        m_server->stop();
        m_start->setEnabled(false);
        setMessageText(m_status, tr("Stopping…"));
        return;
    }
    const Result<ServerOptions> options = profile().toServerOptions();
    if (!options) {
        report(options.error());
        return;
    }
    RuleSet rules;
    QString error;
    if (!m_behaviour->rules(&rules, &error)) {
        report(tr("The behaviour has an error: %1").arg(error));
        return;
    }
    m_server->setOptions(*options);
    m_server->setRules(rules);
    if (!m_server->start(&error)) {
        setMessageText(m_status, tr("Not started: %1").arg(error));
        report(tr("The server did not start: %1").arg(error));
        return;
    }
    onListeningChanged();
    report(tr("Listening on %1").arg(m_server->url().toString()));
}

void ServerTab::onListeningChanged()
{
    const bool listening = m_server->isListening();
    m_start->setEnabled(true);
    m_start->setText(listening ? tr("Stop") : tr("Start"));
    m_start->setAccessibleName(listening ? tr("Stop server") : tr("Start server"));
    QString status
        = listening ? tr("Listening on %1").arg(m_server->url().toString()) : tr("Stopped");
    setMessageText(m_status, status);
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_host, m_port, m_subprotocols, m_origins, m_anyOrigin, m_maxClients, m_maxMessageMiB,
             m_maxUnsentMiB, m_handshakeTimeout, m_tlsCert, m_tlsKey, m_allowRemote, m_wireCapture})
        w->setEnabled(!listening);
    emit titleChanged(title());
}

void ServerTab::showLogOf(int clientId)
{
    MessageLogModel *log = clientId == 0 ? m_logs->combined() : m_logs->clientLog(clientId);
    if (!log)
        return;
    m_shownLog = clientId;
    LogPane *shown = nullptr;
    for (int i = 0; i < m_logStack->count() && !shown; ++i) {
        auto *pane = static_cast<LogPane *>(m_logStack->widget(i));
        if (pane->log() == log)
            shown = pane;
    }
    if (!shown) {
        shown = new LogPane(log, m_logStack);
        connect(shown, &LogPane::statusMessage, this, &ServerTab::report);
        connect(shown, &LogPane::resendRequested, this,
                [this, clientId](EventType type, const QByteArray &data) {
                    QString error;
                    const bool sent = type == EventType::Binary
                        ? m_server->sendBinary(clientId, data, &error)
                        : m_server->sendText(clientId, QString::fromUtf8(data), &error);
                    if (!sent)
                        report(error);
                });
        m_logStack->addWidget(shown);
    }
    m_logStack->setCurrentWidget(shown);
    m_logChoice->setCurrentIndex(m_logChoice->findData(clientId));
    selectInList(clientId);
}

void ServerTab::selectInList(int clientId)
{
    const int row = m_clientModel->rowOf(clientId);
    if (row < 0)
        m_clients->selectionModel()->clear();
    else if (m_clients->currentIndex().row() != row)
        m_clients->setCurrentIndex(m_clientModel->index(row, 0));
}

LogPane *ServerTab::currentLogPane() const
{
    return static_cast<LogPane *>(m_logStack->currentWidget());
}

void ServerTab::send(int clientId)
{
    QString error;
    bool sent = false;
    qint64 bytes = 0;
    const int recipients = clientId == 0 ? m_server->clientCount() : 1;
    if (m_binary->isChecked()) {
        const ComposerInput::Result input
            = ComposerInput::parse(ComposerInput::Mode::Hex, m_message->text());
        if (!input.ok()) {
            report(input.error);
            return;
        }
        bytes = input.data.size();
        sent = m_server->sendBinary(clientId, input.data, &error);
    } else {
        bytes = m_message->text().toUtf8().size();
        sent = m_server->sendText(clientId, m_message->text(), &error);
    }
    if (!sent)
        report(error);
    else if (clientId != 0)
        report(tr("Sent %1 to #%2").arg(MessageLogModel::sizeText(bytes)).arg(clientId));
    else
        report(recipients == 1 ? tr("Sent %1 to 1 client").arg(MessageLogModel::sizeText(bytes))
                               : tr("Sent %1 to %2 clients")
                                     .arg(MessageLogModel::sizeText(bytes))
                                     .arg(recipients));
}

void ServerTab::sendToSelected()
{
    if (m_shownLog == 0) {
        report(tr("Pick a client in the list or in \"Log of\" first, or use Send to all."));
        return;
    }
    send(m_shownLog);
}

void ServerTab::sendToAll()
{
    send(0);
}

void ServerTab::kickSelected()
{
    const int id = m_shownLog;
    if (id == 0) {
        report(tr("Pick a client in the list or in \"Log of\" first."));
        return;
    }
    const std::optional<int> code = m_kickCode->code();
    QString error;
    if (!code || !m_server->kick(id, *code, m_kickReason->text(), &error))
        report(code ? error : tr("The close code must be a number, such as 1008 or 4000."));
}

void ServerTab::report(const QString &message)
{
    emit statusMessage(message);
}

} // namespace Sockscope
