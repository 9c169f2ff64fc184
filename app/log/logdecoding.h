#pragma once

#include "decoders/decoded.h"

#include <QString>

#include <deque>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace Sockscope {

class Decoder;
class DecoderRegistry;
class DecoderState;
class MessageLogModel;

// How the rows of one log are decoded (its Summary column, the inspector's Decoded view and
// filter terms such as event:chat):
// - the decoder of a row's connection is the user's "Decode as" choice, else the one its
//   connection's facts select (subprotocol, then URL path), else whichever recognises the row;
// - stateful decoders (request/response pairing, attachments) are fed the log's messages in
//   order, lazily, as far as a row that is asked for; what they learn of a row is kept beside it;
// - summaries are made on demand from the stored payload and a few thousand are cached.
// Secrets are masked before a payload is decoded, so no decoded text holds them.
class LogDecoding
{
public:
    explicit LogDecoding(const MessageLogModel &log);
    ~LogDecoding();

    // "" decodes automatically; "none" decodes nothing; else a registered decoder's id.
    void setDecodeAs(const QString &id);
    // Decodes every message with a decoder of the user's own (a .proto message type); its id
    // becomes decodeAs().
    void setDecoder(std::shared_ptr<const Decoder> decoder);
    const QString &decodeAs() const { return m_decodeAs; }

    // Feeds the stateful decoders the log's messages up to row, in order (decoding a row does
    // so too). Decoding, firstDecoder() and verbatimInText() of rows up to it then only read,
    // so threads may do them at once while the log does not change.
    void track(int row);
    // Feeds them the rows not fed yet, for about ms milliseconds; true while some are left.
    bool trackAhead(int ms);
    // The rows the stateful decoders have not been fed yet (none while decoding is off), up to
    // and with row (every row for -1).
    qsizetype untrackedRows(int row = -1) const;
    // The row decoded, with its tree (treeBudget nodes at most; 0 for none). paths and
    // fieldNames: see DecodeContext.
    Decoded decoded(int row, qsizetype treeBudget, const QStringList *paths = nullptr,
                    const QStringList *fieldNames = nullptr);
    // The decoder the row's stack starts with (the "Decode as" choice, its connection's, or
    // the one that recognises it), or nullptr. A payload format chosen for a connection whose
    // facts name a framing protocol reads that protocol's payloads: the stack starts with the
    // framing protocol then.
    const Decoder *firstDecoder(int row);
    // For the filter: whether the row's decoding takes a field as the text message's own bytes
    // (Decoder::verbatimInText of the decoder the values come from).
    bool verbatimInText(int row, QStringView field);
    // The row's one-line summary; empty for rows no decoder reads.
    QString summary(int row);

    // The log dropped its rows before this sequence number, or was cleared.
    void dropBefore(quint64 firstSequence);
    void reset();

    static constexpr size_t kMaxCachedSummaries = 4096;

private:
    // One connection of the log: from an Open row to the next of its source.
    struct Connection
    {
        const Decoder *chosen = nullptr; // by the connection's facts
        std::unordered_map<const Decoder *, std::unique_ptr<DecoderState>> states;
    };
    void trackUpTo(quint64 sequence);
    bool isMessage(int row) const; // a text or binary row, and decoding is on
    // The sequence number of the Open row the row's connection began with.
    quint64 openOf(int row, quint64 sequence) const;
    // The row's connection (after tracking up to it), or nullptr.
    const Connection *connectionOf(int row);
    const Decoder *firstDecoder(const Connection *source, QByteArrayView payload,
                                bool binary) const;
    // The decoder a tracked row's stack starts with, as trackUpTo() found it once, so that
    // the filter does not recognise a row again; row must be a message.
    const Decoder *trackedFirst(int row, quint64 sequence, const Connection *source);
    quint8 codeOf(const Decoder *decoder) const;

    const MessageLogModel &m_log;
    const DecoderRegistry &m_registry;
    QString m_decodeAs;
    const Decoder *m_forced = nullptr; // the "Decode as" decoder
    std::shared_ptr<const Decoder> m_own; // when it is not a registered one
    quint64 m_trackedUpTo = 0; // rows before this sequence number were tracked
    // Of each tracked row from sequence number m_firstsFrom on: the index in the registry of
    // its first decoder, kOwnDecoder or kNoDecoder, with kHasTracked set when m_tracked holds
    // something of it (most rows have nothing, and are not looked up).
    std::deque<quint8> m_firsts;
    quint64 m_firstsFrom = 0;
    static constexpr quint8 kOwnDecoder = 0x7e;
    static constexpr quint8 kNoDecoder = 0x7f;
    static constexpr quint8 kHasTracked = 0x80;
    // Whether m_tracked may hold something of the row with this sequence number.
    bool mayHaveTracked(quint64 sequence) const;
    // By the sequence number of their Open row (MessageLogModel::kNoOpenRow before any).
    std::map<quint64, Connection> m_connections;
    // The Open rows tracked so far of each source (a server's clients), in order.
    std::unordered_map<quint32, std::vector<quint64>> m_opensOfSource;
    // What was tracked of rows, in the order of their sequence numbers (tracking goes in order).
    std::deque<std::pair<quint64, Tracked>> m_tracked;
    Tracked trackedOf(quint64 sequence) const;
    std::unordered_map<quint64, QString> m_summaries; // by sequence number
};

} // namespace Sockscope
