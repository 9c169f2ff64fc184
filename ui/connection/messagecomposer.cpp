#include "messagecomposer.h"

#include "protocolhelperdialog.h"

#include "common/filedialogs.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "inspector/payloadformat.h"
#include "log/messagelogmodel.h"
#include "websocket/utf8.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sockscope {

MessageComposer::MessageComposer(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_editor(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_prettifyButton(new QPushButton(tr("Prettify"), this))
    , m_fileButton(new QPushButton(tr("Load file…"), this))
    , m_saveSnippetButton(new QPushButton(tr("Save as snippet…"), this))
    , m_snippetsButton(new QToolButton(this))
{
    m_editor->setAccessibleName(tr("Message composer"));
    m_editor->setTabChangesFocus(true);
    m_editor->setMaximumHeight(m_editor->fontMetrics().height() * 6);
    m_editor->installEventFilter(this);
    m_mode->setAccessibleName(tr("Message type"));
    m_mode->setToolTip(tr("What the composer's text is sent as"));
    m_mode->addItem(tr("Text"), int(Mode::Text));
    m_mode->addItem(tr("JSON"), int(Mode::Json));
    m_mode->addItem(tr("Binary (hex)"), int(Mode::Hex));
    m_mode->addItem(tr("Binary (base64)"), int(Mode::Base64));
    m_status->setAccessibleName(tr("Message check"));
    m_status->setWordWrap(true);
    m_prettifyButton->setAccessibleName(tr("Prettify JSON"));
    m_prettifyButton->setToolTip(tr("Indent the JSON message (Ctrl+Shift+F)"));
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
            snippetsMenu->addAction(snippet.name, this,
                                    [this, snippet] { emit snippetChosen(snippet); });
        if (m_snippets.isEmpty())
            snippetsMenu->addAction(tr("No snippets yet: use Save as snippet…"))->setEnabled(false);
        // Frames of the protocols people run over WebSocket, built from a form into the
        // composer, to be sent as they are.
        snippetsMenu->addSeparator();
        QMap<QString, QMenu *> menus;
        for (const ProtocolHelper &helper : ProtocolHelper::all([this] { return ++m_lastRpcId; })) {
            QMenu *&menu = menus[helper.protocol];
            if (!menu)
                menu = snippetsMenu->addMenu(tr("Build a %1 frame").arg(helper.protocol));
            menu->addAction(helper.name + QStringLiteral("…"), this,
                            [this, helper] { buildFrame(helper); });
        }
    });

    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(m_mode);
    modeRow->addWidget(m_prettifyButton);
    modeRow->addWidget(m_fileButton);
    modeRow->addWidget(m_status, 1);
    modeRow->addWidget(m_saveSnippetButton);
    modeRow->addWidget(m_snippetsButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins({});
    layout->addLayout(modeRow);
    layout->addWidget(m_editor);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &MessageComposer::changed);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &MessageComposer::changed);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &MessageComposer::check);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        clearAttachment();
        check();
    });
    connect(m_prettifyButton, &QPushButton::clicked, this, &MessageComposer::prettify);
    connect(m_saveSnippetButton, &QPushButton::clicked, this, &MessageComposer::requestSnippet);
    connect(m_fileButton, &QPushButton::clicked, this, [this] {
        if (!m_attachmentName.isEmpty()) {
            clearAttachment();
            return;
        }
        const QString path
            = FileDialogs::openFileName(this, tr("Send a file"), QStringLiteral("send"));
        if (!path.isEmpty())
            loadFile(path);
    });
    check();
    // The type, then the message, then what acts on it.
    chainTabOrder(
        {m_mode, m_editor, m_prettifyButton, m_fileButton, m_saveSnippetButton, m_snippetsButton});
}

QWidget *MessageComposer::firstInTabOrder() const
{
    return m_mode;
}

QWidget *MessageComposer::lastInTabOrder() const
{
    return m_snippetsButton;
}

QString MessageComposer::text() const
{
    return m_attachmentName.isEmpty() ? m_editor->toPlainText() : QString();
}

void MessageComposer::setText(const QString &text)
{
    clearAttachment();
    m_editor->setPlainText(text);
    m_editor->moveCursor(QTextCursor::End);
}

MessageComposer::Mode MessageComposer::mode() const
{
    return Mode(m_mode->currentData().toInt());
}

void MessageComposer::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

bool MessageComposer::outgoing(Outgoing *message, QString *error)
{
    if (!m_attachmentName.isEmpty()) {
        *message = {true, m_attachment, {}};
        return true;
    }
    const QString typed = m_editor->toPlainText();
    const ComposerInput::Result input = ComposerInput::parse(mode(), typed, jsonSpacing());
    check();
    if (!input.ok()) {
        *error = input.error;
        return false;
    }
    *message = {input.binary, input.binary ? input.data : QByteArray(),
                input.binary               ? QString()
                    : mode() == Mode::Json ? QString::fromUtf8(input.data)
                                           : typed};
    return true;
}

namespace {
constexpr auto kKeepAfterSendKey = "composer/keepAfterSend";
constexpr auto kJsonAsTypedKey = "composer/sendJsonAsTyped";
} // namespace

ComposerInput::JsonSpacing MessageComposer::jsonSpacing()
{
    return QSettings().value(QLatin1String(kJsonAsTypedKey), false).toBool()
        ? ComposerInput::JsonSpacing::AsTyped
        : ComposerInput::JsonSpacing::Compact;
}

void MessageComposer::setJsonSpacing(ComposerInput::JsonSpacing spacing)
{
    QSettings().setValue(QLatin1String(kJsonAsTypedKey),
                         spacing == ComposerInput::JsonSpacing::AsTyped);
    // Every composer's check says how its message goes out.
    const QList<QWidget *> widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets) {
        if (auto *composer = qobject_cast<MessageComposer *>(widget))
            composer->check();
    }
}

bool MessageComposer::keepsMessageAfterSend()
{
    return QSettings().value(QLatin1String(kKeepAfterSendKey), true).toBool();
}

void MessageComposer::setKeepsMessageAfterSend(bool keep)
{
    QSettings().setValue(QLatin1String(kKeepAfterSendKey), keep);
}

void MessageComposer::markSent()
{
    const bool keep = keepsMessageAfterSend();
    if (!m_attachmentName.isEmpty()) {
        if (!keep)
            clearAttachment();
        return;
    }
    const QString typed = m_editor->toPlainText();
    if (m_history.isEmpty() || m_history.constLast() != typed)
        m_history.append(typed);
    m_historyIndex = -1;
    if (!keep)
        m_editor->clear();
}

ComposerInput::Result MessageComposer::check()
{
    const Mode current = mode();
    m_prettifyButton->setVisible(current == Mode::Json);
    m_fileButton->setVisible(current == Mode::Hex || current == Mode::Base64);
    static const char *const kPlaceholders[]
        = {QT_TR_NOOP("Type a text message. Ctrl+Enter sends it."),
           QT_TR_NOOP("Type a JSON message; it is checked as you type. Ctrl+Enter sends it."),
           QT_TR_NOOP("Type bytes in hex, such as 48 65 6c 6c 6f, or load a file."),
           QT_TR_NOOP("Type bytes in base64, such as SGVsbG8=, or load a file.")};
    m_editor->setPlaceholderText(tr(kPlaceholders[int(current)]));
    if (!m_attachmentName.isEmpty())
        return {};

    const QString typed = m_editor->toPlainText();
    // An empty composer is no mistake while typing; Send says so itself.
    ComposerInput::Result result;
    if (!typed.isEmpty())
        result = ComposerInput::parse(current, typed, jsonSpacing());
    QList<QTextEdit::ExtraSelection> marks;
    if (!result.ok()) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_editor->document());
        mark.cursor.setPosition(int(result.position));
        mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(StatusColors::text(StatusColors::Kind::Error, palette()));
        mark.format.setBackground(StatusColors::markBackground(palette()));
        marks << mark;
        StatusColors::apply(m_status, StatusColors::Kind::Error);
        setMessageText(m_status, result.error);
    } else {
        StatusColors::apply(m_status, StatusColors::Kind::Normal);
        const bool compacted = current == Mode::Json && result.data.size() != Utf8::length(typed);
        setMessageText(m_status,
                       typed.isEmpty() ? QString()
                           : compacted ? tr("Valid JSON, sent compact: %1 bytes")
                                             .arg(QLocale().toString(result.data.size()))
                           : current == Mode::Json
                           ? tr("Valid JSON, %1 bytes").arg(QLocale().toString(result.data.size()))
                           : tr("%1 bytes").arg(QLocale().toString(result.data.size())));
    }
    m_editor->setExtraSelections(marks);
    return result;
}

void MessageComposer::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The mistake's mark is coloured for the palette (a theme change).
    if (event->type() == QEvent::PaletteChange)
        check();
}

void MessageComposer::buildFrame(const ProtocolHelper &helper)
{
    ProtocolHelperDialog dialog(helper, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!edit(dialog.message().binary ? EventType::Binary : EventType::Text, dialog.message().data,
              &error))
        emit statusMessage(error);
}

void MessageComposer::requestSnippet()
{
    if (!m_attachmentName.isEmpty()) {
        emit saveSnippetRequested({{}, m_attachmentName, Snippet::Type::Binary, m_attachment});
        return;
    }
    if (m_editor->toPlainText().isEmpty()) {
        emit statusMessage(tr("The composer is empty: type the message to keep first."));
        return;
    }
    const ComposerInput::Result input = check();
    if (!input.ok()) {
        emit statusMessage(input.error);
        return;
    }
    const Snippet::Type type = mode() == Mode::Text ? Snippet::Type::Text
        : mode() == Mode::Json                      ? Snippet::Type::Json
                                                    : Snippet::Type::Binary;
    emit saveSnippetRequested({{}, {}, type, input.data});
}

bool MessageComposer::edit(EventType type, const QByteArray &payload, QString *error)
{
    if (type == EventType::Binary && payload.size() > kMaxEditableBinary) {
        *error = tr("This message is %1: too large to edit as hex here (over %2). Resend "
                    "sends it as it is.")
                     .arg(MessageLogModel::sizeText(payload.size()),
                          MessageLogModel::sizeText(kMaxEditableBinary));
        return false;
    }
    if (type == EventType::Binary) {
        setMode(Mode::Hex);
        setText(QString::fromLatin1(payload.toHex(' ')));
    } else {
        setMode(PayloadFormat::bestView(type, payload) == PayloadFormat::View::Json ? Mode::Json
                                                                                    : Mode::Text);
        setText(QString::fromUtf8(payload));
    }
    m_historyIndex = -1;
    m_editor->setFocus();
    return true;
}

void MessageComposer::prettify()
{
    if (mode() != Mode::Json) {
        emit statusMessage(tr("Prettify works on JSON: choose JSON as the message type."));
        return;
    }
    if (const ComposerInput::Result input = check(); !input.ok()) {
        emit statusMessage(input.error);
        return;
    }
    const PayloadFormat::Pretty pretty
        = PayloadFormat::prettyJson(m_editor->toPlainText().toUtf8());
    if (!pretty.complete) {
        emit statusMessage(tr("Too large to prettify here (over %1 lines or %2 once indented); "
                              "the message is left as it is.")
                               .arg(QLocale::system().toString(PayloadFormat::kMaxPrettyLines),
                                    MessageLogModel::sizeText(PayloadFormat::kMaxPrettyBytes)));
        return;
    }
    // Through the cursor, so Ctrl+Z brings the original back.
    QTextCursor all(m_editor->document());
    all.select(QTextCursor::Document);
    all.insertText(pretty.text);
}

void MessageComposer::loadFile(const QString &path)
{
    constexpr qint64 kMaxFile = 256LL * 1024 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        emit statusMessage(tr("Cannot read %1: %2.").arg(path, file.errorString()));
        return;
    }
    if (file.size() > kMaxFile) {
        emit statusMessage(tr("%1 is %2; files up to %3 can be sent.")
                               .arg(QFileInfo(path).fileName(),
                                    MessageLogModel::sizeText(file.size()),
                                    MessageLogModel::sizeText(kMaxFile)));
        return;
    }
    QByteArray data = file.readAll();
    if (data.size() != file.size()) {
        emit statusMessage(tr("Cannot read all of %1: %2.").arg(path, file.errorString()));
        return;
    }
    if (mode() == Mode::Text || mode() == Mode::Json)
        setMode(Mode::Hex);
    m_attachment = std::move(data);
    m_attachmentName = QFileInfo(path).fileName();
    m_editor->setPlainText(tr("File %1 (%2 bytes) will be sent as one binary message.")
                               .arg(m_attachmentName, QLocale().toString(m_attachment.size())));
    m_editor->setReadOnly(true);
    setMessageText(m_status, tr("File loaded"));
    m_fileButton->setText(tr("Remove file"));
    m_fileButton->setAccessibleName(tr("Remove file"));
}

void MessageComposer::clearAttachment()
{
    if (m_attachmentName.isEmpty())
        return;
    m_attachmentName.clear();
    m_attachment.clear();
    m_editor->setReadOnly(false);
    m_editor->clear();
    m_fileButton->setText(tr("Load file…"));
    m_fileButton->setAccessibleName(tr("Load file to send"));
}

bool MessageComposer::stepHistory(int step)
{
    // Only from an empty composer, or one showing a history entry, so the arrows still move
    // the cursor in a message being written.
    const QString shown = m_editor->toPlainText();
    const bool showingHistory = m_historyIndex >= 0 && m_historyIndex < m_history.size()
        && shown == m_history[m_historyIndex];
    if (m_history.isEmpty() || (!shown.isEmpty() && !showingHistory))
        return false;
    const int from = showingHistory ? m_historyIndex : int(m_history.size());
    const int to = from + step;
    if (to < 0)
        return true; // already at the oldest
    if (to >= m_history.size()) {
        m_historyIndex = -1;
        m_editor->clear();
        return true;
    }
    m_historyIndex = to;
    m_editor->setPlainText(m_history[to]);
    m_editor->moveCursor(QTextCursor::End);
    return true;
}

bool MessageComposer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            emit sendRequested();
            return true;
        }
        if (key->modifiers() == Qt::NoModifier
            && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down))
            return stepHistory(key->key() == Qt::Key_Up ? -1 : 1);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Sockscope
