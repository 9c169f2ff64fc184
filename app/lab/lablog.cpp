#include "lablog.h"

#include "log/messagelogmodel.h"
#include "websocket/closecodes.h"

namespace Sockscope {

namespace {
// The headers of a head, for an Open row's facts.
QList<ConnectionFacts::Header> headersOf(const HeaderFields &fields)
{
    QList<ConnectionFacts::Header> out;
    for (const auto &[name, value] : fields)
        out.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    return out;
}
QString fragments(size_t n)
{
    return n == 1 ? LabLog::tr("1 fragment") : LabLog::tr("%1 fragments").arg(n);
}
} // namespace

LabLog::LabLog(LogSink *sink, QObject *parent)
    : QObject(parent)
    , m_sink(sink)
{ }

void LabLog::follow(LabClient *client, const QUrl &url, const QByteArray &head)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    m_url = url.toString();
    m_requestHead = head;
    m_sent = {};
    m_received = {};
    m_pings.clear();
    connect(client, &LabClient::opened, this, &LabLog::onOpened);
    connect(client, &LabClient::refused, this, &LabLog::onRefused);
    connect(client, &LabClient::framesSent, this,
            [this](const auto &frames, const auto &verdicts) { onFrames(true, frames, verdicts); });
    connect(
        client, &LabClient::framesReceived, this,
        [this](const auto &frames, const auto &verdicts) { onFrames(false, frames, verdicts); });
    connect(client, &LabClient::closed, this, &LabLog::onClosed);
    append(LogEvent::now(Direction::Lifecycle, EventType::Connecting,
                         tr("Lab connection to %1").arg(m_url).toUtf8()),
           {WireLog::Frame::handshakeHead(head, true, 0)});
}

void LabLog::onOpened()
{
    const HandshakeResponse &response = *m_client->response();
    const QString protocol
        = QString::fromUtf8(response.header("Sec-WebSocket-Protocol").value_or(QByteArray()));
    QString text = protocol.isEmpty() ? tr("Opened (no subprotocol)")
                                      : tr("Opened, subprotocol %1").arg(protocol);
    if (!m_client->handshakeProblems().isEmpty())
        text += u' '
            + tr("despite what is wrong with the answer: %1")
                  .arg(m_client->handshakeProblems().join(u' '));
    LogEvent opened = LogEvent::now(Direction::Lifecycle, EventType::Open, text.toUtf8());
    auto facts = std::make_shared<ConnectionFacts>();
    facts->url = m_url;
    facts->subprotocol = protocol;
    facts->extensions
        = QString::fromUtf8(response.header("Sec-WebSocket-Extensions").value_or(QByteArray()));
    const qsizetype end = HttpHead::end(m_requestHead);
    if (const auto request
        = HandshakeRequest::parse(QByteArrayView(m_requestHead).first(qMax<qsizetype>(0, end))))
        facts->requestHeaders = headersOf(request->headers);
    facts->responseHeaders = headersOf(response.headers);
    opened.facts = std::move(facts);
    append(std::move(opened),
           {WireLog::Frame::handshakeHead(m_client->responseHead(), false, m_client->elapsedUs())});
}

void LabLog::onRefused(const QString &why)
{
    std::vector<WireLog::Frame> frames;
    if (!m_client->responseHead().isEmpty())
        frames.push_back(
            WireLog::Frame::handshakeHead(m_client->responseHead(), false, m_client->elapsedUs()));
    append(LogEvent::now(Direction::Lifecycle, EventType::Error, why.toUtf8()), std::move(frames));
}

void LabLog::onFrames(bool fromClient, const std::vector<WireFrame> &frames,
                      const std::vector<ProtocolVerdict> &verdicts)
{
    Side &side = fromClient ? m_sent : m_received;
    side.pending.insert(side.pending.end(), verdicts.begin(), verdicts.end());
    const Direction direction = fromClient ? Direction::Sent : Direction::Received;
    const qint64 now = m_client ? m_client->elapsedUs() : 0;
    for (const WireFrame &wire : frames) {
        bool violation = false;
        WireLog::Frame frame
            = WireLog::Frame::judged(wire, fromClient, now, side.pending, &violation);
        if (violation && !fromClient) {
            std::vector<WireLog::Frame> with = std::exchange(side.fragments, {});
            side.payload.clear();
            with.push_back(std::move(frame));
            append(LogEvent::now(Direction::Lifecycle, EventType::Error,
                                 tr("The server's frame at byte %1 after the handshake breaks a "
                                    "rule: %2.")
                                     .arg(wire.offset)
                                     .arg(with.back().verdict.section(u'\n', 0, 0))
                                     .toUtf8()),
                   std::move(with));
            continue;
        }
        const QString size = MessageLogModel::sizeText(qsizetype(wire.payloadLength));
        if (wire.opcode == 0x1 || wire.opcode == 0x2
            || (wire.opcode == 0x0 && !side.fragments.empty())) {
            if (wire.opcode != 0x0)
                flushFragments(fromClient);
            side.payload += std::move(frame.ownPayload).value_or(QByteArray());
            frame.ownPayload.reset(); // the row's payload, slice by slice
            side.fragments.push_back(std::move(frame));
            if (!wire.fin)
                continue;
            std::vector<WireLog::Frame> message = std::exchange(side.fragments, {});
            LogEvent row = LogEvent::now(
                direction, message.front().opcode == 0x1 ? EventType::Text : EventType::Binary,
                std::exchange(side.payload, {}));
            if (message.size() > 1) {
                for (const WireLog::Frame &f : message)
                    row.frames.push_back({quint32(f.payloadLength), f.fin});
            }
            append(std::move(row), std::move(message));
        } else if (wire.opcode == 0x9 || wire.opcode == 0xA) {
            QByteArray payload = std::move(frame.ownPayload).value_or(QByteArray());
            frame.ownPayload.reset();
            LogEvent row = LogEvent::now(
                direction, wire.opcode == 0x9 ? EventType::Ping : EventType::Pong, payload);
            if (wire.opcode == 0x9 && fromClient) {
                m_pings.emplace_back(payload, now);
            } else if (wire.opcode == 0xA && !fromClient) {
                // The first ping this pong answers, by its payload (RFC 6455 5.5.3).
                const auto ping = std::find_if(m_pings.begin(), m_pings.end(),
                                               [&](const auto &p) { return p.first == payload; });
                if (ping != m_pings.end()) {
                    row.roundTripUs = qint32(qMin<qint64>(now - ping->second, INT32_MAX));
                    m_pings.erase(ping);
                }
            }
            append(std::move(row), {std::move(frame)});
        } else if (wire.opcode == 0x8) {
            flushFragments(fromClient);
            append(LogEvent::closeFrame(direction, wire.payload), {std::move(frame)});
        } else {
            const QString what = wire.opcode == 0x0
                ? tr("a continuation frame of %1 with no message to continue").arg(size)
                : tr("a frame of %1 with the reserved opcode %2").arg(size).arg(wire.opcode);
            append(LogEvent::now(
                       Direction::Lifecycle, EventType::Info,
                       (fromClient ? tr("Sent %1.").arg(what) : tr("The server sent %1.").arg(what))
                           .toUtf8()),
                   {std::move(frame)});
        }
    }
}

void LabLog::flushFragments(bool fromClient)
{
    Side &side = fromClient ? m_sent : m_received;
    if (side.fragments.empty())
        return;
    std::vector<WireLog::Frame> frames = std::exchange(side.fragments, {});
    const QByteArray payload = std::exchange(side.payload, {});
    // The frames show their own bytes: the row is a sentence, not the message.
    qsizetype at = 0;
    for (WireLog::Frame &f : frames) {
        f.ownPayload = payload.mid(at, qsizetype(f.payloadLength));
        at += qsizetype(f.payloadLength);
    }
    const QString text = fromClient
        ? tr("Sent %1 of a message that was not finished.").arg(fragments(frames.size()))
        : tr("The server sent %1 of a message it did not finish.").arg(fragments(frames.size()));
    append(LogEvent::now(Direction::Lifecycle, EventType::Info, text.toUtf8()), std::move(frames));
}

void LabLog::onClosed(bool byServer)
{
    flushFragments(true);
    flushFragments(false);
    append(LogEvent::now(Direction::Lifecycle, EventType::Info,
                         (byServer ? tr("The server closed the TCP connection.")
                                   : tr("The lab closed the TCP connection."))
                             .toUtf8()));
}

void LabLog::append(LogEvent event, std::vector<WireLog::Frame> frames)
{
    const quint64 seq = m_sink->nextSequence();
    m_sink->append(std::move(event));
    if (m_sink->nextSequence() > seq && !frames.empty())
        m_sink->attachWire(seq, std::span<const WireLog::Frame>(frames));
}

} // namespace Sockscope
