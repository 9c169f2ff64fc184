// A lab tab as a user drives it, offscreen, against a raw TCP server in the test that answers
// the handshake and keeps every byte: each preset puts its exact bytes on the wire; an edited
// handshake goes out as typed; the switches answer pings and closes or not; Drop TCP drops
// it; saved frames go in one write; the tab's set-up comes back from its profile; and the
// conformance suite runs from the tab against the npm `ws` echo server.

#include "lab/labtab.h"
#include "lab/presetbytes.h" // tests/lab
#include "log/logpane.h"
#include "log/wirelogmodel.h"
#include "testsupport.h"
#include "websocket/handshakerequest.h"
#include "widgetsupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

namespace {
// A server that upgrades one connection and keeps what follows, byte for byte.
class RawServer : public QObject
{
public:
    RawServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            m_socket = m_server.nextPendingConnection();
            connect(m_socket, &QTcpSocket::readyRead, this, &RawServer::onRead);
            connect(m_socket, &QTcpSocket::disconnected, this, [this] { disconnected = true; });
        });
    }
    QString url() const { return u"ws://127.0.0.1:%1/lab"_s.arg(m_server.serverPort()); }
    void send(const QByteArray &bytes) { m_socket->write(bytes); }

    QByteArray head; // the request as it came
    QByteArray bytes; // everything after it
    int reads = 0;
    bool disconnected = false;

private:
    void onRead()
    {
        const QByteArray in = m_socket->readAll();
        if (!head.endsWith("\r\n\r\n")) {
            head += in;
            const qsizetype end = head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            bytes = head.mid(end + 4);
            head.truncate(end + 4);
            const auto request = HandshakeRequest::parse(head);
            const QByteArray key = request ? request->header("Sec-WebSocket-Key").value_or("") : "";
            m_socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                            "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                            + HandshakeResponse::acceptFor(key) + "\r\n\r\n");
            return;
        }
        ++reads;
        bytes += in;
    }

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
};

// The bytes with every masked frame's key zeroed and its payload unmasked, walking the frames
// by RFC 6455 5.2 (a frame cut short is unmasked as far as it goes).
QByteArray unmasked(QByteArray bytes)
{
    qsizetype at = 0;
    while (at + 2 <= bytes.size()) {
        const bool masked = quint8(bytes[at + 1]) & 0x80;
        quint64 length = quint8(bytes[at + 1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            length = (quint8(bytes[at + 2]) << 8) | quint8(bytes[at + 3]);
            header = 4;
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | quint8(bytes[at + 2 + i]);
            header = 10;
        }
        if (masked) {
            const QByteArray key = bytes.mid(at + header, 4);
            for (int i = 0; i < 4; ++i)
                bytes[at + header + i] = 0;
            header += 4;
            for (quint64 i = 0; i < length && at + header + qsizetype(i) < bytes.size(); ++i)
                bytes[at + header + qsizetype(i)] ^= key[qsizetype(i % 4)];
        }
        at += header + qsizetype(length);
    }
    return bytes;
}
} // namespace

class tst_LabTab : public QObject
{
    Q_OBJECT

private slots:
    void presetsPutTheirBytesOnTheWire();
    void builtFramesAndSavedFramesGoOut();
    void editedHandshakeGoesAsTyped();
    void switchesAnswerOrNot();
    void profileComesBack();
    void conformanceRunsFromTheTab();

private:
    static bool connectTab(LabTab &tab, RawServer &server);
};

bool tst_LabTab::connectTab(LabTab &tab, RawServer &server)
{
    auto *url = byName<QLineEdit>(&tab, u"Server URL"_s);
    url->setText(server.url());
    Q_EMIT url->textEdited(url->text());
    byName<QPushButton>(&tab, u"Connect"_s)->click();
    return QTest::qWaitFor(
        [&] {
            return byName<QPushButton>(&tab, u"Disconnect"_s)
                && byName<QLabel>(&tab, u"Connection state"_s)->text().contains(u"Open"_s);
        },
        5000);
}

void tst_LabTab::presetsPutTheirBytesOnTheWire()
{
    RawServer server;
    LabTab tab;
    tab.resize(1280, 720);
    tab.show();
    QVERIFY(connectTab(tab, server));
    auto *preset = byName<QComboBox>(&tab, u"Frame preset"_s);
    auto *send = byName<QPushButton>(&tab, u"Send preset"_s);
    QVERIFY(preset && send && send->isEnabled());
    for (const PresetBytes::Expected &e : PresetBytes::all()) {
        server.bytes.clear();
        server.reads = 0;
        preset->setCurrentIndex(preset->findText(e.preset));
        QVERIFY2(preset->currentIndex() >= 0, qPrintable(e.preset));
        QVERIFY(!byName<QLabel>(&tab, u"Frame bytes"_s)->text().isEmpty());
        send->click();
        QTRY_COMPARE_WITH_TIMEOUT(server.bytes.size(), e.bytes.size(), 3000);
        QCOMPARE(unmasked(server.bytes).toHex(' '), e.bytes.toHex(' '));
        // Masked frames carry keys of their own, drawn at random.
        if ((quint8(e.bytes[1]) & 0x80) && (quint8(e.bytes[1]) & 0x7f) < 126)
            QVERIFY2(server.bytes.mid(2, 4) != QByteArray(4, '\0'), qPrintable(e.preset));
        if (e.preset == u"Text one octet per write")
            QVERIFY2(server.reads >= 10, qPrintable(QString::number(server.reads)));
    }
    // The log has a row for what makes one, and the wire view every frame sent.
    QVERIFY(tab.log()->rowCount() > 10);
}

void tst_LabTab::builtFramesAndSavedFramesGoOut()
{
    RawServer server;
    LabTab tab;
    tab.show();
    QVERIFY(connectTab(tab, server));
    // A built frame: binary, RSV3, a fixed key, hex payload, split and written in pieces.
    auto *payload = byName<QPlainTextEdit>(&tab, u"Payload"_s);
    byName<QComboBox>(&tab, u"Payload format"_s)->setCurrentIndex(1); // hex
    payload->setPlainText(u"00 01 02 03 04"_s);
    byName<QSpinBox>(&tab, u"Opcode"_s)->setValue(2);
    byName<QCheckBox>(&tab, u"RSV3"_s)->setChecked(true);
    byName<QComboBox>(&tab, u"Masking key"_s)->setCurrentIndex(2); // zero
    byName<QLineEdit>(&tab, u"Split at offsets"_s)->setText(u"2"_s);
    byName<QPushButton>(&tab, u"Send frame"_s)->click();
    const QByteArray expected
        = PresetBytes::hex("12 82 00 00 00 00 00 01 80 83 00 00 00 00 02 03 04");
    QTRY_COMPARE_WITH_TIMEOUT(server.bytes.toHex(' '), expected.toHex(' '), 3000);

    // Bad input is said, and nothing goes.
    byName<QLineEdit>(&tab, u"Split at offsets"_s)->setText(u"9"_s);
    QVERIFY(byName<QLabel>(&tab, u"Frame bytes"_s)->text().contains(u"Split offset 9"_s));
    QSignalSpy status(&tab, &ProfileTab::statusMessage);
    byName<QPushButton>(&tab, u"Send frame"_s)->click();
    QCOMPARE(status.size(), 1);
    QVERIFY(status.first().first().toString().contains(u"Split offset 9"_s));
    byName<QLineEdit>(&tab, u"Split at offsets"_s)->clear();

    // Two saved frames, sent in one write.
    server.bytes.clear();
    server.reads = 0;
    auto *saved = byName<QListWidget>(&tab, u"Saved frames"_s);
    byName<QPushButton>(&tab, u"Save frame"_s)->click();
    payload->setPlainText(u"ff"_s);
    byName<QPushButton>(&tab, u"Save frame"_s)->click();
    QCOMPARE(saved->count(), 2);
    QVERIFY(saved->item(0)->text().contains(u"binary"_s));
    byName<QPushButton>(&tab, u"Send all in one write"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(
        server.bytes.toHex(' '),
        PresetBytes::hex("92 85 00 00 00 00 00 01 02 03 04 92 81 00 00 00 00 ff").toHex(' '), 3000);
    QCOMPARE(server.reads, 1);
    // Remove takes the chosen one.
    saved->setCurrentRow(0);
    byName<QPushButton>(&tab, u"Remove saved frame"_s)->click();
    QCOMPARE(saved->count(), 1);
    QCOMPARE(tab.profile().frames.size(), 1);
    QCOMPARE(tab.profile().frames.front().payload, u"ff"_s);

    // Drop TCP closes it with no close frame; the log says who closed.
    server.bytes.clear();
    byName<QPushButton>(&tab, u"Close TCP without a close frame"_s)->click();
    QTRY_VERIFY(server.disconnected);
    QVERIFY(server.bytes.isEmpty());
    QTRY_VERIFY(byName<QPushButton>(&tab, u"Connect"_s));
    const auto last = [&] {
        return tab.log()
            ->data(tab.log()->index(tab.log()->rowCount() - 1, LogColumn::Preview))
            .toString();
    };
    QTRY_VERIFY2(last().contains(u"The lab closed the TCP connection"_s), qPrintable(last()));
}

void tst_LabTab::editedHandshakeGoesAsTyped()
{
    RawServer server;
    LabTab tab;
    tab.show();
    auto *url = byName<QLineEdit>(&tab, u"Server URL"_s);
    url->setText(server.url());
    Q_EMIT url->textEdited(url->text());
    auto *handshake = byName<QPlainTextEdit>(&tab, u"Handshake request"_s);
    // Pre-filled from the URL: a request a polite client sends.
    QVERIFY(handshake->toPlainText().startsWith(u"GET /lab HTTP/1.1\n"_s));
    QVERIFY(handshake->toPlainText().contains(u"Sec-WebSocket-Version: 13"_s));
    QString edited = handshake->toPlainText();
    edited.replace(u"Sec-WebSocket-Version: 13"_s, u"Sec-WebSocket-Version: 8\nX-Lab: yes"_s);
    handshake->setPlainText(edited);
    QVERIFY(tab.profile().handshake.contains(u"X-Lab: yes"_s));
    byName<QPushButton>(&tab, u"Connect"_s)->click();
    QTRY_VERIFY(server.head.endsWith("\r\n\r\n"));
    QVERIFY2(server.head.contains("\r\nSec-WebSocket-Version: 8\r\nX-Lab: yes\r\n"),
             server.head.constData());
    // Reset gives the polite request back.
    byName<QPushButton>(&tab, u"Disconnect"_s)->click();
    QTRY_VERIFY(byName<QPushButton>(&tab, u"Connect"_s));
    byName<QPushButton>(&tab, u"Reset handshake"_s)->click();
    QVERIFY(handshake->toPlainText().contains(u"Sec-WebSocket-Version: 13"_s));
    QVERIFY(tab.profile().handshake.isEmpty());
}

void tst_LabTab::switchesAnswerOrNot()
{
    for (const bool on : {true, false}) {
        RawServer server;
        LabTab tab;
        tab.show();
        byName<QCheckBox>(&tab, u"Automatic pong"_s)->setChecked(on);
        byName<QCheckBox>(&tab, u"Answer close"_s)->setChecked(on);
        QVERIFY(connectTab(tab, server));
        server.send(PresetBytes::hex("89 02") + "hi");
        if (on) {
            QTRY_COMPARE_WITH_TIMEOUT(unmasked(server.bytes),
                                      PresetBytes::hex("8a 82 00 00 00 00") + "hi", 3000);
        } else {
            QTest::qWait(300);
            QVERIFY(server.bytes.isEmpty());
        }
        // The ping is a row of the log, received.
        QTRY_VERIFY(tab.log()->rowCount() >= 3);
        server.bytes.clear();
        server.send(PresetBytes::hex("88 02 03 e8"));
        if (on) {
            QTRY_COMPARE_WITH_TIMEOUT(unmasked(server.bytes),
                                      PresetBytes::hex("88 82 00 00 00 00 03 e8"), 3000);
        } else {
            QTest::qWait(300);
            QVERIFY(server.bytes.isEmpty());
        }
    }
}

void tst_LabTab::profileComesBack()
{
    LabTab tab;
    auto *url = byName<QLineEdit>(&tab, u"Server URL"_s);
    url->setText(u"ws://example.test:9/x"_s);
    Q_EMIT url->textEdited(url->text());
    byName<QCheckBox>(&tab, u"Automatic pong"_s)->setChecked(false);
    byName<QCheckBox>(&tab, u"Proceed despite handshake problems"_s)->setChecked(true);
    auto *preset = byName<QComboBox>(&tab, u"Frame preset"_s);
    preset->setCurrentIndex(preset->findText(u"Ping between fragments"_s));
    byName<QPushButton>(&tab, u"Load preset"_s)->click();
    const LabProfile profile = tab.profile();
    QCOMPARE(profile.frames.size(), 3); // a preset of three frames goes to the saved frames
    QCOMPARE(profile.url, u"ws://example.test:9/x"_s);
    QCOMPARE(tab.title(), u"Lab: example.test:9"_s);
    LabTab again;
    again.setProfile(profile);
    QCOMPARE(again.profile(), profile);
    QCOMPARE(byName<QListWidget>(&again, u"Saved frames"_s)->count(), 3);
}

void tst_LabTab::conformanceRunsFromTheTab()
{
    NodePeer peer;
    const int port = peer.startListening(u"ws-echo.js"_s);
    QVERIFY(port > 0);
    LabTab tab;
    tab.resize(1280, 720);
    tab.show();
    auto *url = byName<QLineEdit>(&tab, u"Server URL"_s);
    url->setText(u"ws://127.0.0.1:%1/"_s.arg(port));
    Q_EMIT url->textEdited(url->text());
    byName<QLineEdit>(&tab, u"Cases"_s)->setText(u"1.1.1-1.1.3, 6.4.1"_s);
    auto *run = byName<QPushButton>(&tab, u"Run conformance suite"_s);
    QVERIFY(run);
    run->click();
    // Named for what it does now.
    QVERIFY(byName<QPushButton>(&tab, u"Stop conformance suite"_s));
    QTRY_VERIFY_WITH_TIMEOUT(byName<QPushButton>(&tab, u"Run conformance suite"_s), 20000);
    auto *results = byName<QTableView>(&tab, u"Conformance results"_s);
    QCOMPARE(results->model()->rowCount(), 4);
    QCOMPARE(results->model()->index(0, 1).data().toString(), u"OK"_s);
    QCOMPARE(results->model()->index(3, 1).data().toString(), u"NON-STRICT"_s); // ws, 6.4.1
    QCOMPARE(byName<QLabel>(&tab, u"Conformance progress"_s)->text(),
             u"4 cases: 3 OK, 1 NON-STRICT"_s);
    // A case's frames are a click away.
    results->setCurrentIndex(results->model()->index(3, 0));
    const QString details = byName<QPlainTextEdit>(&tab, u"Case details"_s)->toPlainText();
    QVERIFY2(details.contains(u"Case 6.4.1"_s) && details.contains(u"continuation"_s),
             qPrintable(details));
    // The run's report, from the tab.
    QTemporaryDir dir;
    QVERIFY(byName<QPushButton>(&tab, u"Save report"_s)->isEnabled());
    QVERIFY(tab.saveReport(dir.path()));
    QFile index(dir.filePath(u"index.html"_s));
    QVERIFY(index.open(QIODevice::ReadOnly));
    QVERIFY(index.readAll().contains("4 cases: 3 OK, 1 NON-STRICT"));
    QVERIFY(QFile::exists(dir.filePath(u"cases/6.4.1.html"_s)));
    // A bad spec is said, and nothing runs.
    byName<QLineEdit>(&tab, u"Cases"_s)->setText(u"8.1"_s);
    run->click();
    QVERIFY(byName<QLabel>(&tab, u"Conformance progress"_s)->text().contains(u"8.1"_s));
    QCOMPARE(results->model()->rowCount(), 4);
    if (const QByteArray dir = qgetenv("SOCKSCOPE_SCREENSHOT_DIR"); !dir.isEmpty())
        tab.grab().save(QString::fromLocal8Bit(dir) + u"/lab-conformance.png"_s);
}

QTEST_MAIN(tst_LabTab)
#include "tst_labtab.moc"
