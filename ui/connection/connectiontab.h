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
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Sockscope {

class CloseCodePicker;
class ConnectionOptionsPanel;
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
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onStateChanged(Connection::State state);
    void updateStateLabel();
    void showUrlError(const QString &error);
    void report(const QString &message);
    bool stepHistory(int step);
    // Checks the composer in its mode, marks the first mistake and says what it is; false
    // when there is a mistake.
    bool validateComposer();
    // The same, also giving what the text means (its bytes) in *input.
    bool checkComposer(ComposerInput::Result *input);
    void clearAttachment();

    MessageLogModel m_log; // before m_connection, which writes to it
    Connection m_connection;
    QLineEdit *m_url;
    QLabel *m_urlError;
    QPushButton *m_connectButton;
    QLabel *m_state;
    LogPane *m_logPane;
    QToolButton *m_optionsToggle;
    ConnectionOptionsPanel *m_options;
    RttChart *m_rttChart;
    QComboBox *m_composerMode;
    QPlainTextEdit *m_composer;
    QLabel *m_composerStatus;
    QPushButton *m_prettifyButton;
    QPushButton *m_fileButton;
    QPushButton *m_saveSnippetButton;
    QToolButton *m_snippetsButton;
    QPushButton *m_sendButton;
    QPushButton *m_pingButton;
    QLineEdit *m_pingPayload;
    CloseCodePicker *m_closeCode;
    QLineEdit *m_closeReason;
    QPushButton *m_closeButton;
    QTimer m_durationTimer;
    // Sent messages, oldest first; Up and Down in an empty composer walk through them.
    QStringList m_history;
    int m_historyIndex = -1; // the entry shown in the composer, or -1
    // A file loaded to send as one binary message; the composer shows its name meanwhile.
    QString m_attachmentName;
    QByteArray m_attachment;
    QString m_profileId = Session::newId();
    QString m_name;
    QList<Variable> m_variables;
    QList<Snippet> m_snippets;
};

} // namespace Sockscope
