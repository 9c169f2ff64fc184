#pragma once

#include "inspector/payloadformat.h"
#include "log/logfilter.h"

#include <QByteArray>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace Sockscope {

class HexView;
class JsonHighlighter;
class MessageLogModel;

// Shows one log row in full: its header fields (direction, times, opcode, frames, size, close
// code, round trip) and its payload as text, JSON (pretty and as a tree), hex or base64. It
// picks the best view itself and fills a view only when it is shown, so a large payload
// costs nothing until the user asks for it.
class FrameInspector : public QWidget
{
    Q_OBJECT

public:
    explicit FrameInspector(QWidget *parent = nullptr);

    // Shows a row of log, or clears the pane when row is -1.
    void showRow(const MessageLogModel *log, int row);
    // Shows the row a frame of the log's wire belongs to, with the Wire view on that frame.
    void showFrame(const MessageLogModel *log, qsizetype wireIndex);
    void clear() { showRow(nullptr, -1); }

    PayloadFormat::View currentView() const;
    void setCurrentView(PayloadFormat::View view);
    QString headerText() const;
    // What the current view shows, as text (the hex view's first lines are not included).
    QString payloadText() const;
    // The note above the current view (what it left out, and why); empty when there is none.
    QString noteText() const;
    QByteArray payload() const { return m_payload; }
    HexView *hexView() const { return m_hex; }
    QTreeWidget *jsonTree() const { return m_jsonTree; }
    QTreeWidget *decodedTree() const { return m_decodedTree; }

    // The filter whose text the Text, JSON and Hex views mark.
    void setMatchFilter(const LogFilter &filter);

    void copyAsText();
    void copyAsHex();
    void copyAsBase64();
    void savePayload();
    // Where Tab enters and leaves the inspector: its views' tabs first, its last action last.
    QWidget *firstInTabOrder() const;
    QWidget *lastInTabOrder() const;

    // Writes the payload to path; false with a sentence in *error.
    bool savePayloadTo(const QString &path, QString *error) const;

signals:
    // A sentence for the status bar: what was saved, and where.
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fillCurrentView();
    void fillText();
    void markMatches(QPlainTextEdit *edit);
    void markBase64Matches();
    void mark(QPlainTextEdit *edit, const QList<LogFilter::Range> &ranges);
    void markTreeMatches();
    void fillJson();
    void fillBase64();
    void fillWire();
    void fillDecoded();
    int wireBytesPerLine() const;

    QLabel *m_header;
    QTabWidget *m_views;
    QLabel *m_textNote;
    static constexpr int kMaxMarks = 1000;
    LogFilter m_matchFilter;
    QPlainTextEdit *m_text;
    QLabel *m_jsonNote;
    QPlainTextEdit *m_jsonPretty;
    QTreeWidget *m_jsonTree;
    JsonHighlighter *m_highlighter;
    HexView *m_hex;
    QLabel *m_base64Note;
    QPlainTextEdit *m_base64;
    QPlainTextEdit *m_wire;
    QLabel *m_decodedNote;
    QTreeWidget *m_decodedTree;
    const MessageLogModel *m_log = nullptr; // of the row shown
    quint64 m_seq = 0; // the row shown
    qsizetype m_focusFrame = -1; // the frame the Wire view starts at
    int m_wireBytesPerLine = 16; // of the hex lines the Wire view was filled with
    QWidget *m_actions;
    QByteArray m_payload;
    bool m_hasRow = false;
    unsigned m_filled = 0; // bit per PayloadFormat::View already filled for m_payload
};

} // namespace Sockscope
