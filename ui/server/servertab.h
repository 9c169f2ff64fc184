#pragma once

#include "profiletab.h"
#include "session/session.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace Sockscope {

class BehaviourEditor;
class ClientListModel;
class CloseCodePicker;
class LogPane;
class ThreadedMockServer;
class ServerLogBook;

// A mock server in a tab: where it listens and its limits, its behaviour (rules, greeting,
// timers), its clients, their logs (each client's own, or all of them together) and manual
// send and kick.
class ServerTab : public ProfileTab
{
    Q_OBJECT

public:
    explicit ServerTab(QWidget *parent = nullptr);
    ~ServerTab() override;

    ThreadedMockServer *server() const { return m_server; }
    ServerLogBook *logs() const { return m_logs; }
    BehaviourEditor *behaviour() const { return m_behaviour; }
    QString title() const override;
    QString tabToolTip() const override;

    // The tab's set-up as a session keeps it. While the behaviour has an error, the profile
    // keeps the last rules that were valid.
    ServerProfile profile() const;
    void setProfile(const ServerProfile &profile);
    QString profileId() const override { return m_profileId; }
    void setName(const QString &name) override;
    bool saveInto(SessionDocument &document) const override;
    Workspace::Tab workspaceEntry() const override;

    // Starts with the settings shown, or stops; messages go to the status bar and under the
    // settings.
    void toggleServer();
    // Shows a client's own log, or (0) every client's.
    void showLogOf(int clientId);
    int shownLog() const { return m_shownLog; }
    LogPane *currentLogPane() const;
    // To the current client: the one whose log is shown.
    void sendToSelected();
    void sendToAll();
    void kickSelected();
    // The clients table's row menu: Copy URL, Copy handshake, Open a connection tab.
    QMenu *clientMenu(int clientId, QWidget *parent);

signals:
    // "Open a connection tab" to the URL a client used (the window opens it).
    void openConnectionRequested(const QString &url);

private:
    void onListeningChanged();
    void updateHostWarning();
    void updatePolicy();
    // Makes the list's selection the client whose log is shown (none for all or a gone one).
    void selectInList(int clientId);
    void send(int clientId);
    void report(const QString &message);

    ThreadedMockServer *m_server;
    ServerLogBook *m_logs;
    ClientListModel *m_clientModel;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QPushButton *m_start;
    QLabel *m_status;
    QLabel *m_hostWarning;
    QCheckBox *m_allowRemote;
    QLineEdit *m_subprotocols;
    QLineEdit *m_origins;
    QCheckBox *m_anyOrigin;
    QCheckBox *m_wireCapture;
    QLabel *m_policy;
    QSpinBox *m_maxClients;
    QSpinBox *m_maxMessageMiB;
    QSpinBox *m_maxUnsentMiB;
    QSpinBox *m_handshakeTimeout;
    QLineEdit *m_tlsCert;
    QLineEdit *m_tlsKey;
    BehaviourEditor *m_behaviour;
    QTableView *m_clients;
    QComboBox *m_logChoice;
    QStackedWidget *m_logStack;
    QLineEdit *m_message;
    QCheckBox *m_binary;
    CloseCodePicker *m_kickCode;
    QLineEdit *m_kickReason;
    int m_shownLog = 0;
    QString m_profileId;
    QString m_name;
    RuleSet m_lastGoodRules;
    bool m_settingProfile = false;
};

} // namespace Sockscope
