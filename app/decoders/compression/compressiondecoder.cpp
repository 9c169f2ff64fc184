#include "compressiondecoder.h"

#include "decoders/jsonvalue.h"

#include <QCoreApplication>
#include <QLocale>

#include <zlib.h>
#include <zstd.h>

namespace Sockscope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::CompressionDecoder", text);
}

QString tooLarge()
{
    return tr("Decompresses to more than %1 MiB; not shown")
        .arg(CompressionDecoder::kMaxOutput / (1024 * 1024));
}

// A thread's inflater for one kind of stream, reset for each message: starting one allocates
// its window, which for a million messages in a filter was most of the time.
struct Inflater
{
    z_stream z {};
    bool started = false;
    explicit Inflater(int windowBits) { started = inflateInit2(&z, windowBits) == Z_OK; }
    ~Inflater()
    {
        if (started)
            inflateEnd(&z);
    }
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;
};

// windowBits: 16 + 15 for gzip, 15 for zlib, -15 for raw deflate.
QByteArray inflate(QByteArrayView in, int windowBits, QString *error)
{
    thread_local Inflater gzip(16 + 15), zlib(15), raw(-15);
    Inflater &inflater = windowBits > 15 ? gzip : windowBits > 0 ? zlib : raw;
    if (!inflater.started || inflateReset(&inflater.z) != Z_OK) {
        *error = tr("zlib could not start");
        return {};
    }
    z_stream &z = inflater.z;
    QByteArray out;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.avail_in = uInt(in.size());
    int rc = Z_OK;
    char chunk[16384];
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef *>(chunk);
        z.avail_out = sizeof chunk;
        rc = ::inflate(&z, Z_NO_FLUSH);
        out.append(chunk, qsizetype(sizeof chunk - z.avail_out));
        if (out.size() > CompressionDecoder::kMaxOutput) {
            *error = tooLarge();
            return {};
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            break; // the input ended before the stream did
    }
    if (rc != Z_STREAM_END) {
        *error = rc == Z_BUF_ERROR || rc == Z_OK
            ? tr("The compressed stream ends early")
            : tr("Not valid compressed data: %1").arg(QString::fromLatin1(z.msg ? z.msg : "error"));
        return {};
    }
    if (z.avail_in != 0) {
        *error = tr("%1 bytes after the end of the compressed stream").arg(z.avail_in);
        return {};
    }
    return out;
}

// A thread's zstd decompressor, reset for each message, as an Inflater; one that grew past a
// few MiB for a large window is not kept.
struct Unzstd
{
    ZSTD_DCtx *context = ZSTD_createDCtx();
    ~Unzstd() { ZSTD_freeDCtx(context); }
    Unzstd() = default;
    Unzstd(const Unzstd &) = delete;
    Unzstd &operator=(const Unzstd &) = delete;
};

QByteArray unzstd(QByteArrayView in, QString *error)
{
    thread_local Unzstd unzstd;
    ZSTD_DCtx *stream = unzstd.context;
    if (!stream || ZSTD_isError(ZSTD_DCtx_reset(stream, ZSTD_reset_session_only))) {
        *error = tr("zstd could not start");
        return {};
    }
    const auto done = [&] {
        if (ZSTD_sizeof_DCtx(stream) > 8 * 1024 * 1024) {
            ZSTD_freeDCtx(stream);
            unzstd.context = ZSTD_createDCtx();
        }
    };
    ZSTD_inBuffer input {in.data(), size_t(in.size()), 0};
    QByteArray out;
    char chunk[16384];
    size_t rc = 1;
    while (input.pos < input.size || rc != 0) {
        ZSTD_outBuffer output {chunk, sizeof chunk, 0};
        const size_t before = input.pos;
        rc = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(rc)) {
            *error = tr("Not valid zstd data: %1").arg(QString::fromLatin1(ZSTD_getErrorName(rc)));
            done();
            return {};
        }
        out.append(chunk, qsizetype(output.pos));
        if (out.size() > CompressionDecoder::kMaxOutput) {
            *error = tooLarge();
            done();
            return {};
        }
        if (rc != 0 && input.pos == input.size && output.pos == 0 && before == input.pos) {
            *error = tr("The compressed stream ends early");
            done();
            return {};
        }
    }
    done();
    return out;
}
} // namespace

namespace {
struct FormatNames
{
    QStringView id;
    QStringView name;
};
// By CompressionDecoder::Format.
constexpr FormatNames kNames[]
    = {{u"gzip", u"gzip"}, {u"zlib", u"zlib"}, {u"deflate", u"deflate (raw)"}, {u"zstd", u"zstd"}};

// The literal itself, not a copy: a layer's name is its protocol field, asked for every message.
QString literal(QStringView text)
{
    return QString::fromRawData(text.data(), text.size());
}
} // namespace

QString CompressionDecoder::id() const
{
    return literal(kNames[int(m_format)].id);
}

QString CompressionDecoder::name() const
{
    return literal(kNames[int(m_format)].name);
}

bool CompressionDecoder::recognises(QByteArrayView payload, bool binary) const
{
    if (!binary || payload.size() < 4)
        return false;
    const auto b = [&](int i) {
        return quint8(payload[i]);
    };
    switch (m_format) {
    case Format::Gzip:
        return b(0) == 0x1f && b(1) == 0x8b && b(2) == 8;
    case Format::Zlib:
        // Deflate with a window of at most 32 KiB, and the header's check bits right.
        return (b(0) & 0x0f) == 8 && (b(0) >> 4) <= 7 && (b(0) * 256 + b(1)) % 31 == 0;
    case Format::Zstd:
        return b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd;
    case Format::Deflate:
        break;
    }
    return false;
}

DecodedLayer CompressionDecoder::decode(QByteArrayView payload, const DecodeContext &context,
                                        const DecoderState *, const Tracked &) const
{
    QString error;
    QByteArray out;
    switch (m_format) {
    case Format::Gzip:
        out = inflate(payload, 16 + MAX_WBITS, &error);
        break;
    case Format::Zlib:
        out = inflate(payload, MAX_WBITS, &error);
        break;
    case Format::Deflate:
        out = inflate(payload, -MAX_WBITS, &error);
        break;
    case Format::Zstd:
        out = unzstd(payload, &error);
        break;
    }
    if (!error.isEmpty())
        return DecodedLayer::failure(error);
    DecodedLayer layer;
    layer.node.name = name();
    // Text when it is UTF-8 without control characters, so JSON and the text decoders see it.
    bool text = true;
    for (const char c : std::as_const(out)) {
        if (quint8(c) < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            text = false;
            break;
        }
    }
    text = text && isUtf8(out);
    if (context.wantsSummary()) {
        const QLocale locale = QLocale::system();
        layer.summary = tr("%1, %2 bytes").arg(name(), locale.toString(out.size()));
        if (context.wantsTree()) {
            layer.node.value
                = tr("%1 → %2 bytes")
                      .arg(locale.toString(payload.size()), locale.toString(out.size()));
            if (text)
                layer.node.add(tr("text"), JsonValue::line(QString::fromUtf8(out), 400));
        }
    }
    layer.innerBinary = !text;
    layer.inner = std::move(out);
    return layer;
}

} // namespace Sockscope
