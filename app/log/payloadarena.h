#pragma once

#include <QByteArrayView>

#include <deque>
#include <memory>

namespace Sockscope {

// Append-only storage for the payloads of a log, in fixed-size chunks. A payload is addressed
// by a global byte offset that never changes, so records stay small (no per-payload heap
// block), and dropping the oldest records frees whole chunks from the front.
class PayloadArena
{
public:
    // 2 MiB: one transparent huge page, where the system offers them.
    static constexpr qsizetype kChunkSize = 2 << 20;
    // Payloads larger than this do not belong in the arena (the log keeps them aside).
    static constexpr qsizetype kMaxPayload = 64 * 1024;

    // Copies data in and returns its offset. data.size() must be at most kMaxPayload.
    quint64 append(QByteArrayView data);
    // Reserves room for up to maxSize bytes and returns where to write them; commit() then
    // records how many were written. Lets a caller encode straight into the arena.
    char *reserve(qsizetype maxSize, quint64 *offset);
    void commit(qsizetype written)
    {
        m_chunks.back().used += written;
        m_end += written;
    }

    // Valid until the bytes are released.
    QByteArrayView view(quint64 offset, qsizetype size) const;
    // Frees every chunk that lies wholly before offset.
    void releaseBefore(quint64 offset);
    void clear();

    // Bytes held in chunks, including unused room at the end of the newest one.
    qint64 bytesHeld() const { return qint64(m_chunks.size()) * kChunkSize; }

private:
    struct FreeChunk
    {
        void operator()(char *p) const;
    };
    struct Chunk
    {
        std::unique_ptr<char[], FreeChunk> bytes;
        qsizetype used = 0;
    };
    static std::unique_ptr<char[], FreeChunk> allocateChunk(bool first);

    std::deque<Chunk> m_chunks;
    quint64 m_firstChunk = 0; // index of m_chunks.front() in the global sequence
    quint64 m_end = 0; // offset one past the last committed byte
};

} // namespace Sockscope
