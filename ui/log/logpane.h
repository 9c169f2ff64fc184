#pragma once

#include "log/logfilter.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QToolButton;

class QTableView;

namespace Sockscope {

class WireLogModel;
class ProtobufSchemaDecoder;

class FilteredLogModel;
class FrameInspector;
class MessageLogModel;
class MessageLogView;
class TrafficStats;

// A message log as users work with it, shared by connection tabs and read-only imported logs:
// a filter bar (text, regex, direction, type), pause and follow-tail toggles, clear and export,
// the counters, the log table and the frame inspector beside it.
class LogPane : public QWidget
{
    Q_OBJECT

public:
    explicit LogPane(MessageLogModel *log, QWidget *parent = nullptr);

    // Shows counters from stats (a connection's); without it only row counts are shown.
    void setTrafficStats(TrafficStats *stats);
    // Names the log in exports (a URL, usually).
    void setTitle(const QString &title) { m_title = title; }
    // A read-only log cannot be paused or cleared, and offers no resend.
    void setReadOnly(bool readOnly);

    MessageLogModel *log() const { return m_log; }
    // Where Tab enters and leaves the pane: the filter field first, Export log last.
    QWidget *firstInTabOrder() const;
    QWidget *lastInTabOrder() const;
    // Puts the cursor in the filter field with its text selected (Find, Ctrl+F).
    void focusFilter();
    // What the footer's Pause capture, Follow tail, Clear log and Export log do (the Log menu
    // calls these too).
    bool isReadOnly() const;
    bool isCapturePaused() const;
    void setCapturePaused(bool paused);
    // The frame inspector beside the log can be closed (Log > Frame inspector, or dragged
    // shut); the log then takes the whole width.
    bool isInspectorShown() const;
    void setInspectorShown(bool shown);
    bool followsTail() const;
    void setFollowTail(bool follow);
    void clear();
    void exportLog();
    FilteredLogModel *filteredLog() const { return m_filtered; }
    MessageLogView *view() const { return m_view; }
    // Every frame of the log (see WireLogModel), under the messages.
    QTableView *wireView() const { return m_wireView; }
    FrameInspector *inspector() const { return m_inspector; }
    QSplitter *splitter() const { return m_splitter; }

    // Applies what the filter bar says now (typing applies it after a short pause).
    void applyFilter();
    QString filterStatus() const;
    QString filterError() const;
    // Writes the log to path in the format its name asks for; *done is the status line.
    bool exportTo(const QString &path, QString *error, QString *done = nullptr) const;
    // The selected rows as tab-separated text: time, direction, type, size and full payload.
    QString selectedRowsText() const;
    // Asks for the current row's message to be sent again (text and binary rows only).
    void resendCurrent();
    // Asks for the current row's message to be put in the composer, to edit and send.
    void editCurrent();

signals:
    void resendRequested(Sockscope::EventType type, const QByteArray &payload);
    // Offered in the row menu only where something listens (a connection tab's composer).
    void editRequested(Sockscope::EventType type, const QByteArray &payload);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    // A frame chosen in the wire view selects its message; a message selects its frames.
    void selectMessageOfFrame(const QModelIndex &frame);
    void selectFramesOfMessage(int logRow);
    void showFilterError();
    static QString filterHelp();
    // Frames the filter field in the error colour while its pattern has a mistake.
    void markFilterField();
    void updateCounters();
    void updateFilterStatus();
    void showContextMenu(const QPoint &pos);
    // The source row of the current row when it is a text or binary message, else -1.
    int currentMessageRow() const;
    void copySelectedRows();
    // "Decode as": a registered decoder's id, the .proto type chosen last, or the chooser.
    void applyDecodeAs();
    // Asks for a .proto file and a message type; on Cancel the choice before it stays.
    void chooseProtoSchema();

    MessageLogModel *m_log;
    FilteredLogModel *m_filtered;
    TrafficStats *m_stats = nullptr;
    QString m_title;
    bool m_readOnly = false;

    QLineEdit *m_filterText;
    QToolButton *m_regex;
    QComboBox *m_direction;
    QComboBox *m_type;
    QComboBox *m_decodeAs;
    int m_decodeAsApplied = 0; // the item in effect, for a cancelled .proto choice
    std::shared_ptr<const ProtobufSchemaDecoder> m_protoDecoder;
    QString m_protoImports;
    QLabel *m_filterStatus;
    QLabel *m_filterError;
    QString m_patternError; // the filter's regex does not compile
    QCheckBox *m_pause;
    QCheckBox *m_follow;
    QToolButton *m_clear;
    QToolButton *m_export;
    QLabel *m_counters;
    MessageLogView *m_view;
    WireLogModel *m_wire;
    QTableView *m_wireView;
    QSplitter *m_views; // the messages, and the wire under them
    bool m_syncing = false; // a selection is being copied from one view to the other
    FrameInspector *m_inspector;
    QSplitter *m_splitter;
    QTimer m_filterDelay;
    QTimer m_counterTimer;
    QTimer m_statusDelay;
};

} // namespace Sockscope
