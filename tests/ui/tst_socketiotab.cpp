// A connection tab in Socket.IO mode, offscreen, against an npm socket.io 4 server, used as a
// user would: Protocol set to Socket.IO by its accessible name, an http:// URL, Connect, an
// event emitted with an ack, a namespace joined with auth, and the log's Summary column,
// Decode as and the inspector's Decoded tab read back. With SOCKSCOPE_SCREENSHOT_DIR set it
// also saves the window as socketio-tab.png there (the README's picture).

#include "testsupport.h"
#include "widgetsupport.h"

#include "common/theme.h"
#include "connection/connectiontab.h"
#include "inspector/frameinspector.h"
#include "log/filteredlogmodel.h"
#include "log/logpane.h"
#include "log/messagelogview.h"
#include "log/protoschemadialog.h"
#include "mainwindow.h"

using namespace Qt::StringLiterals;

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeWidget>

using namespace Sockscope;
using namespace TestSupport;

class tst_SocketIoTab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emitsAndReadsBack();
    void mqttSessionDecoded();
    void protoSchemaChosenInDecodeAs();
};

namespace {
int rowWithSummary(const QAbstractItemModel *model, const QString &pattern)
{
    const QRegularExpression re(pattern);
    for (int row = 0; row < model->rowCount(); ++row) {
        if (re.match(model->index(row, LogColumn::Summary).data().toString()).hasMatch())
            return row;
    }
    return -1;
}

QString summariesOf(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, LogColumn::Summary).data().toString();
    return out.join(u'\n');
}
} // namespace

void tst_SocketIoTab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void tst_SocketIoTab::emitsAndReadsBack()
{
    NodePeer server;
    const int port = server.startListening(QStringLiteral("socketio-server.js"));
    QVERIFY(port > 0);
    MainWindow window;
    window.startFirstLaunchEchoServer();
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ConnectionTab *tab = window.currentConnectionTab();
    QVERIFY(tab);
    // The first-launch tab (on the built-in echo server), switched to Socket.IO.
    auto *connect = byName<QPushButton>(tab, QStringLiteral("Connect"));
    QVERIFY(connect);
    auto *protocol = byName<QComboBox>(tab, QStringLiteral("Protocol"));
    QVERIFY(protocol);
    auto *bar = byName<QLineEdit>(tab, QStringLiteral("Event name"));
    QVERIFY(bar);
    QVERIFY(!bar->isVisible());
    protocol->setCurrentIndex(protocol->findText(QStringLiteral("Socket.IO")));
    QVERIFY(bar->isVisible());
    QVERIFY(tab->profile().options.socketIo.enabled);
    auto *url = byName<QLineEdit>(tab, QStringLiteral("Server URL"));
    url->setText(u"http://127.0.0.1:%1"_s.arg(port));
    QTest::mouseClick(connect, Qt::LeftButton);
    const QAbstractItemModel *log = tab->log();
    QTRY_VERIFY2_WITH_TIMEOUT(rowWithSummary(log, u"^connected / sid="_s) >= 0,
                              qPrintable(summariesOf(log)), 10000);

    // Emit "echo" with an ack: the emit, then the ack with its latency.
    bar->setText(QStringLiteral("echo"));
    byName<QCheckBox>(tab, QStringLiteral("Ask for an ack"))->setChecked(true);
    auto *composer = byName<QPlainTextEdit>(tab, QStringLiteral("Message composer"));
    composer->setPlainText(QStringLiteral("[{\"price\": 101.5, \"symbol\": \"ACME\"}]"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Send")), Qt::LeftButton);
    QTRY_VERIFY2(
        rowWithSummary(log,
                       u"^emit \"echo\" \\[\\{\"price\":101\\.5,\"symbol\":\"ACME\"\\}\\] ack 0$"_s)
            >= 0,
        qPrintable(summariesOf(log)));
    QTRY_VERIFY2(rowWithSummary(log, u"^ack 0 of \"echo\" .* in \\d+ ms$"_s) >= 0,
                 qPrintable(summariesOf(log)));
    // A chat event, and /admin joined with its auth.
    bar->setText(QStringLiteral("chat"));
    byName<QCheckBox>(tab, QStringLiteral("Ask for an ack"))->setChecked(false);
    composer->setPlainText(QStringLiteral("[\"hello from Sockscope\"]"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Send")), Qt::LeftButton);
    byName<QLineEdit>(tab, QStringLiteral("Namespace"))->setText(QStringLiteral("/admin"));
    byName<QLineEdit>(tab, QStringLiteral("Namespace auth"))
        ->setText(QStringLiteral("{\"token\":\"letmein\"}"));
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Join namespace")), Qt::LeftButton);
    QTRY_VERIFY2(rowWithSummary(log, u"^emit /admin \"welcome\" \\[\"admin\"\\]$"_s) >= 0,
                 qPrintable(summariesOf(log)));
    // An emit that cannot go says why, and nothing is sent.
    const auto sentByUser = [log] { // automatic pongs go on meanwhile
        int n = 0;
        for (int row = 0; row < log->rowCount(); ++row)
            n += cell(log, row, LogColumn::Direction) == u"Sent"
                && cell(log, row, LogColumn::Type) == u"text";
        return n;
    };
    QTRY_VERIFY(rowWithSummary(log, u"^emit \"chat\" \\[\"hello from Sockscope\"\\]$"_s) >= 0);
    const int before = sentByUser();
    bar->clear();
    QTest::mouseClick(byName<QPushButton>(tab, QStringLiteral("Send")), Qt::LeftButton);
    QTest::qWait(200);
    QCOMPARE(sentByUser(), before);

    // The Summary column is shown, and the inspector opens a decoded row on its Decoded tab.
    auto *view = byName<QTableView>(tab, QStringLiteral("Message log"));
    QTRY_VERIFY(!view->isColumnHidden(LogColumn::Summary));
    LogPane *pane = tab->findChild<LogPane *>();
    const int ack = rowWithSummary(pane->filteredLog(), u"^ack 0 of"_s);
    view->setCurrentIndex(pane->filteredLog()->index(ack, 0));
    QCOMPARE(pane->inspector()->currentView(), PayloadFormat::View::Decoded);
    QTreeWidget *tree = pane->inspector()->decodedTree();
    QVERIFY(!tree->findItems(QStringLiteral("latency"), Qt::MatchRecursive).isEmpty());
    QVERIFY(pane->inspector()->noteText().startsWith(u"Socket.IO"));
    // Decode as: none, then automatic again.
    auto *decodeAs = byName<QComboBox>(tab, QStringLiteral("Decode as"));
    decodeAs->setCurrentIndex(decodeAs->findData(QStringLiteral("none")));
    QCOMPARE(log->index(ack, LogColumn::Summary).data().toString(), QString());
    decodeAs->setCurrentIndex(0);
    QVERIFY(!log->index(ack, LogColumn::Summary).data().toString().isEmpty());
    // The filter's field term.
    auto *filter = byName<QLineEdit>(tab, QStringLiteral("Log filter"));
    filter->setText(QStringLiteral("event:chat"));
    QTRY_COMPARE(pane->filteredLog()->rowCount(), 2);
    filter->setText(QStringLiteral("event:* namespace:/admin"));
    QTRY_COMPARE(pane->filteredLog()->rowCount(), 1);
    filter->clear();
    view->setCurrentIndex(pane->filteredLog()->index(ack, 0));

    const QString shots = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        QVERIFY(window.grab().save(shots + QStringLiteral("/socketio-tab.png")));
    }
    QVERIFY(tab->profile().options.socketIo.enabled);
}

void tst_SocketIoTab::mqttSessionDecoded()
{
    // An MQTT 5 and 3.1.1 conversation as mqtt.js writes it (tests/peers/decoder-samples.js),
    // in a log pane: each row's summary, and a PUBLISH opened on the Decoded tab.
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(SOCKSCOPE_PEERS_DIR));
    node.start(QStringLiteral(SOCKSCOPE_NODE), {QStringLiteral("decoder-samples.js")});
    QVERIFY(node.waitForFinished(60'000));
    const QJsonArray conversations = QJsonDocument::fromJson(node.readAllStandardOutput()).array();
    MessageLogModel log;
    qint64 t = QDateTime::currentMSecsSinceEpoch();
    for (const QJsonValue &c : conversations) {
        const QJsonObject o = c.toObject();
        if (!o.value(u"name").toString().startsWith(u"mqtt"))
            continue;
        auto facts = std::make_shared<ConnectionFacts>();
        facts->url = QStringLiteral("ws://broker.local:8883/mqtt");
        facts->subprotocol = o.value(u"subprotocol").toString();
        LogEvent open
            = LogEvent::now(Direction::Lifecycle, EventType::Open, "Opened, subprotocol mqtt");
        open.timestampMs = t;
        open.facts = facts;
        log.append(open);
        for (const QJsonValue &m : o.value(u"messages").toArray()) {
            LogEvent e;
            e.timestampMs = t + m.toObject().value(u"atMs").toInteger();
            e.direction = m.toObject().value(u"dir").toString() == u"sent" ? Direction::Sent
                                                                           : Direction::Received;
            e.type = EventType::Binary;
            e.data = QByteArray::fromBase64(m.toObject().value(u"base64").toString().toLatin1());
            log.append(e);
        }
        t += 1000;
    }
    log.flush();
    LogPane pane(&log);
    pane.resize(1280, 720);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const int publish
        = rowWithSummary(pane.filteredLog(), u"^PUBLISH sensors/kitchen/temp qos1 #7$"_s);
    QVERIFY2(publish >= 0, qPrintable(summariesOf(pane.filteredLog())));
    pane.view()->setCurrentIndex(pane.filteredLog()->index(publish, 0));
    QCOMPARE(pane.inspector()->currentView(), PayloadFormat::View::Decoded);
    QCOMPARE(pane.inspector()->noteText(), u"MQTT › JSON"_s);
    // A log that had its rows before its pane shows its Summary column too.
    QTRY_VERIFY(!pane.view()->isColumnHidden(LogColumn::Summary));
    QTreeWidget *tree = pane.inspector()->decodedTree();
    const QList<QTreeWidgetItem *> topic
        = tree->findItems(QStringLiteral("topic"), Qt::MatchRecursive);
    QVERIFY(!topic.isEmpty());
    QCOMPARE(topic.first()->text(1), u"sensors/kitchen/temp"_s);
    // The CONNECT's password is never shown.
    const int connect = rowWithSummary(pane.filteredLog(), u"^CONNECT sensor-1"_s);
    pane.view()->setCurrentIndex(pane.filteredLog()->index(connect, 0));
    const QList<QTreeWidgetItem *> password
        = tree->findItems(QStringLiteral("password"), Qt::MatchRecursive);
    QVERIFY(!password.isEmpty());
    QCOMPARE(password.first()->text(1), u"7 bytes, not shown"_s);
    pane.view()->setCurrentIndex(pane.filteredLog()->index(publish, 0));

    const QString shots = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        QVERIFY(pane.grab().save(shots + QStringLiteral("/mqtt-decoded.png")));
    }
}

void tst_SocketIoTab::protoSchemaChosenInDecodeAs()
{
    // Quotes protobufjs wrote from tests/decoders/proto/market/quote.proto, in a log pane; the
    // user picks "Decode as Protobuf with a .proto…", first names a file that is not there (told
    // so, the dialog stays), then the real one, picks market.Quote and decodes. Choosing again
    // and cancelling keeps what was in effect.
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(SOCKSCOPE_PEERS_DIR));
    node.start(QStringLiteral(SOCKSCOPE_NODE), {QStringLiteral("decoder-samples.js")});
    QVERIFY(node.waitForFinished(60'000));
    QJsonObject quotes;
    for (const QJsonValue &c : QJsonDocument::fromJson(node.readAllStandardOutput()).array()) {
        if (c.toObject().value(u"name").toString() == u"protobuf with a .proto")
            quotes = c.toObject();
    }
    QVERIFY(!quotes.isEmpty());
    MessageLogModel log;
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = quotes.value(u"url").toString();
    LogEvent open = LogEvent::now(Direction::Lifecycle, EventType::Open, "Connected");
    open.facts = facts;
    log.append(open);
    for (const QJsonValue &m : quotes.value(u"messages").toArray()) {
        LogEvent e = LogEvent::now(Direction::Received, EventType::Binary, QByteArray());
        e.data = QByteArray::fromBase64(m.toObject().value(u"base64").toString().toLatin1());
        log.append(e);
    }
    log.flush();
    LogPane pane(&log);
    pane.resize(1280, 720);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QCOMPARE(pane.filteredLog()->index(1, LogColumn::Summary).data().toString(), QString());

    const QString proto
        = QStringLiteral(SOCKSCOPE_PEERS_DIR "/../decoders/proto/market/quote.proto");
    const QString shots = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    auto *decodeAs = byName<QComboBox>(&pane, QStringLiteral("Decode as"));
    QVERIFY(decodeAs);
    const int chooser = decodeAs->findText(u"Decode as Protobuf with a .proto…"_s);
    QVERIFY(chooser >= 0);
    QStringList seen; // what the dialog said, step by step
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ProtoSchemaDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        auto *file = byName<QLineEdit>(dialog, QStringLiteral(".proto file"));
        auto *type = byName<QComboBox>(dialog, QStringLiteral("Message type"));
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        seen << ok->text();
        file->setText(proto + u"-missing"_s);
        QTest::mouseClick(ok, Qt::LeftButton);
        seen << byName<QLabel>(dialog, QStringLiteral("Schema error"))->text()
             << QString::number(dialog->isVisible());
        file->setText(proto);
        emit file->editingFinished();
        seen << dialog->errorText() << (type->isEnabled() ? u"enabled"_s : u"disabled"_s);
        seen << dialog->messageTypes().join(u',');
        type->setCurrentIndex(type->findText(u"market.Quote"_s));
        if (!shots.isEmpty())
            dialog->grab().save(shots + QStringLiteral("/proto-dialog.png"));
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    decodeAs->setCurrentIndex(chooser);
    QCOMPARE(seen.size(), 6);
    QCOMPARE(seen.at(0), u"Decode"_s);
    QVERIFY2(seen.at(1).contains(u"quote.proto-missing cannot be read"), qPrintable(seen.at(1)));
    QCOMPARE(seen.at(2), u"1"_s); // still open
    QCOMPARE(seen.at(3), QString()); // the real file read without a word
    QCOMPARE(seen.at(4), u"enabled"_s);
    QCOMPARE(seen.at(5), u"market.Quote,market.Quote.Leg"_s);
    QCOMPARE(decodeAs->currentText(), u"Decode as market.Quote (quote.proto)"_s);
    QCOMPARE(log.decodeAs(), u"proto:market.Quote"_s);
    QTRY_VERIFY(!pane.view()->isColumnHidden(LogColumn::Summary));
    const QString summary = pane.filteredLog()->index(1, LogColumn::Summary).data().toString();
    QVERIFY2(summary.startsWith(u"Quote {\"symbol\":\"ACME\",\"price\":1.25"), qPrintable(summary));
    pane.view()->setCurrentIndex(pane.filteredLog()->index(1, 0));
    QCOMPARE(pane.inspector()->currentView(), PayloadFormat::View::Decoded);
    const QList<QTreeWidgetItem *> venue
        = pane.inspector()->decodedTree()->findItems(QStringLiteral("name"), Qt::MatchRecursive);
    QVERIFY(!venue.isEmpty());
    QCOMPARE(venue.first()->text(1), u"\"XNYS\""_s);
    if (!shots.isEmpty()) {
        QTest::qWait(300);
        QVERIFY(pane.grab().save(shots + QStringLiteral("/protobuf-decoded.png")));
        // The same in the dark theme, to look at (not in the README).
        Theme::apply(Theme::Choice::Dark);
        QTest::qWait(300);
        QVERIFY(pane.grab().save(shots + QStringLiteral("/protobuf-decoded-dark.png")));
        Theme::apply(Theme::Choice::Light);
    }

    // Chosen again, the dialog starts from the file and type in effect; Cancel keeps them.
    const int item = decodeAs->currentIndex();
    QString startedWith;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ProtoSchemaDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        startedWith = dialog->file() + u'|'
            + byName<QComboBox>(dialog, QStringLiteral("Message type"))->currentText();
        dialog->reject();
    });
    decodeAs->setCurrentIndex(decodeAs->findText(u"Decode as Protobuf with a .proto…"_s));
    QCOMPARE(startedWith, QFileInfo(proto).absoluteFilePath() + u"|market.Quote"_s);
    QCOMPARE(decodeAs->currentIndex(), item);
    QCOMPARE(log.decodeAs(), u"proto:market.Quote"_s);
    // A registered decoder again, then the .proto type's own item: no dialog, same decoding.
    decodeAs->setCurrentIndex(decodeAs->findData(u"protobuf"_s));
    QVERIFY(
        pane.filteredLog()->index(1, LogColumn::Summary).data().toString().startsWith(u"1=ACME"));
    decodeAs->setCurrentIndex(item);
    QCOMPARE(log.decodeAs(), u"proto:market.Quote"_s);
    QCOMPARE(pane.filteredLog()->index(1, LogColumn::Summary).data().toString(), summary);
}

QTEST_MAIN(tst_SocketIoTab)
#include "tst_socketiotab.moc"
