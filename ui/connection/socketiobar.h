#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPushButton;

namespace Sockscope {

// Above the composer of a tab in Socket.IO mode: the namespace and event an emit goes to,
// whether it asks for an ack, and joining or leaving a namespace (with its auth). The
// composer's text is the emit's arguments.
class SocketIoBar : public QWidget
{
    Q_OBJECT

public:
    explicit SocketIoBar(QWidget *parent = nullptr);

    QString nsp() const; // "/" when the field is empty
    QString event() const;
    bool wantsAck() const;
    QString auth() const;
    QList<QWidget *> tabStops() const;

signals:
    void joinRequested();
    void leaveRequested();

private:
    QLineEdit *m_nsp;
    QLineEdit *m_event;
    QCheckBox *m_ack;
    QLineEdit *m_auth;
    QPushButton *m_join;
    QPushButton *m_leave;
};

} // namespace Sockscope
