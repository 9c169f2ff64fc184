#pragma once

// Helpers shared by Sockscope's tests: reading a message log the way a user reads it, and
// running the npm `ws` peers as child processes.

#include "connection/connectionoptions.h"
#include "log/logcolumns.h"
#include "log/logrecord.h"
#include "log/messagelogmodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace TestSupport {

// Connection tests run both ways, with the wire relay and without: a test class gives its
// initTestCase_data() these rows, and takes its options from connectionOptions().
inline void wireCaptureBothWays()
{
    QTest::addColumn<bool>("wireCapture");
    QTest::newRow("wire capture") << true;
    QTest::newRow("direct") << false;
}
inline Sockscope::ConnectionOptions connectionOptions()
{
    Sockscope::ConnectionOptions options;
    QFETCH_GLOBAL(bool, wireCapture);
    options.wireCapture = wireCapture;
    return options;
}

using Sockscope::Direction;
using Sockscope::EventType;
using Sockscope::MessageLogModel;

// The log as a user sees it, one "Direction | type | size | preview" line a row; used in
// failure messages and for substring checks.
inline QStringList logLines(const QAbstractItemModel *model)
{
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row) {
        QStringList cells;
        for (int column = Sockscope::LogColumn::Direction; column < Sockscope::LogColumn::Count;
             ++column) {
            if (column != Sockscope::LogColumn::Summary) // decoder tests read it themselves
                cells << model->index(row, column).data().toString();
        }
        lines << cells.join(QStringLiteral(" | "));
    }
    return lines;
}

// The first row at or after `from` with this direction and type, or -1.
inline int findRow(const QAbstractItemModel *model, Direction direction, EventType type,
                   int from = 0)
{
    for (int row = from; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(Sockscope::LogRole::DirectionValue).toInt() == int(direction)
            && index.data(Sockscope::LogRole::TypeValue).toInt() == int(type))
            return row;
    }
    return -1;
}

inline QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

// A Node.js script from tests/peers run as a child process; reads its JSON-lines output.
class NodePeer
{
public:
    NodePeer() { m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel); }
    ~NodePeer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }

    bool start(const QString &script, const QStringList &args = {})
    {
        m_process.setWorkingDirectory(QStringLiteral(SOCKSCOPE_PEERS_DIR));
        m_process.start(QStringLiteral(SOCKSCOPE_NODE), QStringList {script} + args);
        return m_process.waitForStarted(5000);
    }

    // Debian's python3, which has python3-websockets (a python3 earlier on PATH may not).
    bool startPython(const QString &script, const QStringList &args = {})
    {
        m_process.setWorkingDirectory(QStringLiteral(SOCKSCOPE_PEERS_DIR));
        m_process.start(QStringLiteral("/usr/bin/python3"), QStringList {script} + args);
        return m_process.waitForStarted(5000);
    }
    // Starts a peer (python3 for a .py) and waits for its "PORT <n>" line: n, or 0.
    int startListening(const QString &script, const QStringList &args = {})
    {
        const bool started = script.endsWith(QStringLiteral(".py")) ? startPython(script, args)
                                                                    : start(script, args);
        int port = 0;
        if (started) {
            waitForLine([&](const QString &line) {
                if (!line.startsWith(QStringLiteral("PORT ")))
                    return false;
                port = line.mid(5).toInt();
                return true;
            });
        }
        return port;
    }
    // Every JSON line whose "event" is name, read so far.
    QList<QJsonObject> events(const QString &name) const
    {
        QList<QJsonObject> found;
        for (const QString &line : m_lines) {
            const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
            if (object.value(QStringLiteral("event")).toString() == name)
                found << object;
        }
        return found;
    }
    // Waits until the peer exits, keeping its output.
    bool waitForExit(int timeoutMs = 15000)
    {
        waitForLine([](const QString &) { return false; }, timeoutMs);
        while (m_process.canReadLine())
            m_lines << QString::fromUtf8(m_process.readLine()).trimmed();
        const QByteArray rest = m_process.readAll().trimmed();
        if (!rest.isEmpty())
            m_lines << QString::fromUtf8(rest);
        return m_process.state() == QProcess::NotRunning;
    }

    // Reads lines until one satisfies pred, or timeoutMs passes. Every line is kept in lines().
    template<typename Pred> bool waitForLine(Pred pred, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        qsizetype checked = 0;
        while (true) {
            while (m_process.canReadLine())
                m_lines << QString::fromUtf8(m_process.readLine()).trimmed();
            for (; checked < m_lines.size(); ++checked) {
                if (pred(m_lines[checked]))
                    return true;
            }
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return false;
            // Process events so in-process servers and clients keep working meanwhile.
            QTest::qWait(10);
        }
    }

    // Waits for a JSON line whose "event" is the given name, and returns it.
    QJsonObject waitForEvent(const QString &name, int timeoutMs = 10000)
    {
        QJsonObject found;
        waitForLine(
            [&](const QString &line) {
                const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
                if (object.value(QStringLiteral("event")).toString() != name)
                    return false;
                found = object;
                return true;
            },
            timeoutMs);
        return found;
    }

    QStringList lines() const { return m_lines; }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QStringList m_lines;
};

} // namespace TestSupport
