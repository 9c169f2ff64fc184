#pragma once

#include "connection/protocolhelpers.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace Sockscope {

// A protocol helper's fields as a form (each field named by its label); OK builds the frame,
// or says what is wrong and stays open.
class ProtocolHelperDialog : public QDialog
{
    Q_OBJECT

public:
    ProtocolHelperDialog(ProtocolHelper helper, QWidget *parent = nullptr);

    const ProtocolHelper::Message &message() const { return m_message; }
    void setValue(const QString &key, const QString &value);
    QString errorText() const;

    void accept() override;

private:
    ProtocolHelper m_helper;
    QList<std::pair<QString, QLineEdit *>> m_fields;
    QLabel *m_error;
    ProtocolHelper::Message m_message;
};

} // namespace Sockscope
