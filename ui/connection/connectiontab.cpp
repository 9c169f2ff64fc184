#include "connectiontab.h"

#include "common/closecodepicker.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "connection/urlvalidation.h"
#include "connectionoptionspanel.h"
#include "log/logpane.h"
#include "messagecomposer.h"
#include "rttchart.h"
#include "session/sessiondocument.h"
#include "session/variables.h"
#include "socketiobar.h"
#include "websocket/closecodes.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
QString formatDuration(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

ConnectionTab::ConnectionTab(QWidget *parent)
    : ProfileTab(parent)
    , m_connection(&m_log)
    , m_url(new QLineEdit(this))
    , m_protocol(new QComboBox(this))
    , m_urlError(new QLabel(this))
    , m_connectButton(new QPushButton(tr("Connect"), this))
    , m_state(new QLabel(this))
    , m_logPane(new LogPane(&m_log, this))
    , m_optionsToggle(new QToolButton(this))
    , m_options(new ConnectionOptionsPanel(this))
    , m_rttChart(new RttChart(this))
    , m_composer(new MessageComposer(this))
    , m_socketIoBar(new SocketIoBar(this))
    , m_sendButton(new QPushButton(tr("Send"), this))
    , m_pingButton(new QPushButton(tr("Ping"), this))
    , m_pingPayload(new QLineEdit(this))
    , m_closeCode(new CloseCodePicker(tr("Close code"), 1000, this))
    , m_closeReason(new QLineEdit(this))
    , m_closeButton(new QPushButton(tr("Close"), this))
{
    m_url->setAccessibleName(tr("Server URL"));
    m_url->setPlaceholderText(tr("ws://localhost:8080/path"));
    enableNamedClearButton(m_url, tr("Clear URL"));
    m_protocol->setAccessibleName(tr("Protocol"));
    m_protocol->setToolTip(tr("WebSocket: messages as you write them. Socket.IO: the Engine.IO "
                              "handshake, its pings answered, the main namespace joined, and "
                              "Send emits an event"));
    m_protocol->addItem(tr("WebSocket"));
    m_protocol->addItem(tr("Socket.IO"));
    m_socketIoBar->hide();
    m_urlError->setAccessibleName(tr("URL error"));
    StatusColors::apply(m_urlError, StatusColors::Kind::Error);
    m_urlError->setWordWrap(true);
    m_urlError->hide();
    m_connectButton->setAccessibleName(tr("Connect"));
    m_connectButton->setDefault(false);
    m_state->setAccessibleName(tr("Connection state"));
    m_state->setMinimumWidth(
        m_state->fontMetrics().horizontalAdvance(QStringLiteral("● Connecting 00:00:00")));

    m_sendButton->setAccessibleName(tr("Send"));
    m_sendButton->setToolTip(tr("Send the message (Ctrl+Enter)"));
    m_pingButton->setAccessibleName(tr("Ping"));
    m_pingButton->setToolTip(tr("Send a ping and measure the round trip"));
    m_pingPayload->setAccessibleName(tr("Ping payload"));
    m_pingPayload->setPlaceholderText(tr("Ping payload"));
    m_pingPayload->setToolTip(tr("Optional, up to 125 bytes; the pong must carry it back"));
    m_pingPayload->setMaximumWidth(m_pingButton->sizeHint().width() * 2);

    m_closeReason->setAccessibleName(tr("Close reason"));
    m_closeReason->setPlaceholderText(tr("Reason (optional)"));
    m_closeButton->setAccessibleName(tr("Close with code"));
    m_closeButton->setToolTip(tr("Close the connection with this code and reason"));

    m_logPane->setTrafficStats(&m_connection.stats());
    m_optionsToggle->setText(tr("Options"));
    m_optionsToggle->setAccessibleName(tr("Connection options"));
    m_optionsToggle->setToolTip(tr("Headers, subprotocols, Origin, timeout and sizes"));
    m_optionsToggle->setCheckable(true);
    m_optionsToggle->setArrowType(Qt::RightArrow);
    m_optionsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // Scrolled when the window is short, so opening the options never grows the window.
    auto *optionsArea = new QScrollArea(this);
    optionsArea->setWidget(m_options);
    optionsArea->setWidgetResizable(true);
    optionsArea->setFrameShape(QFrame::NoFrame);
    optionsArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    optionsArea->hide();
    connect(m_optionsToggle, &QToolButton::toggled, this, [this, optionsArea](bool shown) {
        optionsArea->setVisible(shown);
        m_optionsToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    });

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_protocol);
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connectButton);
    urlRow->addWidget(m_state);
    urlRow->addWidget(m_rttChart);
    urlRow->addWidget(m_optionsToggle);

    auto *composerButtons = new QVBoxLayout;
    composerButtons->addWidget(m_sendButton);
    composerButtons->addWidget(m_pingButton);
    composerButtons->addWidget(m_pingPayload);
    composerButtons->addStretch();
    auto *composerRow = new QHBoxLayout;
    composerRow->addWidget(m_composer, 1);
    composerRow->addLayout(composerButtons);

    auto *closeRow = new QHBoxLayout;
    auto *closeLabel = new QLabel(tr("C&lose with:"), this);
    closeLabel->setBuddy(m_closeCode);
    closeRow->addWidget(closeLabel);
    closeRow->addWidget(m_closeCode);
    closeRow->addWidget(m_closeReason, 1);
    closeRow->addWidget(m_closeButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(urlRow);
    layout->addWidget(m_urlError);
    layout->addWidget(optionsArea);
    layout->addWidget(m_logPane, 1);
    layout->addWidget(m_socketIoBar);
    layout->addLayout(composerRow);
    layout->addLayout(closeRow);

    connect(m_url, &QLineEdit::returnPressed, this, &ConnectionTab::toggleConnection);
    connect(m_url, &QLineEdit::textEdited, this, [this] {
        m_builtInEcho = false;
        showUrlError({});
        emit titleChanged(title());
        emit setupChanged();
    });
    connect(m_options, &ConnectionOptionsPanel::changed, this, &ConnectionTab::setupChanged);
    connect(m_composer, &MessageComposer::changed, this, &ConnectionTab::workspaceChanged);
    connect(m_composer, &MessageComposer::sendRequested, this, &ConnectionTab::send);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, [this] {
        showProtocol();
        emit workspaceChanged();
    });
    connect(m_socketIoBar, &SocketIoBar::joinRequested, this, [this] {
        QString error;
        if (!m_connection.joinNamespace(m_socketIoBar->nsp(), m_socketIoBar->auth(), &error))
            report(error);
    });
    connect(m_socketIoBar, &SocketIoBar::leaveRequested, this, [this] {
        QString error;
        if (!m_connection.leaveNamespace(m_socketIoBar->nsp(), &error))
            report(error);
    });
    connect(m_composer, &MessageComposer::snippetChosen, this, &ConnectionTab::sendSnippet);
    connect(m_composer, &MessageComposer::saveSnippetRequested, this,
            &ConnectionTab::saveSnippetRequested);
    connect(m_composer, &MessageComposer::statusMessage, this, &ConnectionTab::report);
    connect(m_connectButton, &QPushButton::clicked, this, &ConnectionTab::toggleConnection);
    connect(m_sendButton, &QPushButton::clicked, this, &ConnectionTab::send);
    connect(m_closeReason, &QLineEdit::textEdited, this, [this](const QString &reason) {
        const QString fitted = CloseCodes::fitReason(reason);
        if (fitted.size() == reason.size())
            return;
        m_closeReason->setText(fitted);
        report(tr("A close reason can be at most %1 bytes of UTF-8; it was cut at the last "
                  "whole character.")
                   .arg(WebSocketLimits::kMaxCloseReasonBytes));
    });
    connect(m_pingButton, &QPushButton::clicked, this, &ConnectionTab::sendPing);
    connect(m_closeButton, &QPushButton::clicked, this, &ConnectionTab::closeWithChosenCode);
    connect(m_logPane, &LogPane::statusMessage, this, &ConnectionTab::report);
    connect(m_logPane, &LogPane::editRequested, this,
            [this](EventType type, const QByteArray &payload) {
                QString error;
                if (m_composer->edit(type, payload, &error))
                    report(tr("The message is in the composer: edit it, then Send."));
                else
                    report(error);
            });
    connect(m_logPane, &LogPane::resendRequested, this,
            [this](EventType type, const QByteArray &payload) {
                QString error;
                const bool sent = type == EventType::Binary
                    ? m_connection.sendBinary(payload, &error)
                    : m_connection.sendText(QString::fromUtf8(payload), &error);
                if (!sent)
                    report(error);
            });
    connect(&m_connection, &Connection::stateChanged, this, &ConnectionTab::onStateChanged);
    connect(&m_connection, &Connection::errorOccurred, this, &ConnectionTab::report);
    connect(&m_connection, &Connection::stateChanged, this, [this](Connection::State state) {
        if (state == Connection::State::Open)
            report(tr("Connected to %1").arg(m_url->text().trimmed()));
    });
    connect(&m_connection, &Connection::roundTripMeasured, m_rttChart, &RttChart::addSample);
    connect(&m_connection, &Connection::reconnectChanged, this,
            [this] { onStateChanged(m_connection.state()); });

    m_durationTimer.setInterval(250);
    connect(&m_durationTimer, &QTimer::timeout, this, &ConnectionTab::updateStateLabel);
    onStateChanged(m_connection.state());
    // As laid out: the URL row (Options at its end), the options when open, the log, the
    // composer, then its buttons.
    chainTabOrder(QList<QWidget *> {m_protocol, m_url, m_connectButton, m_optionsToggle}
                  + m_options->tabStops() + QList<QWidget *> {m_logPane->firstInTabOrder()});
    // The Socket.IO bar (shown in that mode) comes between the log and the composer.
    chainTabOrder(QList<QWidget *> {m_logPane->lastInTabOrder()} + m_socketIoBar->tabStops()
                  + QList<QWidget *> {m_composer->firstInTabOrder()});
    chainTabOrder({m_composer->lastInTabOrder(), m_sendButton, m_pingButton, m_pingPayload,
                   m_closeCode, m_closeReason, m_closeButton});
}

QString ConnectionTab::title() const
{
    return profile().displayName();
}

QString ConnectionTab::tabToolTip() const
{
    const QString url = m_url->text().trimmed();
    return url.isEmpty() ? tr("No URL yet") : url;
}

void ConnectionTab::setUrl(const QString &url)
{
    m_url->setText(url);
    showUrlError({});
    emit titleChanged(title());
}

ConnectionProfile ConnectionTab::profile() const
{
    ConnectionOptions options = m_options->options();
    options.socketIo.enabled = isSocketIo();
    return {m_profileId, m_name, m_url->text(), options, m_builtInEcho};
}

void ConnectionTab::setProfile(const ConnectionProfile &profile)
{
    m_profileId = profile.id;
    m_name = profile.name;
    m_builtInEcho = profile.builtInEcho;
    m_url->setText(profile.url);
    m_options->setOptions(profile.options);
    {
        const QSignalBlocker quiet(m_protocol); // not a change the user made
        m_protocol->setCurrentIndex(profile.options.socketIo.enabled ? 1 : 0);
    }
    showProtocol();
    showUrlError({});
    emit titleChanged(title());
}

bool ConnectionTab::saveInto(SessionDocument &document) const
{
    return document.update(profile());
}

Workspace::Tab ConnectionTab::workspaceEntry() const
{
    Workspace::Tab tab;
    tab.kind = Workspace::Tab::Kind::Connection;
    tab.profileId = m_profileId;
    tab.builtInEcho = m_builtInEcho;
    tab.composerText = composerText();
    tab.composerMode = int(composerMode());
    tab.splitterState = m_logPane->splitter()->saveState();
    return tab;
}

void ConnectionTab::restoreFrom(const Workspace::Tab &entry)
{
    setComposerMode(ComposerMode(qBound(0, entry.composerMode, int(ComposerMode::Base64))));
    setComposerText(entry.composerText);
    m_logPane->splitter()->restoreState(entry.splitterState);
}

void ConnectionTab::useSession(const Session &session)
{
    m_variables = session.variables;
    m_composer->setSnippets(session.snippets);
}

void ConnectionTab::setName(const QString &name)
{
    m_name = name;
    emit titleChanged(title());
}

QString ConnectionTab::composerText() const
{
    return m_composer->text();
}

void ConnectionTab::setComposerText(const QString &text)
{
    m_composer->setText(text);
}

bool ConnectionTab::sendSnippet(const Snippet &snippet)
{
    QString error;
    bool sent = false;
    if (snippet.type == Snippet::Type::Binary) {
        sent = m_connection.sendBinary(snippet.payload, &error);
    } else {
        QStringList unknown;
        const QString text
            = Variables::substitute(QString::fromUtf8(snippet.payload), m_variables, &unknown);
        if (!unknown.isEmpty())
            error = Variables::unknownMessage(unknown);
        else
            sent = m_connection.sendText(text, &error);
    }
    if (!sent)
        report(error);
    return sent;
}

void ConnectionTab::toggleConnection()
{
    switch (m_connection.state()) {
    case Connection::State::Closed: {
        if (m_connection.reconnectPending()) {
            m_connection.cancelReconnect();
            return;
        }
        QString error;
        // {{variables}} are put in now, into a copy: the tab keeps what the user typed.
        const Variables::Resolved resolved = Variables::resolve(profile(), m_variables);
        if (!resolved.ok()) {
            showUrlError(Variables::unknownMessage(resolved.unknown));
            return;
        }
        // A secret that would go out empty is said once; Connect again goes without it.
        if (!resolved.missingSecrets.isEmpty() && resolved.missingSecrets != m_warnedMissing) {
            m_warnedMissing = resolved.missingSecrets;
            showUrlError(Variables::missingSecretsMessage(resolved.missingSecrets));
            return;
        }
        m_warnedMissing.clear();
        m_connection.setOptions(resolved.options);
        if (!m_connection.open(resolved.url, &error)) {
            showUrlError(error);
            return;
        }
        showUrlError({});
        m_rttChart->clear();
        m_logPane->setTitle(m_connection.url().toString());
        return;
    }
    case Connection::State::Connecting:
        m_connection.abort();
        return;
    case Connection::State::Open:
        m_connection.close(QWebSocketProtocol::CloseCodeNormal, {});
        return;
    case Connection::State::Closing:
        m_connection.abort();
        return;
    }
}

bool ConnectionTab::isSocketIo() const
{
    return m_protocol->currentIndex() == 1;
}

void ConnectionTab::showProtocol()
{
    m_socketIoBar->setVisible(isSocketIo());
    m_url->setPlaceholderText(isSocketIo() ? tr("http://localhost:3000 (Socket.IO)")
                                           : tr("ws://localhost:8080/path"));
    m_composer->editor()->setPlaceholderText(isSocketIo()
                                                 ? tr("Arguments of the event, as a JSON array: "
                                                      "[\"hello\", {\"n\": 1}]")
                                                 : QString());
}

void ConnectionTab::emitEvent()
{
    QStringList unknown;
    const QString arguments = Variables::substitute(m_composer->text(), m_variables, &unknown);
    if (!unknown.isEmpty()) {
        report(Variables::unknownMessage(unknown));
        return;
    }
    QString error;
    if (!m_connection.emitEvent(m_socketIoBar->nsp(), m_socketIoBar->event(), arguments,
                                m_socketIoBar->wantsAck(), &error)) {
        report(error);
        return;
    }
    m_composer->markSent();
    report(tr("Emitted %1").arg(m_socketIoBar->event()));
}

void ConnectionTab::send()
{
    if (isSocketIo() && m_connection.options().socketIo.enabled) {
        emitEvent();
        return;
    }
    MessageComposer::Outgoing message;
    QString error;
    if (!m_composer->outgoing(&message, &error)) {
        report(error);
        return;
    }
    bool sent = false;
    qint64 bytes = message.data.size();
    if (message.binary) {
        sent = m_connection.sendBinary(message.data, &error);
    } else {
        QStringList unknown;
        const QString resolved = Variables::substitute(message.text, m_variables, &unknown);
        if (!unknown.isEmpty()) {
            report(Variables::unknownMessage(unknown));
            return;
        }
        bytes = resolved.toUtf8().size();
        sent = m_connection.sendText(resolved, &error);
    }
    if (!sent) {
        report(error);
        return;
    }
    m_composer->markSent();
    // Replaces whatever the status bar said about the message before (a JSON mistake fixed).
    report(tr("Sent %1").arg(MessageLogModel::sizeText(bytes)));
}

ConnectionTab::ComposerMode ConnectionTab::composerMode() const
{
    return m_composer->mode();
}

void ConnectionTab::setComposerMode(ComposerMode mode)
{
    m_composer->setMode(mode);
}

void ConnectionTab::prettifyComposer()
{
    m_composer->prettify();
}

void ConnectionTab::loadFileToSend(const QString &path)
{
    m_composer->loadFile(path);
}

void ConnectionTab::sendPing()
{
    QString error;
    const QByteArray payload = m_pingPayload->text().toUtf8();
    if (!m_connection.ping(payload, &error)) {
        report(error);
        return;
    }
    // Said, so the status bar is not left on the message sent before it.
    report(payload.isEmpty() ? tr("Ping sent; its pong shows the round trip")
                             : tr("Ping sent with %1 of payload; its pong shows the round trip")
                                   .arg(MessageLogModel::sizeText(payload.size())));
}

void ConnectionTab::closeWithChosenCode()
{
    const std::optional<int> code = m_closeCode->code();
    if (!code) {
        report(tr("The close code must be a number, such as 1000 or 4000."));
        return;
    }
    QString error;
    if (!m_connection.close(*code, m_closeReason->text(), &error))
        report(error);
}

void ConnectionTab::focusComposer()
{
    if (m_connection.state() == Connection::State::Open)
        m_composer->editor()->setFocus();
    else
        m_url->setFocus();
}

void ConnectionTab::onStateChanged(Connection::State state)
{
    const bool open = state == Connection::State::Open;
    // The button's accessible name is its text, so a screen reader hears what it will do.
    QString action;
    switch (state) {
    case Connection::State::Closed:
        action = m_connection.reconnectPending() ? tr("Cancel reconnect") : tr("Connect");
        break;
    case Connection::State::Connecting:
        action = tr("Cancel");
        break;
    case Connection::State::Open:
    case Connection::State::Closing:
        action = tr("Disconnect");
        break;
    }
    m_connectButton->setText(action);
    m_connectButton->setAccessibleName(action);
    m_url->setReadOnly(state != Connection::State::Closed || m_connection.reconnectPending());
    m_options->setEditable(state == Connection::State::Closed); // options apply to the next open
    m_sendButton->setEnabled(open);
    m_pingButton->setEnabled(open);
    m_pingPayload->setEnabled(open);
    m_closeButton->setEnabled(open);
    if (open || m_connection.reconnectPending()) {
        m_durationTimer.start();
        m_composer->editor()->setFocus();
    } else {
        m_durationTimer.stop();
    }
    updateStateLabel();
}

void ConnectionTab::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The state dot's colour is picked for the palette (a theme change).
    if (event->type() == QEvent::PaletteChange)
        updateStateLabel();
}

void ConnectionTab::updateStateLabel()
{
    using StatusColors::Kind;
    static constexpr Kind kDots[] = {Kind::Muted, Kind::Warning, Kind::Success, Kind::Warning};
    const Connection::State state = m_connection.state();
    QString text = Connection::stateText(state);
    if (m_connection.openedAtMs() > 0) {
        text += u' '
            + formatDuration(QDateTime::currentMSecsSinceEpoch() - m_connection.openedAtMs());
    } else if (m_connection.reconnectPending()) {
        text = tr("Reconnecting in %1 s").arg((m_connection.reconnectRemainingMs() + 999) / 1000);
    }
    m_state->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2")
            .arg(StatusColors::text(kDots[int(state)], palette()).name(), text.toHtmlEscaped()));
    m_state->setAccessibleDescription(text);
}

void ConnectionTab::showUrlError(const QString &error)
{
    setMessageText(m_urlError, error);
    m_urlError->setVisible(!error.isEmpty());
}

void ConnectionTab::report(const QString &message)
{
    emit statusMessage(message);
}

} // namespace Sockscope
