// Session and workspace files: round trips of every field, stable bytes, migration, files the
// app cannot read, writes that fail, secrets kept out, variables, and a workspace that survives
// a kill -9 in the middle of saving it.

#include "session/secretstore.h"
#include "session/session.h"
#include "session/sessionfile.h"
#include "session/variables.h"
#include "session/workspace.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <signal.h>
#include <unistd.h>

using namespace Sockscope;
using namespace Qt::StringLiterals;

class tst_Session : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripKeepsEveryField();
    void outputIsStable();
    void secretsNeverReachTheFile();
    void secretStoreFillsThemBack();
    void keychainKeepsSecretsAcrossRuns();
    void migratesTheUnversionedDraft();
    void badFilesAreRefusedAndKept_data();
    void badFilesAreRefusedAndKept();
    void newerVersionNamesTheVersion();
    void hugeFileIsRefused();
    void failedWritesKeepTheOriginal_data();
    void failedWritesKeepTheOriginal();
    void fullDiskKeepsTheOriginal();
    void variablesAreSubstituted_data();
    void variablesAreSubstituted();
    void connectionIsResolved_data();
    void connectionIsResolved();
    void serverProfileBecomesOptions_data();
    void serverProfileBecomesOptions();
    void workspaceRoundTrip();
    void badWorkspaceIsNamedByPlace_data();
    void badWorkspaceIsNamedByPlace();
    void corruptWorkspaceIsMovedAside();
    void killDuringWorkspaceSaveKeepsTheLastOne();

private:
    static Session sample();
    QTemporaryDir m_dir;
};

void tst_Session::initTestCase()
{
    qputenv("SOCKSCOPE_NO_KEYCHAIN", "1");
    QVERIFY(m_dir.isValid());
}

Session tst_Session::sample()
{
    Session s;
    s.id = u"sess-1"_s;
    ConnectionProfile c;
    c.id = u"c1"_s;
    c.name = u"Prices — prod"_s;
    c.url = u"wss://{{host}}/feed?x=1"_s;
    ConnectionOptions &o = c.options;
    o.headers = {{u"Authorization"_s, u"Bearer s3cret-token"_s, true, true},
                 {u"X-Trace"_s, u"{{trace}}"_s, false, false}};
    o.subprotocols = {u"v2"_s, u"v1"_s};
    o.origin = u"https://app.example"_s;
    o.handshakeTimeoutMs = 7000;
    o.maxIncomingMessageSize = 3 << 20;
    o.maxIncomingFrameSize = 1 << 20;
    o.outgoingFrameSize = 4096;
    o.tls = {u"/etc/ca.pem"_s, u"/home/u/c.p12"_s, QString(), u"p12-pass"_s, true};
    o.proxy = {ConnectionOptions::Proxy::Type::Socks5, u"proxy.local"_s, 1080, u"bob"_s,
               u"proxy-pass"_s};
    o.reconnect = {true, 250, 9000, 0};
    o.keepaliveSeconds = 30;
    o.wireCapture = false; // not the default
    o.onOpen = {u"{\"op\":\"login\",\"token\":\"{{token}}\"}"_s, u"subscribe"_s};
    s.connections << c;
    ConnectionProfile plain;
    plain.id = u"c2"_s;
    plain.name = u"Local"_s;
    plain.url = u"ws://127.0.0.1:8080"_s;
    s.connections << plain;
    ServerProfile server;
    server.id = u"s1"_s;
    server.name = u"Mock"_s;
    server.host = u"0.0.0.0"_s;
    server.port = 9001;
    server.subprotocols = {u"chat"_s};
    server.allowedOrigins = {u"https://a.example"_s};
    server.anyOrigin = true;
    server.maxClients = 5;
    server.maxMessageSize = 1 << 20;
    server.maxUnsentBytes = 3 << 20;
    server.handshakeTimeoutMs = 3000;
    server.tlsCertificate = u"/c.pem"_s;
    server.tlsKey = u"/k.pem"_s;
    server.allowRemote = true;
    server.wireCapture = true;
    QString error;
    if (!RuleSet::fromJson(
            R"({"version":1,"greeting":"hi {{client.id}}","rules":[{"match":{"contains":"ping"},"reply":"pong"}],"fallback":"none"})",
            &server.rules, &error))
        qFatal("sample rules: %s", qPrintable(error));
    s.servers << server;
    s.snippets << Snippet {u"n1"_s, u"Hello"_s, Snippet::Type::Text, "héllo {{name}}"}
               << Snippet {u"n2"_s, u"Order"_s, Snippet::Type::Json, R"({"b":1,"a":[true]})"}
               << Snippet {u"n3"_s, u"Bytes"_s, Snippet::Type::Binary,
                           QByteArray("\x00\xff\x10\x80 binary\n", 12)};
    LabProfile lab;
    lab.id = u"l1"_s;
    lab.name = u"Probe"_s;
    lab.url = u"ws://127.0.0.1:9001/chat"_s;
    lab.handshake
        = u"GET /chat HTTP/1.1\r\nHost: 127.0.0.1:9001\r\nSec-WebSocket-Version: 8\r\n\r\n"_s;
    lab.autoPong = false;
    lab.answerClose = false;
    lab.proceedDespiteProblems = true;
    lab.handshakeOptions = {{u"v2"_s, u"chat"_s},
                            u"https://app.example"_s,
                            {{u"X-Trace"_s, u"{{trace}}"_s}, {u"Cookie"_s, u"a=1"_s}}};
    lab.frames
        = QList<LabFrame>(labPresets().front().frames.begin(), labPresets().front().frames.end());
    LabFrame odd;
    odd.name = u"odd"_s;
    odd.opcode = 0xB;
    odd.rsv3 = true;
    odd.format = LabFrame::PayloadFormat::Hex;
    odd.payload = u"00 ff"_s;
    odd.splitAt = {1};
    odd.chopSizes = {1};
    lab.frames << odd;
    s.labs << lab;
    s.variables = {{u"host"_s, u"example.com"_s, false},
                   {u"token"_s, u"tok-SECRET-42"_s, true},
                   {u"trace"_s, QString(), false}};
    return s;
}

void tst_Session::roundTripKeepsEveryField()
{
    const Session original = sample();
    QVERIFY(original.servers.first().rules.greeting == u"hi {{client.id}}"_s);
    const QString path = m_dir.filePath(u"round.sockscope.json"_s);
    QString error;
    QVERIFY2(SessionFile::save(path, original, &error), qPrintable(error));
    Session loaded;
    QVERIFY2(SessionFile::load(path, &loaded, &error), qPrintable(error));
    // Secrets come back empty from the file itself; with them put back, all is equal.
    QVERIFY(loaded.connections[0].options.headers[0].value.isEmpty());
    QVERIFY(loaded.variables[1].value.isEmpty());
    QVERIFY(loaded.connections[0].options.tls.passphrase.isEmpty());
    QVERIFY(loaded.connections[0].options.proxy.password.isEmpty());
    loaded.connections[0].options.headers[0].value
        = original.connections[0].options.headers[0].value;
    loaded.connections[0].options.tls.passphrase = original.connections[0].options.tls.passphrase;
    loaded.connections[0].options.proxy.password = original.connections[0].options.proxy.password;
    loaded.variables[1].value = original.variables[1].value;
    QCOMPARE(loaded.connections, original.connections);
    QCOMPARE(loaded.snippets, original.snippets);
    QCOMPARE(loaded.snippets[2].payload, QByteArray("\x00\xff\x10\x80 binary\n", 12));
    QCOMPARE(loaded.variables, original.variables);
    QVERIFY(loaded.servers == original.servers);
    QCOMPARE(loaded.labs, original.labs);
    QVERIFY(loaded == original);
    // Lab tabs came with version 2; a session without them is still a version 1 file, which
    // a Sockscope from before reads.
    QVERIFY(SessionFile::toJson(original).contains("\n    \"version\": 2\n}"));
    Session noLabs = original;
    noLabs.labs.clear();
    const QByteArray v1 = SessionFile::toJson(noLabs);
    QVERIFY(v1.contains("\n    \"version\": 1\n}"));
    QVERIFY(!v1.contains("\"labs\""));
}

void tst_Session::outputIsStable()
{
    const QByteArray first = SessionFile::toJson(sample());
    QCOMPARE(SessionFile::toJson(sample()), first);
    Session again;
    QString error;
    QVERIFY(SessionFile::fromJson(first, &again, &error));
    SecretStore secrets; // as the app does: secrets come back from the store
    Session kept = sample();
    secrets.store(kept);
    secrets.fill(again);
    QCOMPARE(SessionFile::toJson(again), first); // load + save changes nothing
    QVERIFY(first.startsWith("{\n    \"connections\": [\n")); // sorted keys, four spaces
    QVERIFY(first.contains("\n    \"version\": 2\n}"));
}

void tst_Session::secretsNeverReachTheFile()
{
    const QByteArray json = SessionFile::toJson(sample());
    for (const char *secret : {"s3cret-token", "tok-SECRET-42", "p12-pass", "proxy-pass"})
        QVERIFY2(!json.contains(secret), secret);
    QVERIFY(json.contains("\"value\": \"<secret>\""));
    // Values that are not secret are kept.
    QVERIFY(json.contains("example.com"));
    Workspace w;
    w.session = sample();
    const QByteArray workspace = WorkspaceFile::toJson(w);
    for (const char *secret : {"s3cret-token", "tok-SECRET-42", "p12-pass", "proxy-pass"})
        QVERIFY2(!workspace.contains(secret), secret);
}

void tst_Session::secretStoreFillsThemBack()
{
    SecretStore store; // memory only here (SOCKSCOPE_NO_KEYCHAIN=1)
    QVERIFY(!store.usesKeychain());
    QVERIFY(store.memoryOnlyReason().contains(u"SOCKSCOPE_NO_KEYCHAIN"_s));
    Session s = sample();
    store.store(s);
    Session loaded;
    QString error;
    QVERIFY(SessionFile::fromJson(SessionFile::toJson(s), &loaded, &error));
    QCOMPARE(store.fill(loaded), 0);
    QVERIFY(loaded == s);
    // A new store (a later run, without a keychain) has nothing: the two user secrets are
    // reported missing.
    // A secret the user cleared does not come back.
    Session cleared = s;
    cleared.variables[1].value.clear();
    store.store(cleared);
    Session reopened;
    QVERIFY(SessionFile::fromJson(SessionFile::toJson(cleared), &reopened, &error));
    store.fill(reopened);
    QVERIFY(reopened.variables[1].value.isEmpty());
    QCOMPARE(reopened.connections[0].options.headers[0].value, u"Bearer s3cret-token"_s);

    SecretStore fresh;
    Session later;
    QVERIFY(SessionFile::fromJson(SessionFile::toJson(s), &later, &error));
    QCOMPARE(fresh.fill(later), 2);
}

// Needs a Secret Service: CTest's tst_session_keychain runs this with a throwaway GNOME
// Keyring and SOCKSCOPE_EXPECT_KEYCHAIN=1, so there it fails rather than skips.
void tst_Session::keychainKeepsSecretsAcrossRuns()
{
    qunsetenv("SOCKSCOPE_NO_KEYCHAIN");
    const auto restore = qScopeGuard([] { qputenv("SOCKSCOPE_NO_KEYCHAIN", "1"); });
    Session s = sample();
    s.id = Session::newId(); // a key of its own in the keychain
    {
        SecretStore first;
        first.store(s);
        if (!first.usesKeychain()) {
            if (qEnvironmentVariableIntValue("SOCKSCOPE_EXPECT_KEYCHAIN") == 1)
                QFAIL(qPrintable(first.memoryOnlyReason()));
            QSKIP(qPrintable(first.memoryOnlyReason()));
        }
    }
    // A new store has nothing in memory (as in the next run): the keychain has them.
    SecretStore second;
    Session reopened;
    QString error;
    QVERIFY(SessionFile::fromJson(SessionFile::toJson(s), &reopened, &error));
    QCOMPARE(second.fill(reopened), 0);
    QVERIFY2(second.usesKeychain(), qPrintable(second.memoryOnlyReason()));
    QVERIFY(reopened == s);
    // Cleared secrets leave the keychain too.
    Session cleared = s;
    cleared.forEachSecret([](const QString &, QString *value) { value->clear(); });
    second.store(cleared);
    SecretStore third;
    Session after;
    QVERIFY(SessionFile::fromJson(SessionFile::toJson(s), &after, &error));
    QCOMPARE(third.fill(after), 2);
}

void tst_Session::migratesTheUnversionedDraft()
{
    // Version 0: no "version", headers as an object, saved messages under "messages".
    const QByteArray draft = R"({
        "connections": [{"name": "Old", "url": "ws://old.example/",
                         "headers": {"X-Key": "abc", "Accept": "json"}}],
        "messages": [{"name": "hello", "text": "hi there"}]
    })";
    Session s;
    QString error;
    QVERIFY2(SessionFile::fromJson(draft, &s, &error), qPrintable(error));
    QCOMPARE(s.connections.size(), 1);
    QCOMPARE(s.connections[0].name, u"Old"_s);
    QVERIFY(!s.connections[0].id.isEmpty());
    QVERIFY(!s.id.isEmpty());
    const QList<ConnectionOptions::Header> expected
        = {{u"Accept"_s, u"json"_s, true, false}, {u"X-Key"_s, u"abc"_s, true, false}};
    QCOMPARE(s.connections[0].options.headers, expected);
    QCOMPARE(s.snippets.size(), 1);
    QCOMPARE(s.snippets[0].type, Snippet::Type::Text);
    QCOMPARE(s.snippets[0].payload, QByteArray("hi there"));
    // Saved again, it is version 1.
    QVERIFY(SessionFile::toJson(s).contains("\"version\": 1"));
}

void tst_Session::badFilesAreRefusedAndKept_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray good = SessionFile::toJson(sample());
    QTest::newRow("truncated") << good.left(good.size() / 2) << "not valid JSON";
    QByteArray random(4096, '\0');
    QRandomGenerator gen(42);
    for (char &c : random)
        c = char(gen.bounded(256));
    QTest::newRow("random bytes") << random << "not valid JSON";
    QTest::newRow("empty file") << QByteArray() << "not valid JSON";
    QTest::newRow("a list at the top") << QByteArray("[1, 2]") << "expected a JSON object";
    QTest::newRow("url is a number") << QByteArray(R"({"version":1,"connections":[{"url":5}]})")
                                     << "connections[0].url: expected a string";
    QTest::newRow("url missing") << QByteArray(R"({"version":1,"connections":[{"name":"x"}]})")
                                 << "connections[0].url: missing";
    QTest::newRow("connections not a list") << QByteArray(R"({"version":1,"connections":{}})")
                                            << "session.connections: expected a list";
    QTest::newRow("enabled is a string") << QByteArray(
        R"({"version":1,"connections":[{"url":"ws://a","headers":[{"name":"A","enabled":"yes"}]}]})")
                                         << "connections[0].headers[0].enabled: expected true or "
                                            "false";
    QTest::newRow("port out of range")
        << QByteArray(R"({"version":1,"servers":[{"port":70000}]})")
        << "servers[0].port: expected a whole number from 0 to 65535";
    QTest::newRow("bad proxy type")
        << QByteArray(R"({"version":1,"connections":[{"url":"ws://a","proxy":{"type":"ftp"}}]})")
        << "connections[0].proxy.type";
    QTest::newRow("bad rules") << QByteArray(
        R"({"version":1,"servers":[{"rules":{"version":1,"rules":[{"match":{"regex":"("},"reply":"x"}]}}]})")
                               << "servers[0].rules: ";
    QTest::newRow("bad base64 snippet")
        << QByteArray(R"({"version":1,"snippets":[{"type":"binary","base64":"!!"}]})")
        << "snippets[0].base64";
    QTest::newRow("version is text") << QByteArray(R"({"version":"1"})") << "version: expected";
    QTest::newRow("lab frame opcode") << QByteArray(
        R"({"version":2,"labs":[{"url":"ws://a","frames":[{"opcode":1},{"opcode":16}]}]})")
                                      << "labs[0].frames[1].opcode: expected a whole number "
                                         "from 0 to 15";
    QTest::newRow("labs not a list")
        << QByteArray(R"({"version":2,"labs":{}})") << "session.labs: expected a list";
}

void tst_Session::badFilesAreRefusedAndKept()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(u"bad.sockscope.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    Session s;
    QString error;
    QVERIFY(!SessionFile::load(path, &s, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error)); // names the file
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content); // untouched
}

void tst_Session::newerVersionNamesTheVersion()
{
    Session s;
    QString error;
    QVERIFY(!SessionFile::fromJson(R"({"version": 7, "connections": []})", &s, &error));
    QVERIFY2(error.contains(u"session version 7"_s) && error.contains(u"reads version 3"_s),
             qPrintable(error));
}

void tst_Session::hugeFileIsRefused()
{
    const QString path = m_dir.filePath(u"huge.sockscope.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(SessionFile::kMaxBytes + 1)); // sparse: no disk used
    file.close();
    Session s;
    QString error;
    QVERIFY(!SessionFile::load(path, &s, &error));
    QVERIFY2(error.contains(u"over the 32 MiB limit"_s), qPrintable(error));
    QCOMPARE(QFileInfo(path).size(), SessionFile::kMaxBytes + 1);
}

void tst_Session::failedWritesKeepTheOriginal_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("read-only folder") << "read-only";
    QTest::newRow("missing folder") << "missing";
}

void tst_Session::failedWritesKeepTheOriginal()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QString path = dir.filePath(u"s.sockscope.json"_s);
    QString error;
    QVERIFY(SessionFile::save(path, sample(), &error));
    const QByteArray original = SessionFile::toJson(sample());
    Session changed = sample();
    changed.connections[1].url = u"ws://changed"_s;
    std::function<void()> undo = [] {
    };
    if (kind == u"missing") {
        path = dir.filePath(u"no/such/folder/s.sockscope.json"_s);
    } else if (geteuid() == 0) {
        // Root writes through permissions, so mount the folder read-only instead.
        QVERIFY(QProcess::execute(u"mount"_s, {u"--bind"_s, dir.path(), dir.path()}) == 0);
        QVERIFY(QProcess::execute(u"mount"_s, {u"-o"_s, u"remount,bind,ro"_s, dir.path()}) == 0);
        undo = [&] {
            QProcess::execute(u"umount"_s, {dir.path()});
        };
    } else {
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
        undo = [&] {
            QFile::setPermissions(dir.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        };
    }
    const auto restore = qScopeGuard([&] { undo(); });
    QVERIFY(!SessionFile::save(path, changed, &error));
    QVERIFY2(error.startsWith(u"Could not save "_s) && error.contains(u"s.sockscope.json"_s),
             qPrintable(error));
    QFile file(dir.filePath(u"s.sockscope.json"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), original);
}

void tst_Session::fullDiskKeepsTheOriginal()
{
    // A 64 KiB tmpfs stands in for a full disk; mounting one needs root (as CI runs).
    QTemporaryDir mountPoint;
    if (QProcess::execute(
            u"mount"_s,
            {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=64k"_s, u"tmpfs"_s, mountPoint.path()})
        != 0)
        QSKIP("cannot mount a small tmpfs here (needs root)");
    const auto unmount = qScopeGuard([&] { QProcess::execute(u"umount"_s, {mountPoint.path()}); });
    const QString path = mountPoint.filePath(u"s.sockscope.json"_s);
    QString error;
    QVERIFY2(SessionFile::save(path, sample(), &error), qPrintable(error));
    Session big = sample();
    big.snippets << Snippet {u"big"_s, u"Big"_s, Snippet::Type::Binary, QByteArray(100'000, 'x')};
    QVERIFY(!SessionFile::save(path, big, &error));
    QVERIFY2(error.contains(u"Could not save"_s), qPrintable(error));
    Session back;
    QVERIFY2(SessionFile::load(path, &back, &error), qPrintable(error));
    QCOMPARE(back.snippets.size(), 3);
}

void tst_Session::variablesAreSubstituted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("unknown");
    QTest::newRow("none") << "plain {text}"
                          << "plain {text}" << QStringList();
    QTest::newRow("one") << "wss://{{host}}/x"
                         << "wss://example.com/x" << QStringList();
    QTest::newRow("spaces and repeats") << "{{ host }}:{{host}}"
                                        << "example.com:example.com" << QStringList();
    QTest::newRow("secret") << "Bearer {{token}}"
                            << "Bearer tok-SECRET-42" << QStringList();
    QTest::newRow("empty value") << "[{{trace}}]"
                                 << "[]" << QStringList();
    QTest::newRow("unknown kept and named once")
        << "{{who}} and {{who}} at {{host}} {{where}}"
        << "{{who}} and {{who}} at example.com {{where}}" << QStringList {u"who"_s, u"where"_s};
    QTest::newRow("not a name") << "{{a b}} {{}}"
                                << "{{a b}} {{}}" << QStringList();
}

void tst_Session::variablesAreSubstituted()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QStringList, unknown);
    QStringList found;
    QCOMPARE(Variables::substitute(text, sample().variables, &found), expected);
    QCOMPARE(found, unknown);
    if (!unknown.isEmpty())
        QVERIFY(Variables::unknownMessage(found).contains(u"{{"_s + unknown.first() + u"}}"_s));
}

// What a connect does with {{variables}}, with no window: every field that goes out is
// resolved, disabled headers are left alone, and the profile keeps what the user typed.
void tst_Session::connectionIsResolved_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("onOpen");
    QTest::addColumn<QString>("expectedUrl");
    QTest::addColumn<QString>("expectedHeader");
    QTest::addColumn<QString>("expectedOnOpen");
    QTest::addColumn<QStringList>("unknown");
    QTest::newRow("all known") << "wss://{{host}}/feed"
                               << "https://{{host}}"
                               << "Bearer {{token}}"
                               << "hello {{host}}"
                               << "wss://example.com/feed"
                               << "Bearer tok-SECRET-42"
                               << "hello example.com" << QStringList();
    QTest::newRow("unknown in the header and on open")
        << "ws://{{host}}/"
        << ""
        << "{{missing}}"
        << "{{other}} {{missing}}"
        << "ws://example.com/"
        << "{{missing}}"
        << "{{other}} {{missing}}" << QStringList {u"missing"_s, u"other"_s};
    QTest::newRow("unknown in the URL") << "ws://{{nohost}}/"
                                        << ""
                                        << ""
                                        << ""
                                        << "ws://{{nohost}}/"
                                        << ""
                                        << "" << QStringList {u"nohost"_s};
}

void tst_Session::connectionIsResolved()
{
    QFETCH(QString, url);
    QFETCH(QString, origin);
    QFETCH(QString, header);
    QFETCH(QString, onOpen);
    QFETCH(QString, expectedUrl);
    QFETCH(QString, expectedHeader);
    QFETCH(QString, expectedOnOpen);
    QFETCH(QStringList, unknown);
    ConnectionProfile profile;
    profile.url = url;
    profile.options.origin = origin;
    profile.options.headers = {{u"Authorization"_s, header, true, true},
                               {u"X-Off"_s, u"{{undefined-but-off}}"_s, false}};
    profile.options.onOpen = {onOpen};
    const ConnectionProfile typed = profile;
    const Variables::Resolved r = Variables::resolve(profile, sample().variables);
    QCOMPARE(r.url, expectedUrl);
    QCOMPARE(r.options.headers[0].value, expectedHeader);
    QCOMPARE(r.options.headers[1].value, u"{{undefined-but-off}}"_s);
    QCOMPARE(r.options.onOpen, QStringList {expectedOnOpen});
    if (!origin.isEmpty())
        QCOMPARE(r.options.origin, u"https://example.com"_s);
    QCOMPARE(r.unknown, unknown);
    QCOMPARE(r.ok(), unknown.isEmpty());
    QCOMPARE(profile, typed);
}

// What a server tab (or a headless run of a session's server) listens with, and the
// loopback rule: binding beyond this machine must be asked for.
void tst_Session::serverProfileBecomesOptions_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("allowRemote");
    QTest::addColumn<QString>("address"); // empty: refused
    QTest::addColumn<QString>("error");
    QTest::newRow("loopback") << "127.0.0.1" << false << "127.0.0.1"
                              << "";
    QTest::newRow("localhost") << " localhost " << false << "127.0.0.1"
                               << "";
    QTest::newRow("ipv6 loopback") << "::1" << false << "::1"
                                   << "";
    QTest::newRow("other loopback") << "127.0.0.2" << false << "127.0.0.2"
                                    << "";
    QTest::newRow("any, not confirmed") << "0.0.0.0" << false << ""
                                        << "lets other machines";
    QTest::newRow("any, confirmed") << "0.0.0.0" << true << "0.0.0.0"
                                    << "";
    QTest::newRow("a name") << "example.com" << true << ""
                            << "is not an IP address";
    QTest::newRow("empty") << "" << false << ""
                           << "is not an IP address";
}

void tst_Session::serverProfileBecomesOptions()
{
    QFETCH(QString, host);
    QFETCH(bool, allowRemote);
    QFETCH(QString, address);
    QFETCH(QString, error);
    ServerProfile profile = sample().servers[0];
    profile.host = host;
    profile.allowRemote = allowRemote;
    const Result<ServerOptions> options = profile.toServerOptions();
    if (address.isEmpty()) {
        QVERIFY(!options);
        QVERIFY2(options.error().contains(error), qPrintable(options.error()));
        return;
    }
    QVERIFY2(options.ok(), qPrintable(options.error()));
    QCOMPARE(options->host, QHostAddress(address));
    QCOMPARE(int(options->port), profile.port);
    QCOMPARE(options->subprotocols, profile.subprotocols);
    QCOMPARE(options->allowedOrigins, profile.allowedOrigins);
    QCOMPARE(options->anyOrigin, profile.anyOrigin);
    QCOMPARE(options->maxClients, profile.maxClients);
    QCOMPARE(options->maxMessageSize, profile.maxMessageSize);
    QCOMPARE(options->maxUnsentBytes, profile.maxUnsentBytes);
    QCOMPARE(options->handshakeTimeoutMs, profile.handshakeTimeoutMs);
    QCOMPARE(options->tlsCertificatePath, profile.tlsCertificate);
    QCOMPARE(options->tlsKeyPath, profile.tlsKey);
}

void tst_Session::workspaceRoundTrip()
{
    Workspace w;
    w.windowGeometry = QByteArray("\x01\x02geometry", 10);
    w.windowState = QByteArray("state\xff", 6);
    w.sessionPath = u"/home/u/work.sockscope.json"_s;
    w.sessionModified = true;
    w.session = sample();
    // Secrets are not in a workspace file either.
    w.session.connections[0].options.headers[0].value.clear();
    w.session.connections[0].options.tls.passphrase.clear();
    w.session.connections[0].options.proxy.password.clear();
    w.session.variables[1].value.clear();
    w.tabs = {{Workspace::Tab::Kind::Connection, u"c1"_s, u"draft {{x}}"_s, 2, false, "split"},
              {Workspace::Tab::Kind::Server, u"s1"_s, {}, 0, false, {}},
              {Workspace::Tab::Kind::Lab, u"l1"_s, {}, 0, false, "lab-split"},
              {Workspace::Tab::Kind::Connection, u"c2"_s, {}, 0, true, {}}};
    w.currentTab = 1;
    w.cleanExit = true;
    const QString path = m_dir.filePath(u"ws/workspace.json"_s);
    QString error;
    QVERIFY2(WorkspaceFile::save(path, w, &error), qPrintable(error));
    Workspace back;
    QVERIFY2(WorkspaceFile::load(path, &back, &error), qPrintable(error));
    QVERIFY(back == w);
}

void tst_Session::badWorkspaceIsNamedByPlace_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray head = R"({"version":1,"session":{"version":1},)";
    QTest::newRow("no version") << QByteArray("{}") << u"not a Sockscope workspace (no version)"_s;
    QTest::newRow("no session") << QByteArray(R"({"version":1})") << u"session: missing"_s;
    QTest::newRow("session not an object")
        << QByteArray(R"({"version":1,"session":12})") << u"session: expected an object"_s;
    QTest::newRow("bad session inside")
        << QByteArray(R"({"version":1,"session":{"version":1,"connections":[{"url":7}]}})")
        << u"session: connections[0].url: expected a string"_s;
    QTest::newRow("geometry not base64")
        << head + R"("windowGeometry":"*"})" << u"windowGeometry: not valid base64"_s;
    QTest::newRow("current tab a fraction") << head + R"("currentTab":1.5})"
                                            << u"currentTab: expected a whole number from -1 to "
                                               u"2147483647"_s;
    QTest::newRow("tabs not a list") << head + R"("tabs":{}})" << u"tabs: expected a list"_s;
    QTest::newRow("tab not an object")
        << head + R"("tabs":[7]})" << u"tabs[0]: expected an object"_s;
    QTest::newRow("tab of no kind")
        << head + R"("tabs":[{"kind":"chat"}]})"
        << u"tabs[0].kind: expected connection, server, lab or scenario"_s;
    QTest::newRow("tab mode as text")
        << head + R"("tabs":[{"kind":"connection","composerMode":"2"}]})"
        << u"tabs[0].composerMode: expected a whole number from 0 "
           u"to 15"_s;
    QTest::newRow("echo flag as number")
        << head + R"("tabs":[{"kind":"connection","builtInEcho":1}]})"
        << u"tabs[0].builtInEcho: expected true or false"_s;
}

void tst_Session::badWorkspaceIsNamedByPlace()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    Workspace w;
    QString error;
    QVERIFY(!WorkspaceFile::fromJson(json, &w, &error));
    QCOMPARE(error, expected);
}

void tst_Session::corruptWorkspaceIsMovedAside()
{
    const QString path = m_dir.filePath(u"corrupt/workspace.json"_s);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"session\": 12");
    file.close();
    Workspace w;
    QString error;
    QVERIFY(!WorkspaceFile::load(path, &w, &error));
    const QString aside = WorkspaceFile::moveAside(path, &error);
    QVERIFY2(aside.startsWith(path + u".corrupt-"_s), qPrintable(aside));
    QVERIFY(!QFile::exists(path));
    QFile moved(aside);
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QCOMPARE(moved.readAll(), QByteArray("{\"version\": 1, \"session\": 12"));
}

// The app writes its workspace at start (marking the run as not yet cleanly ended). Kill it
// with SIGKILL while that write is under way, many times: the file must always be a whole
// workspace, the one prepared or the one being written, never a torn one.
void tst_Session::killDuringWorkspaceSaveKeepsTheLastOne()
{
    QTemporaryDir home;
    const QString dataDir = home.filePath(u"data"_s);
    const QString folder = dataDir + u"/Sockscope/Sockscope"_s; // <org>/<application>
    const QString path = folder + u"/workspace.json"_s;
    // A large workspace makes each save take long enough to be caught in the middle.
    Workspace prepared;
    prepared.session = sample();
    for (int i = 0; i < 12; ++i)
        prepared.session.snippets << Snippet {u"big%1"_s.arg(i), u"Big %1"_s.arg(i),
                                              Snippet::Type::Binary, QByteArray(1 << 20, char(i))};
    prepared.tabs
        = {{Workspace::Tab::Kind::Connection, u"c2"_s, u"typed but not sent"_s, 0, false, {}}};
    prepared.currentTab = 0;
    prepared.cleanExit = true;
    QString error;
    QVERIFY2(WorkspaceFile::save(path, prepared, &error), qPrintable(error));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_DATA_HOME"_s, dataDir);
    env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    env.insert(u"SOCKSCOPE_NO_KEYCHAIN"_s, u"1"_s);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    int caughtMidSave = 0;
    for (int round = 0; round < 8; ++round) {
        QProcess app;
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(QStringLiteral(SOCKSCOPE_BINARY), {});
        QVERIFY(app.waitForStarted(10000));
        // Wait until the app has QSaveFile's new file open in the workspace's folder (a
        // temporary name, or an unnamed O_TMPFILE on Linux), then kill it.
        const QString fds = u"/proc/%1/fd"_s.arg(app.processId());
        const auto writing = [&] {
            const QFileInfoList open = QDir(fds).entryInfoList(QDir::Files | QDir::System);
            for (const QFileInfo &fd : open) {
                const QString target = fd.symLinkTarget();
                if (target.startsWith(folder) && target != path)
                    return true;
            }
            return false;
        };
        QDeadlineTimer deadline(15000);
        bool saving = false;
        while (!saving && !deadline.hasExpired() && app.state() == QProcess::Running) {
            saving = writing();
            if (!saving)
                QThread::usleep(100);
        }
        QThread::msleep(round * 3); // from the first byte to well into the write
        // Frozen, then looked at: the kill lands at a point known to be inside the save.
        ::kill(pid_t(app.processId()), SIGSTOP);
        const bool confirmed = saving && writing();
        app.kill();
        QVERIFY(app.waitForFinished(5000));
        if (round == 0)
            QVERIFY2(confirmed, "the first kill, as soon as the save began, was not inside it");
        caughtMidSave += confirmed;
        Workspace after;
        QVERIFY2(WorkspaceFile::load(path, &after, &error), qPrintable(error));
        QCOMPARE(after.session.snippets.size(), prepared.session.snippets.size());
        QCOMPARE(after.session.snippets.last().payload, prepared.session.snippets.last().payload);
        QCOMPARE(after.tabs.size(), 1);
        QCOMPARE(after.tabs[0].composerText, u"typed but not sent"_s);
        QVERIFY2(QDir(folder).entryList({u"*.corrupt-*"_s}, QDir::Files).isEmpty(),
                 "the workspace was moved aside as corrupt");
        // Left behind by the kill: QSaveFile's temporary file, never the workspace itself.
        for (const QString &temp : QDir(folder).entryList({u"workspace.json.*"_s}, QDir::Files))
            QFile::remove(folder + u'/' + temp);
    }
    qInfo("killed while the save file was open (checked with the app stopped) in %d of 8 rounds",
          caughtMidSave);
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
