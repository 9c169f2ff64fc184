#include "labtab.h"

#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "framebuilder.h"
#include "lab/conformancehtml.h"
#include "log/logpane.h"
#include "session/sessiondocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
using namespace Qt::StringLiterals;

// The verdict columns in the status colours the HTML report uses: OK green, NON-STRICT amber,
// FAILED and WRONG CODE red (the verdict's name stays beside its colour).
class VerdictDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString verdict = index.data().toString();
        const StatusColors::Kind kind = verdict == u"OK"       ? StatusColors::Kind::Success
            : verdict == u"NON-STRICT"                         ? StatusColors::Kind::Warning
            : verdict == u"FAILED" || verdict == u"WRONG CODE" ? StatusColors::Kind::Error
                                                               : StatusColors::Kind::Muted;
        option->palette.setColor(QPalette::Text, StatusColors::text(kind, option->palette));
    }
};

// A button whose accessible name follows its text (Connect / Disconnect).
void setButtonText(QPushButton *button, const QString &text)
{
    button->setText(text);
    button->setAccessibleName(QString(text).remove(u'&'));
}
} // namespace

LabTab::LabTab(QWidget *parent)
    : ProfileTab(parent)
    , m_session(&m_log)
    , m_url(named(new QLineEdit(this), tr("Server URL")))
    , m_connectButton(new QPushButton(this))
    , m_state(named(new QLabel(this), tr("Connection state")))
    , m_handshake(named(new QPlainTextEdit(this), tr("Handshake request")))
    , m_resetHandshake(namedButton(this, tr("Reset handshake")))
    , m_proceed(named(new QCheckBox(tr("Go on when the answer breaks RFC 6455"), this),
                      tr("Proceed despite handshake problems")))
    , m_autoPong(named(new QCheckBox(tr("Answer pings with pongs"), this), tr("Automatic pong")))
    , m_answerClose(named(new QCheckBox(tr("Answer the server's close"), this), tr("Answer close")))
    , m_dropTcp(namedButton(this, tr("Drop TCP"), tr("Close TCP without a close frame")))
    , m_preset(named(new QComboBox(this), tr("Frame preset")))
    , m_presetText(new QLabel(this))
    , m_loadPreset(namedButton(this, tr("Load"), tr("Load preset")))
    , m_sendPreset(namedButton(this, tr("Send preset")))
    , m_builder(new FrameBuilder(this))
    , m_sendFrame(namedButton(this, tr("Send frame")))
    , m_saveFrame(namedButton(this, tr("Save frame")))
    , m_savedList(named(new QListWidget(this), tr("Saved frames")))
    , m_loadSaved(namedButton(this, tr("Load"), tr("Load saved frame")))
    , m_sendSaved(namedButton(this, tr("Send"), tr("Send saved frame")))
    , m_sendAllSaved(namedButton(this, tr("Send all in one write")))
    , m_removeSaved(namedButton(this, tr("Remove"), tr("Remove saved frame")))
    , m_views(namedTabs(new QTabWidget(this), tr("Lab views")))
    , m_logPane(new LogPane(&m_log, this))
    , m_cases(named(new QLineEdit(this), tr("Cases")))
    , m_runSuite(new QPushButton(this))
    , m_saveReport(namedButton(this, tr("Save report…"), tr("Save report")))
    , m_suiteProgress(named(new QLabel(this), tr("Conformance progress")))
    , m_results(named(new QTableView(this), tr("Conformance results")))
    , m_caseDetails(named(new QPlainTextEdit(this), tr("Case details")))
{
    m_url->setPlaceholderText(tr("ws://localhost:8080/path"));
    enableNamedClearButton(m_url, tr("Clear URL"));
    setButtonText(m_connectButton, tr("Connect"));
    m_state->setMinimumWidth(m_state->fontMetrics().horizontalAdvance(tr("● Connecting")) * 5 / 4);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_handshake->setFont(fixed);
    m_handshake->setTabChangesFocus(true);
    m_handshake->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_handshake->setToolTip(tr("Sent as it is, with CRLF line ends: change or break any of it"));
    m_handshake->setMinimumHeight(fontMetrics().lineSpacing() * 6);
    m_resetHandshake->setToolTip(tr("The request a well-behaved client sends to the URL, with a "
                                    "fresh key"));
    m_autoPong->setChecked(true);
    m_answerClose->setChecked(true);
    m_dropTcp->setToolTip(tr("Close the TCP connection now, with no close frame"));
    for (const LabPreset &p : labPresets())
        m_preset->addItem(p.name);
    m_presetText->setWordWrap(true);
    StatusColors::apply(m_presetText, StatusColors::Kind::Muted);
    m_sendPreset->setToolTip(tr("Send the preset's frames in one write"));
    m_sendFrame->setToolTip(tr("Send the frame as built (Ctrl+Return, Connection > Send message)"));
    m_saveFrame->setToolTip(tr("Keep the frame in this tab's list of saved frames"));
    m_sendAllSaved->setToolTip(tr("Send every saved frame, in order, in one TCP write"));
    setButtonText(m_runSuite, tr("Run conformance suite"));
    m_runSuite->setToolTip(tr("Grade the server at the URL (one that echoes messages) against "
                              "RFC 6455, case by case"));
    m_saveReport->setToolTip(tr("Write the finished run's HTML report (index.html and a page "
                                "per case) into a folder"));
    m_saveReport->setEnabled(false);
    m_cases->setPlaceholderText(tr("All cases (or e.g. 1-5, 6.4.*, 7.1.1)"));
    m_caseDetails->setReadOnly(true);
    m_caseDetails->setFont(fixed);
    m_caseDetails->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_results->setModel(m_session.conformanceResults());
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->verticalHeader()->hide();
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->horizontalHeader()->setAccessibleName(tr("Conformance results columns"));
    for (const int column : {1, 2}) // Behaviour, Close
        m_results->setItemDelegateForColumn(column, new VerdictDelegate(m_results));
    m_results->setWordWrap(false);

    // The left side: what the lab sends, top to bottom.
    auto *handshakeBox = new QGroupBox(tr("Handshake"), this);
    auto *handshakeLayout = new QVBoxLayout(handshakeBox);
    handshakeLayout->addWidget(m_handshake);
    auto *handshakeRow = new QHBoxLayout;
    handshakeRow->addWidget(m_proceed, 1);
    handshakeRow->addWidget(m_resetHandshake);
    handshakeLayout->addLayout(handshakeRow);

    auto *behaviourBox = new QGroupBox(tr("Behaviour"), this);
    auto *behaviourLayout = new QHBoxLayout(behaviourBox);
    behaviourLayout->addWidget(m_autoPong);
    behaviourLayout->addWidget(m_answerClose);
    behaviourLayout->addStretch();
    behaviourLayout->addWidget(m_dropTcp);

    auto *builderBox = named(new QGroupBox(tr("Frame builder"), this), tr("Frame builder"));
    auto *builderLayout = new QVBoxLayout(builderBox);
    auto *presetRow = new QHBoxLayout;
    auto *presetLabel = new QLabel(tr("Pre&set:"), this);
    presetLabel->setBuddy(m_preset);
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(m_preset, 1);
    presetRow->addWidget(m_loadPreset);
    presetRow->addWidget(m_sendPreset);
    builderLayout->addLayout(presetRow);
    builderLayout->addWidget(m_presetText);
    builderLayout->addWidget(m_builder);
    auto *sendRow = new QHBoxLayout;
    sendRow->addStretch();
    sendRow->addWidget(m_saveFrame);
    sendRow->addWidget(m_sendFrame);
    builderLayout->addLayout(sendRow);

    auto *savedBox = new QGroupBox(tr("Saved frames"), this);
    auto *savedLayout = new QVBoxLayout(savedBox);
    m_savedList->setMinimumHeight(fontMetrics().lineSpacing() * 4);
    savedLayout->addWidget(m_savedList);
    auto *savedRow = new QHBoxLayout;
    savedRow->addWidget(m_loadSaved);
    savedRow->addWidget(m_removeSaved);
    savedRow->addStretch();
    savedRow->addWidget(m_sendSaved);
    savedRow->addWidget(m_sendAllSaved);
    savedLayout->addLayout(savedRow);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(handshakeBox);
    leftLayout->addWidget(behaviourBox);
    leftLayout->addWidget(builderBox);
    leftLayout->addWidget(savedBox);
    leftLayout->addStretch();
    auto *leftArea = new QScrollArea(this);
    leftArea->setWidget(left);
    leftArea->setWidgetResizable(true);
    leftArea->setFrameShape(QFrame::NoFrame);
    // Narrower than its contents when the window is: it scrolls, and the window never grows
    // for it.
    leftArea->setMinimumWidth(fontMetrics().averageCharWidth() * 30);

    // The right side: the log, and the conformance suite.
    auto *suite = new QWidget(this);
    auto *suiteLayout = new QVBoxLayout(suite);
    auto *suiteRow = new QHBoxLayout;
    auto *casesLabel = new QLabel(tr("C&ases:"), this);
    casesLabel->setBuddy(m_cases);
    suiteRow->addWidget(casesLabel);
    suiteRow->addWidget(m_cases, 1);
    suiteRow->addWidget(m_runSuite);
    suiteRow->addWidget(m_saveReport);
    suiteLayout->addLayout(suiteRow);
    suiteLayout->addWidget(m_suiteProgress);
    auto *suiteSplit = new QSplitter(Qt::Vertical, this);
    suiteSplit->addWidget(m_results);
    suiteSplit->addWidget(m_caseDetails);
    suiteSplit->setStretchFactor(0, 3);
    suiteSplit->setStretchFactor(1, 2);
    suiteLayout->addWidget(suiteSplit, 1);
    // The builder needs the room: the inspector starts hidden (Log > Frame inspector, Ctrl+I),
    // and the wire view under the log shows every frame.
    m_logPane->setInspectorShown(false);
    m_views->addTab(m_logPane, tr("&Log"));
    m_views->addTab(suite, tr("Co&nformance"));

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(leftArea);
    split->addWidget(m_views);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({left->sizeHint().width(), m_views->minimumSizeHint().width()});

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connectButton);
    urlRow->addWidget(m_state);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(urlRow);
    layout->addWidget(split, 1);

    connect(m_url, &QLineEdit::returnPressed, this, &LabTab::toggleConnection);
    connect(m_url, &QLineEdit::textEdited, this, [this] {
        updateHandshakeFromUrl();
        emit titleChanged(title());
        emit setupChanged();
    });
    connect(m_handshake, &QPlainTextEdit::textChanged, this, [this] {
        const bool edited = m_handshake->toPlainText() != m_generatedHandshake;
        if (edited != m_handshakeEdited || edited) {
            m_handshakeEdited = edited;
            emit setupChanged();
        }
    });
    connect(m_resetHandshake, &QPushButton::clicked, this, [this] {
        m_handshakeEdited = false;
        updateHandshakeFromUrl();
        emit setupChanged();
    });
    for (QCheckBox *box : {m_proceed, m_autoPong, m_answerClose})
        connect(box, &QCheckBox::toggled, this, &LabTab::setupChanged);
    connect(m_connectButton, &QPushButton::clicked, this, &LabTab::toggleConnection);
    connect(m_dropTcp, &QPushButton::clicked, this, [this] { m_session.dropTcp(); });
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto &presets = labPresets();
        m_presetText->setText(index >= 0 && index < int(presets.size())
                                  ? presets[size_t(index)].description
                                  : QString());
    });
    m_presetText->setText(labPresets().front().description);
    connect(m_loadPreset, &QPushButton::clicked, this, [this] {
        const LabPreset &p = labPresets()[size_t(m_preset->currentIndex())];
        m_builder->setFrame(p.frames.front());
        if (p.frames.size() > 1) {
            int n = 0;
            for (LabFrame f : p.frames) {
                f.name = tr("%1, frame %2 of %3").arg(p.name).arg(++n).arg(p.frames.size());
                m_saved << f;
            }
            refreshSavedFrames();
            emit setupChanged();
            report(tr("The preset's %1 frames are in the saved frames; the first is in the "
                      "builder.")
                       .arg(p.frames.size()));
        }
    });
    connect(m_sendPreset, &QPushButton::clicked, this, &LabTab::sendPreset);
    connect(m_sendFrame, &QPushButton::clicked, this, &LabTab::sendFrame);
    connect(m_saveFrame, &QPushButton::clicked, this, [this] {
        QString error;
        const std::optional<LabFrame> f = m_builder->frame(&error);
        if (!f || !f->bytes(&error)) {
            report(error);
            return;
        }
        m_saved << *f;
        refreshSavedFrames();
        m_savedList->setCurrentRow(int(m_saved.size() - 1));
        emit setupChanged();
    });
    connect(m_loadSaved, &QPushButton::clicked, this, [this] {
        if (const int row = m_savedList->currentRow(); row >= 0)
            m_builder->setFrame(m_saved[row]);
    });
    connect(m_savedList, &QListWidget::itemActivated, m_loadSaved, &QPushButton::click);
    connect(m_removeSaved, &QPushButton::clicked, this, [this] {
        if (const int row = m_savedList->currentRow(); row >= 0) {
            m_saved.removeAt(row);
            refreshSavedFrames();
            m_savedList->setCurrentRow(qMin(row, int(m_saved.size()) - 1));
            emit setupChanged();
        }
    });
    connect(m_sendSaved, &QPushButton::clicked, this, [this] { sendSaved(false); });
    connect(m_sendAllSaved, &QPushButton::clicked, this, [this] { sendSaved(true); });
    connect(m_savedList, &QListWidget::currentRowChanged, this, [this] { refreshSavedFrames(); });
    connect(m_runSuite, &QPushButton::clicked, this, &LabTab::runConformance);
    connect(m_saveReport, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Save the report into"));
        if (!dir.isEmpty())
            saveReport(dir);
    });
    connect(m_cases, &QLineEdit::returnPressed, this, &LabTab::runConformance);
    connect(m_results->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &index) {
                m_caseDetails->setPlainText(m_session.describeResult(index.row()));
            });
    connect(&m_session, &LabSession::stateChanged, this, &LabTab::onStateChanged);
    connect(&m_session, &LabSession::message, this, &LabTab::report);
    connect(&m_session, &LabSession::conformanceProgress, this, [this](int done, int total) {
        m_suiteProgress->setText(tr("%1 of %2 cases done").arg(done).arg(total));
        if (done == 1)
            m_results->resizeColumnsToContents();
    });
    connect(&m_session, &LabSession::conformanceFinished, this, [this](const QString &summary) {
        m_suiteProgress->setText(summary);
        m_results->resizeColumnsToContents();
        m_saveReport->setEnabled(true);
        setButtonText(m_runSuite, tr("Run conformance suite"));
        report(tr("Conformance suite: %1").arg(summary));
    });
    connect(m_logPane, &LogPane::statusMessage, this, &LabTab::report);

    refreshSavedFrames();
    onStateChanged(LabClient::State::Idle);
    chainTabOrder(QList<QWidget *> {m_url, m_connectButton, m_handshake, m_proceed,
                                    m_resetHandshake, m_autoPong, m_answerClose, m_dropTcp,
                                    m_preset, m_loadPreset, m_sendPreset}
                  + m_builder->tabStops()
                  + QList<QWidget *> {m_saveFrame, m_sendFrame, m_savedList, m_loadSaved,
                                      m_removeSaved, m_sendSaved, m_sendAllSaved, m_views});
}

QString LabTab::title() const
{
    return profile().displayName();
}

QString LabTab::tabToolTip() const
{
    const QString url = m_url->text().trimmed();
    return url.isEmpty() ? tr("Lab tab: no URL yet") : tr("Lab tab: %1").arg(url);
}

void LabTab::setName(const QString &name)
{
    m_name = name;
    emit titleChanged(title());
}

LabProfile LabTab::profile() const
{
    LabProfile p;
    p.id = m_profileId;
    p.name = m_name;
    p.url = m_url->text();
    p.handshake = m_handshakeEdited ? m_handshake->toPlainText() : QString();
    p.autoPong = m_autoPong->isChecked();
    p.answerClose = m_answerClose->isChecked();
    p.proceedDespiteProblems = m_proceed->isChecked();
    p.frames = m_saved;
    p.handshakeOptions = m_handshakeOptions;
    return p;
}

void LabTab::setProfile(const LabProfile &profile)
{
    m_profileId = profile.id;
    m_name = profile.name;
    m_url->setText(profile.url);
    m_handshakeOptions = profile.handshakeOptions;
    m_handshakeEdited = !profile.handshake.isEmpty();
    if (m_handshakeEdited) {
        const QSignalBlocker block(m_handshake);
        m_handshake->setPlainText(profile.handshake);
    } else {
        updateHandshakeFromUrl();
    }
    m_autoPong->setChecked(profile.autoPong);
    m_answerClose->setChecked(profile.answerClose);
    m_proceed->setChecked(profile.proceedDespiteProblems);
    m_saved = profile.frames;
    refreshSavedFrames();
    emit titleChanged(title());
}

bool LabTab::saveInto(SessionDocument &document) const
{
    return document.update(profile());
}

Workspace::Tab LabTab::workspaceEntry() const
{
    Workspace::Tab tab;
    tab.kind = Workspace::Tab::Kind::Lab;
    tab.profileId = m_profileId;
    tab.splitterState = m_logPane->splitter()->saveState();
    return tab;
}

void LabTab::restoreFrom(const Workspace::Tab &entry)
{
    m_logPane->splitter()->restoreState(entry.splitterState);
}

void LabTab::updateHandshakeFromUrl()
{
    if (m_handshakeEdited)
        return;
    const QSignalBlocker block(m_handshake);
    m_generatedHandshake = LabSession::defaultHandshake(m_url->text(), m_handshakeOptions);
    m_handshake->setPlainText(m_generatedHandshake);
}

void LabTab::toggleConnection()
{
    const LabClient::State state = m_session.state();
    if (state == LabClient::State::Open || state == LabClient::State::Connecting) {
        m_session.dropTcp();
        return;
    }
    // A fresh key for each connection, unless the user wrote the request.
    updateHandshakeFromUrl();
    LabSession::Switches switches;
    switches.autoPong = m_autoPong->isChecked();
    switches.answerClose = m_answerClose->isChecked();
    switches.proceedDespiteProblems = m_proceed->isChecked();
    QString error;
    if (!m_session.connectTo(m_url->text(), m_handshake->toPlainText(), switches, {}, &error))
        report(error);
}

void LabTab::sendFrame()
{
    QString error;
    const std::optional<LabFrame> f = m_builder->frame(&error);
    if (!f || !m_session.send(*f, &error))
        report(error);
}

void LabTab::sendPreset()
{
    QString error;
    if (!m_session.sendInOneWrite(labPresets()[size_t(m_preset->currentIndex())].frames, &error))
        report(error);
}

void LabTab::sendSaved(bool all)
{
    QString error;
    const int row = m_savedList->currentRow();
    if (!all && row < 0)
        return;
    const std::vector<LabFrame> frames = all ? std::vector<LabFrame>(m_saved.begin(), m_saved.end())
                                             : std::vector<LabFrame> {m_saved[row]};
    if (!m_session.sendInOneWrite(frames, &error))
        report(error);
}

void LabTab::runConformance()
{
    if (m_session.conformanceRunning()) {
        m_session.stopConformance();
        setButtonText(m_runSuite, tr("Run conformance suite"));
        m_suiteProgress->setText(tr("Stopped."));
        return;
    }
    QString error;
    if (!m_session.runConformance(m_url->text(), m_cases->text(), {}, &error)) {
        report(error);
        m_suiteProgress->setText(error);
        return;
    }
    m_views->setCurrentIndex(1);
    m_caseDetails->clear();
    m_saveReport->setEnabled(false);
    setButtonText(m_runSuite, tr("Stop conformance suite"));
    m_suiteProgress->setText(tr("Running…"));
}

bool LabTab::saveReport(const QString &dir)
{
    QString error;
    if (!Conformance::writeHtml(m_session.conformanceRun(), dir, &error)) {
        report(error);
        return false;
    }
    report(tr("Report: %1")
               .arg(QDir::toNativeSeparators(QDir(dir).absoluteFilePath(u"index.html"_s))));
    return true;
}

void LabTab::refreshSavedFrames()
{
    const int row = m_savedList->currentRow();
    if (m_savedList->count() != m_saved.size()) {
        const QSignalBlocker block(m_savedList);
        m_savedList->clear();
        for (const LabFrame &f : m_saved)
            m_savedList->addItem(f.name.isEmpty() ? f.summary() : f.name + u" — " + f.summary());
        m_savedList->setCurrentRow(qMin(row, m_savedList->count() - 1));
    }
    const bool chosen = m_savedList->currentRow() >= 0;
    m_loadSaved->setEnabled(chosen);
    m_removeSaved->setEnabled(chosen);
    m_sendSaved->setEnabled(chosen && m_session.state() == LabClient::State::Open);
    m_sendAllSaved->setEnabled(!m_saved.isEmpty() && m_session.state() == LabClient::State::Open);
}

void LabTab::onStateChanged(LabClient::State state)
{
    const bool open = state == LabClient::State::Open;
    const bool busy = open || state == LabClient::State::Connecting;
    setButtonText(m_connectButton, busy ? tr("Disconnect") : tr("Connect"));
    m_connectButton->setToolTip(busy ? tr("Close TCP now (no close frame)")
                                     : tr("Send the handshake above"));
    QString text;
    StatusColors::Kind kind = StatusColors::Kind::Muted;
    switch (state) {
    case LabClient::State::Idle:
        text = tr("● Not connected");
        break;
    case LabClient::State::Connecting:
        text = tr("● Connecting");
        kind = StatusColors::Kind::Warning;
        break;
    case LabClient::State::Open:
        text = tr("● Open");
        kind = StatusColors::Kind::Success;
        break;
    case LabClient::State::Closed:
        text = tr("● Closed");
        break;
    }
    m_state->setText(text);
    m_state->setAccessibleDescription(text);
    StatusColors::apply(m_state, kind);
    m_url->setReadOnly(busy);
    m_handshake->setReadOnly(busy);
    m_dropTcp->setEnabled(busy);
    m_sendFrame->setEnabled(open);
    m_sendPreset->setEnabled(open);
    refreshSavedFrames();
}

} // namespace Sockscope
