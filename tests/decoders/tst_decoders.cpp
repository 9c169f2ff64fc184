// The decoders: what each makes of messages written by its protocol's own library (npm peers,
// tests/peers/decoder-samples.js), read through a message log as the Summary column, the
// inspector and the filter read them; then one interface suite run over every registered
// decoder (garbage never crashes, summaries stay one line), and the filter's field terms.

#include "testsupport.h"

#include "connection/protocolhelpers.h"
#include "decoders/decoderregistry.h"
#include "decoders/jsonvalue.h"
#include "decoders/protobuf/protoschema.h"
#include "log/fieldterms.h"
#include "log/filteredlogmodel.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace Sockscope;

class tst_Decoders : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void conversation_data();
    void conversation();
    void logFeedsItsDecodersOnceRowsStop_data();
    void logFeedsItsDecodersOnceRowsStop();
    void summaryFarAheadComesOnceDecodersAreFed();
    void decodeAsOverridesAndNoneTurnsOff();
    void protoSchemaLoads();
    void protoSchemaErrors_data();
    void protoSchemaErrors();
    void secretsAreMaskedBeforeDecoding();
    void serverClientsEachDecodedAsTheirOwn();
    void everyDecoder_data();
    void everyDecoder();
    void fieldTermsParse_data();
    void fieldTermsParse();
    void filterOnDecodedFields_data();
    void filterOnDecodedFields();
    void filterSkipsRowsThatCannotMatch_data();
    void filterSkipsRowsThatCannotMatch();
    void fieldReaderReadsAsParseDoes_data();
    void fieldReaderReadsAsParseDoes();
    void pathsReadAloneAsTheWholeValue_data();
    void pathsReadAloneAsTheWholeValue();
    void scalarTextWritesNumbersAsJson_data();
    void scalarTextWritesNumbersAsJson();
    void protocolHelpersBuildWhatDecodersRead_data();
    void protocolHelpersBuildWhatDecodersRead();

private:
    // The conversation of decoder-samples.js with this name; empty if there is none.
    QJsonObject conversationNamed(const QString &name) const;
    QJsonArray m_conversations;
};

namespace {
// A .proto file of tests/decoders/proto/ ("market/quote.proto").
QString protoFile(const QString &name)
{
    return QStringLiteral(SOCKSCOPE_PEERS_DIR "/../decoders/proto/") + name;
}

// A log holding one conversation: its Open row with the connection's facts, then its messages.
void fill(MessageLogModel *log, const QJsonObject &conversation, qint64 t0 = 1'700'000'000'000)
{
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = conversation.value(u"url").toString();
    facts->subprotocol = conversation.value(u"subprotocol").toString();
    LogEvent open = LogEvent::now(Direction::Lifecycle, EventType::Open, "Connected");
    open.timestampMs = t0;
    open.facts = facts;
    log->append(open);
    for (const QJsonValue &m : conversation.value(u"messages").toArray()) {
        const QJsonObject o = m.toObject();
        LogEvent e;
        e.timestampMs = t0 + o.value(u"atMs").toInteger();
        e.direction = o.value(u"dir").toString() == u"sent" ? Direction::Sent : Direction::Received;
        e.type = o.value(u"binary").toBool() ? EventType::Binary : EventType::Text;
        e.data = QByteArray::fromBase64(o.value(u"base64").toString().toLatin1());
        log->append(e);
    }
    log->flush();
}

// The conversation's "Decode as" choice (a .proto message type loads its file).
void decodeAsChosen(MessageLogModel *log, const QJsonObject &conversation)
{
    const QString decodeAs = conversation.value(u"decodeAs").toString();
    if (const QString proto = conversation.value(u"proto").toString(); !proto.isEmpty()) {
        QString error;
        const auto schema = ProtoSchema::load(protoFile(proto), &error);
        QVERIFY2(schema, qPrintable(error));
        log->setDecoder(std::make_shared<ProtobufSchemaDecoder>(schema, decodeAs.mid(6)));
    } else {
        log->setDecodeAs(decodeAs);
    }
}

bool hasField(const Decoded &d, const QString &name, const QString &value)
{
    for (const auto &[k, v] : d.fields) {
        if (k == name && v == value)
            return true;
    }
    return false;
}

QString fieldsText(const Decoded &d)
{
    QStringList parts;
    for (const auto &[k, v] : d.fields)
        parts << k + u'=' + v;
    return parts.join(u", ");
}

bool treeHolds(const DecodedNode &node, const QString &text)
{
    if (node.name.contains(text) || node.value.contains(text))
        return true;
    for (const DecodedNode &child : node.children) {
        if (treeHolds(child, text))
            return true;
    }
    return false;
}

bool oneLine(const QString &s)
{
    return !s.contains(u'\n') && !s.contains(u'\r') && s.size() <= 200;
}
} // namespace

void tst_Decoders::initTestCase()
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(SOCKSCOPE_PEERS_DIR));
    node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    node.start(QStringLiteral(SOCKSCOPE_NODE), {QStringLiteral("decoder-samples.js")});
    QVERIFY(node.waitForFinished(60'000));
    QCOMPARE(node.exitCode(), 0);
    QJsonParseError error;
    m_conversations = QJsonDocument::fromJson(node.readAllStandardOutput(), &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(m_conversations.size() >= 10);
}

QJsonObject tst_Decoders::conversationNamed(const QString &name) const
{
    for (const QJsonValue &c : m_conversations) {
        if (c.toObject().value(u"name").toString() == name)
            return c.toObject();
    }
    return {};
}

void tst_Decoders::conversation_data()
{
    QTest::addColumn<QJsonObject>("conversation");
    for (const QJsonValue &c : std::as_const(m_conversations))
        QTest::newRow(qPrintable(c.toObject().value(u"name").toString())) << c.toObject();
}

void tst_Decoders::conversation()
{
    QFETCH(QJsonObject, conversation);
    MessageLogModel log;
    const QString decodeAs = conversation.value(u"decodeAs").toString();
    decodeAsChosen(&log, conversation);
    QCOMPARE(log.decodeAs(), decodeAs);
    fill(&log, conversation);
    const QJsonArray messages = conversation.value(u"messages").toArray();
    QCOMPARE(log.rowCount(), messages.size() + 1);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const int row = int(i) + 1;
        const QJsonObject expect = messages.at(i).toObject().value(u"expect").toObject();
        const QString summary = log.index(row, LogColumn::Summary).data().toString();
        const Decoded decoded = log.decoded(row);
        const QByteArray where = QStringLiteral("message %1: summary “%2”, fields %3")
                                     .arg(i + 1)
                                     .arg(summary, fieldsText(decoded))
                                     .toUtf8();
        QVERIFY2(oneLine(summary), where.constData());
        QCOMPARE(decoded.summary, summary);
        if (expect.contains(u"summary")) {
            const QRegularExpression pattern(expect.value(u"summary").toString());
            QVERIFY2(pattern.match(summary).hasMatch(), where.constData());
        }
        const QJsonObject fields = expect.value(u"fields").toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            QVERIFY2(hasField(decoded, it.key(), it.value().toString()),
                     QByteArray(where + " lacks " + it.key().toUtf8() + "="
                                + it.value().toString().toUtf8())
                         .constData());
        const QJsonObject json = expect.value(u"json").toObject();
        for (auto it = json.begin(); it != json.end(); ++it)
            QVERIFY2(
                JsonValue::scalarText(JsonValue::at(decoded.value, it.key()))
                    == it.value().toString(),
                QByteArray(where + " json." + it.key().toUtf8() + " is "
                           + JsonValue::scalarText(JsonValue::at(decoded.value, it.key())).toUtf8())
                    .constData());
        for (const QJsonValue &hidden : expect.value(u"notIn").toArray()) {
            QVERIFY2(!summary.contains(hidden.toString()), where.constData());
            QVERIFY2(!treeHolds(decoded.tree, hidden.toString()), where.constData());
        }
        // The tree has a node per layer, named after its protocol.
        QCOMPARE(decoded.tree.children.size(), decoded.protocols.size());
        // The filter asks only for the fields its terms name, and the values at its json.
        // paths: each is what decoding the whole message gives.
        const QStringList noPaths;
        for (const QString &name : FieldTerm::names()) {
            const QStringList wanted {name};
            const Decoded alone = log.decoded(row, DecodeContext::kFieldsOnly, &noPaths, &wanted);
            QList<std::pair<QString, QString>> expected;
            for (const auto &field : decoded.fields) {
                if (field.first == name)
                    expected << field;
            }
            QVERIFY2(alone.fields == expected,
                     QByteArray(where + " field " + name.toUtf8()).constData());
            if (name == u"protocol")
                QCOMPARE(alone.protocols, decoded.protocols);
            else // layers that give no fields are left unread
                QCOMPARE(alone.protocols,
                         decoded.protocols.first(
                             qMin(alone.protocols.size(), decoded.protocols.size())));
        }
        const QStringList noFields;
        for (auto it = json.begin(); it != json.end(); ++it) {
            const QStringList paths {it.key()};
            const Decoded alone = log.decoded(row, DecodeContext::kFieldsOnly, &paths, &noFields);
            QVERIFY2(JsonValue::scalarText(alone.valueAt(it.key())) == it.value().toString(),
                     QByteArray(where + " json." + it.key().toUtf8() + " read alone is "
                                + JsonValue::scalarText(alone.valueAt(it.key())).toUtf8())
                         .constData());
            QVERIFY2(alone.fields.isEmpty(), where.constData());
        }
    }
}

void tst_Decoders::logFeedsItsDecodersOnceRowsStop_data()
{
    conversation_data();
}

void tst_Decoders::logFeedsItsDecodersOnceRowsStop()
{
    // A log fed in the background decodes every row as a log fed as rows are asked for.
    QFETCH(QJsonObject, conversation);
    const auto filled = [&](MessageLogModel *log) {
        decodeAsChosen(log, conversation);
        for (int i = 0; i < 300; ++i)
            fill(log, conversation, 1'700'000'000'000 + i * 10'000);
    };
    MessageLogModel fedAhead;
    filled(&fedAhead);
    QCOMPARE(fedAhead.untrackedRows(), fedAhead.rowCount()); // not while rows come
    QTRY_COMPARE_WITH_TIMEOUT(fedAhead.untrackedRows(), 0, 20'000);
    MessageLogModel fedLate; // no event loop from here on: fed only as rows are decoded
    filled(&fedLate);
    QCOMPARE(fedLate.rowCount(), fedAhead.rowCount());
    for (int row = fedLate.rowCount() - 1; row >= 0; --row) {
        const Decoded late = fedLate.decoded(row, 0);
        const Decoded ahead = fedAhead.decoded(row, 0);
        QVERIFY2(late.summary == ahead.summary && late.fields == ahead.fields,
                 qPrintable(u"row %1: %2 | %3 against %4 | %5"_qs.arg(row).arg(
                     ahead.summary, fieldsText(ahead), late.summary, fieldsText(late))));
    }
    // Another choice feeds the decoders again; none feeds nothing.
    fedAhead.setDecodeAs(u"none"_qs);
    QCOMPARE(fedAhead.untrackedRows(), 0);
    decodeAsChosen(&fedAhead, conversation);
    QCOMPARE(fedAhead.untrackedRows(), fedAhead.rowCount());
    QTRY_COMPARE_WITH_TIMEOUT(fedAhead.untrackedRows(), 0, 20'000);
}

void tst_Decoders::summaryFarAheadComesOnceDecodersAreFed()
{
    // An opened log shown at its end: its last rows' Summary cells do not wait for the decoders
    // to be fed every row before them; they are empty, then filled when the log has fed them.
    const QJsonObject rpc = conversationNamed(u"json-rpc"_qs);
    QVERIFY(!rpc.isEmpty());
    MessageLogModel log;
    while (log.rowCount() <= MessageLogModel::kTrackInlineRows + 100)
        fill(&log, rpc, 1'700'000'000'000 + log.rowCount() * 1000);
    FilteredLogModel shown(&log);
    QSignalSpy summaries(&shown, &QAbstractItemModel::dataChanged);
    const int last = log.rowCount() - 1;
    QCOMPARE(log.index(last, LogColumn::Summary).data().toString(), QString());
    QCOMPARE(log.untrackedRows(), log.rowCount()); // nothing fed for it now
    QVERIFY(summaries.wait(20'000));
    QCOMPARE(log.untrackedRows(), 0);
    const QModelIndex topLeft = summaries.last().at(0).toModelIndex();
    const QModelIndex bottomRight = summaries.last().at(1).toModelIndex();
    QCOMPARE(topLeft.column(), int(LogColumn::Summary));
    QCOMPARE(bottomRight.row(), last);
    const QString summary = log.index(last, LogColumn::Summary).data().toString();
    QVERIFY2(summary.startsWith(u"error #2 -32601") && summary.contains(u"(nope) in "),
             qPrintable(summary));
    // Rows within reach are decoded at once.
    log.setDecodeAs(u"jsonrpc"_qs);
    QCOMPARE(log.index(MessageLogModel::kTrackInlineRows / 2, LogColumn::Summary).data(),
             QVariant(log.decoded(MessageLogModel::kTrackInlineRows / 2, 0).summary));
    QVERIFY(!log.decoded(MessageLogModel::kTrackInlineRows / 2, 0).summary.isEmpty());
}

void tst_Decoders::decodeAsOverridesAndNoneTurnsOff()
{
    // The raw deflate conversation reads as nothing until "Decode as" says deflate.
    const QJsonObject raw = conversationNamed(u"raw deflate"_qs);
    QVERIFY(!raw.isEmpty());
    MessageLogModel log;
    fill(&log, raw);
    QCOMPARE(log.index(1, LogColumn::Summary).data().toString(), QString());
    QSignalSpy changed(&log, &MessageLogModel::decodingChanged);
    QSignalSpy cells(&log, &QAbstractItemModel::dataChanged);
    log.setDecodeAs(QStringLiteral("deflate"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cells.size(), 1);
    QCOMPARE(log.index(1, LogColumn::Summary).data().toString(), u"type=raw"_qs);
    log.setDecodeAs(QStringLiteral("none"));
    QCOMPARE(log.index(1, LogColumn::Summary).data().toString(), QString());
    QVERIFY(log.decoded(1).isEmpty());
    // A wrong choice says what is wrong instead of guessing.
    log.setDecodeAs(QStringLiteral("mqtt"));
    QVERIFY2(log.index(1, LogColumn::Summary).data().toString().startsWith(u"MQTT: "),
             qPrintable(log.index(1, LogColumn::Summary).data().toString()));
}

void tst_Decoders::protoSchemaLoads()
{
    QString error;
    const auto schema = ProtoSchema::load(protoFile(u"market/quote.proto"_qs), &error);
    QVERIFY2(schema, qPrintable(error));
    // The file's own types, nested ones too; a map's hidden entry type is not offered.
    QCOMPARE(schema->messageTypes(), (QStringList {u"market.Quote"_qs, u"market.Quote.Leg"_qs}));
    // Decoded as another of its types, the same log reads again, and a filter finds a field.
    const QJsonObject quotes = conversationNamed(u"protobuf with a .proto"_qs);
    QVERIFY(!quotes.isEmpty());
    MessageLogModel log;
    fill(&log, quotes);
    log.setDecoder(std::make_shared<ProtobufSchemaDecoder>(schema, u"market.Quote"_qs));
    FilteredLogModel filtered(&log);
    QSignalSpy finished(&filtered, &FilteredLogModel::filterFinished);
    LogFilterSpec spec;
    spec.text = u"json.symbol=NEW type:market.Quote"_qs;
    QVERIFY(filtered.setFilter(spec));
    QVERIFY(finished.wait(5000));
    QCOMPARE(filtered.rowCount(), 1);
    QVERIFY(filtered.index(0, LogColumn::Summary)
                .data()
                .toString()
                .startsWith(u"Quote {\"symbol\":\"NEW\""));
    // The value the filter reads (made from the fields) is the JSON libprotobuf prints.
    for (const QJsonValue &m : quotes.value(u"messages").toArray()) {
        const QByteArray bytes = QByteArray::fromBase64(m[u"base64"].toString().toLatin1());
        const ProtoSchema::Message withText = schema->decode(bytes, u"market.Quote"_qs);
        const ProtoSchema::Message fieldsOnly = schema->decode(bytes, u"market.Quote"_qs, false);
        QCOMPARE(fieldsOnly.problem, withText.problem);
        QVERIFY(fieldsOnly.text.isEmpty());
        if (withText.problem.isEmpty()) {
            QCOMPARE(fieldsOnly.value, JsonValue::parse(withText.text.toUtf8()));
            QCOMPARE(withText.value, fieldsOnly.value);
        }
    }
    // The tree keeps the .proto's order of fields (the JSON it is made from sorts its keys).
    const DecodedNode quote = log.decoded(1).tree.children.first();
    QStringList order;
    for (const DecodedNode &child : quote.children)
        order << child.name;
    QCOMPARE(order.join(u' '), u"symbol price size venue ticks side tags at note legs"_qs);
    QCOMPARE(quote.children.at(3).children.first().name, u"name"_qs); // Venue: name, then id
    QCOMPARE(quote.children.at(9).children.first().children.first().name, u"symbol"_qs);
    log.setDecoder(std::make_shared<ProtobufSchemaDecoder>(schema, u"market.Quote.Leg"_qs));
    QCOMPARE(log.decodeAs(), u"proto:market.Quote.Leg"_qs);
    QVERIFY2(
        log.index(1, LogColumn::Summary).data().toString().startsWith(u"Leg {\"symbol\":\"ACME\""),
        qPrintable(log.index(1, LogColumn::Summary).data().toString()));
    // The inspector's tree: the layer names the type, under it the fields.
    const Decoded d = log.decoded(2);
    QCOMPARE(d.tree.children.size(), 1);
    QCOMPARE(d.tree.children.first().value, u"market.Quote.Leg"_qs);
    // On an MQTT connection, the .proto type reads what each PUBLISH carries; a registered
    // payload format (JSON) does the same; the MQTT layer stays first.
    MessageLogModel mqtt;
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = u"ws://broker/mqtt"_qs;
    facts->subprotocol = u"mqtt"_qs;
    LogEvent opened = LogEvent::now(Direction::Lifecycle, EventType::Open, "Connected");
    opened.facts = facts;
    mqtt.append(opened);
    const auto publish = [&](const QByteArray &body) {
        QByteArray packet("\x30");
        packet += char(2 + 3 + body.size()); // short bodies: a one-byte remaining length
        packet += QByteArray("\x00\x03q/1", 5) + body;
        mqtt.append(LogEvent::now(Direction::Received, EventType::Binary, packet));
    };
    const QByteArray firstQuote = QByteArray::fromBase64(
        quotes.value(u"messages").toArray().first()[u"base64"].toString().toLatin1());
    publish(firstQuote);
    publish(R"({"symbol":"JSON"})");
    mqtt.flush();
    mqtt.setDecoder(std::make_shared<ProtobufSchemaDecoder>(schema, u"market.Quote"_qs));
    Decoded inMqtt = mqtt.decoded(1);
    QCOMPARE(inMqtt.protocols, (QStringList {u"MQTT"_qs, u"Protobuf"_qs}));
    QCOMPARE(inMqtt.summary, u"PUBLISH q/1 qos0"_qs);
    QCOMPARE(JsonValue::scalarText(JsonValue::at(inMqtt.value, u"venue.name")), u"XNYS"_qs);
    QCOMPARE(inMqtt.field(u"topic"), u"q/1"_qs);
    mqtt.setDecodeAs(u"json"_qs);
    inMqtt = mqtt.decoded(2);
    QCOMPARE(inMqtt.protocols, (QStringList {u"MQTT"_qs, u"JSON"_qs}));
    QCOMPARE(JsonValue::scalarText(JsonValue::at(inMqtt.value, u"symbol")), u"JSON"_qs);
    // Without a framing protocol named by the connection, the choice reads the whole message.
    QCOMPARE(log.decoded(1).protocols.first(), u"Protobuf"_qs);

    // Back to a registered decoder: the user's own one is let go.
    log.setDecodeAs(u"protobuf"_qs);
    QCOMPARE(log.decodeAs(), u"protobuf"_qs);
    QVERIFY(log.index(1, LogColumn::Summary).data().toString().startsWith(u"1=ACME"));
}

void tst_Decoders::protoSchemaErrors_data()
{
    // A .proto file's text (empty: no file at all) and what the user is told.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // a regular expression
    QTest::newRow("no such file") << QString() << u"^.*broken\\.proto cannot be read"_qs;
    QTest::newRow("syntax error") << u"syntax = \"proto3\";\nmessage A {\n  string a = 1\n}\n"_qs
                                  << u"^broken\\.proto:4:1: Expected \";\"\\."_qs;
    QTest::newRow("missing import")
        << u"syntax = \"proto3\";\nimport \"nope/missing.proto\";\nmessage A { int32 a = 1; }\n"_qs
        << u"nope/missing\\.proto"_qs;
    QTest::newRow("undefined type") << u"syntax = \"proto3\";\nmessage A { Missing m = 1; }\n"_qs
                                    << u"^broken\\.proto:2:13: \"Missing\" is not defined\\."_qs;
    QTest::newRow("no message types") << u"syntax = \"proto3\";\nenum E { E_ZERO = 0; }\n"_qs
                                      << u"^broken\\.proto defines no message type$"_qs;
    QTest::newRow("not a .proto at all")
        << u"\x7f\x45LF garbage {{{"_qs << u"^broken\\.proto:1:1: "_qs;
}

void tst_Decoders::protoSchemaErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.proto"_qs);
    if (!text.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
    }
    QString error;
    QVERIFY(!ProtoSchema::load(path, &error));
    QVERIFY2(QRegularExpression(expected).match(error).hasMatch(), qPrintable(error));
}

void tst_Decoders::serverClientsEachDecodedAsTheirOwn()
{
    // A server's log interleaves its clients: a Socket.IO client, then a JSON-RPC client
    // connects, then both speak. Each row is decoded with its own client's decoder (and ids).
    MessageLogModel log;
    const auto open = [&](quint32 client, const QString &url, const QString &subprotocol) {
        auto facts = std::make_shared<ConnectionFacts>();
        facts->url = url;
        facts->subprotocol = subprotocol;
        LogEvent e = LogEvent::now(Direction::Lifecycle, EventType::Open, "Connected");
        e.facts = facts;
        log.appendFrom(client, e);
    };
    const auto text = [&](quint32 client, Direction direction, const QByteArray &bytes) {
        log.appendFrom(client, LogEvent::now(direction, EventType::Text, bytes));
    };
    open(1, u"ws://h/socket.io/?EIO=4&transport=websocket"_qs, QString());
    open(2, u"ws://h/rpc"_qs, u"jsonrpc"_qs);
    text(1, Direction::Received, R"(421["chat","hi"])");
    text(2, Direction::Received, R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":1})");
    text(1, Direction::Sent, R"(431["ok"])");
    text(2, Direction::Sent, R"({"jsonrpc":"2.0","result":3,"id":1})");
    open(1, u"ws://h/socket.io/?EIO=4&transport=websocket"_qs, QString()); // client 1 again
    text(2, Direction::Received, R"({"jsonrpc":"2.0","method":"add","params":[2,2],"id":2})");
    log.flush();
    QStringList summaries;
    for (int row = 0; row < log.rowCount(); ++row)
        summaries << log.index(row, LogColumn::Summary).data().toString();
    QCOMPARE(summaries.at(2), u"emit \"chat\" [\"hi\"] ack 1"_qs);
    QCOMPARE(summaries.at(3), u"call add #1 [1,2]"_qs);
    QVERIFY2(summaries.at(4).startsWith(u"ack 1 of \"chat\" [\"ok\"]"),
             qPrintable(summaries.at(4)));
    QVERIFY2(summaries.at(5).startsWith(u"result #1 3 (add)"), qPrintable(summaries.at(5)));
    QCOMPARE(summaries.at(7), u"call add #2 [2,2]"_qs); // client 2's, after client 1's new Open
    // Dropping the oldest rows keeps each client's connection.
    log.setLimits(5, 0);
    log.flush();
    QVERIFY(log.rowCount() < 8);
    QCOMPARE(log.index(log.rowCount() - 1, LogColumn::Summary).data().toString(),
             u"call add #2 [2,2]"_qs);
}

void tst_Decoders::secretsAreMaskedBeforeDecoding()
{
    MessageLogModel log;
    log.addSecrets({QStringLiteral("s3cret-token")});
    QJsonObject c {
        {u"url"_qs, u"ws://h/socket.io/?EIO=4&transport=websocket"_qs},
        {u"messages"_qs,
         QJsonArray {QJsonObject {
             {u"dir"_qs, u"sent"_qs},
             {u"base64"_qs,
              QString::fromLatin1(QByteArray(R"(40/admin,{"token":"s3cret-token"})").toBase64())},
             {u"atMs"_qs, 1}}}}};
    fill(&log, c);
    const Decoded d = log.decoded(1);
    QVERIFY2(d.summary.startsWith(u"connect /admin"), qPrintable(d.summary));
    QVERIFY(!d.summary.contains(u"s3cret-token"));
    QVERIFY(!treeHolds(d.tree, QStringLiteral("s3cret-token")));
}

void tst_Decoders::everyDecoder_data()
{
    QTest::addColumn<QString>("id");
    for (const auto &d : DecoderRegistry::standard().decoders())
        QTest::newRow(qPrintable(d->id())) << d->id();
}

void tst_Decoders::everyDecoder()
{
    // Okteta-style: the same checks over every decoder. Inputs: every sample, cut at every
    // length and with bytes flipped, and random bytes; as text and as binary.
    QFETCH(QString, id);
    const DecoderRegistry &registry = DecoderRegistry::standard();
    const Decoder *decoder = registry.byId(id);
    QVERIFY(decoder);
    QVERIFY(!decoder->name().isEmpty());
    QList<QByteArray> inputs {QByteArray(), QByteArray(1, '\0'), QByteArray(100000, '{'),
                              QByteArray(100000, '['), QByteArray(5000, '\x91')};
    for (const QJsonValue &c : std::as_const(m_conversations)) {
        for (const QJsonValue &m : c.toObject().value(u"messages").toArray()) {
            const QByteArray sample
                = QByteArray::fromBase64(m.toObject().value(u"base64").toString().toLatin1());
            inputs << sample;
            for (qsizetype cut = 0; cut < sample.size() && cut < 400; cut += 1 + cut / 16)
                inputs << sample.first(cut);
            for (int flip = 0; flip < 8 && !sample.isEmpty(); ++flip) {
                QByteArray flipped = sample;
                flipped[flip * 7 % flipped.size()] ^= char(1 << flip);
                inputs << flipped;
            }
        }
    }
    QRandomGenerator random(17);
    for (int i = 0; i < 2000; ++i) {
        QByteArray bytes(random.bounded(300), Qt::Uninitialized);
        for (char &b : bytes)
            b = char(random.bounded(256));
        inputs << bytes;
    }
    std::unique_ptr<DecoderState> state = decoder->newState();
    quint64 seq = 0;
    for (const QByteArray &input : std::as_const(inputs)) {
        for (const bool binary : {false, true}) {
            DecodeContext context {binary ? Direction::Received : Direction::Sent, binary, 0,
                                   ++seq};
            const Tracked tracked = state ? decoder->track(input, context, state.get()) : Tracked();
            decoder->recognises(input, binary);
            const DecodedLayer layer = decoder->decode(input, context, state.get(), tracked);
            QVERIFY2(oneLine(layer.summary), qPrintable(layer.summary));
            const Decoded stacked = registry.decode(input, context, decoder, state.get(), tracked);
            QVERIFY2(oneLine(stacked.summary), qPrintable(stacked.summary));
            QVERIFY(!stacked.protocols.isEmpty());
            QCOMPARE(stacked.protocols.first(), decoder->name());
            QVERIFY(stacked.tree.size() <= 6 * 5000);
            QCOMPARE(layer.ok(), layer.problem.isEmpty());
        }
    }
}

void tst_Decoders::fieldTermsParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rest");
    QTest::addColumn<QStringList>("terms");
    QTest::newRow("plain") << u"hello world"_qs << u"hello world"_qs << QStringList();
    QTest::newRow("event") << u"event:chat"_qs << QString() << QStringList {u"event:chat"_qs};
    QTest::newRow("mixed") << u"hi  event:chat   there"_qs << u"hi there"_qs
                           << QStringList {u"event:chat"_qs};
    QTest::newRow("json path keeps case") << u"json.Data.Items[0]=Trade"_qs << QString()
                                          << QStringList {u"json.Data.Items[0]=Trade"_qs};
    QTest::newRow("compare") << u"latency>100"_qs << QString() << QStringList {u"latency>100"_qs};
    QTest::newRow("not a field") << u"http://example.com"_qs << u"http://example.com"_qs
                                 << QStringList();
    QTest::newRow("quoted json is text")
        << u"\"type\":\"trade\""_qs << u"\"type\":\"trade\""_qs << QStringList();
    QTest::newRow("upper-case name")
        << u"EVENT:chat"_qs << QString() << QStringList {u"event:chat"_qs};
}

void tst_Decoders::fieldTermsParse()
{
    QFETCH(QString, text);
    QFETCH(QString, rest);
    QFETCH(QStringList, terms);
    QList<FieldTerm> parsed;
    QCOMPARE(FieldTerm::split(text, &parsed), rest);
    QStringList shown;
    for (const FieldTerm &t : parsed) {
        const char op = t.op == FieldTerm::Op::Equals ? '='
            : t.op == FieldTerm::Op::Greater          ? '>'
            : t.op == FieldTerm::Op::Less             ? '<'
                                                      : ':';
        shown << t.name + QLatin1Char(op) + t.value;
    }
    QCOMPARE(shown, terms);
}

void tst_Decoders::filterOnDecodedFields_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("summaries"); // of the rows shown, in order
    QTest::newRow("event") << u"event:chat"_qs << QStringList {u"emit \"chat\" [\"hi\"]"_qs};
    QTest::newRow("event glob and namespace")
        << u"event:k* namespace:/admin"_qs
        << QStringList {u"emit /admin \"kick\" [{\"user\":\"bob\"}] ack 3"_qs,
                        u"ack /admin 3 of \"kick\" [\"done\"] in 12 ms"_qs};
    QTest::newRow("destination glob")
        << u"destination:/topic/*"_qs
        << QStringList {u"SUBSCRIBE /topic/prices as sub-0"_qs, u"MESSAGE /topic/prices"_qs};
    QTest::newRow("method") << u"method:subscribe kind:request"_qs
                            << QStringList {u"call subscribe #1 [\"trades\"]"_qs};
    QTest::newRow("mqtt wildcard") << u"topic:sensors/# packet:publish"_qs
                                   << QStringList {u"PUBLISH sensors/1 qos1 #12"_qs,
                                                   u"PUBLISH sensors/kitchen/temp qos1 #7"_qs};
    QTest::newRow("mqtt single level")
        << u"topic:sensors/+/temp"_qs << QStringList {u"PUBLISH sensors/kitchen/temp qos1 #7"_qs};
    QTest::newRow("json path") << u"json.type=trade protocol:stomp"_qs
                               << QStringList {u"MESSAGE /topic/prices"_qs};
    QTest::newRow("latency")
        << u"latency>10"_qs
        << QStringList {u"ack /admin 3 of \"kick\" [\"done\"] in 12 ms"_qs,
                        u"result #1 {\"subscribed\":\"trades\"} (subscribe) in 12 ms"_qs,
                        u"next #1 OnPrice {\"data\":{\"price\":12.5}} in 30 ms"_qs};
    QTest::newRow("term and text")
        << u"protocol:mqtt door"_qs << QStringList {u"PUBLISH alerts qos0 retained"_qs};
    QTest::newRow("nothing") << u"event:nosuch"_qs << QStringList();
}

void tst_Decoders::filterOnDecodedFields()
{
    QFETCH(QString, text);
    QFETCH(QStringList, summaries);
    // Every conversation in one log, each after its own Open row, as reconnects make them.
    MessageLogModel log;
    for (const QString &name : {u"socket.io"_qs, u"stomp"_qs, u"json-rpc"_qs, u"mqtt 3.1.1"_qs,
                                u"mqtt 5"_qs, u"graphql-transport-ws"_qs}) {
        const QJsonObject conversation = conversationNamed(name);
        QVERIFY2(!conversation.isEmpty(), qPrintable(name));
        fill(&log, conversation);
    }
    FilteredLogModel filtered(&log);
    QSignalSpy finished(&filtered, &FilteredLogModel::filterFinished);
    LogFilterSpec spec;
    spec.text = text;
    QVERIFY(filtered.setFilter(spec));
    QVERIFY(finished.wait(5000));
    QStringList shown;
    for (int row = 0; row < filtered.rowCount(); ++row)
        shown << filtered.index(row, LogColumn::Summary).data().toString();
    QCOMPARE(shown, summaries);
}

void tst_Decoders::filterSkipsRowsThatCannotMatch_data()
{
    // A text row whose bytes lack a term's value is not decoded when its decoder takes that
    // field as the text is; the rows shown must be those decoding every row would show.
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("shown");
    QTest::addColumn<int>("decoded"); // how many of the 12 messages the filter decoded
    // Skipped: the JSON rows without the value's text (SYM124, SYM999), the STOMP row and the
    // Socket.IO ack. Decoded: the escaped row, the Kelvin row (not ASCII), the binary row.
    QTest::newRow("json value") << u"json.sym=SYM123"_qs << 4 << 8;
    QTest::newRow("json glob") << u"json.sym:sym1*"_qs << 5 << 9;
    QTest::newRow("number: no needle") << u"json.qty=1000"_qs << 2 << 12;
    QTest::newRow("kelvin sign folds to k") << u"json.unit=kelvin"_qs << 1 << 4;
    QTest::newRow("object text") << u"json.data:*SYM123*"_qs << 1 << 8;
    // Only STOMP takes a destination as it is; JSON and Socket.IO rows are decoded.
    QTest::newRow("stomp destination") << u"destination:/topic/prices"_qs << 1 << 12;
    // An ack's event comes from the emit it answers: nobody says event is verbatim.
    QTest::newRow("acked event") << u"event:trade"_qs << 2 << 12;
    QTest::newRow("no such value") << u"json.sym=NOPE"_qs << 0 << 4;
}

void tst_Decoders::filterSkipsRowsThatCannotMatch()
{
    QFETCH(QString, text);
    QFETCH(int, shown);
    QFETCH(int, decoded);
    MessageLogModel log;
    const auto open = [&](const QString &url) {
        auto facts = std::make_shared<ConnectionFacts>();
        facts->url = url;
        LogEvent e = LogEvent::now(Direction::Lifecycle, EventType::Open, "Connected");
        e.facts = facts;
        log.append(e);
    };
    const auto message = [&](Direction direction, EventType type, const QByteArray &bytes) {
        LogEvent e = LogEvent::now(direction, type, bytes);
        log.append(e);
    };
    open(u"ws://h/feed"_qs);
    for (const char *json : {
             R"({"sym":"SYM123","qty":5})", // the value as it is
             R"({"sym":"S\u0059M123"})", // an escape spells it
             R"({"sym":"sym123"})", // another case
             R"({"sym":"SYM124","qty":1e3})", // a number written otherwise
             R"({"sym":"SYM999","qty":1000})",
             "{\"unit\":\"\u212Aelvin\"}", // KELVIN SIGN, folding to k
             R"({"data":{"sym":"SYM123"}})",
         })
        message(Direction::Received, EventType::Text, json);
    // MessagePack {"sym":"SYM123"}: binary, so always decoded.
    message(Direction::Received, EventType::Binary,
            QByteArray::fromHex("81a373796da653594d313233"));
    open(u"ws://h/stomp"_qs);
    message(Direction::Received, EventType::Text,
            QByteArray("MESSAGE\ndestination:/topic/prices\nsubscription:0\n\n{}") + '\0');
    // An escaped header: \c is a colon, so this is "/topic/pri:ces", not the value.
    message(Direction::Received, EventType::Text,
            QByteArray("MESSAGE\ndestination:/topic/pri\\cces\nsubscription:0\n\n{}") + '\0');
    open(u"ws://h/socket.io/?EIO=4&transport=websocket"_qs);
    message(Direction::Sent, EventType::Text, R"(421["trade",{"sym":"SYM123"}])");
    message(Direction::Received, EventType::Text, R"(431["ok"])"); // the ack of "trade"
    log.flush();

    LogFilterSpec spec;
    spec.text = text;
    // Every row decoded, as the filter did before it looked at bytes first.
    LogFilter all;
    QVERIFY(all.compile(spec));
    QList<int> expected;
    for (int row = 0; row < log.rowCount(); ++row) {
        if (all.matches(log.record(row), log.payloadView(row),
                        [&] { return log.decoded(row, DecodeContext::kFieldsOnly); }))
            expected << row;
    }
    QCOMPARE(expected.size(), shown);
    // With the decoders' word on which fields are verbatim, counting what is decoded.
    LogFilter quick;
    QVERIFY(quick.compile(spec));
    int decodes = 0;
    QList<int> matched;
    for (int row = 0; row < log.rowCount(); ++row) {
        const auto decode = [&] {
            ++decodes;
            return log.decoded(row, DecodeContext::kFieldsOnly);
        };
        const auto verbatim = [&](QStringView field) {
            return log.decodesVerbatim(row, field);
        };
        if (quick.matches(log.record(row), log.payloadView(row), decode, verbatim))
            matched << row;
    }
    QCOMPARE(matched, expected);
    QCOMPARE(decodes, decoded);
    // And the log's filter model, which does the same.
    FilteredLogModel filtered(&log);
    QSignalSpy finished(&filtered, &FilteredLogModel::filterFinished);
    QVERIFY(filtered.setFilter(spec));
    QVERIFY(finished.wait(5000));
    QList<int> viaModel;
    for (int row = 0; row < filtered.rowCount(); ++row)
        viaModel << filtered.sourceRow(row);
    QCOMPARE(viaModel, expected);
}

void tst_Decoders::fieldReaderReadsAsParseDoes_data()
{
    // The filter reads json.PATH values with simdjson (JsonValue::FieldReader); each must be
    // what the Decoded view's value (QJsonDocument) holds, and where the two parsers could
    // differ the reader must leave the text to QJsonDocument.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("answered"); // by the reader
    const auto row
        = [](const char *name, const QByteArray &text, const QString &path, bool answered) {
              QTest::newRow(name) << text << path << answered;
          };
    row("string", R"({"type":"trade","sym":"SYM123","px":101.25})", u"sym"_qs, true);
    row("escapes", R"({"sym":"S\u0059M\n\"\u00e9\u0000"})", u"sym"_qs, true);
    row("non-ASCII key and value", "{\"\xc3\xa9t\xc3\xa9\":\"\xe2\x82\xac\"}", u"été"_qs, true);
    row("missing key", R"({"sym":"SYM123"})", u"px"_qs, true);
    row("key written twice: the last", R"({"sym":"A","sym":"B"})", u"sym"_qs, true);
    row("integer", R"({"n":100})", u"n"_qs, true);
    row("minus zero", R"({"n":-0})", u"n"_qs, true);
    row("minus zero point zero", R"({"n":-0.0})", u"n"_qs, true);
    row("one point zero", R"({"n":1.0})", u"n"_qs, true);
    row("exponent", R"({"n":1e2})", u"n"_qs, true);
    row("largest qint64", R"({"n":9223372036854775807})", u"n"_qs, true);
    row("smallest qint64", R"({"n":-9223372036854775808})", u"n"_qs, true);
    row("negative integer", R"({"id":-42})", u"id"_qs, true);
    row("zero", R"({"id":0})", u"id"_qs, true);
    row("negative zero", R"({"id":-0})", u"id"_qs, true);
    row("past qint64", R"({"n":9223372036854775808})", u"n"_qs, true);
    row("past 2^64", R"({"n":18446744073709551616})", u"n"_qs, false);
    row("past 2^53", R"({"n":9007199254740993})", u"n"_qs, true);
    // QJsonDocument keeps a number with a fraction or an exponent that is a whole number in
    // qint64's range as an integer, written as one (found by fuzz_decoder_json).
    row("whole with a fraction past 2^53", R"({"n":777777777777777775.5})", u"n"_qs, true);
    row("whole with a fraction, alone", "777777777777777775.55555555554", QString(), true);
    row("exponent inside qint64", R"({"n":9.2e18})", u"n"_qs, true);
    row("exponent inside qint64, negative", R"({"n":-9.2e18})", u"n"_qs, true);
    row("exponent past qint64", R"({"n":9.3e18})", u"n"_qs, true);
    row("fraction point zero past 2^53", R"({"n":123456789012345678.0})", u"n"_qs, true);
    row("smallest double", R"({"n":4.9e-324})", u"n"_qs, false); // a negative exponent
    row("too small for a double", R"({"n":1.5e-400,"sym":"SYM123"})", u"sym"_qs, false);
    row("too large for a double", R"({"n":1e400,"sym":"SYM123"})", u"sym"_qs, false);
    row("true, false, null", R"({"t":true,"f":false,"z":null})", u"z"_qs, true);
    row("nested path", R"({"data":{"items":[{"id":7},{"id":8}]}})", u"data.items[1].id"_qs, true);
    row("index as a key", R"({"data":{"items":[{"id":7},{"id":8}]}})", u"data.items.0.id"_qs, true);
    row("index past the end", R"({"items":[1,2]})", u"items[2]"_qs, true);
    row("negative index", R"({"items":[1,2]})", u"items.-1"_qs, true);
    row("index into an object", R"({"data":{"0":1}})", u"data[0]"_qs, true);
    row("key of an array", R"({"items":[1,2]})", u"items.id"_qs, true);
    row("unclosed bracket", R"({"items":[1,2]})", u"items[0"_qs, true);
    row("key of a scalar", R"({"n":5})", u"n.x"_qs, true);
    row("top array", R"([1,"two",{"three":3}])", u"2.three"_qs, true);
    row("scalar text", R"("just text")", QString(), true);
    row("number text", "42", QString(), true);
    row("whitespace around", " \t\n{\"a\" : true }\r\n ", u"a"_qs, true);
    row("object at the path", R"({"a":{"b":1}})", u"a"_qs, false);
    row("array at the path", R"({"a":[1]})", u"a"_qs, false);
    row("raw tab in a string", "{\"a\":\"x\ty\",\"b\":1}", u"b"_qs, false);
    row("lone surrogate", R"({"a":"\ud800","b":1})", u"b"_qs, false);
    row("byte order mark", "\xef\xbb\xbf{\"a\":1}", u"a"_qs, false);
    row("leading dot", R"({"a":.5})", u"a"_qs, false);
    row("invalid UTF-8", "{\"a\":\"\xff\",\"b\":1}", u"b"_qs, false);
    row("trailing garbage", R"({"a":1} x)", u"a"_qs, false);
    row("trailing comma", R"({"a":1,})", u"a"_qs, false);
    row("cut short", R"({"a":1,"b":[2,)", u"a"_qs, false);
    row("empty", "", QString(), false);
    QByteArray deep(600, '[');
    deep += '1' + QByteArray(600, ']');
    row("deeper than the reader goes", deep, u"0"_qs, false);
    const QByteArray big = R"({"sym":"SYM123","pad":")"
        + QByteArray(JsonValue::FieldReader::kMaxBytes, 'x') + R"("})";
    row("larger than the reader takes", big, u"sym"_qs, false);
}

void tst_Decoders::fieldReaderReadsAsParseDoes()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, path);
    QFETCH(bool, answered);
    const QJsonValue expected = JsonValue::at(JsonValue::parse(text), path);
    JsonValue::FieldReader reader;
    QJsonValue read;
    const bool told = reader.read(text) && reader.at(path, &read);
    QCOMPARE(told, answered);
    if (!told) {
        // A Document, where the text is JSON, gives parse()'s answer from the whole value.
        JsonValue::Document doc;
        QCOMPARE(doc.read(text), !JsonValue::parse(text).isUndefined());
        if (!JsonValue::parse(text).isUndefined()) {
            QCOMPARE(doc.at(path).type(), expected.type());
            QCOMPARE(JsonValue::scalarText(doc.at(path)), JsonValue::scalarText(expected));
            QVERIFY(doc.madeWhole());
            QCOMPARE(doc.string(path), expected.toString());
            QCOMPARE(doc.scalarText(path), JsonValue::scalarText(expected));
            QCOMPARE(doc.type(path), expected.type());
        }
        return;
    }
    QCOMPARE(read.type(), expected.type());
    QCOMPARE(JsonValue::scalarText(read), JsonValue::scalarText(expected));
    // A Document reads it alone too.
    JsonValue::Document doc;
    QVERIFY(doc.read(text));
    QCOMPARE(doc.at(path).type(), expected.type());
    QCOMPARE(JsonValue::scalarText(doc.at(path)), JsonValue::scalarText(expected));
    QCOMPARE(doc.string(path), expected.toString());
    QCOMPARE(doc.scalarText(path), JsonValue::scalarText(expected));
    QCOMPARE(doc.type(path), expected.type());
    QVERIFY(!doc.madeWhole());
    // And the JSON decoder, asked only for the path, gives it the same way.
    const QStringList paths {path};
    DecodeContext context;
    context.treeBudget = DecodeContext::kFieldsOnly;
    context.paths = &paths;
    const DecoderRegistry &registry = DecoderRegistry::standard();
    const Decoded decoded = registry.decode(text, context, registry.byId(u"json"));
    QVERIFY(decoded.value.isUndefined());
    QCOMPARE(decoded.pathValues.size(), 1);
    QCOMPARE(JsonValue::scalarText(decoded.valueAt(path)), JsonValue::scalarText(expected));
}

void tst_Decoders::pathsReadAloneAsTheWholeValue_data()
{
    // The filter asks decoders for its json.PATH values only (DecodeContext::paths); the JSON
    // and Socket.IO decoders then give them by path (JsonValue::Document: simdjson, unless a
    // value is an object or an array). Fields, problem and every value must be what decoding
    // the whole message gives.
    QTest::addColumn<QString>("decoder");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("byPath"); // given as Decoded::pathValues
    const auto row
        = [](const char *name, const char *decoder, const QByteArray &message, bool alone) {
              QTest::newRow(name) << QString::fromLatin1(decoder) << message << alone;
          };
    row("json object", "json", R"({"type":"trade","sym":"SYM1","px":101.25,"n":[1,{"a":2}]})",
        true);
    row("json array", "json", R"([{"a":1},"x",3])", true);
    row("json broken", "json", R"({"a":1,)", false);
    row("json number past qint64", "json", R"({"a":9223372036854775808})", true);
    row("event", "socketio", R"(42["trade",{"sym":"SYM1","a":{"b":[5,6]}}])", true);
    row("event in a namespace with an ack", "socketio",
        R"(42/admin,7["kick",{"user":"bob"},[1,2]])", true);
    row("event without arguments", "socketio", R"(42["ping"])", true);
    row("binary event", "socketio", R"(451-["up",{"_placeholder":true,"num":0}])", true);
    row("event with escapes", "socketio", R"(42["tr\u0061de",{"sym":"\u00e9"}])", true);
    row("event whose name is not a string", "socketio", R"(42[1,2])", false);
    row("event data an object", "socketio", R"(42{"0":"x","a":1})", false);
    row("event data not JSON", "socketio", R"(42["e",)", false);
    row("ack", "socketio", R"(43/admin,7["done"])", true);
    row("connect", "socketio", R"(40{"token":"t"})", true);
    row("connect without data", "socketio", "40", false);
    row("engine open", "socketio", R"(0{"sid":"x","pingInterval":25000,"upgrades":[]})", true);
    row("engine open not an object", "socketio", R"(0["sid"])", false);
    // MessagePack and CBOR maps give the entries the paths start in (found by key alone).
    const auto hex = [](const char *bytes) {
        return QByteArray::fromHex(bytes);
    };
    row("msgpack map", "msgpack", hex("83a474797065a57472616465a373796da453594d31a16101"), true);
    row("msgpack map, a key twice", "msgpack", hex("82a16101a16102"), true);
    row("msgpack map, a number key", "msgpack", hex("8102a178"), true);
    row("msgpack map, a key not UTF-8", "msgpack", hex("81a2fffe01"), true);
    row("msgpack array", "msgpack", hex("9281a373796da453594d3101"), true);
    row("msgpack broken", "msgpack", hex("82a16101"), false);
    row("cbor map", "cbor", hex("a264747970656574726164656161820102"), true);
    row("cbor map, a key twice", "cbor", hex("a2616101616102"), true);
    row("cbor map, a number key", "cbor", hex("a1026178"), true);
    row("cbor broken", "cbor", hex("a26161"), false);
    // Schema-less protobuf: numbers and text read straight from the bytes; the rest (a nested
    // message, bytes, a group) through libprotobuf's UnknownFieldSet.
    const QByteArray quote = hex("0a0453594d31") // 1: "SYM1"
        + hex("110000000000605940") // 2: double 101.5 as fixed64
        + hex("18ac02"); // 3: varint 300
    row("protobuf numbers and text", "protobuf", quote, true);
    row("protobuf repeated", "protobuf", quote + hex("280128022803") + hex("0a0178"), true);
    row("protobuf nested message", "protobuf", quote + hex("2203080541"), true);
    row("protobuf bytes", "protobuf", quote + hex("3202fffe"), true);
    row("protobuf group", "protobuf", quote + hex("3b08053c"), true);
    row("protobuf text not UTF-8", "protobuf", hex("0a02c328"), true);
    row("protobuf field number 0", "protobuf", quote + hex("010000000000000000"), false);
    row("protobuf truncated", "protobuf", quote + hex("0a05414243"), false);
    row("protobuf end of group alone", "protobuf", quote + hex("3c"), false);
    QByteArray many;
    for (int i = 0; i < 300; ++i)
        many += hex("2801");
    row("protobuf many fields", "protobuf", many + quote, true);
}

void tst_Decoders::pathsReadAloneAsTheWholeValue()
{
    QFETCH(QString, decoder);
    QFETCH(QByteArray, message);
    QFETCH(bool, byPath);
    const DecoderRegistry &registry = DecoderRegistry::standard();
    const Decoder *first = registry.byId(decoder);
    QVERIFY(first);
    DecodeContext context;
    context.treeBudget = DecodeContext::kFieldsOnly;
    const Decoded whole = registry.decode(message, context, first);
    const QStringList scalars {u"a"_qs,        u"sym"_qs, u"type"_qs,   u"2"_qs,     u"0.sym"_qs,
                               u"0.a.b[1]"_qs, u"1.1"_qs, u"0.user"_qs, u"n.1.a"_qs, u"1"_qs,
                               u"3"_qs,        u"4.1"_qs, u"5"_qs,      u"5.2"_qs,   u"6"_qs,
                               u"7"_qs,        u"02"_qs,  u"a.1"_qs};
    // An empty path is the whole value, which is an object or an array here.
    for (const QStringList &paths : {scalars, scalars + QStringList {QString()}}) {
        context.paths = &paths;
        const Decoded read = registry.decode(message, context, first);
        QCOMPARE(!read.pathValues.isEmpty(), byPath);
        QCOMPARE(read.fields, whole.fields);
        QCOMPARE(read.problem, whole.problem);
        for (const QString &path : paths) {
            const QJsonValue expected = JsonValue::at(whole.value, path);
            QCOMPARE(read.valueAt(path).type(), expected.type());
            QCOMPARE(JsonValue::scalarText(read.valueAt(path)), JsonValue::scalarText(expected));
        }
    }
}

void tst_Decoders::scalarTextWritesNumbersAsJson_data()
{
    QTest::addColumn<QByteArray>("json");
    for (const char *n : {"0", "-0", "-0.0", "1.0", "100", "1e2", "1e15", "1000000000000000",
                          "1e20", "123456789012345678", "9223372036854775807",
                          "-9223372036854775808", "9223372036854775808", "0.1", "101.25",
                          "1.7976931348623157e308", "5e-324", "2.5e-7", "-3.14159"})
        QTest::newRow(n) << QByteArray(n);
}

void tst_Decoders::scalarTextWritesNumbersAsJson()
{
    // scalarText writes a number without a QJsonDocument; it must read as QJsonDocument writes.
    QFETCH(QByteArray, json);
    const QJsonValue number = JsonValue::parse(json);
    QVERIFY(number.isDouble());
    const QByteArray written
        = QJsonDocument(QJsonArray {number}).toJson(QJsonDocument::Compact).chopped(1).sliced(1);
    QCOMPARE(JsonValue::scalarText(number), QString::fromLatin1(written));
}

void tst_Decoders::protocolHelpersBuildWhatDecodersRead_data()
{
    // The composer's helpers: each frame, read back by its protocol's decoder, or the sentence
    // for a field that is wrong.
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("values"); // key=value
    QTest::addColumn<QString>("decoder");
    QTest::addColumn<QString>("expected"); // the summary, or "error: …"
    QTest::newRow("STOMP CONNECT")
        << u"STOMP"_qs << u"CONNECT"_qs << QStringList {u"host=broker"_qs} << u"stomp"_qs
        << u"CONNECT host broker"_qs;
    QTest::newRow("STOMP SUBSCRIBE")
        << u"STOMP"_qs << u"SUBSCRIBE"_qs
        << QStringList {u"destination=/topic/prices"_qs, u"id=sub-1"_qs} << u"stomp"_qs
        << u"SUBSCRIBE /topic/prices as sub-1"_qs;
    QTest::newRow("STOMP SEND, a colon in a header")
        << u"STOMP"_qs << u"SEND"_qs
        << QStringList {u"destination=/queue/a:b"_qs, u"body={\"type\":\"order\"}"_qs}
        << u"stomp"_qs << u"SEND /queue/a:b"_qs;
    QTest::newRow("STOMP ACK without id") << u"STOMP"_qs << u"ACK"_qs << QStringList {u"id="_qs}
                                          << u"stomp"_qs << u"error: Message's ack id is needed"_qs;
    QTest::newRow("STOMP DISCONNECT")
        << u"STOMP"_qs << u"DISCONNECT"_qs << QStringList {u"receipt=r1"_qs} << u"stomp"_qs
        << u"DISCONNECT"_qs;
    QTest::newRow("JSON-RPC call")
        << u"JSON-RPC"_qs << u"Call"_qs
        << QStringList {u"method=subscribe"_qs, u"params=[\"trades\"]"_qs} << u"jsonrpc"_qs
        << u"call subscribe #1 [\"trades\"]"_qs;
    QTest::newRow("JSON-RPC bad params")
        << u"JSON-RPC"_qs << u"Call"_qs << QStringList {u"method=x"_qs, u"params=[1,"_qs}
        << u"jsonrpc"_qs << u"error: Params: Not JSON*"_qs;
    QTest::newRow("JSON-RPC notification")
        << u"JSON-RPC"_qs << u"Notification"_qs << QStringList {u"method=ping"_qs, u"params="_qs}
        << u"jsonrpc"_qs << u"notify ping"_qs;
    QTest::newRow("GraphQL-WS init") << u"GraphQL-WS"_qs << u"connection_init"_qs
                                     << QStringList {u"payload={\"token\":\"t\"}"_qs}
                                     << u"graphqlws"_qs << u"connection_init"_qs;
    QTest::newRow("GraphQL-WS subscribe")
        << u"GraphQL-WS"_qs << u"subscribe"_qs
        << QStringList {u"id=7"_qs, u"query=subscription OnPrice { price }"_qs,
                        u"variables={\"s\":\"ACME\"}"_qs}
        << u"graphqlws"_qs << u"subscribe #7 OnPrice"_qs;
    QTest::newRow("GraphQL-WS legacy start")
        << u"GraphQL-WS"_qs << u"subscribe"_qs
        << QStringList {u"id=7"_qs, u"query={ hello }"_qs, u"protocol=graphql-ws"_qs}
        << u"graphqlws"_qs << u"start #7 hello"_qs;
    QTest::newRow("GraphQL-WS complete")
        << u"GraphQL-WS"_qs << u"complete"_qs << QStringList {u"id=7"_qs} << u"graphqlws"_qs
        << u"complete #7"_qs;
    QTest::newRow("MQTT CONNECT") << u"MQTT"_qs << u"CONNECT"_qs
                                  << QStringList {u"client=dash"_qs, u"user=ann"_qs,
                                                  u"password=hunter2"_qs}
                                  << u"mqtt"_qs << u"CONNECT dash v3.1.1"_qs;
    QTest::newRow("MQTT SUBSCRIBE")
        << u"MQTT"_qs << u"SUBSCRIBE"_qs
        << QStringList {u"topic=sensors/#"_qs, u"qos=1"_qs, u"packet=3"_qs} << u"mqtt"_qs
        << u"SUBSCRIBE sensors/# qos1 #3"_qs;
    QTest::newRow("MQTT PUBLISH qos1, 200 bytes (a two-byte length)")
        << u"MQTT"_qs << u"PUBLISH"_qs
        << QStringList {u"topic=a/b"_qs, u"payload="_qs + QString(200, u'x'), u"qos=1"_qs,
                        u"packet=9"_qs}
        << u"mqtt"_qs << u"PUBLISH a/b qos1 #9"_qs;
    QTest::newRow("MQTT PUBLISH to a filter")
        << u"MQTT"_qs << u"PUBLISH"_qs << QStringList {u"topic=a/#"_qs} << u"mqtt"_qs
        << u"error: Topic: a PUBLISH names one topic*"_qs;
    QTest::newRow("MQTT PINGREQ") << u"MQTT"_qs << u"PINGREQ"_qs << QStringList() << u"mqtt"_qs
                                  << u"PINGREQ"_qs;
    QTest::newRow("MQTT DISCONNECT")
        << u"MQTT"_qs << u"DISCONNECT"_qs << QStringList() << u"mqtt"_qs << u"DISCONNECT"_qs;
}

void tst_Decoders::protocolHelpersBuildWhatDecodersRead()
{
    QFETCH(QString, protocol);
    QFETCH(QString, name);
    QFETCH(QStringList, values);
    QFETCH(QString, decoder);
    QFETCH(QString, expected);
    qint64 ids = 0;
    const QList<ProtocolHelper> helpers = ProtocolHelper::all([&ids] { return ++ids; });
    const auto helper = std::find_if(helpers.begin(), helpers.end(), [&](const ProtocolHelper &h) {
        return h.protocol == protocol && h.name == name;
    });
    QVERIFY(helper != helpers.end());
    QMap<QString, QString> fields;
    for (const ProtocolHelper::Field &f : helper->fields)
        fields.insert(f.key, f.value);
    for (const QString &v : values)
        fields.insert(v.section(u'=', 0, 0), v.section(u'=', 1));
    const Result<ProtocolHelper::Message> built = helper->build(fields);
    if (expected.startsWith(u"error: ")) {
        QVERIFY(!built);
        QVERIFY2(
            QRegularExpression(QRegularExpression::wildcardToRegularExpression(expected.mid(7)))
                .match(built.error())
                .hasMatch(),
            qPrintable(built.error()));
        return;
    }
    QVERIFY2(built, qPrintable(built.error()));
    const DecoderRegistry &registry = DecoderRegistry::standard();
    DecodeContext context;
    context.binary = built->binary;
    const Decoded decoded = registry.decode(built->data, context, registry.byId(decoder));
    QVERIFY2(decoded.problem.isEmpty(), qPrintable(decoded.problem));
    QCOMPARE(decoded.summary, expected);
}

QTEST_GUILESS_MAIN(tst_Decoders)
#include "tst_decoders.moc"
