#pragma once

#include "connection/composerinput.h"
#include "connection/connection.h"
#include "log/messagelogmodel.h"
#include "profiletab.h"
#include "session/session.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace Sockscope {

class CloseCodePicker;
class ConnectionOptionsPanel;
class MessageComposer;
class SocketIoBar;
class LogPane;
class RttChart;

// One connection tab: a URL bar with Connect and a state indicator, the message log beside the
// frame inspector, a composer, and the close controls. It owns its Connection, so every tab
// runs on its own.
class ConnectionTab : public ProfileTab
{
    Q_OBJECT

public:
    explicit ConnectionTab(QWidget *parent = nullptr);

    Connection *connection() { return &m_connection; }
    MessageLogModel *log() { return &m_log; }
    LogPane *logPane() const { return m_logPane; }
    ConnectionOptionsPanel *optionsPanel() const { return m_options; }
    QString title() const override;
    QString tabToolTip() const override;
    // Sets the URL as a program would; the tab stays what it was (the built-in echo server's
    // tab pointed at this run's port is still that tab).
    void setUrl(const QString &url);

    // The tab's set-up as a session keeps it. The name is empty until the user gives one; the
    // title is then the URL's host and port.
    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);
    QString profileId() const override { return m_profileId; }
    void setName(const QString &name) override;
    bool saveInto(SessionDocument &document) const override;
    // The composer's text and mode, and the log's splitter.
    Workspace::Tab workspaceEntry() const override;
    void restoreFrom(const Workspace::Tab &entry) override;
    // The session's variables, for {{name}} in the URL, headers, Origin, messages and the
    // on-open sequence (substituted when used), and its snippets for the Snippets menu.
    void useSession(const Session &session) override;
    // Sends a saved message to this tab's connection.
    bool sendSnippet(const Snippet &snippet);
    // The composer, for the workspace.
    QString composerText() const;
    void setComposerText(const QString &text);

    // The actions behind the buttons, also used by the main window's menus.
    void toggleConnection();
    void send();
    void sendPing();
    void closeWithChosenCode();
    void focusComposer();
    void prettifyComposer();
    void loadFileToSend(const QString &path);

    // What the composer's text is sent as.
    using ComposerMode = ComposerInput::Mode;
    void setComposerMode(ComposerMode mode);
    ComposerMode composerMode() const;
    RttChart *rttChart() const { return m_rttChart; }

signals:
    // "Save as snippet" was asked for the composer's message (no name yet).
    void saveSnippetRequested(const Sockscope::Snippet &snippet);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onStateChanged(Connection::State state);
    void updateStateLabel();
    void showUrlError(const QString &error);
    void report(const QString &message);
    bool isSocketIo() const;
    void showProtocol();
    void emitEvent();

    MessageLogModel m_log; // before m_connection, which writes to it
    Connection m_connection;
    QLineEdit *m_url;
    QComboBox *m_protocol; // WebSocket or Socket.IO
    QLabel *m_urlError;
    QStringList m_warnedMissing; // secrets said to be empty at the last Connect
    QPushButton *m_connectButton;
    QLabel *m_state;
    LogPane *m_logPane;
    QToolButton *m_optionsToggle;
    ConnectionOptionsPanel *m_options;
    RttChart *m_rttChart;
    MessageComposer *m_composer;
    SocketIoBar *m_socketIoBar;
    QPushButton *m_sendButton;
    QPushButton *m_pingButton;
    QLineEdit *m_pingPayload;
    CloseCodePicker *m_closeCode;
    QLineEdit *m_closeReason;
    QPushButton *m_closeButton;
    QTimer m_durationTimer;
    QString m_profileId = Session::newId();
    QString m_name;
    bool m_builtInEcho = false; // until the user edits the URL
    QList<Variable> m_variables;
};

} // namespace Sockscope
