// Decoders on real connections with peers nobody here wrote: Sockscope's connection against
// an npm socket.io 4 server (events, acks, a namespace with auth, binary attachments), the
// composer's protocol helpers' frames against an aedes MQTT broker, a graphql-ws server and a
// json-rpc-2.0 server, and npm clients (socket.io-client, @microsoft/signalr, @stomp/stompjs)
// against Sockscope's mock server, whose log decodes what they send. What is checked is what a user
// reads: the Summary column, and the filter's field terms.

#include "testsupport.h"

#include "connection/connection.h"
#include "connection/protocolhelpers.h"
#include "log/filteredlogmodel.h"
#include "server/serverlogbook.h"
#include "server/threadedmockserver.h"

#include <QRegularExpression>
#include <QSignalSpy>

using namespace Sockscope;
using namespace TestSupport;
using namespace Qt::StringLiterals;

class tst_DecoderPeers : public QObject
{
    Q_OBJECT

private slots:
    void socketIoServer();
    void socketIoMode();
    void socketIoClientAgainstMock();
    void signalRClientAgainstMock();
    void jsonRpcClientAgainstMock();
    void stompClientAgainstMock();
    void composerFramesAgainstServers_data();
    void composerFramesAgainstServers();
};

namespace {
QStringList summaries(const MessageLogModel &log)
{
    QStringList out;
    for (int row = 0; row < log.rowCount(); ++row) {
        const QString s = log.index(row, LogColumn::Summary).data().toString();
        if (!s.isEmpty())
            out << MessageLogModel::directionText(log.record(row).direction) + u": " + s;
    }
    return out;
}

// The first row whose direction and summary match, from row `from`; -1 if none.
int findSummary(const MessageLogModel &log, Direction direction, const QString &pattern,
                int from = 0)
{
    const QRegularExpression re(pattern);
    for (int row = from; row < log.rowCount(); ++row) {
        if (log.record(row).direction == direction
            && re.match(log.index(row, LogColumn::Summary).data().toString()).hasMatch())
            return row;
    }
    return -1;
}

#define WAIT_SUMMARY(log, direction, pattern)                                                      \
    QTRY_VERIFY2_WITH_TIMEOUT(findSummary(log, direction, pattern) >= 0,                           \
                              qPrintable(summaries(log).join(u'\n')), 10000)

QStringList filtered(MessageLogModel *log, const QString &text)
{
    FilteredLogModel model(log);
    QSignalSpy finished(&model, &FilteredLogModel::filterFinished);
    LogFilterSpec spec;
    spec.text = text;
    model.setFilter(spec);
    if (!finished.wait(5000))
        return {QStringLiteral("(the filter did not finish)")};
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, LogColumn::Summary).data().toString();
    return out;
}

struct Mock
{
    ThreadedMockServer server;
    ServerLogBook book {&server};
    bool start(const QByteArray &rulesJson, const QStringList &subprotocols = {})
    {
        RuleSet rules;
        QString error;
        if (!RuleSet::fromJson(rulesJson, &rules, &error)) {
            qWarning() << error;
            return false;
        }
        ServerOptions options;
        options.subprotocols = subprotocols;
        server.setOptions(options);
        server.setRules(rules);
        return server.start(&error);
    }
};
} // namespace

void tst_DecoderPeers::socketIoServer()
{
    NodePeer peer;
    const int port = peer.startListening(QStringLiteral("socketio-server.js"));
    QVERIFY(port > 0);
    MessageLogModel log;
    Connection connection(&log);
    QString error;
    QVERIFY2(connection.open(u"ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket"_s.arg(port),
                             &error),
             qPrintable(error));
    WAIT_SUMMARY(log, Direction::Received, u"^open sid=\\S+, ping every 1000 ms$"_s);
    QVERIFY(connection.sendText(u"40"_s));
    WAIT_SUMMARY(log, Direction::Received, u"^connected / sid=\\S+$"_s);
    QVERIFY(connection.sendText(u"42[\"chat\",\"hi\",{\"n\":1}]"_s));
    WAIT_SUMMARY(log, Direction::Received, u"^emit \"chat\" \\[\"hi\",\\{\"n\":1\\}\\]$"_s);
    QVERIFY(connection.sendText(u"421[\"echo\",{\"a\":1}]"_s));
    WAIT_SUMMARY(log, Direction::Sent, u"^emit \"echo\" \\[\\{\"a\":1\\}\\] ack 1$"_s);
    WAIT_SUMMARY(log, Direction::Received,
                 u"^ack 1 of \"echo\" \\[\\{\"echoed\":\\{\"a\":1\\}\\}\\] in \\d+ ms$"_s);
    // The namespace's middleware refuses a wrong token, then lets the right one in.
    QVERIFY(connection.sendText(u"40/admin,{\"token\":\"nope\"}"_s));
    WAIT_SUMMARY(log, Direction::Received, u"^connect_error /admin \"Not authorized\"$"_s);
    QVERIFY(connection.sendText(u"40/admin,{\"token\":\"letmein\"}"_s));
    WAIT_SUMMARY(log, Direction::Received, u"^connected /admin sid=\\S+$"_s);
    WAIT_SUMMARY(log, Direction::Received, u"^emit /admin \"welcome\" \\[\"admin\"\\]$"_s);
    // A binary event: its placeholder, then its attachment in a binary frame.
    QVERIFY(connection.sendText(u"42[\"getfile\"]"_s));
    WAIT_SUMMARY(log, Direction::Received, u"^attachment 1 of 1 \"file\"$"_s);
    QVERIFY(findSummary(log, Direction::Received,
                        u"^emit \"file\" \\[\\{\"_placeholder\":true,\"num\":0\\},\"cafe.bin\"\\], "
                        "1 attachment$"_s)
            >= 0);
    // The server pings every second; the decoder says so (answering is the user's, here).
    WAIT_SUMMARY(log, Direction::Received, u"^ping$"_s);

    // What was sent and what the server sent back.
    QCOMPARE(filtered(&log, u"event:chat"_s),
             QStringList(2, u"emit \"chat\" [\"hi\",{\"n\":1}]"_s));
    // Two connects sent, the refusal and the welcome.
    QCOMPARE(filtered(&log, u"namespace:/admin packet:connect*"_s).size(), 4);
    QCOMPARE(filtered(&log, u"event:file"_s).size(), 1);
    QCOMPARE(filtered(&log, u"json.0.echoed.a=1"_s).size(), 1);
    connection.close(1000, QString());
}

void tst_DecoderPeers::socketIoMode()
{
    // The server gives up on a client that has not answered its ping within 600 ms.
    NodePeer peer;
    const int port
        = peer.startListening(QStringLiteral("socketio-server.js"), {u"300"_s, u"300"_s});
    QVERIFY(port > 0);
    MessageLogModel log;
    Connection connection(&log);
    ConnectionOptions options;
    options.socketIo.enabled = true;
    options.socketIo.auth = u"{\"token\": 1"_s;
    connection.setOptions(options);
    QString error;
    QVERIFY(!connection.open(u"http://127.0.0.1:%1"_s.arg(port), &error));
    QVERIFY2(error.startsWith(u"Socket.IO: The auth payload is not JSON"), qPrintable(error));
    options.socketIo.auth.clear();
    options.onOpen = {u"42[\"chat\",\"from on-open\"]"_s};
    connection.setOptions(options);
    // An http:// URL, as socket.io-client takes it: the Engine.IO path and query are added.
    QVERIFY2(connection.open(u"http://127.0.0.1:%1"_s.arg(port), &error), qPrintable(error));
    QCOMPARE(connection.url().toString(),
             u"ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket"_s.arg(port));
    // The namespace is joined on its own, and the on-open message goes after that.
    WAIT_SUMMARY(log, Direction::Received, u"^connected / sid=\\S+$"_s);
    const int joined = findSummary(log, Direction::Sent, u"^connect /$"_s);
    QVERIFY(joined >= 0);
    QVERIFY(log.record(joined).flags & LogRecord::Automatic);
    WAIT_SUMMARY(log, Direction::Received, u"^emit \"chat\" \\[\"from on-open\"\\]$"_s);
    QVERIFY(findSummary(log, Direction::Sent, u"^emit \"chat\""_s)
            > findSummary(log, Direction::Received, u"^connected /"_s));
    // Engine.IO's pings are answered on their own: still open well past 600 ms.
    QTRY_VERIFY_WITH_TIMEOUT(filtered(&log, u"packet:pong"_s).size() >= 3, 5000);
    QCOMPARE(connection.state(), Connection::State::Open);
    for (const QString &pong : filtered(&log, u"packet:pong"_s))
        QCOMPARE(pong, u"pong"_s);
    const int firstPong = findSummary(log, Direction::Sent, u"^pong$"_s);
    QVERIFY(log.record(firstPong).flags & LogRecord::Automatic);
    QCOMPARE(log.index(firstPong, LogColumn::Type).data().toString(), u"text (automatic)"_s);

    // Emit with an ack: the answer and its latency.
    QVERIFY2(connection.emitEvent(u"/"_s, u"echo"_s, u"{\"a\": 1}"_s, true, &error),
             qPrintable(error));
    WAIT_SUMMARY(log, Direction::Sent, u"^emit \"echo\" \\[\\{\"a\":1\\}\\] ack 0$"_s);
    WAIT_SUMMARY(log, Direction::Received,
                 u"^ack 0 of \"echo\" \\[\\{\"echoed\":\\{\"a\":1\\}\\}\\] in \\d+ ms$"_s);
    // A binary argument goes as an attachment; the server sends it back the same way.
    QVERIFY2(connection.emitEvent(u"/"_s, u"chat"_s, u"[\"file\", {\"_binary\": \"AQID\"}]"_s,
                                  false, &error),
             qPrintable(error));
    WAIT_SUMMARY(log, Direction::Received, u"^attachment 1 of 1 \"chat\"$"_s);
    const int back = findSummary(log, Direction::Received, u"^attachment 1 of 1"_s);
    QCOMPARE(log.payload(back), QByteArray("\x01\x02\x03"));
    // A namespace with auth, joined and left.
    QVERIFY(connection.joinNamespace(u"/admin"_s, u"{\"token\":\"letmein\"}"_s, &error));
    WAIT_SUMMARY(log, Direction::Received, u"^emit /admin \"welcome\" \\[\"admin\"\\]$"_s);
    QVERIFY(connection.leaveNamespace(u"/admin"_s, &error));
    WAIT_SUMMARY(log, Direction::Sent, u"^disconnect /admin$"_s);
    // What cannot be sent is said, and nothing goes.
    const int rows = log.totalCount();
    QVERIFY(!connection.emitEvent(u"/"_s, QString(), u"[]"_s, false, &error));
    QCOMPARE(error, u"An emit needs an event name"_s);
    QVERIFY(!connection.emitEvent(u"/"_s, u"x"_s, u"[1,"_s, false, &error));
    QVERIFY2(error.startsWith(u"The arguments are not JSON"), qPrintable(error));
    QVERIFY(!connection.emitEvent(u"/"_s, u"x"_s, u"[{\"_binary\": \"%%%\"}]"_s, false, &error));
    QCOMPARE(error, u"Argument 1: _binary is not base64"_s);
    QCOMPARE(log.totalCount(), rows);
    connection.close(1000, QString());
}

void tst_DecoderPeers::socketIoClientAgainstMock()
{
    Mock mock;
    const QByteArray rules = R"RULES({"version": 2, "fallback": "none",
        "greetings": [{"sendText": "0{\"sid\":\"mock\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"}],
        "rules": [{"match": {"exact": "40"}, "reply": "40{\"sid\":\"m1\"}"},
                  {"match": {"field": "event:hello"}, "ack": "[\"hi {{json.0}}\"]"}]})RULES";
    QVERIFY(mock.start(rules));
    NodePeer client;
    QVERIFY(client.start(QStringLiteral("decoder-clients.js"),
                         {u"socketio"_s, mock.server.url().toString()}));
    const QJsonObject done = client.waitForEvent(u"done"_s);
    // The rule matched the event by name and answered with an ack of the emit's own id.
    QCOMPARE(done.value(u"answer").toString(), u"hi world"_s);
    MessageLogModel *log = mock.book.combined();
    QTRY_VERIFY(findSummary(*log, Direction::Received, u"^disconnect /$"_s) >= 0);
    const QStringList seen = summaries(*log);
    for (const QString &pattern :
         {u"^Sent: open sid=mock, ping every 25000 ms$"_s, u"^Received: connect /$"_s,
          u"^Sent: connected / sid=m1$"_s, u"^Received: emit \"hello\" \\[\"world\"\\] ack 0$"_s,
          u"^Sent: ack 0 of \"hello\" \\[\"hi world\"\\] in \\d+ ms$"_s}) {
        QVERIFY2(!seen.filter(QRegularExpression(pattern)).isEmpty(),
                 qPrintable(pattern + u"\n" + seen.join(u'\n')));
    }
    QCOMPARE(filtered(log, u"event:hello"_s).size(), 2); // the emit and its ack
}

void tst_DecoderPeers::jsonRpcClientAgainstMock()
{
    // A rule on the decoded method answers with a JSON-RPC result carrying the request's id.
    Mock mock;
    const QByteArray rules = R"RULES({"version": 2, "fallback": "none", "rules": [
        {"match": {"field": "method:subscribe"}, "result": "{\"subscribed\": \"{{json.params.0}}\"}"},
        {"match": {"field": "method:nothing"}, "ack": "[]"}]})RULES";
    QVERIFY(mock.start(rules));
    NodePeer client;
    QVERIFY(client.start(QStringLiteral("decoder-clients.js"),
                         {u"jsonrpc"_s, mock.server.url().toString()}));
    const QJsonObject done = client.waitForEvent(u"done"_s);
    QCOMPARE(done.value(u"answer").toObject().value(u"subscribed").toString(), u"trades"_s);
    MessageLogModel *log = mock.book.combined();
    QTRY_VERIFY(findSummary(*log, Direction::Sent, u"^result #1 .* \\(subscribe\\) in \\d+ ms$"_s)
                >= 0);
    // The rules read back the same, as version 2.
    RuleSet back;
    QString error;
    QVERIFY(RuleSet::fromJson(QJsonDocument(mock.server.rules().toJson()).toJson(), &back, &error));
    QCOMPARE(back.toJson(), mock.server.rules().toJson());
    QCOMPARE(back.toJson().value(u"version").toInt(), 2);
    QCOMPARE(back.rules.front().matchKind, RuleSet::Rule::MatchKind::Field);
    QCOMPARE(back.rules.front().action, RuleSet::Rule::ActionKind::Result);
    // Mistakes are said by place.
    const QByteArray wrong
        = R"RULES({"version": 2, "rules": [{"match": {"field": "hello"}, "reply": "x"}]})RULES";
    QVERIFY(!RuleSet::fromJson(wrong, &back, &error));
    QCOMPARE(error,
             u"rules[0].match.field: “hello” is not a field term (name:pattern, "
             "name=value, name>number, json.PATH=value)"_s);
}

void tst_DecoderPeers::signalRClientAgainstMock()
{
    Mock mock;
    const QByteArray rules = R"RULES({"version": 1, "fallback": "none", "rules": [
        {"match": {"contains": "\"protocol\":\"json\""}, "reply": "{}\u001e"},
        {"match": {"regex": "\"invocationId\":\"(\\d+)\""},
         "reply": "{\"type\":3,\"invocationId\":\"{{match.1}}\",\"result\":\"pong\"}\u001e"}]})RULES";
    QVERIFY(mock.start(rules));
    NodePeer client;
    const QString url
        = mock.server.url().toString().replace(u"ws://"_s, u"http://"_s) + u"/chathub"_s;
    QVERIFY(client.start(QStringLiteral("decoder-clients.js"), {u"signalr"_s, url}));
    const QJsonObject done = client.waitForEvent(u"done"_s);
    QCOMPARE(done.value(u"answer").toString(), u"pong"_s);
    MessageLogModel *log = mock.book.combined();
    QTRY_VERIFY(findSummary(*log, Direction::Received, u"^handshake json v1$"_s) >= 0);
    const QStringList seen = summaries(*log);
    for (const QString &pattern :
         {u"^Sent: handshake accepted$"_s, u"^Received: invoke Ping \\[\"sockscope\"\\] #0$"_s,
          u"^Sent: completion #0 \\(Ping\\) \"pong\" in \\d+ ms$"_s}) {
        QVERIFY2(!seen.filter(QRegularExpression(pattern)).isEmpty(),
                 qPrintable(pattern + u"\n" + seen.join(u'\n')));
    }
    QCOMPARE(filtered(log, u"target:Ping"_s).size(), 2);
}

void tst_DecoderPeers::stompClientAgainstMock()
{
    Mock mock;
    const QByteArray rules = R"RULES({"version": 1, "fallback": "none", "rules": [
        {"match": {"regex": "^CONNECT\n"}, "reply": "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\u0000"},
        {"match": {"regex": "(?s)^DISCONNECT\n.*receipt:([^\n]+)"}, "reply": "RECEIPT\nreceipt-id:{{match.1}}\n\n\u0000"}]})RULES";
    QVERIFY(mock.start(rules, {u"v12.stomp"_s, u"v11.stomp"_s, u"v10.stomp"_s}));
    NodePeer client;
    QVERIFY(client.start(QStringLiteral("decoder-clients.js"),
                         {u"stomp"_s, mock.server.url().toString()}));
    client.waitForEvent(u"done"_s);
    MessageLogModel *log = mock.book.combined();
    QTRY_VERIFY(findSummary(*log, Direction::Received, u"^DISCONNECT$"_s) >= 0);
    const QStringList seen = summaries(*log);
    for (const QString &pattern :
         {u"^Received: CONNECT$"_s, u"^Sent: CONNECTED version 1\\.2$"_s,
          u"^Received: SUBSCRIBE /topic/prices as sub-0$"_s, u"^Received: SEND /queue/orders$"_s,
          u"^Sent: RECEIPT \\S+$"_s}) {
        QVERIFY2(!seen.filter(QRegularExpression(pattern)).isEmpty(),
                 qPrintable(pattern + u"\n" + seen.join(u'\n')));
    }
    QCOMPARE(filtered(log, u"destination:/queue/* json.type=order"_s),
             QStringList {u"SEND /queue/orders"_s});
}

void tst_DecoderPeers::composerFramesAgainstServers_data()
{
    // Each step: a helper's protocol, its name and its fields ("key=value", split at "; "),
    // then the summaries of what the server answers, in order.
    QTest::addColumn<QString>("server"); // protocol-servers.js's kind
    QTest::addColumn<QString>("subprotocol");
    QTest::addColumn<QList<QStringList>>("steps"); // {protocol, name, fields, answers...}
    QTest::newRow("MQTT against aedes")
        << u"mqtt"_s << u"mqtt"_s
        << QList<QStringList> {
               {u"MQTT"_s, u"CONNECT"_s, u"client=sockscope-1"_s, u"^CONNACK accepted$"_s},
               {u"MQTT"_s, u"SUBSCRIBE"_s, u"topic=sensors/#; qos=1; packet=1"_s,
                u"^SUBACK #1 qos1$"_s},
               {u"MQTT"_s, u"PUBLISH"_s, u"topic=sensors/1; payload={\"t\":21}; qos=1; packet=2"_s,
                u"^PUBACK #2$"_s, u"^PUBLISH sensors/1 qos1 #\\d+$"_s},
               {u"MQTT"_s, u"PINGREQ"_s, QString(), u"^PINGRESP$"_s},
           };
    QTest::newRow("GraphQL-WS against graphql-ws")
        << u"graphql"_s << u"graphql-transport-ws"_s
        << QList<QStringList> {
               {u"GraphQL-WS"_s, u"connection_init"_s, u"payload="_s, u"^connection_ack$"_s},
               {u"GraphQL-WS"_s, u"subscribe"_s, u"id=1; query=subscription { greetings }"_s,
                u"^next #1 .*Hi"_s, u"^next #1 .*Bonjour"_s, u"^next #1 .*Hola"_s,
                u"^complete #1"_s},
               {u"GraphQL-WS"_s, u"subscribe"_s, u"id=2; query=query Greeting { hello }"_s,
                u"^next #2 Greeting \\{\"data\":\\{\"hello\":\"world\"\\}\\} in \\d+ ms$"_s,
                u"^complete #2 Greeting$"_s},
           };
    QTest::newRow("JSON-RPC against json-rpc-2.0")
        << u"jsonrpc"_s << QString()
        << QList<QStringList> {
               {u"JSON-RPC"_s, u"Call"_s, u"method=add; params=[2,3]"_s,
                u"^result #1 5 \\(add\\) in \\d+ ms$"_s},
               {u"JSON-RPC"_s, u"Notification"_s, u"method=log; params={\"m\":\"x\"}"_s},
               {u"JSON-RPC"_s, u"Call"_s, u"method=add; params=[40,2]"_s,
                u"^result #2 42 \\(add\\) in \\d+ ms$"_s},
           };
}

void tst_DecoderPeers::composerFramesAgainstServers()
{
    // The frames the composer's helpers build, sent as a user sends them, and what servers
    // nobody here wrote answer: each answer read back from the log's Summary column, in order.
    QFETCH(QString, server);
    QFETCH(QString, subprotocol);
    QFETCH(QList<QStringList>, steps);
    NodePeer peer;
    const int port = peer.startListening(u"protocol-servers.js"_s, {server});
    QVERIFY(port > 0);
    MessageLogModel log;
    Connection connection(&log);
    ConnectionOptions options;
    if (!subprotocol.isEmpty())
        options.subprotocols = {subprotocol};
    connection.setOptions(options);
    QString error;
    QVERIFY2(connection.open(u"ws://127.0.0.1:%1/"_s.arg(port), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(connection.state() == Connection::State::Open, 5000);
    qint64 ids = 0;
    const QList<ProtocolHelper> helpers = ProtocolHelper::all([&] { return ++ids; });
    int from = 0;
    for (const QStringList &step : std::as_const(steps)) {
        const auto helper = std::find_if(helpers.begin(), helpers.end(), [&](const auto &h) {
            return h.protocol == step.at(0) && h.name == step.at(1);
        });
        QVERIFY2(helper != helpers.end(), qPrintable(step.join(u' ')));
        QMap<QString, QString> values; // the form's defaults, then what the user typed
        for (const ProtocolHelper::Field &field : helper->fields)
            values.insert(field.key, field.value);
        for (const QString &field : step.at(2).split(u"; "_s, Qt::SkipEmptyParts))
            values.insert(field.section(u'=', 0, 0), field.section(u'=', 1));
        Result<ProtocolHelper::Message> built = helper->build(values);
        QVERIFY2(built, qPrintable(built ? QString() : built.error()));
        const ProtocolHelper::Message message = std::move(built).value();
        QVERIFY(message.binary ? connection.sendBinary(message.data, &error)
                               : connection.sendText(QString::fromUtf8(message.data), &error));
        for (const QString &answer : step.mid(3)) {
            QTRY_VERIFY2_WITH_TIMEOUT(findSummary(log, Direction::Received, answer, from) >= 0,
                                      qPrintable(answer + u"\n"_s + summaries(log).join(u'\n')),
                                      10000);
            from = findSummary(log, Direction::Received, answer, from) + 1;
        }
    }
    // Nothing either side sent reads as a broken frame.
    for (const QString &line : summaries(log))
        QVERIFY2(!line.contains(u": Not "_s) && !line.contains(u"broken"_s), qPrintable(line));
}

QTEST_GUILESS_MAIN(tst_DecoderPeers)
#include "tst_decoderpeers.moc"
