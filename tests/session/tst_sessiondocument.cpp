// The session as a document and the workspace keeper, with no window: what File > Open,
// Save, the sidebar's edits and the autosave do, as a headless run would do them.

#include "session/sessiondocument.h"
#include "session/sessionfile.h"
#include "session/workspacekeeper.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Sockscope;
using namespace Qt::StringLiterals;

class tst_SessionDocument : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void saveAndOpenKeepEverythingButSecretsInTheFile();
    void saveSaysWhenSecretsStayInMemory();
    void keychainThatRefusesIsToldAtSave();
    void sameSetUpIsNoChange();
    void itemEdits_data();
    void itemEdits();
    void badFileLeavesTheDocumentAlone();
    void keeperRestores_data();
    void keeperRestores();
    void keeperAutosavesAfterTheDelay();
    void keeperReportsAFailedSave();

private:
    QTemporaryDir m_dir;
};

namespace {
ConnectionProfile connection(const QString &id, const QString &secret = {})
{
    ConnectionProfile c;
    c.id = id;
    c.url = u"ws://127.0.0.1:1/"_s + id;
    if (!secret.isEmpty())
        c.options.headers = {{u"Authorization"_s, secret, true, true}};
    return c;
}
} // namespace

void tst_SessionDocument::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("SOCKSCOPE_NO_KEYCHAIN", "1");
    // Recent files go to QSettings: keep them in this test's folder.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toLocal8Bit());
    QCoreApplication::setOrganizationName(u"SockscopeTest"_s);
    QCoreApplication::setApplicationName(u"tst_sessiondocument"_s);
}

void tst_SessionDocument::saveAndOpenKeepEverythingButSecretsInTheFile()
{
    SecretStore secrets;
    SessionDocument document(secrets);
    QSignalSpy contents(&document, &SessionDocument::contentsChanged);
    QVERIFY(!document.isModified());
    QCOMPARE(document.displayName(), u"Untitled session"_s);
    document.addConnection(connection(u"c1"_s, u"Bearer s3cret"_s));
    QVERIFY(document.isModified());
    QCOMPARE(contents.size(), 1);

    const QString path = m_dir.filePath(u"work.sockscope.json"_s);
    QString error;
    QVERIFY2(document.saveAs(path, &error), qPrintable(error));
    QVERIFY(!document.isModified());
    QCOMPARE(document.path(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(document.displayName(), u"work.sockscope.json"_s);
    QCOMPARE(SessionDocument::recentFiles().value(0), document.path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("s3cret"));

    SessionDocument reopened(secrets);
    QString note;
    QVERIFY2(reopened.open(path, &error, &note), qPrintable(error));
    QCOMPARE(note, QString()); // the store had the secret
    QCOMPARE(reopened.session(), document.session());
    QVERIFY(!reopened.isModified());

    // A store that never saw the secret: the connection comes back without it, and says so.
    SecretStore empty;
    SessionDocument elsewhere(empty);
    QVERIFY(elsewhere.open(path, &error, &note));
    QCOMPARE(note.left(30), u"1 secret value was not found. "_s);
    QVERIFY(elsewhere.session().connections[0].options.headers[0].value.isEmpty());
}

void tst_SessionDocument::saveSaysWhenSecretsStayInMemory()
{
    SecretStore secrets; // memory only (SOCKSCOPE_NO_KEYCHAIN=1)
    SessionDocument document(secrets);
    document.addConnection(connection(u"c1"_s, u"Bearer one"_s));
    QString error;
    QString note;
    QVERIFY2(document.saveAs(m_dir.filePath(u"memory.sockscope.json"_s), &error, &note),
             qPrintable(error));
    QCOMPARE(note,
             u"1 secret value is kept only until Sockscope quits: The keychain is switched off "
             "(SOCKSCOPE_NO_KEYCHAIN=1). The file does not hold it; enter it again after the "
             "next launch."_s);
    document.addConnection(connection(u"c2"_s, u"Bearer two"_s));
    QVERIFY(document.saveAs(document.path(), &error, &note));
    QVERIFY2(note.startsWith(u"2 secret values are kept only until Sockscope quits: "_s),
             qPrintable(note));
    QVERIFY2(note.endsWith(u"The file does not hold them; enter them again after the next "
                           "launch."_s),
             qPrintable(note));
    // Nothing secret in the session: nothing to say.
    SessionDocument plain(secrets);
    plain.addConnection(connection(u"c3"_s, QString()));
    QVERIFY(plain.saveAs(m_dir.filePath(u"plain.sockscope.json"_s), &error, &note));
    QCOMPARE(note, QString());
}

void tst_SessionDocument::keychainThatRefusesIsToldAtSave()
{
    // A keychain that is there at start but refuses the write (here: its D-Bus is gone).
    qunsetenv("SOCKSCOPE_NO_KEYCHAIN");
    const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    const QByteArray display = qgetenv("DISPLAY");
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sockscope-test-bus");
    qunsetenv("DISPLAY");
    const auto restore = qScopeGuard([&] {
        qputenv("SOCKSCOPE_NO_KEYCHAIN", "1");
        if (bus.isEmpty())
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        else
            qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        if (!display.isEmpty())
            qputenv("DISPLAY", display);
    });
    SecretStore secrets;
    if (!secrets.usesKeychain())
        QSKIP(qPrintable(secrets.memoryOnlyReason()));
    SessionDocument document(secrets);
    document.addConnection(connection(u"c1"_s, u"Bearer one"_s));
    QString error;
    QString note;
    QVERIFY2(document.saveAs(m_dir.filePath(u"refused.sockscope.json"_s), &error, &note),
             qPrintable(error));
    QVERIFY(!secrets.usesKeychain());
    QVERIFY2(note.startsWith(u"1 secret value is kept only until Sockscope quits: The keychain "
                             "is not available ("_s),
             qPrintable(note));
    // The value is still there for this run.
    SessionDocument reopened(secrets);
    QVERIFY(reopened.open(document.path(), &error, &note));
    QCOMPARE(reopened.session().connections[0].options.headers[0].value, u"Bearer one"_s);
}

void tst_SessionDocument::sameSetUpIsNoChange()
{
    SecretStore secrets;
    SessionDocument document(secrets);
    document.addConnection(connection(u"c1"_s));
    document.setModified(false);
    QVERIFY(!document.update(connection(u"c1"_s)));
    QVERIFY(!document.isModified());
    ConnectionProfile changed = connection(u"c1"_s);
    changed.url = u"ws://elsewhere/"_s;
    QVERIFY(document.update(changed));
    QVERIFY(document.isModified());
    QCOMPARE(document.session().connections.size(), 1);
    QCOMPARE(document.session().connections[0].url, u"ws://elsewhere/"_s);
    // A profile it does not have yet is added.
    QVERIFY(document.update(connection(u"c2"_s)));
    QCOMPARE(document.session().connections.size(), 2);
}

void tst_SessionDocument::itemEdits_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("displayedCopy"); // the copy's name
    QTest::newRow("connection") << u"c1"_s << u"Feed (copy)"_s;
    QTest::newRow("server") << u"s1"_s << u"Mock (copy)"_s;
    QTest::newRow("snippet") << u"n1"_s << u"Hello (copy)"_s;
    // A lab tab without a name copies its display name.
    QTest::newRow("lab tab") << u"l1"_s << u"Lab: example.test (copy)"_s;
}

void tst_SessionDocument::itemEdits()
{
    QFETCH(QString, id);
    QFETCH(QString, displayedCopy);
    SecretStore secrets;
    SessionDocument document(secrets);
    ConnectionProfile c = connection(u"c1"_s);
    c.name = u"Feed"_s;
    document.addConnection(c);
    ServerProfile s;
    s.id = u"s1"_s;
    s.name = u"Mock"_s;
    document.addServer(s);
    QCOMPARE(document.addSnippet({u"n1"_s, u"Hello"_s, Snippet::Type::Text, "hi"}), u"n1"_s);
    LabProfile lab;
    lab.id = u"l1"_s;
    lab.url = u"ws://example.test/lab"_s;
    document.addLab(lab);
    const auto count = [&] {
        const Session &session = document.session();
        return session.connections.size() + session.servers.size() + session.snippets.size()
            + session.labs.size();
    };
    const auto nameOf = [&](const QString &item) {
        const Session &session = document.session();
        if (const ConnectionProfile *p = session.connection(item))
            return p->name;
        if (const ServerProfile *p = session.server(item))
            return p->name;
        if (const Snippet *p = session.snippet(item))
            return p->name;
        if (const LabProfile *p = session.lab(item))
            return p->displayName();
        return u"(none)"_s;
    };
    QCOMPARE(count(), 4);

    const QString copy = document.duplicate(id);
    QVERIFY(!copy.isEmpty() && copy != id);
    QCOMPARE(nameOf(copy), displayedCopy);
    QCOMPARE(count(), 5);
    document.rename(copy, u"Renamed"_s);
    QCOMPARE(nameOf(copy), u"Renamed"_s);
    QCOMPARE(nameOf(id), displayedCopy.chopped(7)); // the original keeps its name
    document.remove(id);
    QCOMPARE(nameOf(id), u"(none)"_s);
    QCOMPARE(count(), 4);
    QVERIFY(document.duplicate(u"no-such-id"_s).isEmpty());
}

void tst_SessionDocument::badFileLeavesTheDocumentAlone()
{
    SecretStore secrets;
    SessionDocument document(secrets);
    document.addConnection(connection(u"kept"_s));
    const Session before = document.session();
    const QString path = m_dir.filePath(u"bad.sockscope.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\":1,\"connections\":[{\"url\":3}]}");
    file.close();
    QString error;
    QVERIFY(!document.open(path, &error));
    QVERIFY2(error.contains(u"connections[0].url: expected a string"_s), qPrintable(error));
    QCOMPARE(document.session(), before);
    QVERIFY(document.isModified());
    QCOMPARE(document.path(), QString());
}

void tst_SessionDocument::keeperRestores_data()
{
    QTest::addColumn<QByteArray>("file"); // "" for none, "clean" / "crashed" for a saved one
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("message");
    using State = WorkspaceKeeper::Restored::State;
    QTest::newRow("no file") << QByteArray() << int(State::Fresh) << QString();
    QTest::newRow("clean exit") << "clean"_ba << int(State::Restored) << QString();
    QTest::newRow("crash") << "crashed"_ba << int(State::Restored)
                           << u"Sockscope did not quit normally last time"_s;
    QTest::newRow("unreadable") << "{\"version\":1,\"session\":"_ba << int(State::Unreadable)
                                << u"It was kept as "_s;
}

void tst_SessionDocument::keeperRestores()
{
    QFETCH(QByteArray, file);
    QFETCH(int, state);
    QFETCH(QString, message);
    const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()) + u".json"_s);
    Workspace saved;
    saved.session.connections << connection(u"c1"_s);
    saved.currentTab = 0;
    WorkspaceKeeper writer([&] { return saved; });
    writer.setPath(path);
    if (file == "clean" || file == "crashed") {
        QVERIFY(writer.save(file == "clean"));
    } else if (!file.isEmpty()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(file);
    }
    WorkspaceKeeper reader([] { return Workspace(); });
    reader.setPath(path);
    const WorkspaceKeeper::Restored restored = reader.restore();
    QCOMPARE(int(restored.state), state);
    QVERIFY2(message.isEmpty() ? restored.message.isEmpty() : restored.message.contains(message),
             qPrintable(restored.message));
    if (restored.state == WorkspaceKeeper::Restored::State::Restored) {
        QCOMPARE(restored.workspace.session.connections, saved.session.connections);
        QCOMPARE(restored.workspace.cleanExit, file == "clean");
    }
    if (restored.state == WorkspaceKeeper::Restored::State::Unreadable) {
        QVERIFY(!QFile::exists(path)); // moved aside, kept for the user
        QCOMPARE(reader.path(), path); // and a new one can be written there
    }
}

void tst_SessionDocument::keeperAutosavesAfterTheDelay()
{
    const QString path = m_dir.filePath(u"autosave/workspace.json"_s);
    int snapshots = 0;
    WorkspaceKeeper keeper([&] {
        ++snapshots;
        return Workspace();
    });
    keeper.setPath(path);
    keeper.setDelay(50);
    keeper.schedule();
    keeper.schedule(); // changes within the delay are saved together
    QVERIFY(!QFile::exists(path));
    QTRY_VERIFY(QFile::exists(path));
    QCOMPARE(snapshots, 1);
    Workspace read;
    QString error;
    QVERIFY2(WorkspaceFile::load(path, &read, &error), qPrintable(error));
    QVERIFY(!read.cleanExit); // an autosave marks a run in progress
}

void tst_SessionDocument::keeperReportsAFailedSave()
{
    // A folder cannot be made under a file.
    const QString blocker = m_dir.filePath(u"blocker"_s);
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    WorkspaceKeeper keeper([] { return Workspace(); });
    keeper.setPath(blocker + u"/workspace.json"_s);
    QSignalSpy failed(&keeper, &WorkspaceKeeper::saveFailed);
    QString error;
    QVERIFY(!keeper.save(true, &error));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed[0][0].toString(), error);
    QVERIFY2(error.contains(QDir::toNativeSeparators(blocker)), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_SessionDocument)
#include "tst_sessiondocument.moc"
