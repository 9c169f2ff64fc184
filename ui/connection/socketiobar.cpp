#include "socketiobar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Sockscope {

SocketIoBar::SocketIoBar(QWidget *parent)
    : QWidget(parent)
    , m_nsp(new QLineEdit(this))
    , m_event(new QLineEdit(this))
    , m_ack(new QCheckBox(tr("Ask for an &ack"), this))
    , m_auth(new QLineEdit(this))
    , m_join(new QPushButton(tr("Join"), this))
    , m_leave(new QPushButton(tr("Leave"), this))
{
    m_nsp->setAccessibleName(tr("Namespace"));
    m_nsp->setPlaceholderText(QStringLiteral("/"));
    m_nsp->setToolTip(tr("The namespace the emit goes to, and the one Join and Leave act on"));
    m_nsp->setMaximumWidth(fontMetrics().horizontalAdvance(u'x') * 16);
    m_event->setAccessibleName(tr("Event name"));
    m_event->setPlaceholderText(tr("Event name, e.g. chat"));
    m_event->setToolTip(tr("Send emits this event with the composer's text as its arguments "
                           "(a JSON array; {\"_binary\": \"BASE64\"} goes as an attachment)"));
    m_ack->setAccessibleName(tr("Ask for an ack"));
    m_ack->setToolTip(tr("The server's ack shows in the log with its latency"));
    m_auth->setAccessibleName(tr("Namespace auth"));
    m_auth->setPlaceholderText(tr("Auth for Join, e.g. {\"token\": \"…\"}"));
    m_join->setAccessibleName(tr("Join namespace"));
    m_join->setToolTip(tr("Send the namespace's CONNECT with this auth"));
    m_leave->setAccessibleName(tr("Leave namespace"));
    m_leave->setToolTip(tr("Send the namespace's DISCONNECT"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *nspLabel = new QLabel(tr("Na&mespace:"), this);
    nspLabel->setBuddy(m_nsp);
    auto *eventLabel = new QLabel(tr("E&vent:"), this);
    eventLabel->setBuddy(m_event);
    layout->addWidget(nspLabel);
    layout->addWidget(m_nsp);
    layout->addWidget(eventLabel);
    layout->addWidget(m_event, 2);
    layout->addWidget(m_ack);
    layout->addSpacing(12);
    layout->addWidget(m_auth, 1);
    layout->addWidget(m_join);
    layout->addWidget(m_leave);
    connect(m_join, &QPushButton::clicked, this, &SocketIoBar::joinRequested);
    connect(m_leave, &QPushButton::clicked, this, &SocketIoBar::leaveRequested);
}

QString SocketIoBar::nsp() const
{
    const QString text = m_nsp->text().trimmed();
    return text.isEmpty() ? QStringLiteral("/") : text;
}

QString SocketIoBar::event() const
{
    return m_event->text().trimmed();
}

bool SocketIoBar::wantsAck() const
{
    return m_ack->isChecked();
}

QString SocketIoBar::auth() const
{
    return m_auth->text().trimmed();
}

QList<QWidget *> SocketIoBar::tabStops() const
{
    return {m_nsp, m_event, m_ack, m_auth, m_join, m_leave};
}

} // namespace Sockscope
