#include "connectiontab.h"

#include "common/closecodepicker.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "connection/composerinput.h"
#include "connection/urlvalidation.h"
#include "connectionoptionspanel.h"
#include "inspector/payloadformat.h"
#include "log/logpane.h"
#include "rttchart.h"
#include "session/sessiondocument.h"
#include "session/variables.h"
#include "websocket/closecodes.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextCursor>
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
    , m_urlError(new QLabel(this))
    , m_connectButton(new QPushButton(tr("Connect"), this))
    , m_state(new QLabel(this))
    , m_logPane(new LogPane(&m_log, this))
    , m_optionsToggle(new QToolButton(this))
    , m_options(new ConnectionOptionsPanel(this))
    , m_rttChart(new RttChart(this))
    , m_composerMode(new QComboBox(this))
    , m_composer(new QPlainTextEdit(this))
    , m_composerStatus(new QLabel(this))
    , m_prettifyButton(new QPushButton(tr("Prettify"), this))
    , m_fileButton(new QPushButton(tr("Load file…"), this))
    , m_saveSnippetButton(new QPushButton(tr("Save as snippet…"), this))
    , m_snippetsButton(new QToolButton(this))
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
    m_urlError->setAccessibleName(tr("URL error"));
    StatusColors::apply(m_urlError, StatusColors::Kind::Error);
    m_urlError->setWordWrap(true);
    m_urlError->hide();
    m_connectButton->setAccessibleName(tr("Connect"));
    m_connectButton->setDefault(false);
    m_state->setAccessibleName(tr("Connection state"));
    m_state->setMinimumWidth(
        m_state->fontMetrics().horizontalAdvance(QStringLiteral("● Connecting 00:00:00")));

    m_composer->setAccessibleName(tr("Message composer"));
    m_composer->setPlaceholderText(tr("Type a text message. Ctrl+Enter sends it."));
    m_composer->setTabChangesFocus(true);
    m_composer->setMaximumHeight(m_composer->fontMetrics().height() * 6);
    m_composer->installEventFilter(this);
    m_composerMode->setAccessibleName(tr("Message type"));
    m_composerMode->setToolTip(tr("What the composer's text is sent as"));
    m_composerMode->addItem(tr("Text"), int(ComposerMode::Text));
    m_composerMode->addItem(tr("JSON"), int(ComposerMode::Json));
    m_composerMode->addItem(tr("Binary (hex)"), int(ComposerMode::Hex));
    m_composerMode->addItem(tr("Binary (base64)"), int(ComposerMode::Base64));
    m_composerStatus->setAccessibleName(tr("Message check"));
    m_composerStatus->setWordWrap(true);
    m_prettifyButton->setAccessibleName(tr("Prettify JSON"));
    m_prettifyButton->setToolTip(tr("Indent the JSON message (Ctrl+Shift+F)"));
    m_prettifyButton->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+F")));
    m_fileButton->setAccessibleName(tr("Load file to send"));
    m_fileButton->setToolTip(tr("Send a file's bytes as one binary message"));
    m_saveSnippetButton->setAccessibleName(tr("Save as snippet"));
    m_saveSnippetButton->setToolTip(tr("Keep this message in the session's snippets"));
    m_snippetsButton->setText(tr("Snippets"));
    m_snippetsButton->setAccessibleName(tr("Send a snippet"));
    m_snippetsButton->setToolTip(tr("Send one of the session's saved messages"));
    m_snippetsButton->setPopupMode(QToolButton::InstantPopup);
    auto *snippetsMenu = new QMenu(m_snippetsButton);
    m_snippetsButton->setMenu(snippetsMenu);
    connect(snippetsMenu, &QMenu::aboutToShow, this, [this, snippetsMenu] {
        snippetsMenu->clear();
        for (const Snippet &snippet : std::as_const(m_snippets))
            snippetsMenu->addAction(snippet.name, this, [this, snippet] { sendSnippet(snippet); });
        if (m_snippets.isEmpty())
            snippetsMenu->addAction(tr("No snippets yet: use Save as snippet…"))->setEnabled(false);
    });
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
    m_options->hide();
    connect(m_optionsToggle, &QToolButton::toggled, this, [this](bool shown) {
        m_options->setVisible(shown);
        m_optionsToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    });

    auto *urlRow = new QHBoxLayout;
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
    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(m_composerMode);
    modeRow->addWidget(m_prettifyButton);
    modeRow->addWidget(m_fileButton);
    modeRow->addWidget(m_composerStatus, 1);
    modeRow->addWidget(m_saveSnippetButton);
    modeRow->addWidget(m_snippetsButton);
    auto *composerColumn = new QVBoxLayout;
    composerColumn->addLayout(modeRow);
    composerColumn->addWidget(m_composer);
    auto *composerRow = new QHBoxLayout;
    composerRow->addLayout(composerColumn, 1);
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
    layout->addWidget(m_options);
    layout->addWidget(m_logPane, 1);
    layout->addLayout(composerRow);
    layout->addLayout(closeRow);

    connect(m_url, &QLineEdit::returnPressed, this, &ConnectionTab::toggleConnection);
    connect(m_url, &QLineEdit::textEdited, this, [this] {
        showUrlError({});
        emit titleChanged(title());
        emit setupChanged();
    });
    connect(m_options, &ConnectionOptionsPanel::changed, this, &ConnectionTab::setupChanged);
    connect(m_composer, &QPlainTextEdit::textChanged, this, &ConnectionTab::workspaceChanged);
    connect(m_composerMode, &QComboBox::currentIndexChanged, this,
            &ConnectionTab::workspaceChanged);
    connect(m_saveSnippetButton, &QPushButton::clicked, this, [this] {
        if (!m_attachmentName.isEmpty()) {
            emit saveSnippetRequested({{}, m_attachmentName, Snippet::Type::Binary, m_attachment});
            return;
        }
        const QString text = m_composer->toPlainText();
        if (text.isEmpty()) {
            report(tr("The composer is empty: type the message to keep first."));
            return;
        }
        ComposerInput::Result input;
        if (!checkComposer(&input)) {
            report(m_composerStatus->text());
            return;
        }
        const ComposerMode mode = composerMode();
        const Snippet::Type type = mode == ComposerMode::Text ? Snippet::Type::Text
            : mode == ComposerMode::Json                      ? Snippet::Type::Json
                                                              : Snippet::Type::Binary;
        emit saveSnippetRequested({{}, {}, type, input.data});
    });
    connect(m_connectButton, &QPushButton::clicked, this, &ConnectionTab::toggleConnection);
    connect(m_sendButton, &QPushButton::clicked, this, &ConnectionTab::send);
    connect(m_composer, &QPlainTextEdit::textChanged, this, &ConnectionTab::validateComposer);
    connect(m_composerMode, &QComboBox::currentIndexChanged, this, [this] {
        clearAttachment();
        validateComposer();
    });
    connect(m_prettifyButton, &QPushButton::clicked, this, &ConnectionTab::prettifyComposer);
    connect(m_fileButton, &QPushButton::clicked, this, [this] {
        if (!m_attachmentName.isEmpty()) {
            clearAttachment();
            return;
        }
        const QString path = QFileDialog::getOpenFileName(this, tr("Send a file"));
        if (!path.isEmpty())
            loadFileToSend(path);
    });
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
    connect(&m_connection, &Connection::roundTripMeasured, m_rttChart, &RttChart::addSample);
    connect(&m_connection, &Connection::reconnectChanged, this,
            [this] { onStateChanged(m_connection.state()); });

    m_durationTimer.setInterval(250);
    connect(&m_durationTimer, &QTimer::timeout, this, &ConnectionTab::updateStateLabel);
    onStateChanged(m_connection.state());
    validateComposer();
}

QString ConnectionTab::title() const
{
    if (!m_name.isEmpty())
        return m_name;
    const QUrl url(m_url->text().trimmed());
    if (url.host().isEmpty())
        return tr("New connection");
    return url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
}

void ConnectionTab::setUrl(const QString &url)
{
    m_url->setText(url);
    showUrlError({});
    emit titleChanged(title());
}

ConnectionProfile ConnectionTab::profile() const
{
    return {m_profileId, m_name, m_url->text(), m_options->options()};
}

void ConnectionTab::setProfile(const ConnectionProfile &profile)
{
    m_profileId = profile.id;
    m_name = profile.name;
    m_url->setText(profile.url);
    m_options->setOptions(profile.options);
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
    m_snippets = session.snippets;
}

void ConnectionTab::setName(const QString &name)
{
    m_name = name;
    emit titleChanged(title());
}

QString ConnectionTab::composerText() const
{
    return m_attachmentName.isEmpty() ? m_composer->toPlainText() : QString();
}

void ConnectionTab::setComposerText(const QString &text)
{
    clearAttachment();
    m_composer->setPlainText(text);
    m_composer->moveCursor(QTextCursor::End);
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

void ConnectionTab::send()
{
    QString error;
    if (!m_attachmentName.isEmpty()) {
        if (m_connection.sendBinary(m_attachment, &error))
            clearAttachment();
        else
            report(error);
        return;
    }
    const QString text = m_composer->toPlainText();
    if (text.isEmpty()) {
        report(tr("The message is empty: type something to send."));
        return;
    }
    ComposerInput::Result input;
    if (!checkComposer(&input)) {
        report(m_composerStatus->text());
        return;
    }
    bool sent = false;
    if (input.binary) {
        sent = m_connection.sendBinary(input.data, &error);
    } else {
        QStringList unknown;
        const QString resolved = Variables::substitute(text, m_variables, &unknown);
        if (!unknown.isEmpty()) {
            report(Variables::unknownMessage(unknown));
            return;
        }
        sent = m_connection.sendText(resolved, &error);
    }
    if (!sent) {
        report(error);
        return;
    }
    if (m_history.isEmpty() || m_history.constLast() != text)
        m_history.append(text);
    m_historyIndex = -1;
    m_composer->clear();
}

ConnectionTab::ComposerMode ConnectionTab::composerMode() const
{
    return ComposerMode(m_composerMode->currentData().toInt());
}

void ConnectionTab::setComposerMode(ComposerMode mode)
{
    m_composerMode->setCurrentIndex(m_composerMode->findData(int(mode)));
}

bool ConnectionTab::validateComposer()
{
    return checkComposer(nullptr);
}

bool ConnectionTab::checkComposer(ComposerInput::Result *input)
{
    const ComposerMode mode = composerMode();
    m_prettifyButton->setVisible(mode == ComposerMode::Json);
    m_fileButton->setVisible(mode == ComposerMode::Hex || mode == ComposerMode::Base64);
    static const char *const kPlaceholders[]
        = {QT_TR_NOOP("Type a text message. Ctrl+Enter sends it."),
           QT_TR_NOOP("Type a JSON message; it is checked as you type. Ctrl+Enter sends it."),
           QT_TR_NOOP("Type bytes in hex, such as 48 65 6c 6c 6f, or load a file."),
           QT_TR_NOOP("Type bytes in base64, such as SGVsbG8=, or load a file.")};
    m_composer->setPlaceholderText(tr(kPlaceholders[int(mode)]));
    if (!m_attachmentName.isEmpty())
        return true;

    const QString text = m_composer->toPlainText();
    // An empty composer is no mistake while typing; Send says so itself.
    ComposerInput::Result result;
    if (!text.isEmpty())
        result = ComposerInput::parse(mode, text);
    QList<QTextEdit::ExtraSelection> marks;
    if (!result.ok()) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_composer->document());
        mark.cursor.setPosition(int(result.position));
        mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(StatusColors::text(StatusColors::Kind::Error, palette()));
        mark.format.setBackground(StatusColors::markBackground(palette()));
        marks << mark;
        StatusColors::apply(m_composerStatus, StatusColors::Kind::Error);
        m_composerStatus->setText(result.error);
    } else {
        StatusColors::apply(m_composerStatus, StatusColors::Kind::Normal);
        const QLocale locale;
        if (text.isEmpty())
            m_composerStatus->clear();
        else
            m_composerStatus->setText(
                (mode == ComposerMode::Json ? tr("Valid JSON, %1 bytes") : tr("%1 bytes"))
                    .arg(locale.toString(result.data.size())));
    }
    m_composer->setExtraSelections(marks);
    const bool ok = result.ok();
    if (input)
        *input = std::move(result);
    return ok;
}

void ConnectionTab::prettifyComposer()
{
    if (composerMode() != ComposerMode::Json) {
        report(tr("Prettify works on JSON: choose JSON as the message type."));
        return;
    }
    if (!validateComposer()) {
        report(m_composerStatus->text());
        return;
    }
    // Through the cursor, so Ctrl+Z brings the original back.
    QTextCursor all(m_composer->document());
    all.select(QTextCursor::Document);
    all.insertText(PayloadFormat::prettyJson(m_composer->toPlainText().toUtf8()));
}

void ConnectionTab::loadFileToSend(const QString &path)
{
    constexpr qint64 kMaxFile = 256LL * 1024 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        report(tr("Cannot read %1: %2.").arg(path, file.errorString()));
        return;
    }
    if (file.size() > kMaxFile) {
        report(tr("%1 is %2; files up to %3 can be sent.")
                   .arg(QFileInfo(path).fileName(), MessageLogModel::sizeText(file.size()),
                        MessageLogModel::sizeText(kMaxFile)));
        return;
    }
    m_attachment = file.readAll();
    if (m_attachment.size() != file.size()) {
        report(tr("Cannot read all of %1: %2.").arg(path, file.errorString()));
        m_attachment.clear();
        return;
    }
    if (composerMode() == ComposerMode::Text || composerMode() == ComposerMode::Json)
        setComposerMode(ComposerMode::Hex);
    m_attachmentName = QFileInfo(path).fileName();
    m_composer->setPlainText(tr("File %1 (%2 bytes) will be sent as one binary message.")
                                 .arg(m_attachmentName, QLocale().toString(m_attachment.size())));
    m_composer->setReadOnly(true);
    m_composerStatus->setText(tr("File loaded"));
    m_fileButton->setText(tr("Remove file"));
    m_fileButton->setAccessibleName(tr("Remove file"));
}

void ConnectionTab::clearAttachment()
{
    if (m_attachmentName.isEmpty())
        return;
    m_attachmentName.clear();
    m_attachment.clear();
    m_composer->setReadOnly(false);
    m_composer->clear();
    m_fileButton->setText(tr("Load file…"));
    m_fileButton->setAccessibleName(tr("Load file to send"));
}

bool ConnectionTab::stepHistory(int step)
{
    // Only from an empty composer, or one showing a history entry, so the arrows still move
    // the cursor in a message being written.
    const bool showingHistory = m_historyIndex >= 0 && m_historyIndex < m_history.size()
        && m_composer->toPlainText() == m_history[m_historyIndex];
    if (m_history.isEmpty() || (!m_composer->toPlainText().isEmpty() && !showingHistory))
        return false;
    const int from = showingHistory ? m_historyIndex : int(m_history.size());
    const int to = from + step;
    if (to < 0)
        return true; // already at the oldest
    if (to >= m_history.size()) {
        m_historyIndex = -1;
        m_composer->clear();
        return true;
    }
    m_historyIndex = to;
    m_composer->setPlainText(m_history[to]);
    m_composer->moveCursor(QTextCursor::End);
    return true;
}

void ConnectionTab::sendPing()
{
    QString error;
    if (!m_connection.ping(m_pingPayload->text().toUtf8(), &error))
        report(error);
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
        m_composer->setFocus();
    else
        m_url->setFocus();
}

bool ConnectionTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_composer && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            send();
            return true;
        }
        if (key->modifiers() == Qt::NoModifier
            && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down))
            return stepHistory(key->key() == Qt::Key_Up ? -1 : 1);
    }
    return QWidget::eventFilter(watched, event);
}

void ConnectionTab::onStateChanged(Connection::State state)
{
    const bool open = state == Connection::State::Open;
    switch (state) {
    case Connection::State::Closed:
        m_connectButton->setText(tr("Connect"));
        break;
    case Connection::State::Connecting:
        m_connectButton->setText(tr("Cancel"));
        break;
    case Connection::State::Open:
    case Connection::State::Closing:
        m_connectButton->setText(tr("Disconnect"));
        break;
    }
    if (state == Connection::State::Closed && m_connection.reconnectPending())
        m_connectButton->setText(tr("Cancel reconnect"));
    m_url->setReadOnly(state != Connection::State::Closed || m_connection.reconnectPending());
    m_options->setEditable(state == Connection::State::Closed); // options apply to the next open
    m_sendButton->setEnabled(open);
    m_pingButton->setEnabled(open);
    m_pingPayload->setEnabled(open);
    m_closeButton->setEnabled(open);
    if (open || m_connection.reconnectPending()) {
        m_durationTimer.start();
        m_composer->setFocus();
    } else {
        m_durationTimer.stop();
    }
    updateStateLabel();
}

void ConnectionTab::updateStateLabel()
{
    static const char *const kColors[] = {"#8c959f", "#bf8700", "#1a7f37", "#bc4c00"};
    const Connection::State state = m_connection.state();
    QString text = Connection::stateText(state);
    if (m_connection.openedAtMs() > 0) {
        text += u' '
            + formatDuration(QDateTime::currentMSecsSinceEpoch() - m_connection.openedAtMs());
    } else if (m_connection.reconnectPending()) {
        text = tr("Reconnecting in %1 s").arg((m_connection.reconnectRemainingMs() + 999) / 1000);
    }
    m_state->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                         .arg(QLatin1String(kColors[int(state)]), text.toHtmlEscaped()));
    m_state->setAccessibleDescription(text);
}

void ConnectionTab::showUrlError(const QString &error)
{
    m_urlError->setText(error);
    m_urlError->setVisible(!error.isEmpty());
}

void ConnectionTab::report(const QString &message)
{
    emit statusMessage(message);
}

} // namespace Sockscope
