#include "wirecapture.h"

#include "log/messagelogmodel.h"
#include "websocket/closecodes.h"

#include <QSemaphore>
#include <QThread>

#include <algorithm>

namespace Sockscope {

namespace {
using Side = WireRelay::Side;

int indexOf(Side side)
{
    return side == Side::Client ? 0 : 1;
}

bool isData(quint8 opcode)
{
    return opcode <= 0x2;
}

// The payload of frames that kept their own: a message's, put back together.
QByteArray joinedPayload(const std::vector<WireLog::Frame> &frames)
{
    QByteArray payload;
    for (const WireLog::Frame &f : frames)
        payload += f.ownPayload.value_or(QByteArray());
    return payload;
}

// A frame's own payload, taken out of it.
QByteArray takePayload(WireLog::Frame &frame)
{
    QByteArray payload = std::move(frame.ownPayload).value_or(QByteArray());
    frame.ownPayload.reset();
    return payload;
}

} // namespace

// In the relay's thread, one per relay: judges each side's frames and puts the server's messages
// together, so that the window's thread only matches them to rows.
class WireCapture::Reader
{
public:
    explicit Reader(QElapsedTimer clock)
        : m_clock(clock)
    { }

    std::vector<WireLog::Frame> client(const std::vector<WireFrame> &frames,
                                       const std::vector<ProtocolVerdict> &verdicts)
    {
        std::vector<ProtocolVerdict> &pending = hear(Side::Client, verdicts);
        const qint64 now = nowUs();
        std::vector<WireLog::Frame> judged;
        judged.reserve(frames.size());
        for (const WireFrame &wire : frames)
            judged.push_back(WireLog::Frame::judged(wire, true, now, pending));
        return judged;
    }

    std::vector<Incoming> server(const std::vector<WireFrame> &frames,
                                 const std::vector<ProtocolVerdict> &verdicts)
    {
        std::vector<ProtocolVerdict> &pending = hear(Side::Server, verdicts);
        const qint64 now = nowUs();
        std::vector<Incoming> items;
        items.reserve(frames.size());
        for (const WireFrame &wire : frames) {
            bool violation = false;
            WireLog::Frame frame = WireLog::Frame::judged(wire, false, now, pending, &violation);
            if (violation) {
                // Qt fails the connection for it and makes no row: this row is the frame's
                // (with the message it was part of, if any).
                Incoming &item = items.emplace_back();
                item.row = std::make_shared<LogEvent>(LogEvent::now(
                    Direction::Lifecycle, EventType::Error,
                    tr("On the wire, the server's frame at byte %1 after the handshake breaks a "
                       "rule: %2.")
                        .arg(wire.offset)
                        .arg(frame.verdict.section(u'\n', 0, 0))
                        .toUtf8()));
                item.frames = std::exchange(m_message, {});
                item.frames.push_back(std::move(frame));
                continue;
            }
            if (isData(frame.opcode)) {
                const bool fin = frame.fin;
                m_message.push_back(std::move(frame));
                if (!fin)
                    continue;
                Incoming &item = items.emplace_back();
                item.kind = Incoming::Kind::Message;
                item.text = m_message.front().opcode == 0x1;
                for (WireLog::Frame &f : m_message)
                    item.payloads.push_back(takePayload(f));
                keep(item, m_message);
                m_message.clear();
                continue;
            }
            Incoming &item = items.emplace_back();
            switch (frame.opcode) {
            case 0x9: // Qt answers it and says nothing: its row is the capture's
                item.row = std::make_shared<LogEvent>(
                    LogEvent::now(Direction::Received, EventType::Ping, takePayload(frame)));
                break;
            case 0xA:
                item.kind = Incoming::Kind::Pong;
                item.payloads.push_back(takePayload(frame));
                break;
            default: // 0x8; keeps its code
                item.kind = Incoming::Kind::Close;
                break;
            }
            keep(item, std::span(&frame, 1));
        }
        return items;
    }

private:
    // The item's frames, packed when all of them can be.
    static void keep(Incoming &item, std::span<WireLog::Frame> frames)
    {
        if (std::all_of(frames.begin(), frames.end(), WireLog::packs)) {
            for (const WireLog::Frame &f : frames)
                item.packed.push_back(WireLog::pack(f));
        } else {
            item.frames.assign(std::make_move_iterator(frames.begin()),
                               std::make_move_iterator(frames.end()));
        }
    }
    // This side's verdicts not yet matched to a frame, with these new ones.
    std::vector<ProtocolVerdict> &hear(Side side, const std::vector<ProtocolVerdict> &verdicts)
    {
        std::vector<ProtocolVerdict> &pending = m_pending[indexOf(side)];
        pending.insert(pending.end(), verdicts.begin(), verdicts.end());
        return pending;
    }
    qint64 nowUs() const { return m_clock.nsecsElapsed() / 1000; }

    QElapsedTimer m_clock; // since the attempt began
    std::array<std::vector<ProtocolVerdict>, 2> m_pending;
    std::vector<WireLog::Frame> m_message; // frames of the message the server is sending
};

WireCapture::WireCapture(LogSink *log, QObject *parent)
    : QObject(parent)
    , m_log(log)
{
    Q_ASSERT(log);
}

WireCapture::~WireCapture()
{
    retireRelay();
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

bool WireCapture::startAttempt(WireRelay::Upstream upstream, QString *error)
{
    finishAttempt();
    flushAll(); // the last attempt's relay may not have finished
    retireRelay();
    if (!m_thread) {
        m_thread = std::make_unique<QThread>();
        m_thread->setObjectName(QStringLiteral("wire relay"));
        m_thread->start();
    }
    auto *relay = new WireRelay(std::move(upstream));
    relay->moveToThread(m_thread.get());
    auto hold = std::make_shared<Hold>();
    m_clock.start();
    connectRelay(relay, hold);
    bool listening = false;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        relay,
        [&] {
            listening = relay->listen(error);
            port = relay->port();
        },
        Qt::BlockingQueuedConnection);
    m_relay = relay;
    m_hold = std::move(hold);
    if (!listening) {
        retireRelay();
        return false;
    }
    m_relayPort = port;
    m_relayFinished = false;
    m_upstreamFailure.reset();
    m_request.reset();
    m_response.reset();
    m_connectingRow.reset();
    m_responseHead.reset();
    m_refusalBody.clear();
    m_connectionDone = false;
    m_closeRow.reset();
    return true;
}

// Each signal is heard in the relay's thread and handled in the capture's, with the relay
// waiting (handOver).
void WireCapture::connectRelay(WireRelay *relay, const std::shared_ptr<Hold> &hold)
{
    const auto onRelay = Qt::DirectConnection;
    connect(
        relay, &WireRelay::requestSeen, relay,
        [this, hold](const HandshakeRequest &request, const QByteArray &head) {
            handOver(hold, [this, request, head] {
                m_request = request;
                if (m_connectingRow)
                    m_log->attachWire(*m_connectingRow,
                                      {WireLog::Frame::handshakeHead(head, true, elapsedUs())});
            });
        },
        onRelay);
    connect(
        relay, &WireRelay::responseSeen, relay,
        [this, hold](const HandshakeResponse &response, const QByteArray &head) {
            handOver(hold, [this, response, head] {
                m_response = response;
                m_responseHead = WireLog::Frame::handshakeHead(head, false, elapsedUs());
            });
        },
        onRelay);
    connect(
        relay, &WireRelay::refusalBodySeen, relay,
        [this, hold](const QByteArray &bytes) {
            handOver(hold, [this, bytes] {
                m_refusalBody += bytes;
                if (m_responseHead) {
                    *m_responseHead->ownPayload += bytes;
                    m_responseHead->payloadLength += quint64(bytes.size());
                }
            });
        },
        onRelay);
    connect(
        relay, &WireRelay::framesSeen, relay,
        [this, hold,
         reader = Reader(m_clock)](Side side, const std::vector<WireFrame> &frames,
                                   const std::vector<ProtocolVerdict> &verdicts) mutable {
            if (side == Side::Client) {
                handOver(hold, [this, judged = reader.client(frames, verdicts)]() mutable {
                    onClientFrames(std::move(judged));
                });
            } else {
                handOver(hold, [this, items = reader.server(frames, verdicts)]() mutable {
                    onServerItems(std::move(items));
                });
            }
        },
        onRelay);
    connect(
        relay, &WireRelay::tlsErrors, relay,
        [this, hold](const QList<QSslError> &errors, bool ignored) {
            handOver(hold, [this, errors, ignored] { emit tlsErrors(errors, ignored); });
        },
        onRelay);
    connect(
        relay, &WireRelay::failed, relay,
        [this, hold, relay] {
            handOver(hold,
                     [this, failure = relay->upstreamFailure()] { m_upstreamFailure = failure; });
        },
        onRelay);
    connect(
        relay, &WireRelay::finished, relay,
        [this, hold] {
            handOver(hold, [this] {
                m_relayFinished = true;
                if (m_connectionDone)
                    flushAll();
            });
        },
        onRelay);
}

void WireCapture::handOver(const std::shared_ptr<Hold> &hold, std::function<void()> onCapture)
{
    struct Answer
    {
        QSemaphore done;
        std::vector<std::vector<Incoming>> spent;
    };
    auto answer = std::make_shared<Answer>();
    QMetaObject::invokeMethod(
        this,
        [this, hold, answer, onCapture = std::move(onCapture)] {
            if (!hold->cut) {
                onCapture();
                answer->spent = m_incoming.takeSpent();
            }
            answer->done.release();
        },
        Qt::QueuedConnection);
    while (!answer->done.tryAcquire(1, kHoldPollMs)) {
        if (hold->cut)
            return;
    }
    answer->spent.clear();
}

void WireCapture::retireRelay()
{
    if (!m_relay)
        return;
    m_hold->cut = true; // from here its thread no longer waits for this one
    WireRelay *relay = std::exchange(m_relay, nullptr);
    m_hold.reset();
    m_relayPort = 0;
    m_relayFinished = true;
    QMetaObject::invokeMethod(
        relay, [relay] { delete relay; }, Qt::BlockingQueuedConnection);
}

quint16 WireCapture::relayPort() const
{
    return m_relayPort;
}

void WireCapture::finishAttempt()
{
    if (m_connectionDone)
        return;
    m_connectionDone = true;
    // Qt drops TCP as soon as its close frame is out: the relay may still be passing the last
    // frames. What waits is written once it is done.
    if (m_relayFinished)
        flushAll();
}

void WireCapture::append(LogEvent event)
{
    if (event.type == EventType::Open)
        enrichFacts(event);
    const Direction direction = event.direction;
    const EventType type = event.type;
    const quint64 seq = m_log->nextSequence();
    m_log->append(std::move(event));
    const bool stored = m_log->nextSequence() > seq;
    if (stored && type == EventType::Connecting)
        m_connectingRow = seq;
    // The server's answer goes with the row that says what came of it.
    if (stored && m_responseHead
        && (type == EventType::Open
            || (type == EventType::Error && direction == Direction::Lifecycle))) {
        m_log->attachWire(seq, {*m_responseHead});
        m_responseHead.reset();
    }
    matchRow(direction, type, stored ? std::optional<quint64>(seq) : std::nullopt);
}

qsizetype WireCapture::appendText(Direction direction, QStringView text,
                                  std::vector<FrameInfo> frames)
{
    const quint64 seq = m_log->nextSequence();
    const qsizetype size = m_log->appendText(direction, text, std::move(frames));
    matchRow(direction, EventType::Text,
             m_log->nextSequence() > seq ? std::optional<quint64>(seq) : std::nullopt);
    return size;
}

void WireCapture::matchRow(Direction direction, EventType type, std::optional<quint64> seq)
{
    if (m_connectionDone)
        return;
    const bool message = type == EventType::Text || type == EventType::Binary;
    if (direction == Direction::Sent && message) {
        if (seq)
            m_sentMessages.push_back(*seq);
    } else if (direction == Direction::Sent && type == EventType::Ping) {
        if (seq)
            m_sentPings.push_back(*seq);
    } else if (direction == Direction::Received && message) {
        attachFirst(Incoming::Kind::Message, seq);
    } else if (direction == Direction::Received && type == EventType::Pong) {
        attachFirst(Incoming::Kind::Pong, seq);
    } else if (type == EventType::Close) {
        // The connection writes one close row for the whole closing handshake; its frames may
        // still be on their way.
        m_closeRow = seq;
        if (seq && !m_clientClose.empty())
            m_log->attachWire(*seq, m_clientClose);
        m_clientClose.clear();
        attachFirst(Incoming::Kind::Close, seq);
    }
    pump();
}

void WireCapture::attachFirst(Incoming::Kind kind, std::optional<quint64> seq)
{
    Incoming *item = m_incoming.first(kind);
    if (!item)
        return;
    if (seq)
        attachItem(*seq, *item);
    m_incoming.take(*item);
}

void WireCapture::IncomingQueue::push(std::vector<Incoming> batch)
{
    m_batches.push_back(std::move(batch));
    skipTaken();
}

void WireCapture::IncomingQueue::popFront()
{
    front().kind = Incoming::Kind::Taken;
    skipTaken();
}

WireCapture::Incoming *WireCapture::IncomingQueue::first(Incoming::Kind kind)
{
    size_t from = m_head;
    for (std::vector<Incoming> &batch : m_batches) {
        for (size_t i = from; i < batch.size(); ++i) {
            if (batch[i].kind == kind)
                return &batch[i];
        }
        from = 0;
    }
    return nullptr;
}

void WireCapture::IncomingQueue::take(Incoming &item)
{
    item.kind = Incoming::Kind::Taken;
    skipTaken();
}

void WireCapture::IncomingQueue::skipTaken()
{
    while (!m_batches.empty()) {
        const std::vector<Incoming> &batch = m_batches.front();
        while (m_head < batch.size() && batch[m_head].kind == Incoming::Kind::Taken)
            ++m_head;
        if (m_head < batch.size())
            return;
        m_spent.push_back(std::move(m_batches.front()));
        m_batches.pop_front();
        m_head = 0;
    }
}

qint64 WireCapture::elapsedUs() const
{
    return m_clock.isValid() ? m_clock.nsecsElapsed() / 1000 : 0;
}

void WireCapture::onClientFrames(std::vector<WireLog::Frame> frames)
{
    for (WireLog::Frame &frame : frames)
        onClientFrame(std::move(frame));
}

void WireCapture::onClientFrame(WireLog::Frame frame)
{
    if (isData(frame.opcode)) {
        const bool fin = frame.fin;
        m_clientMessage.push_back(std::move(frame));
        if (!fin)
            return;
        std::vector<WireLog::Frame> frames = std::exchange(m_clientMessage, {});
        if (!m_sentMessages.empty()) {
            m_log->attachWire(m_sentMessages.front(), withoutPayloads(std::move(frames)));
            m_sentMessages.pop_front();
        } else {
            const QByteArray payload = joinedPayload(frames);
            appendOwn(
                LogEvent::now(Direction::Sent,
                              frames.front().opcode == 0x2 ? EventType::Binary : EventType::Text,
                              payload),
                withoutPayloads(std::move(frames)));
        }
        return;
    }
    const QByteArray payload = frame.ownPayload.value_or(QByteArray());
    switch (frame.opcode) {
    case 0x9:
        if (!m_sentPings.empty()) {
            m_log->attachWire(m_sentPings.front(), withoutPayloads({frame}));
            m_sentPings.pop_front();
        } else {
            appendOwn(LogEvent::now(Direction::Sent, EventType::Ping, payload),
                      withoutPayloads({frame}));
        }
        return;
    case 0xA: {
        // Qt answers a server's ping on its own: the log shows it, marked as such.
        LogEvent pong = LogEvent::now(Direction::Sent, EventType::Pong, payload);
        pong.automatic = true;
        appendOwn(std::move(pong), withoutPayloads({frame}));
        return;
    }
    case 0x8:
        m_clientCloseCode = CloseCodes::codeOf(payload);
        if (m_closeRow)
            m_log->attachWire(*m_closeRow, {frame});
        else
            m_clientClose.push_back(std::move(frame));
        return;
    default: // a reserved opcode from Qt would be a bug of Qt's: shown, with its verdict
        appendOwn(LogEvent::now(
                      Direction::Lifecycle, EventType::Error,
                      tr("Qt sent a frame that breaks RFC 6455: %1").arg(frame.verdict).toUtf8()),
                  std::span(&frame, 1));
        return;
    }
}

void WireCapture::onServerItems(std::vector<Incoming> items)
{
    for (Incoming &item : items) {
        if (item.kind == Incoming::Kind::Close && m_closeRow) {
            attachItem(*m_closeRow, item);
            item.kind = Incoming::Kind::Taken;
        }
    }
    m_incoming.push(std::move(items));
    pump();
}

// Rows of their own go in once everything the server sent before them has its row.
void WireCapture::pump()
{
    while (!m_incoming.empty() && m_incoming.front().kind == Incoming::Kind::OwnRow) {
        Incoming &item = m_incoming.front();
        appendOwn(std::move(*item.row), item);
        m_incoming.popFront();
    }
}

void WireCapture::flushAll()
{
    if (m_responseHead && m_connectingRow)
        m_log->attachWire(*m_connectingRow, {*m_responseHead});
    m_responseHead.reset();
    while (!m_incoming.empty()) {
        Incoming item = std::move(m_incoming.front());
        m_incoming.popFront();
        switch (item.kind) {
        case Incoming::Kind::OwnRow:
            appendOwn(std::move(*item.row), item);
            break;
        case Incoming::Kind::Message: {
            // The row is this one: the frames show their own bytes.
            std::vector<WireLog::Frame> frames = framesOf(item);
            qsizetype bytes = 0;
            for (size_t i = 0; i < frames.size(); ++i) {
                frames[i].ownPayload = item.payloads[qsizetype(i)];
                bytes += item.payloads[qsizetype(i)].size();
            }
            const QString size = MessageLogModel::sizeText(bytes);
            QString text = item.text
                ? tr("The server sent a text message of %1 that Qt did not deliver.").arg(size)
                : tr("The server sent a binary message of %1 that Qt did not deliver.").arg(size);
            EventType type = EventType::Info;
            // Text with a fault in it went the fault's way: this one broke no rule.
            if (item.text && m_clientCloseCode == CloseCodes::InvalidPayload) {
                type = EventType::Error;
                text += u' '
                    + tr("Qt closed with 1007, but the frames were valid UTF-8 (a code point "
                         "split across fragments; a known QtWebSockets defect).");
            }
            appendOwn(LogEvent::now(Direction::Lifecycle, type, text.toUtf8()), frames);
            break;
        }
        case Incoming::Kind::Pong:
            appendOwn(LogEvent::now(Direction::Received, EventType::Pong, item.payloads.front()),
                      item);
            break;
        case Incoming::Kind::Close:
            appendOwn(
                LogEvent::closeFrame(Direction::Received,
                                     framesOf(item).front().ownPayload.value_or(QByteArray())),
                item);
            break;
        case Incoming::Kind::Taken: // never at the front
            break;
        }
    }
    if (!m_clientClose.empty()) {
        const std::vector<WireLog::Frame> close = std::exchange(m_clientClose, {});
        appendOwn(
            LogEvent::closeFrame(Direction::Sent, close.front().ownPayload.value_or(QByteArray())),
            close);
    }
    m_sentMessages.clear();
    m_sentPings.clear();
    m_clientMessage.clear();
    m_clientCloseCode = -1;
}

void WireCapture::appendOwn(LogEvent event, std::span<const WireLog::Frame> frames)
{
    const quint64 seq = m_log->nextSequence();
    m_log->append(std::move(event));
    if (m_log->nextSequence() > seq && !frames.empty())
        m_log->attachWire(seq, frames);
}

void WireCapture::appendOwn(LogEvent event, const Incoming &item)
{
    const quint64 seq = m_log->nextSequence();
    m_log->append(std::move(event));
    if (m_log->nextSequence() > seq)
        attachItem(seq, item);
}

void WireCapture::attachItem(quint64 seq, const Incoming &item)
{
    if (!item.packed.empty())
        m_log->attachWire(seq, std::span<const WireLog::Record>(item.packed));
    else if (!item.frames.empty())
        m_log->attachWire(seq, item.frames);
}

std::vector<WireLog::Frame> WireCapture::framesOf(const Incoming &item)
{
    if (item.packed.empty())
        return item.frames;
    std::vector<WireLog::Frame> frames;
    for (const WireLog::Record &r : item.packed)
        frames.push_back(WireLog::unpack(r));
    return frames;
}

// The handshake as it was on the wire: Qt's request with its key, and the server's headers.
void WireCapture::enrichFacts(LogEvent &open) const
{
    if (!open.facts || (!m_request && !m_response))
        return;
    auto facts = std::make_shared<ConnectionFacts>(*open.facts);
    if (m_request) {
        QList<ConnectionFacts::Header> sent;
        for (const auto &[name, value] : m_request->headers) {
            // As the connection wrote them: UTF-8 (a variable's value may be any text).
            ConnectionFacts::Header h {QString::fromUtf8(name), QString::fromUtf8(value)};
            // A value the user marked secret stays marked.
            for (const ConnectionFacts::Header &known : std::as_const(open.facts->requestHeaders)) {
                if (known.secret && known.name.compare(h.name, Qt::CaseInsensitive) == 0)
                    h.secret = true;
            }
            sent << h;
        }
        facts->requestHeaders = sent;
    }
    if (m_response) {
        facts->responseHeaders.clear();
        for (const auto &[name, value] : m_response->headers)
            facts->responseHeaders.append({QString::fromUtf8(name), QString::fromUtf8(value)});
        if (const auto extensions = m_response->header("Sec-WebSocket-Extensions"))
            facts->extensions = QString::fromLatin1(*extensions);
    }
    open.facts = std::move(facts);
}

std::vector<WireLog::Frame> WireCapture::withoutPayloads(std::vector<WireLog::Frame> frames)
{
    for (WireLog::Frame &f : frames)
        f.ownPayload.reset();
    return frames;
}

} // namespace Sockscope
