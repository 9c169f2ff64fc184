#pragma once

#include "connection/protocolhelpers.h"

#include "connection/composerinput.h"
#include "session/session.h"
#include "websocket/eventtype.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Sockscope {

// Where a connection tab's message is written: the text, the mode it is read in (text, JSON,
// hex, base64) with its check as you type, a file loaded to send instead, Prettify, the
// history (Up and Down in an empty composer) and the session's snippets. What the text means
// is ComposerInput's decision; this widget shows it and marks the first mistake.
class MessageComposer : public QWidget
{
    Q_OBJECT

public:
    using Mode = ComposerInput::Mode;

    explicit MessageComposer(QWidget *parent = nullptr);

    QString text() const; // empty while a file is loaded
    void setText(const QString &text);
    Mode mode() const;
    void setMode(Mode mode);
    void setSnippets(const QList<Snippet> &snippets) { m_snippets = snippets; }
    QPlainTextEdit *editor() const { return m_editor; }

    // The message to send now, or false with the sentence to show in *error.
    struct Outgoing
    {
        bool binary = false;
        QByteArray data; // binary messages
        QString text; // text messages, as typed, JSON compacted (the caller puts {{variables}} in)
    };
    bool outgoing(Outgoing *message, QString *error);
    // The message went out: it joins the history, and the composer keeps it to edit and send
    // again (as Postman does) or is cleared, as the user chose.
    void markSent();
    // Connection > Keep message after Send, for every tab; on unless turned off (settings).
    static bool keepsMessageAfterSend();
    static void setKeepsMessageAfterSend(bool keep);
    // Connection > Send JSON as typed: off (the default), JSON goes out without the white
    // space between its tokens, so Prettify changes only what is shown.
    static ComposerInput::JsonSpacing jsonSpacing();
    static void setJsonSpacing(ComposerInput::JsonSpacing spacing);

    // Puts a logged message in the composer to edit and send: text as text (as JSON when it
    // is JSON), binary as hex. False with a sentence in *error for a binary message too large
    // to edit as hex.
    bool edit(EventType type, const QByteArray &payload, QString *error);
    static constexpr qsizetype kMaxEditableBinary = 1024 * 1024;

    // Where Tab enters and leaves the composer: its message type first, Snippets last.
    QWidget *firstInTabOrder() const;
    QWidget *lastInTabOrder() const;

    void prettify();
    void loadFile(const QString &path);

    // Asks for a protocol frame's fields and puts the frame in the composer.
    void buildFrame(const ProtocolHelper &helper);

signals:
    // Ctrl+Enter.
    void sendRequested();
    void snippetChosen(const Sockscope::Snippet &snippet);
    // "Save as snippet" for the composer's message (no name yet).
    void saveSnippetRequested(const Sockscope::Snippet &snippet);
    // The text or the mode changed (the workspace keeps both).
    void changed();
    void statusMessage(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Checks the text in its mode, marks the first mistake and says what it is.
    ComposerInput::Result check();
    bool stepHistory(int step);
    void clearAttachment();
    void requestSnippet();

    QComboBox *m_mode;
    QPlainTextEdit *m_editor;
    QLabel *m_status;
    QPushButton *m_prettifyButton;
    QPushButton *m_fileButton;
    QPushButton *m_saveSnippetButton;
    QToolButton *m_snippetsButton;
    qint64 m_lastRpcId = 0; // JSON-RPC calls built here take the next id
    // Sent messages, oldest first.
    QStringList m_history;
    int m_historyIndex = -1; // the entry shown, or -1
    // A file loaded to send as one binary message; the editor shows its name meanwhile.
    QString m_attachmentName;
    QByteArray m_attachment;
    QList<Snippet> m_snippets;
};

} // namespace Sockscope
