#include "connectionoptionspanel.h"

#include "common/namedwidgets.h"
#include "common/secrettable.h"
#include "common/statuscolors.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
QSpinBox *spinBox(QWidget *parent, const QString &name, int min, int max, const QString &suffix)
{
    auto *box = named(new QSpinBox(parent), name);
    box->setRange(min, max);
    box->setSuffix(suffix);
    return box;
}

// A row of widgets with labels, for the limits and the reconnect settings.
class LabelledRow : public QHBoxLayout
{
public:
    explicit LabelledRow(QWidget *owner)
        : m_owner(owner)
    { }
    void add(const QString &label, QWidget *field, int stretch = 0)
    {
        auto *l = new QLabel(label, m_owner);
        l->setBuddy(field);
        addWidget(l);
        addWidget(field, stretch);
        addSpacing(8);
    }

private:
    QWidget *m_owner;
};
} // namespace

ConnectionOptionsPanel::ConnectionOptionsPanel(QWidget *parent)
    : QWidget(parent)
    , m_headers(new SecretTable(tr("Header"), tr("Headers"), tr("headers"), true, this))
    , m_subprotocols(named(new QLineEdit(this), tr("Subprotocols")))
    , m_origin(named(new QLineEdit(this), tr("Origin")))
    , m_socketIoPath(named(new QLineEdit(this), tr("Socket.IO path")))
    , m_socketIoAuth(named(new QLineEdit(this), tr("Socket.IO auth")))
    , m_handshakeTimeout(spinBox(this, tr("Handshake timeout"), 1, 600, tr(" s")))
    , m_maxMessageMiB(spinBox(this, tr("Maximum incoming message size"), 1, 2047, tr(" MiB")))
    , m_maxFrameMiB(spinBox(this, tr("Maximum incoming frame size"), 1, 2047, tr(" MiB")))
    , m_outgoingFrameKiB(spinBox(this, tr("Outgoing frame size"), 1, 1024 * 1024, tr(" KiB")))
    , m_wireCapture(named(new QCheckBox(tr("Capture every frame for the wire view"), this),
                          tr("Wire capture")))
    , m_caFile(fileField(tr("CA file")))
    , m_certificateFile(fileField(tr("Client certificate")))
    , m_keyFile(fileField(tr("Private key")))
    , m_passphrase(named(new QLineEdit(this), tr("Key passphrase")))
    , m_ignoreErrors(named(new QCheckBox(tr("&Ignore certificate errors for this tab"), this),
                           tr("Ignore certificate errors")))
    , m_ignoreWarning(named(new QLabel(this), tr("Certificate warning")))
    , m_proxyType(named(new QComboBox(this), tr("Proxy type")))
    , m_proxyHost(named(new QLineEdit(this), tr("Proxy host")))
    , m_proxyPort(spinBox(this, tr("Proxy port"), 0, 65535, {}))
    , m_proxyUser(named(new QLineEdit(this), tr("Proxy user")))
    , m_proxyPassword(named(new QLineEdit(this), tr("Proxy password")))
    , m_reconnect(named(new QCheckBox(tr("&Reconnect after an abnormal close"), this),
                        tr("Auto-reconnect")))
    , m_firstDelayMs(spinBox(this, tr("First reconnect delay"), 100, 600'000, tr(" ms")))
    , m_maxDelayS(spinBox(this, tr("Longest reconnect delay"), 1, 3600, tr(" s")))
    , m_maxAttempts(spinBox(this, tr("Reconnect attempts"), 0, 1'000'000, {}))
    , m_keepalive(spinBox(this, tr("Keepalive interval"), 0, 3600, tr(" s")))
    , m_onOpen(named(new QListWidget(this), tr("On-open sequence")))
{
    m_pages = namedTabs(new QTabWidget(this), tr("Option pages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(handshakePage(), tr("Handshake"));
    m_pages->addTab(tlsPage(), tr("TLS"));
    m_pages->addTab(proxyPage(), tr("Proxy"));
    m_pages->addTab(reconnectPage(), tr("Reconnect and keepalive"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    setMaximumHeight(sizeHint().height());
    setOptions({});

    // Any edit is a change to the tab's set-up (setOptions() itself does not count).
    const auto changed = [this] {
        if (!m_settingOptions)
            emit this->changed();
    };
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        connect(edit, &QLineEdit::textEdited, this, changed);
    for (QSpinBox *box : findChildren<QSpinBox *>())
        connect(box, &QSpinBox::valueChanged, this, changed);
    for (QCheckBox *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::toggled, this, changed);
    connect(m_proxyType, &QComboBox::currentIndexChanged, this, changed);
    connect(m_headers, &SecretTable::edited, this, changed);
    connect(m_onOpen->model(), &QAbstractItemModel::dataChanged, this, changed);
    connect(m_onOpen->model(), &QAbstractItemModel::rowsRemoved, this, changed);
    connect(m_onOpen->model(), &QAbstractItemModel::rowsMoved, this, changed);
}

QWidget *ConnectionOptionsPanel::handshakePage()
{
    auto *page = new QWidget(this);
    m_headers->setMaximumHeight(110);
    m_headers->setToolTip(tr("Untick a header to keep it without sending it. A secret value is "
                             "hidden and never written to a session file."));
    m_subprotocols->setPlaceholderText(tr("None; comma-separated, in order of preference"));
    m_origin->setPlaceholderText(tr("None, e.g. https://app.example"));

    auto *add = namedButton(page, tr("Add header"), tr("Add header"));
    auto *remove = namedButton(page, tr("Remove header"), tr("Remove header"));
    connect(add, &QPushButton::clicked, m_headers, &SecretTable::addEmptyRow);
    connect(remove, &QPushButton::clicked, m_headers, &SecretTable::removeCurrentRow);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *headers = new QHBoxLayout;
    headers->addWidget(m_headers, 1);
    headers->addLayout(buttons);

    // Two to a row, so the page fits a half-screen window.
    auto *limitsIn = new LabelledRow(page);
    limitsIn->add(tr("Largest message in:"), m_maxMessageMiB);
    limitsIn->add(tr("Largest frame in:"), m_maxFrameMiB);
    limitsIn->addStretch();
    auto *limitsOut = new LabelledRow(page);
    limitsOut->add(tr("Handshake timeout:"), m_handshakeTimeout);
    limitsOut->add(tr("Frames out:"), m_outgoingFrameKiB);
    limitsOut->addStretch();
    auto *limits = new QVBoxLayout;
    limits->addLayout(limitsOut);
    limits->addLayout(limitsIn);
    auto *form = new QFormLayout(page);
    form->addRow(tr("Headers:"), headers);
    form->addRow(tr("Subprotocols:"), m_subprotocols);
    form->addRow(tr("Origin:"), m_origin);
    // Used when the tab's Protocol is Socket.IO.
    m_socketIoPath->setPlaceholderText(SocketIoOptions().path);
    m_socketIoPath->setToolTip(tr("Where the server mounts Socket.IO (its \"path\" option)"));
    m_socketIoAuth->setPlaceholderText(tr("None, e.g. {\"token\": \"…\"}"));
    m_socketIoAuth->setToolTip(
        tr("A JSON object sent with the main namespace's CONNECT (socket.io-client's auth)"));
    auto *socketIo = new LabelledRow(page);
    socketIo->add(tr("Path:"), m_socketIoPath);
    socketIo->add(tr("Auth:"), m_socketIoAuth, 1);
    form->addRow(tr("Socket.IO:"), socketIo);
    form->addRow(tr("Limits:"), limits);
    m_wireCapture->setToolTip(
        tr("The connection goes through a relay on this machine that reads every frame both "
           "ways: the log gets the server's pings, Qt's automatic pongs and every rule the "
           "server breaks. Off: Qt connects directly."));
    form->addRow(tr("Wire:"), m_wireCapture);
    return page;
}

QLineEdit *ConnectionOptionsPanel::fileField(const QString &name)
{
    auto *field = named(new QLineEdit(this), name);
    field->setPlaceholderText(tr("None"));
    return field;
}

QWidget *ConnectionOptionsPanel::tlsPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    const auto fileRow
        = [this, page, form](const QString &label, QLineEdit *field, const QString &filter) {
              auto *browse = namedButton(page, tr("Browse…"),
                                         tr("Browse for %1").arg(field->accessibleName()));
              connect(browse, &QPushButton::clicked, this, [this, field, filter] {
                  const QString path = QFileDialog::getOpenFileName(this, field->accessibleName(),
                                                                    field->text(), filter);
                  if (!path.isEmpty())
                      field->setText(path);
              });
              auto *row = new QHBoxLayout;
              row->addWidget(field, 1);
              row->addWidget(browse);
              form->addRow(label, row);
          };
    fileRow(tr("CA file:"), m_caFile, tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    fileRow(tr("Client certificate:"), m_certificateFile,
            tr("Certificates (*.pem *.crt *.p12 *.pfx);;All files (*)"));
    fileRow(tr("Private key:"), m_keyFile, tr("Keys (*.pem *.key);;All files (*)"));
    m_certificateFile->setToolTip(tr("PEM, or a PKCS#12 bundle (.p12, .pfx) holding the key"));
    m_keyFile->setPlaceholderText(tr("None: in the certificate file, or a PKCS#12 bundle"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setPlaceholderText(tr("None"));
    form->addRow(tr("Passphrase:"), m_passphrase);
    form->addRow(QString(), m_ignoreErrors);
    m_ignoreWarning->setText(tr("⚠ Certificate errors will be ignored for this tab: anyone on the "
                                "path could read and change the traffic. Ignored errors are "
                                "logged."));
    m_ignoreWarning->setWordWrap(true);
    StatusColors::apply(m_ignoreWarning, StatusColors::Kind::Warning);
    form->addRow(QString(), m_ignoreWarning);
    connect(m_ignoreErrors, &QCheckBox::toggled, m_ignoreWarning, &QLabel::setVisible);
    return page;
}

QWidget *ConnectionOptionsPanel::proxyPage()
{
    auto *page = new QWidget(this);
    m_proxyType->addItem(tr("None"), int(ConnectionOptions::Proxy::Type::None));
    m_proxyType->addItem(tr("HTTP (CONNECT)"), int(ConnectionOptions::Proxy::Type::Http));
    m_proxyType->addItem(tr("SOCKS5"), int(ConnectionOptions::Proxy::Type::Socks5));
    m_proxyHost->setPlaceholderText(tr("proxy.example"));
    m_proxyUser->setPlaceholderText(tr("None"));
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    connect(m_proxyType, &QComboBox::currentIndexChanged, this,
            &ConnectionOptionsPanel::updateEnabled);
    // Picking a proxy suggests its usual port; the options themselves keep what they were
    // given, so that a profile comes back from the panel unchanged.
    m_proxyPort->setSpecialValueText(tr("none"));
    connect(m_proxyType, &QComboBox::activated, this, [this] {
        if (m_proxyPort->value() != 0)
            return;
        const auto type = ConnectionOptions::Proxy::Type(m_proxyType->currentData().toInt());
        if (type != ConnectionOptions::Proxy::Type::None)
            m_proxyPort->setValue(type == ConnectionOptions::Proxy::Type::Socks5 ? 1080 : 8080);
    });
    auto *server = new QHBoxLayout;
    server->addWidget(m_proxyHost, 1);
    auto *portLabel = new QLabel(tr("Port:"), page);
    portLabel->setBuddy(m_proxyPort);
    server->addWidget(portLabel);
    server->addWidget(m_proxyPort);
    auto *form = new QFormLayout(page);
    form->addRow(tr("Proxy:"), m_proxyType);
    form->addRow(tr("Host:"), server);
    form->addRow(tr("User:"), m_proxyUser);
    form->addRow(tr("Password:"), m_proxyPassword);
    return page;
}

QWidget *ConnectionOptionsPanel::reconnectPage()
{
    auto *page = new QWidget(this);
    m_maxAttempts->setSpecialValueText(tr("No limit"));
    m_keepalive->setSpecialValueText(tr("Off"));
    m_keepalive->setToolTip(tr("Send a ping this often; the tab charts the round-trip times"));
    m_reconnect->setToolTip(tr("After 1006, 1012, 1013 or an error; never after Disconnect"));
    connect(m_reconnect, &QCheckBox::toggled, this, &ConnectionOptionsPanel::updateEnabled);
    auto *delays = new LabelledRow(page);
    delays->add(tr("First delay:"), m_firstDelayMs);
    delays->add(tr("Longest:"), m_maxDelayS);
    delays->add(tr("Attempts:"), m_maxAttempts);
    delays->addStretch();
    auto *backoff = new QVBoxLayout;
    backoff->addWidget(m_reconnect);
    backoff->addLayout(delays);

    m_onOpen->setMaximumHeight(90);
    m_onOpen->setToolTip(tr("Text messages sent in this order after every open, reconnects "
                            "included. Double-click one to edit it."));
    auto *add = namedButton(page, tr("Add message"), tr("Add on-open message"));
    auto *remove = namedButton(page, tr("Remove"), tr("Remove on-open message"));
    auto *up = namedButton(page, tr("Up"), tr("Move on-open message up"));
    auto *down = namedButton(page, tr("Down"), tr("Move on-open message down"));
    connect(add, &QPushButton::clicked, this, [this] {
        addOnOpenMessage({});
        m_onOpen->setCurrentRow(m_onOpen->count() - 1);
        m_onOpen->editItem(m_onOpen->currentItem());
    });
    connect(remove, &QPushButton::clicked, this, [this] { delete m_onOpen->currentItem(); });
    const auto move = [this](int step) {
        const int from = m_onOpen->currentRow();
        const int to = from + step;
        if (from < 0 || to < 0 || to >= m_onOpen->count())
            return;
        m_onOpen->insertItem(to, m_onOpen->takeItem(from));
        m_onOpen->setCurrentRow(to);
    };
    connect(up, &QPushButton::clicked, this, [move] { move(-1); });
    connect(down, &QPushButton::clicked, this, [move] { move(1); });
    auto *buttons = new QGridLayout;
    buttons->addWidget(add, 0, 0);
    buttons->addWidget(remove, 0, 1);
    buttons->addWidget(up, 1, 0);
    buttons->addWidget(down, 1, 1);
    buttons->setRowStretch(2, 1);
    auto *onOpen = new QHBoxLayout;
    onOpen->addWidget(m_onOpen, 1);
    onOpen->addLayout(buttons);

    auto *form = new QFormLayout(page);
    form->addRow(tr("Reconnect:"), backoff);
    auto *keepalive = new QHBoxLayout;
    keepalive->addWidget(m_keepalive);
    auto *keepaliveNote = new QLabel(tr("between pings; round trips go to the RTT chart"), page);
    keepaliveNote->setWordWrap(true);
    keepalive->addWidget(keepaliveNote, 1);
    keepalive->addStretch();
    form->addRow(tr("Keepalive:"), keepalive);
    form->addRow(tr("On open, send:"), onOpen);
    return page;
}

void ConnectionOptionsPanel::setEditable(bool editable)
{
    for (int i = 0; i < m_pages->count(); ++i)
        m_pages->widget(i)->setEnabled(editable);
}

QList<QWidget *> ConnectionOptionsPanel::tabStops() const
{
    QList<QWidget *> stops {m_pages->tabBar()};
    for (int i = 0; i < m_pages->count(); ++i)
        stops << tabStopsIn(m_pages->widget(i));
    return stops;
}

bool ConnectionOptionsPanel::isEditable() const
{
    return m_pages->widget(0)->isEnabled();
}

void ConnectionOptionsPanel::updateEnabled()
{
    const bool proxy
        = m_proxyType->currentData().toInt() != int(ConnectionOptions::Proxy::Type::None);
    for (QWidget *w :
         {static_cast<QWidget *>(m_proxyHost), static_cast<QWidget *>(m_proxyPort),
          static_cast<QWidget *>(m_proxyUser), static_cast<QWidget *>(m_proxyPassword)})
        w->setEnabled(proxy);
    const bool reconnect = m_reconnect->isChecked();
    m_firstDelayMs->setEnabled(reconnect);
    m_maxDelayS->setEnabled(reconnect);
    m_maxAttempts->setEnabled(reconnect);
}

void ConnectionOptionsPanel::addHeader(const ConnectionOptions::Header &header)
{
    m_headers->addRow({header.name, header.value, header.secret, header.enabled});
}

void ConnectionOptionsPanel::addOnOpenMessage(const QString &message)
{
    auto *item = new QListWidgetItem(message, m_onOpen);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
}

ConnectionOptions ConnectionOptionsPanel::options() const
{
    ConnectionOptions o;
    for (const SecretTable::Row &row : m_headers->rows())
        o.headers.append({row.name, row.value, row.enabled, row.secret});
    const QStringList protocols = m_subprotocols->text().split(u',', Qt::SkipEmptyParts);
    for (const QString &p : protocols) {
        if (!p.trimmed().isEmpty())
            o.subprotocols << p.trimmed();
    }
    o.origin = m_origin->text().trimmed();
    o.socketIo.path = m_socketIoPath->text().trimmed().isEmpty() ? SocketIoOptions().path
                                                                 : m_socketIoPath->text().trimmed();
    o.socketIo.auth = m_socketIoAuth->text().trimmed();
    o.handshakeTimeoutMs = m_handshakeTimeout->value() * 1000;
    o.maxIncomingMessageSize = qint64(m_maxMessageMiB->value()) << 20;
    o.maxIncomingFrameSize = qint64(m_maxFrameMiB->value()) << 20;
    o.outgoingFrameSize = qint64(m_outgoingFrameKiB->value()) << 10;
    o.tls.caFile = m_caFile->text().trimmed();
    o.tls.certificateFile = m_certificateFile->text().trimmed();
    o.tls.keyFile = m_keyFile->text().trimmed();
    o.tls.passphrase = m_passphrase->text();
    o.tls.ignoreErrors = m_ignoreErrors->isChecked();
    o.proxy.type = ConnectionOptions::Proxy::Type(m_proxyType->currentData().toInt());
    o.proxy.host = m_proxyHost->text().trimmed();
    o.proxy.port = m_proxyPort->value();
    o.proxy.user = m_proxyUser->text();
    o.proxy.password = m_proxyPassword->text();
    o.reconnect.enabled = m_reconnect->isChecked();
    o.reconnect.initialDelayMs = m_firstDelayMs->value();
    o.reconnect.maxDelayMs = m_maxDelayS->value() * 1000;
    o.reconnect.maxAttempts = m_maxAttempts->value();
    o.keepaliveSeconds = m_keepalive->value();
    o.wireCapture = m_wireCapture->isChecked();
    for (int i = 0; i < m_onOpen->count(); ++i) {
        if (!m_onOpen->item(i)->text().isEmpty())
            o.onOpen << m_onOpen->item(i)->text();
    }
    return o;
}

void ConnectionOptionsPanel::setOptions(const ConnectionOptions &o)
{
    const QScopedValueRollback guard(m_settingOptions, true);
    m_headers->setRowCount(0);
    for (const ConnectionOptions::Header &h : o.headers)
        addHeader(h);
    m_subprotocols->setText(o.subprotocols.join(QStringLiteral(", ")));
    m_origin->setText(o.origin);
    m_socketIoPath->setText(o.socketIo.path == SocketIoOptions().path ? QString()
                                                                      : o.socketIo.path);
    m_socketIoAuth->setText(o.socketIo.auth);
    m_handshakeTimeout->setValue(o.handshakeTimeoutMs / 1000);
    m_maxMessageMiB->setValue(int(o.maxIncomingMessageSize >> 20));
    m_maxFrameMiB->setValue(int(o.maxIncomingFrameSize >> 20));
    m_outgoingFrameKiB->setValue(int(o.outgoingFrameSize >> 10));
    m_caFile->setText(o.tls.caFile);
    m_certificateFile->setText(o.tls.certificateFile);
    m_keyFile->setText(o.tls.keyFile);
    m_passphrase->setText(o.tls.passphrase);
    m_ignoreErrors->setChecked(o.tls.ignoreErrors);
    m_ignoreWarning->setVisible(o.tls.ignoreErrors);
    m_proxyType->setCurrentIndex(m_proxyType->findData(int(o.proxy.type)));
    m_proxyHost->setText(o.proxy.host);
    m_proxyPort->setValue(o.proxy.port);
    m_proxyUser->setText(o.proxy.user);
    m_proxyPassword->setText(o.proxy.password);
    m_reconnect->setChecked(o.reconnect.enabled);
    m_firstDelayMs->setValue(o.reconnect.initialDelayMs);
    m_maxDelayS->setValue(o.reconnect.maxDelayMs / 1000);
    m_maxAttempts->setValue(o.reconnect.maxAttempts);
    m_keepalive->setValue(o.keepaliveSeconds);
    m_wireCapture->setChecked(o.wireCapture);
    m_onOpen->clear();
    for (const QString &message : o.onOpen)
        addOnOpenMessage(message);
    updateEnabled();
}

} // namespace Sockscope
