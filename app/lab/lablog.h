#pragma once

#include "labclient.h"
#include "log/logsink.h"

#include <QObject>
#include <QPointer>

#include <vector>

namespace Sockscope {

// A lab connection's conversation as log rows, with every frame for the wire view. A lab
// client sends what it likes, so rows follow the frames, not a library's messages: the data
// frames of each side make a text or binary row when the last of them comes, each control
// frame a row of its own, and a frame that makes no message (a reserved opcode, a
// continuation with nothing to continue, a message a close cut short) a row that says so. A
// frame from the server that breaks a rule makes an error row with its place and the rule.
class LabLog : public QObject
{
    Q_OBJECT

public:
    // sink must outlive the log.
    explicit LabLog(LogSink *sink, QObject *parent = nullptr);

    // Follows client from its handshake on: call before client->open(url, head).
    void follow(LabClient *client, const QUrl &url, const QByteArray &head);

private:
    struct Side
    {
        std::vector<WireLog::Frame> fragments; // of a message still open
        QByteArray payload;
        std::vector<ProtocolVerdict> pending; // the parser's verdicts, until their frames come
    };

    void onOpened();
    void onRefused(const QString &why);
    void onFrames(bool fromClient, const std::vector<WireFrame> &frames,
                  const std::vector<ProtocolVerdict> &verdicts);
    void onClosed(bool byServer);
    // A message that will not be finished: its frames in a row that says so.
    void flushFragments(bool fromClient);
    void append(LogEvent event, std::vector<WireLog::Frame> frames = {});

    LogSink *m_sink;
    QPointer<LabClient> m_client;
    QString m_url;
    QByteArray m_requestHead;
    Side m_sent;
    Side m_received;
    // Pings sent and not answered yet: payload and when, to give a pong its round trip.
    std::vector<std::pair<QByteArray, qint64>> m_pings;
};

} // namespace Sockscope
