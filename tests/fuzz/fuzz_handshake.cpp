// The head of an opening handshake as a mock server reads it, and the access policy judging
// it: whatever a client sends, what parses writes back out and parses to the same request.
#include "fuzztarget.h"
#include "server/accesspolicy.h"
#include "websocket/handshakerequest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using Sockscope::HandshakeRequest;
    const QByteArray bytes = fuzzBytes(data, size);
    const qsizetype end = HandshakeRequest::headEnd(bytes);
    SOCKSCOPE_FUZZ_CHECK(end == -1 || (end >= 4 && bytes.first(end).endsWith("\r\n\r\n")));
    QString error;
    const std::optional<HandshakeRequest> request = HandshakeRequest::parse(bytes, &error);
    SOCKSCOPE_FUZZ_CHECK(request.has_value() == error.isEmpty());
    if (!request)
        return 0;
    // A head parses only when it is complete, and then it ends where headEnd says.
    SOCKSCOPE_FUZZ_CHECK(end == bytes.size());
    QByteArray written = request->method + ' ' + request->target + ' ' + request->version;
    written += "\r\n";
    for (const auto &[name, value] : request->headers) {
        SOCKSCOPE_FUZZ_CHECK(!name.isEmpty() && !value.contains('\r') && !value.contains('\n'));
        written += name + ": " + value + "\r\n";
    }
    written += "\r\n";
    const std::optional<HandshakeRequest> again = HandshakeRequest::parse(written);
    SOCKSCOPE_FUZZ_CHECK(again && again->method == request->method
                         && again->target == request->target && again->version == request->version
                         && again->headers == request->headers);
    for (const bool loopbackOnly : {true, false}) {
        const Sockscope::AccessPolicy policy {
            loopbackOnly, {QStringLiteral("https://a.example")}, false};
        const std::optional<QString> why = policy.refusal(*request);
        SOCKSCOPE_FUZZ_CHECK(!why || !why->isEmpty());
    }
    return 0;
}
