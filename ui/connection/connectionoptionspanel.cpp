#include "connectionoptionspanel.h"

#include <QAbstractButton>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
enum HeaderColumn { Name, Value };

template<typename W> W *named(W *widget, const QString &name)
{
    widget->setAccessibleName(name);
    return widget;
}

QSpinBox *sizeBox(QWidget *parent, const QString &name, int max, const QString &suffix)
{
    auto *box = named(new QSpinBox(parent), name);
    box->setRange(1, max);
    box->setSuffix(suffix);
    return box;
}
} // namespace

ConnectionOptionsPanel::ConnectionOptionsPanel(QWidget *parent)
    : QWidget(parent)
    , m_headers(named(new QTableWidget(0, 2, this), tr("Headers")))
    , m_subprotocols(named(new QLineEdit(this), tr("Subprotocols")))
    , m_origin(named(new QLineEdit(this), tr("Origin")))
    , m_handshakeTimeout(sizeBox(this, tr("Handshake timeout"), 600, tr(" s")))
    , m_maxMessageMiB(sizeBox(this, tr("Maximum incoming message size"), 2047, tr(" MiB")))
    , m_maxFrameMiB(sizeBox(this, tr("Maximum incoming frame size"), 2047, tr(" MiB")))
    , m_outgoingFrameKiB(sizeBox(this, tr("Outgoing frame size"), 1024 * 1024, tr(" KiB")))
{
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setSectionResizeMode(Value, QHeaderView::Stretch);
    m_headers->horizontalHeader()->setAccessibleName(tr("Headers columns"));
    m_headers->verticalHeader()->hide();
    m_headers->setMaximumHeight(120);
    m_headers->setToolTip(tr("Untick a header to keep it without sending it."));
    for (QAbstractButton *corner : m_headers->findChildren<QAbstractButton *>())
        corner->setAccessibleName(tr("Select all headers"));
    m_subprotocols->setPlaceholderText(tr("None; comma-separated, in order of preference"));
    m_origin->setPlaceholderText(tr("None, e.g. https://app.example"));

    auto *add = named(new QPushButton(tr("Add header"), this), tr("Add header"));
    auto *remove = named(new QPushButton(tr("Remove header"), this), tr("Remove header"));
    connect(add, &QPushButton::clicked, this, [this] {
        addHeader({});
        m_headers->setCurrentCell(m_headers->rowCount() - 1, Name);
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, Name));
    });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_headers->removeRow(m_headers->currentRow()); });

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *headers = new QHBoxLayout;
    headers->addWidget(m_headers, 1);
    headers->addLayout(buttons);
    auto *sizes = new QHBoxLayout;
    const auto labelled = [this, sizes](const QString &label, QSpinBox *box) {
        auto *l = new QLabel(label, this);
        l->setBuddy(box);
        sizes->addWidget(l);
        sizes->addWidget(box);
        sizes->addSpacing(8);
    };
    labelled(tr("Handshake timeout:"), m_handshakeTimeout);
    labelled(tr("Largest message in:"), m_maxMessageMiB);
    labelled(tr("Largest frame in:"), m_maxFrameMiB);
    labelled(tr("Frames out:"), m_outgoingFrameKiB);
    sizes->addStretch();
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Headers:"), headers);
    form->addRow(tr("Subprotocols:"), m_subprotocols);
    form->addRow(tr("Origin:"), m_origin);
    form->addRow(tr("Limits:"), sizes);
    setOptions({});
}

void ConnectionOptionsPanel::addHeader(const ConnectionOptions::Header &header)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    auto *name = new QTableWidgetItem(header.name);
    name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
    name->setCheckState(header.enabled ? Qt::Checked : Qt::Unchecked);
    m_headers->setItem(row, Name, name);
    m_headers->setItem(row, Value, new QTableWidgetItem(header.value));
}

ConnectionOptions ConnectionOptionsPanel::options() const
{
    ConnectionOptions o;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_headers->item(row, Name);
        const QTableWidgetItem *value = m_headers->item(row, Value);
        if (!name || (name->text().trimmed().isEmpty() && (!value || value->text().isEmpty())))
            continue; // a row added and left blank
        o.headers.append({name->text().trimmed(), value ? value->text() : QString(),
                          name->checkState() == Qt::Checked});
    }
    const QStringList protocols = m_subprotocols->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &p : protocols) {
        if (!p.trimmed().isEmpty())
            o.subprotocols << p.trimmed();
    }
    o.origin = m_origin->text().trimmed();
    o.handshakeTimeoutMs = m_handshakeTimeout->value() * 1000;
    o.maxIncomingMessageSize = qint64(m_maxMessageMiB->value()) << 20;
    o.maxIncomingFrameSize = qint64(m_maxFrameMiB->value()) << 20;
    o.outgoingFrameSize = qint64(m_outgoingFrameKiB->value()) << 10;
    return o;
}

void ConnectionOptionsPanel::setOptions(const ConnectionOptions &o)
{
    m_headers->setRowCount(0);
    for (const ConnectionOptions::Header &h : o.headers)
        addHeader(h);
    m_subprotocols->setText(o.subprotocols.join(QStringLiteral(", ")));
    m_origin->setText(o.origin);
    m_handshakeTimeout->setValue(o.handshakeTimeoutMs / 1000);
    m_maxMessageMiB->setValue(int(o.maxIncomingMessageSize >> 20));
    m_maxFrameMiB->setValue(int(o.maxIncomingFrameSize >> 20));
    m_outgoingFrameKiB->setValue(int(o.outgoingFrameSize >> 10));
}

} // namespace Sockscope
