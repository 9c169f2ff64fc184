#pragma once

#include <QWidget>

class QLabel;
class QModelIndex;
class QPlainTextEdit;

namespace Sockscope {

// Shows one log row in full: a header with its direction, time, type and size, and its
// payload as text (or as a hex dump for binary data).
class FrameInspector : public QWidget
{
    Q_OBJECT

public:
    explicit FrameInspector(QWidget *parent = nullptr);

    // Shows the row of index (any column), or clears the pane for an invalid index.
    void showRow(const QModelIndex &index);
    QString headerText() const;
    QString payloadText() const;

    // Offset, hex and ASCII columns, 16 bytes a line.
    static QString hexDump(const QByteArray &data, qsizetype maxBytes);

private:
    QLabel *m_header;
    QPlainTextEdit *m_payload;
};

} // namespace Sockscope
