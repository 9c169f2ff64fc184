// The heads of an opening handshake: the request as a mock server reads it, with the access
// policy judging it and the server answering it, and the response as a client reads it.
// Whatever a peer sends, what parses writes back out and parses to the same head, a response's
// problems are sentences, and the server's 101 is one its client would accept.
#include "fuzztarget.h"
#include "server/accesspolicy.h"
#include "websocket/handshakerequest.h"

namespace {
void checkResponse(const QByteArray &bytes)
{
    using Sockscope::HandshakeResponse;
    QString error;
    const std::optional<HandshakeResponse> response = HandshakeResponse::parse(bytes, &error);
    SOCKSCOPE_FUZZ_CHECK(response.has_value() == error.isEmpty());
    if (!response)
        return;
    SOCKSCOPE_FUZZ_CHECK(response->status >= 100 && response->status <= 999);
    const std::optional<HandshakeResponse> again = HandshakeResponse::parse(response->write());
    SOCKSCOPE_FUZZ_CHECK(again && again->status == response->status
                         && again->version == response->version && again->reason == response->reason
                         && again->headers == response->headers);
    for (const QString &problem : response->problems("dGhlIHNhbXBsZSBub25jZQ==", {"chat"}))
        SOCKSCOPE_FUZZ_CHECK(!problem.isEmpty());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using Sockscope::HandshakeRequest;
    const QByteArray bytes = fuzzBytes(data, size);
    checkResponse(bytes);
    const qsizetype end = HandshakeRequest::headEnd(bytes);
    SOCKSCOPE_FUZZ_CHECK(end == -1 || (end >= 4 && bytes.first(end).endsWith("\r\n\r\n")));
    QString error;
    const std::optional<HandshakeRequest> request = HandshakeRequest::parse(bytes, &error);
    SOCKSCOPE_FUZZ_CHECK(request.has_value() == error.isEmpty());
    if (!request)
        return 0;
    // A head parses only when it is complete, and then it ends where headEnd says.
    SOCKSCOPE_FUZZ_CHECK(end == bytes.size());
    for (const auto &[name, value] : request->headers)
        SOCKSCOPE_FUZZ_CHECK(!name.isEmpty() && !value.contains('\r') && !value.contains('\n'));
    const std::optional<HandshakeRequest> again = HandshakeRequest::parse(request->write());
    SOCKSCOPE_FUZZ_CHECK(again && again->method == request->method
                         && again->target == request->target && again->version == request->version
                         && again->headers == request->headers);
    for (const bool loopbackOnly : {true, false}) {
        const Sockscope::AccessPolicy policy {
            loopbackOnly, {QStringLiteral("https://a.example")}, false};
        const std::optional<QString> why = policy.refusal(*request);
        SOCKSCOPE_FUZZ_CHECK(!why || !why->isEmpty());
    }
    using Sockscope::UpgradeAnswer;
    const UpgradeAnswer answer
        = UpgradeAnswer::to(*request, {QStringLiteral("chat"), QStringLiteral("mqtt")}, "fuzz");
    SOCKSCOPE_FUZZ_CHECK(answer.isAccepted() == (answer.response.status == 101));
    if (answer.isAccepted()) {
        const std::optional<QByteArray> key = request->header("Sec-WebSocket-Key");
        SOCKSCOPE_FUZZ_CHECK(key.has_value());
        const std::optional<Sockscope::HandshakeResponse> written
            = Sockscope::HandshakeResponse::parse(answer.response.write());
        SOCKSCOPE_FUZZ_CHECK(
            written
            && written->problems(*key, UpgradeAnswer::offeredProtocols(*request)).isEmpty());
    }
    return 0;
}
