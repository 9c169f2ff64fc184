#pragma once

#include "connection/connectionoptions.h"

#include <QWidget>

class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace Sockscope {

// The handshake options of a connection tab: headers (each can be switched off),
// subprotocols, Origin, the handshake timeout, and the message and frame sizes.
class ConnectionOptionsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionOptionsPanel(QWidget *parent = nullptr);

    ConnectionOptions options() const;
    void setOptions(const ConnectionOptions &options);
    void addHeader(const ConnectionOptions::Header &header);

private:
    QTableWidget *m_headers;
    QLineEdit *m_subprotocols;
    QLineEdit *m_origin;
    QSpinBox *m_handshakeTimeout;
    QSpinBox *m_maxMessageMiB;
    QSpinBox *m_maxFrameMiB;
    QSpinBox *m_outgoingFrameKiB;
};

} // namespace Sockscope
