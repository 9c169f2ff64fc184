#include "secrettable.h"

#include "secretvaluedelegate.h"

#include <QAbstractButton>
#include <QHeaderView>
#include <QScopedValueRollback>

namespace Sockscope {

SecretTable::SecretTable(const QString &nameHeader, const QString &accessibleName,
                         const QString &rowKind, bool switchable, QWidget *parent)
    : QTableWidget(0, 3, parent)
    , m_switchable(switchable)
{
    setAccessibleName(accessibleName);
    setHorizontalHeaderLabels({nameHeader, tr("Value"), tr("Secret")});
    horizontalHeader()->setAccessibleName(tr("%1 columns").arg(accessibleName));
    horizontalHeader()->setSectionResizeMode(Value, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(Secret, QHeaderView::ResizeToContents);
    verticalHeader()->hide();
    setItemDelegateForColumn(Value, new SecretValueDelegate(Secret, this));
    for (QAbstractButton *corner : findChildren<QAbstractButton *>())
        corner->setAccessibleName(tr("Select all %1").arg(rowKind));
    connect(this, &QTableWidget::itemChanged, this, [this] {
        viewport()->update(); // a ticked "secret" hides the value
        if (!m_filling)
            emit edited();
    });
}

void SecretTable::addRow(const Row &row)
{
    const QScopedValueRollback guard(m_filling, true);
    const int at = rowCount();
    insertRow(at);
    auto *name = new QTableWidgetItem(row.name);
    if (m_switchable) {
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(row.enabled ? Qt::Checked : Qt::Unchecked);
    }
    setItem(at, Name, name);
    setItem(at, Value, new QTableWidgetItem(row.value));
    auto *secret = new QTableWidgetItem;
    secret->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    secret->setCheckState(row.secret ? Qt::Checked : Qt::Unchecked);
    setItem(at, Secret, secret);
}

void SecretTable::setRows(const QList<Row> &rows)
{
    const QScopedValueRollback guard(m_filling, true);
    setRowCount(0);
    for (const Row &row : rows)
        addRow(row);
}

QList<SecretTable::Row> SecretTable::rows() const
{
    QList<Row> out;
    for (int at = 0; at < rowCount(); ++at) {
        const QTableWidgetItem *name = item(at, Name);
        const QTableWidgetItem *value = item(at, Value);
        if (!name || (name->text().trimmed().isEmpty() && (!value || value->text().isEmpty())))
            continue; // a row added and left blank
        const QTableWidgetItem *secret = item(at, Secret);
        out.append({name->text().trimmed(), value ? value->text() : QString(),
                    secret && secret->checkState() == Qt::Checked,
                    !m_switchable || name->checkState() == Qt::Checked});
    }
    return out;
}

void SecretTable::addEmptyRow()
{
    addRow({});
    setCurrentCell(rowCount() - 1, Name);
    editItem(item(rowCount() - 1, Name));
}

void SecretTable::removeCurrentRow()
{
    if (currentRow() < 0)
        return;
    removeRow(currentRow());
    emit edited();
}

} // namespace Sockscope
