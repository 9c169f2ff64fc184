#pragma once

#include "lab/labsession.h"
#include "log/messagelogmodel.h"
#include "profiletab.h"
#include "session/session.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace Sockscope {

class FrameBuilder;
class LogPane;

// A lab tab: a connection that speaks RFC 6455 itself, so the user can send what a polite
// client never would. The upgrade request as editable text, behaviour switches, the frame
// builder with its presets and delivery control, saved frames, and the same log, wire view
// and inspector as a connection tab; beside them, the conformance suite against the URL.
class LabTab : public ProfileTab
{
    Q_OBJECT

public:
    explicit LabTab(QWidget *parent = nullptr);

    QString title() const override;
    QString tabToolTip() const override;
    QString profileId() const override { return m_profileId; }
    void setName(const QString &name) override;
    bool saveInto(SessionDocument &document) const override;
    Workspace::Tab workspaceEntry() const override;
    void restoreFrom(const Workspace::Tab &entry) override;

    LabProfile profile() const;
    void setProfile(const LabProfile &profile);
    MessageLogModel *log() { return &m_log; }
    LabSession *session() { return &m_session; }
    LogPane *logPane() const { return m_logPane; }

    // The actions behind the buttons.
    void toggleConnection();
    void sendFrame();
    void sendPreset();
    void runConformance();
    // Writes the finished run's HTML report into dir; false (said) when it cannot.
    bool saveReport(const QString &dir);

private:
    void onStateChanged(LabClient::State state);
    void updateHandshakeFromUrl();
    void refreshSavedFrames();
    void sendSaved(bool all);
    void report(const QString &message) { emit statusMessage(message); }

    MessageLogModel m_log; // before m_session, which writes to it
    LabSession m_session;
    QString m_profileId = Session::newId();
    QString m_name;
    QList<LabFrame> m_saved;
    LabHandshakeOptions m_handshakeOptions;
    bool m_handshakeEdited = false;
    QString m_generatedHandshake; // what the tab last filled in (edited: the text differs)

    QLineEdit *m_url;
    QPushButton *m_connectButton;
    QLabel *m_state;
    QPlainTextEdit *m_handshake;
    QPushButton *m_resetHandshake;
    QCheckBox *m_proceed;
    QCheckBox *m_autoPong;
    QCheckBox *m_answerClose;
    QPushButton *m_dropTcp;
    QComboBox *m_preset;
    QLabel *m_presetText;
    QPushButton *m_loadPreset;
    QPushButton *m_sendPreset;
    FrameBuilder *m_builder;
    QPushButton *m_sendFrame;
    QPushButton *m_saveFrame;
    QListWidget *m_savedList;
    QPushButton *m_loadSaved;
    QPushButton *m_sendSaved;
    QPushButton *m_sendAllSaved;
    QPushButton *m_removeSaved;
    QTabWidget *m_views;
    LogPane *m_logPane;
    QLineEdit *m_cases;
    QPushButton *m_runSuite;
    QPushButton *m_saveReport;
    QLabel *m_suiteProgress;
    QTableView *m_results;
    QPlainTextEdit *m_caseDetails;
};

} // namespace Sockscope
