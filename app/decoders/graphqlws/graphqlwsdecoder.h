#pragma once

#include "decoders/decoder.h"

namespace Sockscope {

// GraphQL over WebSocket, both protocols: graphql-transport-ws (graphql-ws) and the older
// subscriptions-transport-ws (subprotocol graphql-ws). Chosen by those subprotocols;
// recognised by a connection_init or connection_ack. Results show the operation they belong to.
class GraphQlWsDecoder : public Decoder
{
public:
    QString id() const override { return QStringLiteral("graphqlws"); }
    QString name() const override { return QStringLiteral("GraphQL-WS"); }
    Kind kind() const override { return Kind::Framing; }
    bool verbatimInText(QStringView field) const override { return field == u"json."; }
    QStringList subprotocols() const override
    {
        return {QStringLiteral("graphql-transport-ws"), QStringLiteral("graphql-ws")};
    }
    bool recognises(QByteArrayView payload, bool binary) const override;
    std::unique_ptr<DecoderState> newState() const override;
    Tracked track(QByteArrayView payload, const DecodeContext &context,
                  DecoderState *state) const override;
    DecodedLayer decode(QByteArrayView payload, const DecodeContext &context,
                        const DecoderState *state, const Tracked &tracked) const override;

    // The operation's name: operationName (declared), else the name after
    // query/mutation/subscription in its query, else the query's first field.
    static QString operationName(const QString &declared, const QString &query);
};

} // namespace Sockscope
