#include "payloadarena.h"

#include <cstdlib>
#include <cstring>
#include <new>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

namespace Sockscope {

void PayloadArena::FreeChunk::operator()(char *p) const
{
    std::free(p);
}

// Not zeroed (that would cost more than the copies), and aligned to a huge page. A log's first
// chunk takes small pages, so a log that holds a few rows (a server tab keeps one per client)
// costs the few pages it touches, not a zeroed 2 MiB; the chunks after it are huge pages, so a
// fast feed takes one page fault per chunk instead of 512.
std::unique_ptr<char[], PayloadArena::FreeChunk> PayloadArena::allocateChunk(bool first)
{
    void *p = std::aligned_alloc(size_t(kChunkSize), size_t(kChunkSize));
    if (!p)
        throw std::bad_alloc();
#ifdef Q_OS_LINUX
    madvise(p, size_t(kChunkSize), first ? MADV_NOHUGEPAGE : MADV_HUGEPAGE);
#else
    Q_UNUSED(first)
#endif
    return std::unique_ptr<char[], FreeChunk>(static_cast<char *>(p));
}

char *PayloadArena::reserve(qsizetype maxSize, quint64 *offset)
{
    Q_ASSERT(maxSize <= kChunkSize);
    if (m_chunks.empty() || kChunkSize - m_chunks.back().used < maxSize) {
        // Skip the rest of the current chunk: payloads never straddle two chunks.
        const quint64 nextChunk = m_firstChunk + m_chunks.size();
        m_chunks.push_back({allocateChunk(nextChunk == 0), 0});
        m_end = nextChunk * kChunkSize;
    }
    *offset = m_end;
    return m_chunks.back().bytes.get() + m_chunks.back().used;
}

quint64 PayloadArena::append(QByteArrayView data)
{
    quint64 offset = 0;
    char *out = reserve(data.size(), &offset);
    if (!data.isEmpty())
        std::memcpy(out, data.data(), size_t(data.size()));
    commit(data.size());
    return offset;
}

QByteArrayView PayloadArena::view(quint64 offset, qsizetype size) const
{
    const quint64 chunk = offset / kChunkSize;
    if (size == 0 || chunk < m_firstChunk || chunk - m_firstChunk >= m_chunks.size())
        return {};
    return {m_chunks[size_t(chunk - m_firstChunk)].bytes.get() + offset % kChunkSize, size};
}

void PayloadArena::releaseBefore(quint64 offset)
{
    const quint64 keepFrom = offset / kChunkSize;
    // Always keep the chunk being written to.
    while (m_chunks.size() > 1 && m_firstChunk < keepFrom) {
        m_chunks.pop_front();
        ++m_firstChunk;
    }
}

void PayloadArena::clear()
{
    m_firstChunk += m_chunks.size();
    m_chunks.clear();
    m_end = m_firstChunk * kChunkSize;
}

} // namespace Sockscope
