// One decoder (SOCKSCOPE_FUZZ_DECODER, its id), fed a conversation: records of a flags byte
// (bit 0 binary, bit 1 received), a two-byte big-endian length and that many bytes. Every
// message is tracked in order, decoded alone and decoded through the registry's stack, and
// its json.PATH values read alone are checked against the whole value's.
// "proto" is protobuf with a .proto (SOCKSCOPE_FUZZ_PROTO), decoded as its market.Quote.
#include "decoders/decoderregistry.h"
#include "decoders/jsonvalue.h"
#include "decoders/protobuf/protoschema.h"
#include "fuzztarget.h"

#include <QJsonArray>

namespace {
const Sockscope::Decoder *decoderToFuzz()
{
    using namespace Sockscope;
    const QString id = QStringLiteral(SOCKSCOPE_FUZZ_DECODER);
    if (id != u"proto")
        return DecoderRegistry::standard().byId(id);
    static const auto schemaDecoder = [] {
        QString error;
        auto schema = ProtoSchema::load(QStringLiteral(SOCKSCOPE_FUZZ_PROTO), &error);
        return schema ? std::make_shared<ProtobufSchemaDecoder>(schema, u"market.Quote"_qs)
                      : nullptr;
    }();
    return schemaDecoder.get();
}

bool oneLine(const QString &s)
{
    return !s.contains(u'\n') && !s.contains(u'\r') && s.size() <= 200;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Sockscope;
    const DecoderRegistry &registry = DecoderRegistry::standard();
    const Decoder *decoder = decoderToFuzz();
    SOCKSCOPE_FUZZ_CHECK(decoder);
    const QByteArray input = fuzzBytes(data, size);
    std::unique_ptr<DecoderState> state = decoder->newState();
    qsizetype at = 0;
    quint64 seq = 0;
    while (at + 3 <= input.size()) {
        const quint8 flags = quint8(input[at]);
        const qsizetype length = quint8(input[at + 1]) << 8 | quint8(input[at + 2]);
        at += 3;
        const QByteArray message = input.mid(at, length);
        at += length;
        DecodeContext context;
        context.binary = flags & 1;
        context.direction = (flags & 2) ? Direction::Received : Direction::Sent;
        context.timestampMs = qint64(seq) * 10;
        context.sequence = ++seq;
        const Tracked tracked = state ? decoder->track(message, context, state.get()) : Tracked();
        decoder->recognises(message, context.binary);
        const DecodedLayer layer = decoder->decode(message, context, state.get(), tracked);
        SOCKSCOPE_FUZZ_CHECK(oneLine(layer.summary));
        SOCKSCOPE_FUZZ_CHECK(layer.ok() == layer.problem.isEmpty());
        const Decoded stacked = registry.decode(message, context, decoder, state.get(), tracked);
        SOCKSCOPE_FUZZ_CHECK(oneLine(stacked.summary));
        SOCKSCOPE_FUZZ_CHECK(!stacked.protocols.isEmpty()
                             && stacked.protocols.first() == decoder->name());
        SOCKSCOPE_FUZZ_CHECK(stacked.tree.children.size() == stacked.protocols.size());
        // What the log's filter does with it: summary and fields only.
        context.treeBudget = 0;
        const Decoded quick = registry.decode(message, context, decoder, state.get(), tracked);
        SOCKSCOPE_FUZZ_CHECK(quick.summary == stacked.summary);
        context.treeBudget = DecodeContext::kFieldsOnly;
        const Decoded fields = registry.decode(message, context, decoder, state.get(), tracked);
        SOCKSCOPE_FUZZ_CHECK(fields.fields == stacked.fields);
        // The filter's field terms: each field asked for alone is what the whole decoding
        // gives of it, with no value made.
        static const QStringList noPaths;
        context.paths = &noPaths;
        for (const QString &name : {u"protocol"_qs, u"event"_qs, u"topic"_qs, u"method"_qs,
                                    u"type"_qs, u"id"_qs, u"destination"_qs, u"target"_qs}) {
            const QStringList wanted {name};
            context.fieldNames = &wanted;
            const Decoded alone = registry.decode(message, context, decoder, state.get(), tracked);
            QList<std::pair<QString, QString>> expected;
            for (const auto &field : stacked.fields) {
                if (field.first == name)
                    expected << field;
            }
            SOCKSCOPE_FUZZ_CHECK(alone.fields == expected);
            SOCKSCOPE_FUZZ_CHECK(alone.value.isUndefined() && alone.pathValues.isEmpty());
            SOCKSCOPE_FUZZ_CHECK(
                name == u"protocol" ? alone.protocols == stacked.protocols
                                    : alone.protocols.size() <= stacked.protocols.size()
                        && alone.protocols == stacked.protocols.first(alone.protocols.size()));
        }
        context.fieldNames = nullptr;
        // The filter's json.PATH terms: read by path (JsonValue::Document where a decoder can;
        // the entries or fields the paths start in when none is the whole value), each value
        // is the one the whole value holds.
        static const QStringList keyed {u"0"_qs,      u"1"_qs,    u"2"_qs,      u"a"_qs,  u"0.a"_qs,
                                        u"a.b[1]"_qs, u"type"_qs, u"data.0"_qs, u"1.1"_qs};
        static const QStringList paths = keyed + QStringList {QString()};
        // What decoders read of a JSON text with a Document is what parse() gives.
        JsonValue::Document doc;
        const QJsonValue parsed = JsonValue::parse(message);
        SOCKSCOPE_FUZZ_CHECK(doc.read(message) == !parsed.isUndefined());
        if (!parsed.isUndefined()) {
            for (const QString &path : paths) {
                const QJsonValue expected = JsonValue::at(parsed, path);
                SOCKSCOPE_FUZZ_CHECK(doc.type(path) == expected.type());
                SOCKSCOPE_FUZZ_CHECK(doc.string(path) == expected.toString());
                SOCKSCOPE_FUZZ_CHECK(doc.scalarText(path) == JsonValue::scalarText(expected));
                SOCKSCOPE_FUZZ_CHECK(doc.arraySize(path)
                                     == (expected.isArray() ? expected.toArray().size() : -1));
            }
        }
        for (const QStringList *asked : {&keyed, &paths}) {
            context.paths = asked;
            const Decoded read = registry.decode(message, context, decoder, state.get(), tracked);
            SOCKSCOPE_FUZZ_CHECK(read.fields == stacked.fields);
            for (const QString &path : *asked) {
                const QJsonValue expected = JsonValue::at(stacked.value, path);
                const QJsonValue got = read.valueAt(path);
                SOCKSCOPE_FUZZ_CHECK(got.type() == expected.type()
                                     && JsonValue::scalarText(got)
                                         == JsonValue::scalarText(expected));
            }
        }
    }
    return 0;
}
