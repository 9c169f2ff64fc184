#pragma once

#include <QTableWidget>

namespace Sockscope {

// A table of names and values in which a value can be marked secret (then shown as bullets
// and edited in a password field) and, where the table allows it, a row switched off: a
// connection's request headers and the session's variables.
class SecretTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column { Name, Value, Secret };
    struct Row
    {
        QString name;
        QString value;
        bool secret = false;
        bool enabled = true; // only where rows can be switched off
    };

    // accessibleName names the table ("Headers"); rowKind names what a row is, for the
    // "Select all headers" corner button. switchable puts a check box beside each name.
    SecretTable(const QString &nameHeader, const QString &accessibleName, const QString &rowKind,
                bool switchable, QWidget *parent = nullptr);

    // Replaces every row; edited() is not emitted.
    void setRows(const QList<Row> &rows);
    // The rows, less those left wholly blank; names trimmed.
    QList<Row> rows() const;
    // Adds a row; edited() is not emitted.
    void addRow(const Row &row);
    // Adds a blank row and starts editing its name.
    void addEmptyRow();
    void removeCurrentRow();

signals:
    // The user changed, added to or removed from the table.
    void edited();

private:
    bool m_switchable;
    bool m_filling = false;
};

} // namespace Sockscope
