#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// A compressed payload: gzip, zlib and raw deflate (zlib), zstd (libzstd). gzip, zlib and zstd
// are recognised by their headers; raw deflate has none, so only "Decode as" picks it. What it
// decompresses to goes on to the payload decoders.
class CompressionDecoder : public Decoder
{
public:
    enum class Format { Gzip, Zlib, Deflate, Zstd };
    explicit CompressionDecoder(Format format)
        : m_format(format)
    { }

    QString id() const override;
    QString name() const override;
    Kind kind() const override { return Kind::Compression; }
    bool recognises(QByteArrayView payload, bool binary) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;

    // No payload decompresses to more than this (a few bytes of zstd can claim gigabytes).
    static constexpr qsizetype kMaxOutput = 16 * 1024 * 1024;

private:
    Format m_format;
};

} // namespace Sockscope
