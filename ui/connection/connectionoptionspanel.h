#pragma once

#include "connection/connectionoptions.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace Sockscope {
class SecretTable;
}

namespace Sockscope {

// The options of a connection tab, on four pages: the handshake (headers, each of which can be
// switched off, subprotocols, Origin, timeout and sizes), TLS, the proxy, and reconnect with
// keepalive and the on-open sequence.
class ConnectionOptionsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionOptionsPanel(QWidget *parent = nullptr);

    ConnectionOptions options() const;
    void setOptions(const ConnectionOptions &options);
    void addHeader(const ConnectionOptions::Header &header);
    void addOnOpenMessage(const QString &message);
    // Options apply to the next open: while connected they can be read but not changed.
    void setEditable(bool editable);
    bool isEditable() const;
    // Where Tab stops in the panel, in order: its page tabs, then each page as laid out.
    QList<QWidget *> tabStops() const;

signals:
    // The user edited an option.
    void changed();

private:
    QWidget *handshakePage();
    QWidget *tlsPage();
    QWidget *proxyPage();
    QWidget *reconnectPage();
    QLineEdit *fileField(const QString &name);
    void updateEnabled();

    QTabWidget *m_pages;
    SecretTable *m_headers;
    QLineEdit *m_subprotocols;
    QLineEdit *m_origin;
    QLineEdit *m_socketIoPath;
    QLineEdit *m_socketIoAuth;
    QSpinBox *m_handshakeTimeout;
    QSpinBox *m_maxMessageMiB;
    QSpinBox *m_maxFrameMiB;
    QSpinBox *m_outgoingFrameKiB;
    QCheckBox *m_wireCapture;
    QLineEdit *m_caFile;
    QLineEdit *m_certificateFile;
    QLineEdit *m_keyFile;
    QLineEdit *m_passphrase;
    QCheckBox *m_ignoreErrors;
    QLabel *m_ignoreWarning;
    QComboBox *m_proxyType;
    QLineEdit *m_proxyHost;
    QSpinBox *m_proxyPort;
    QLineEdit *m_proxyUser;
    QLineEdit *m_proxyPassword;
    QCheckBox *m_reconnect;
    QSpinBox *m_firstDelayMs;
    QSpinBox *m_maxDelayS;
    QSpinBox *m_maxAttempts;
    QSpinBox *m_keepalive;
    QListWidget *m_onOpen;
    bool m_settingOptions = false;
};

} // namespace Sockscope
