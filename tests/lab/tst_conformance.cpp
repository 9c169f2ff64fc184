// The conformance suite: which cases a spec picks, and the grades it gives real servers on
// loopback: the npm `ws` echo server and python3-websockets (both known to pass Autobahn's
// cases 1-5), Sockscope's own `serve`, and a careless server that fails nothing (which must be
// graded FAILED wherever RFC 6455 has a server fail the connection). Then the reports, and the
// command's exit codes.

#include "../common/testsupport.h"
#include "lab/conformancereport.h"
#include "lab/conformancerunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace Sockscope;
using namespace Sockscope::Conformance;
using namespace Qt::StringLiterals;
using TestSupport::NodePeer;
using QMapStringVerdict = QMap<QString, Verdict>;

class tst_Conformance : public QObject
{
    Q_OBJECT

private slots:
    void idsAreUniqueAndInOrder();
    void specsPickCases_data();
    void specsPickCases();
    void badSpecsAreSaid_data();
    void badSpecsAreSaid();
    void echoServersPass_data();
    void echoServersPass();
    void carelessServerFails();
    void reportsSayTheVerdicts();
    void commandExitsByTheVerdicts();

private:
    static std::vector<CaseResult> runAll(quint16 port, const QString &spec = {});
};

std::vector<CaseResult> tst_Conformance::runAll(quint16 port, const QString &spec)
{
    QString error;
    std::optional<std::vector<Case>> cases = pick(spec, &error);
    if (!cases)
        return {};
    Runner runner(QUrl(u"ws://127.0.0.1:%1/"_s.arg(port)), std::move(*cases));
    QSignalSpy finished(&runner, &Runner::finished);
    runner.start();
    if (!finished.wait(180'000))
        return {};
    return runner.results();
}

void tst_Conformance::idsAreUniqueAndInOrder()
{
    const std::vector<Case> &cases = allCases();
    // Autobahn|Testsuite's categories 1-10 hold 301 cases (12 and 13, compression, aside).
    QCOMPARE(int(cases.size()), 301);
    QStringList ids;
    for (Case c : cases) {
        QVERIFY2(!ids.contains(c.id), qPrintable(c.id));
        QVERIFY(!c.description.isEmpty());
        QVERIFY(!c.expectation.isEmpty());
        // A case of large payloads has them made when it runs.
        QCOMPARE(c.steps.empty(), bool(c.prepare));
        if (c.prepare)
            c.prepare(c);
        QVERIFY2(!c.steps.empty(), qPrintable(c.id));
        ids << c.id;
    }
    QCOMPARE(ids.first(), u"1.1.1"_s);
    QCOMPARE(ids.last(), u"10.1.1"_s);
    // Numbers, not text: 6.9.4 comes before 6.10.1, 9.8.6 before 10.1.1.
    QCOMPARE(ids.indexOf(u"6.9.4"_s) + 1, ids.indexOf(u"6.10.1"_s));
    QCOMPARE(ids.indexOf(u"9.1.6"_s) + 1, ids.indexOf(u"9.2.1"_s));
}

void tst_Conformance::specsPickCases_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QStringList>("ids"); // the first and last picked, and how many
    QTest::addColumn<int>("count");
    QTest::newRow("all") << u""_s << QStringList {u"1.1.1"_s, u"10.1.1"_s}
                         << int(allCases().size());
    QTest::newRow("star") << u"*"_s << QStringList {u"1.1.1"_s, u"10.1.1"_s}
                          << int(allCases().size());
    // Kuhn's UTF-8 sequences: 6.5-6.23.
    QTest::newRow("utf-8 groups") << u"6.5-6.23.99"_s << QStringList {u"6.5.1"_s, u"6.23.7"_s}
                                  << 5 + 11 + 4 + 2 + 4 + 3 + 5 + 8 + 5 + 10 + 1 + 3 + 5 + 5 + 5 + 7
            + 8 + 34 + 7;
    QTest::newRow("limits") << u"9"_s << QStringList {u"9.1.1"_s, u"9.8.6"_s} << 54;
    QTest::newRow("one") << u"2.5"_s << QStringList {u"2.5"_s, u"2.5"_s} << 1;
    QTest::newRow("category") << u"2"_s << QStringList {u"2.1"_s, u"2.11"_s} << 11;
    QTest::newRow("group") << u"1.2"_s << QStringList {u"1.2.1"_s, u"1.2.8"_s} << 8;
    QTest::newRow("prefix") << u"4.*"_s << QStringList {u"4.1.1"_s, u"4.2.5"_s} << 10;
    // Numbers, not text: 5.9 comes before 5.10.
    QTest::newRow("range") << u"5.9-5.11"_s << QStringList {u"5.9"_s, u"5.11"_s} << 3;
    QTest::newRow("list") << u"3.1, 1.1.1"_s << QStringList {u"1.1.1"_s, u"3.1"_s} << 2;
}

void tst_Conformance::specsPickCases()
{
    QFETCH(QString, spec);
    QFETCH(QStringList, ids);
    QFETCH(int, count);
    QString error;
    const std::optional<std::vector<Case>> picked = pick(spec, &error);
    QVERIFY2(picked, qPrintable(error));
    QCOMPARE(int(picked->size()), count);
    QCOMPARE(picked->front().id, ids.first());
    QCOMPARE(picked->back().id, ids.last());
}

void tst_Conformance::badSpecsAreSaid_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("words");
    QTest::newRow("no such case") << u"8.1"_s << u"No case is numbered \"8.1\"."_s;
    QTest::newRow("bad range") << u"2.x-3"_s << u"is not a range of case numbers"_s;
    QTest::newRow("empty range") << u"8.1-8.9"_s << u"No case is numbered \"8.1-8.9\"."_s;
}

void tst_Conformance::badSpecsAreSaid()
{
    QFETCH(QString, spec);
    QFETCH(QString, words);
    QString error;
    QVERIFY(!pick(spec, &error));
    QVERIFY2(error.contains(words), qPrintable(error));
}

void tst_Conformance::echoServersPass_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("args");
    // The cases whose behaviour is not OK, each with its verdict: the closing note's tables.
    QTest::addColumn<QMap<QString, Verdict>>("notOk");
    // Cases that may come out NON-STRICT, by timing: python3-websockets may fail the
    // connection on a bad frame before its echo of the good message before it goes out (3.2,
    // 4.1.3 ...), and answer a close before it echoes the message just before (7.1.1).
    QTest::addColumn<QStringList>("mayBeNonStrict");
    const auto nonStrict = [](const QStringList &ids) {
        QMap<QString, Verdict> map;
        for (const QString &id : ids)
            map.insert(id, Verdict::NonStrict);
        return map;
    };
    // ws checks a message's UTF-8 when the message is whole (6.4.x), and its server takes at
    // most 16,384 fragments a message by default (maxFragments, ws 8.19 on): 9.3.1 and 9.4.1
    // send 65,536 and are closed with 1008.
    QMap<QString, Verdict> ws = nonStrict({u"6.4.1"_s, u"6.4.2"_s, u"6.4.3"_s, u"6.4.4"_s});
    ws.insert(u"9.3.1"_s, Verdict::Failed);
    ws.insert(u"9.4.1"_s, Verdict::Failed);
    QTest::newRow("ws") << u"ws-echo.js"_s << QStringList() << ws << QStringList();
    // python3-websockets checks UTF-8 a frame at a time: within a frame only at its end.
    QTest::newRow("python3-websockets")
        << u"py-echo.py"_s << QStringList() << nonStrict({u"6.4.3"_s, u"6.4.4"_s})
        << QStringList {u"3.2"_s,   u"3.3"_s,   u"3.4"_s,   u"4.1.3"_s, u"4.1.4"_s, u"4.1.5"_s,
                        u"4.2.3"_s, u"4.2.4"_s, u"4.2.5"_s, u"5.15"_s,  u"7.1.1"_s};
    QTest::newRow("sockscope serve") << QString() << QStringList {u"serve"_s, u"--port"_s, u"0"_s}
                                     << QMap<QString, Verdict>() << QStringList();
}

void tst_Conformance::echoServersPass()
{
    QFETCH(QString, script);
    QFETCH(QStringList, args);
    QFETCH(QMapStringVerdict, notOk);
    QFETCH(QStringList, mayBeNonStrict);
    NodePeer peer;
    QProcess serve;
    int port = 0;
    if (script.isEmpty()) {
        serve.start(QStringLiteral(SOCKSCOPE_BINARY), args);
        QVERIFY(serve.waitForStarted());
        QVERIFY(serve.waitForReadyRead(10000));
        const QString line = QString::fromUtf8(serve.readLine());
        port = line.section(u':', -1).trimmed().toInt(); // "listening on ws://127.0.0.1:PORT"
    } else {
        port = peer.startListening(script, args);
    }
    QVERIFY(port > 0);
    const std::vector<CaseResult> results = runAll(quint16(port));
    QCOMPARE(results.size(), allCases().size());
    for (const CaseResult &r : results) {
        // Recorded, not graded: the last of category 7.
        const bool information = r.id == u"7.1.6" || r.id.startsWith(u"7.13.");
        const Verdict expected
            = information ? Verdict::Informational : notOk.value(r.id, Verdict::Ok);
        const bool ok = r.behaviour == expected
            || (mayBeNonStrict.contains(r.id) && r.behaviour == Verdict::NonStrict);
        // A server that failed a case closed first, which the close verdict says too.
        const Verdict close = expected == Verdict::Failed ? Verdict::Failed
            : expected == Verdict::Informational          ? Verdict::Informational
                                                          : Verdict::Ok;
        QVERIFY2(ok && r.close == close,
                 qPrintable(u"%1: %2 %3: %4 %5"_s.arg(r.id, nameOf(r.behaviour), nameOf(r.close),
                                                      r.behaviourText, r.closeText)));
        // Every case has its frames both ways, the client's masked.
        QVERIFY2(!r.wire.empty(), qPrintable(r.id));
        for (const CaseResult::WireEntry &e : r.wire)
            QCOMPARE(e.frame.masked, e.fromClient);
    }
    // The wire holds what was sent: 1.1.8's 65,536 bytes in one frame, both ways, each kept
    // to its first kMaxWirePayload bytes.
    const auto chopped = std::find_if(results.begin(), results.end(),
                                      [](const CaseResult &r) { return r.id == u"1.1.8"; });
    QVERIFY(chopped != results.end());
    QVERIFY(chopped->wire.front().fromClient);
    QCOMPARE(chopped->wire.front().frame.payloadLength, 65536u);
    QCOMPARE(chopped->wire.front().frame.payload, QByteArray(kMaxWirePayload, '*'));
    QVERIFY(chopped->wire.front().frame.payloadCut);
    QVERIFY(std::any_of(chopped->wire.begin(), chopped->wire.end(), [](const auto &e) {
        return !e.fromClient && e.frame.opcode == 0x1 && e.frame.payloadLength == 65536;
    }));
    // 9.3.1's 65,536 fragments each way: the first kMaxWireEntries kept, the rest counted.
    const auto many = std::find_if(results.begin(), results.end(),
                                   [](const CaseResult &r) { return r.id == u"9.3.1"; });
    QVERIFY(many != results.end());
    QCOMPARE(qsizetype(many->wire.size()), kMaxWireEntries);
    QVERIFY(many->wireOmitted >= 65536 - kMaxWireEntries);
    if (serve.state() != QProcess::NotRunning) {
        serve.terminate();
        serve.waitForFinished();
    }
}

void tst_Conformance::carelessServerFails()
{
    NodePeer peer;
    const int port = peer.startListening(u"sloppy-echo.py"_s);
    QVERIFY(port > 0);
    // Enough of each kind: answers it gets right, failures it misses.
    const std::vector<CaseResult> results
        = runAll(quint16(port), u"1.1.2,2.2,2.5,3.1,4.1.3,5.3,5.18,6.2.3,6.3.1,7.3.3,7.9.1"_s);
    QCOMPARE(results.size(), size_t(11));
    QStringList failed;
    for (const CaseResult &r : results) {
        if (r.behaviour == Verdict::Failed)
            failed << r.id;
        else
            QVERIFY2(r.behaviour == Verdict::Ok, qPrintable(r.id + u' ' + r.behaviourText));
    }
    QCOMPARE(failed,
             (QStringList {u"2.5"_s, u"3.1"_s, u"4.1.3"_s, u"5.18"_s, u"6.3.1"_s, u"7.9.1"_s}));
    // It answers close code 0 with code 0.
    QCOMPARE(results.back().close, Verdict::WrongCode);
    const auto rsv = std::find_if(results.begin(), results.end(),
                                  [](const CaseResult &r) { return r.id == u"3.1"; });
    QVERIFY2(rsv->behaviourText.contains(u"did not fail the connection"),
             qPrintable(rsv->behaviourText));
    QCOMPARE(rsv->close, Verdict::Failed);
}

void tst_Conformance::reportsSayTheVerdicts()
{
    CaseResult ok;
    ok.id = u"1.1.1"_s;
    ok.description = u"Send a text message with a payload of 0 bytes."_s;
    ok.behaviour = ok.close = Verdict::Ok;
    WireFrame frame;
    frame.opcode = 0x1;
    frame.fin = true;
    frame.masked = true;
    frame.payload = "hi";
    frame.payloadLength = 2;
    ok.wire.push_back({5, true, frame});
    CaseResult wrong = ok;
    wrong.id = u"3.7"_s;
    wrong.behaviour = Verdict::Ok;
    wrong.close = Verdict::WrongCode;
    wrong.closeText = u"The server closed with 1000 Normal Closure; expected 1002."_s;
    CaseResult lax = ok;
    lax.id = u"3.2"_s;
    lax.behaviour = Verdict::NonStrict;
    Run run {
        u"agent & co"_s, u"ws://127.0.0.1:1/"_s, QDateTime::currentDateTime(), {ok, wrong, lax}};

    const Summary summary = summarize(run.results);
    QCOMPARE(summary.text(), u"3 cases: 1 OK, 1 NON-STRICT, 1 WRONG CODE"_s);
    QVERIFY(summary.anyFailed());

    const QJsonObject json = QJsonDocument::fromJson(toJson(run)).object();
    QCOMPARE(json.value(u"format").toString(), u"sockscope-conformance"_s);
    QCOMPARE(json.value(u"failed").toBool(), true);
    const QJsonArray cases = json.value(u"cases").toArray();
    QCOMPARE(cases.size(), 3);
    QCOMPARE(cases[1].toObject().value(u"close").toString(), u"WRONG CODE"_s);
    const QJsonObject wire = cases[0].toObject().value(u"wire").toArray().first().toObject();
    QCOMPARE(wire.value(u"from").toString(), u"client"_s);
    QCOMPARE(QByteArray::fromBase64(wire.value(u"base64").toString().toLatin1()), QByteArray("hi"));

    QXmlStreamReader xml(toJUnit(run));
    int testcases = 0;
    QStringList failures;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"testsuite")
            QCOMPARE(xml.attributes().value(QStringLiteral("failures")).toString(), u"1"_s);
        if (xml.isStartElement() && xml.name() == u"testcase") {
            ++testcases;
            failures << xml.attributes().value(QStringLiteral("name")).toString();
        }
        if (xml.isStartElement() && xml.name() == u"failure")
            QCOMPARE(xml.attributes().value(QStringLiteral("message")).toString(),
                     u"behaviour OK, close WRONG CODE"_s);
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(testcases, 3);
}

void tst_Conformance::commandExitsByTheVerdicts()
{
    NodePeer good;
    const int goodPort = good.startListening(u"ws-echo.js"_s);
    NodePeer bad;
    const int badPort = bad.startListening(u"sloppy-echo.py"_s);
    QVERIFY(goodPort > 0 && badPort > 0);
    QTemporaryDir dir;
    const auto run = [&](const QStringList &args, QString *out = nullptr) {
        QProcess p;
        p.start(QStringLiteral(SOCKSCOPE_BINARY), QStringList {u"conformance"_s} + args);
        p.waitForFinished(120'000);
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        return p.exitCode();
    };
    QString out;
    const QString json = dir.filePath(u"good.json"_s);
    const QString junit = dir.filePath(u"good.xml"_s);
    QCOMPARE(run({u"ws://127.0.0.1:%1/"_s.arg(goodPort), u"--cases"_s, u"1.1,2.1"_s, u"--json"_s,
                  json, u"--junit"_s, junit},
                 &out),
             0);
    QVERIFY2(out.contains(u"9 cases: 9 OK"_s), qPrintable(out));
    QVERIFY2(out.contains(u"1.1.8    OK            OK"_s), qPrintable(out));
    QCOMPARE(QJsonDocument::fromJson([&] {
                 QFile f(json);
                 return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
             }())
                 .object()
                 .value(u"cases")
                 .toArray()
                 .size(),
             9);
    QVERIFY(QFile::exists(junit));

    // The HTML report: an index linking each case's page, which has its frames both ways.
    const QString html = dir.filePath(u"html"_s);
    const auto read = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    QCOMPARE(run({u"ws://127.0.0.1:%1/"_s.arg(badPort), u"--cases=3.1,1.1.1"_s, u"--report"_s, html,
                  u"--agent"_s, u"<careless>"_s},
                 &out),
             1);
    QVERIFY2(out.contains(u"Report: "_s), qPrintable(out));
    const QString index = read(html + u"/index.html"_s);
    QVERIFY2(index.contains(u"2 cases: 1 OK, 1 FAILED"_s), qPrintable(index));
    QVERIFY(index.contains(u"<a href=\"cases/3.1.html\">3.1</a>"_s));
    QVERIFY(index.contains(u"&lt;careless&gt;"_s)); // the agent's name, escaped
    QVERIFY(!index.contains(u"<careless>"_s));
    const QString failedPage = read(html + u"/cases/3.1.html"_s);
    QVERIFY(failedPage.contains(u"class=\"v v-FAILED\">FAILED"_s));
    QVERIFY(failedPage.contains(u"The server did not fail the connection"_s));
    // The client's masked frames and the server's echo, each as text.
    QVERIFY2(failedPage.contains(u"<td>client</td>"_s) && failedPage.contains(u"<td>server</td>"_s),
             qPrintable(failedPage));
    QVERIFY(failedPage.contains(u"&quot;Hello, world!&quot;"_s));
    // A report folder that cannot be made is said, and fails the run.
    QFile blocker(dir.filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QCOMPARE(run({u"ws://127.0.0.1:%1/"_s.arg(goodPort), u"--cases=2.1"_s, u"--report"_s,
                  blocker.fileName() + u"/html"_s},
                 &out),
             1);
    QVERIFY2(out.contains(u"Could not make the report's folder"_s), qPrintable(out));

    QCOMPARE(run({u"ws://127.0.0.1:%1/"_s.arg(badPort), u"--cases=3.1"_s}, &out), 1);
    QVERIFY2(out.contains(u"1 case: 1 FAILED"_s), qPrintable(out));
    QVERIFY2(out.contains(u"The server did not fail the connection"_s), qPrintable(out));

    // Usage errors: 2, with the reason.
    QCOMPARE(run({}, &out), 2);
    QVERIFY2(out.contains(u"which server?"_s), qPrintable(out));
    QCOMPARE(run({u"http://example.com/"_s}, &out), 2);
    QCOMPARE(run({u"ws://127.0.0.1:1/"_s, u"--cases"_s, u"8.8"_s}, &out), 2);
    QVERIFY2(out.contains(u"No case is numbered \"8.8\"."_s), qPrintable(out));
    // A report that cannot be written is said, and fails the run.
    QCOMPARE(run({u"ws://127.0.0.1:%1/"_s.arg(goodPort), u"--cases=2.1"_s, u"--json"_s,
                  dir.filePath(u"missing/dir/r.json"_s)},
                 &out),
             1);
    QVERIFY2(out.contains(u"r.json"_s), qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_Conformance)
#include "tst_conformance.moc"
