#pragma once

#include "websocket/frameparser.h"
#include "websocket/handshakerequest.h"

#include <QAbstractSocket>
#include <QHostAddress>
#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>

#include <memory>
#include <optional>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace Sockscope {

// The relay behind the wire view, for one connection: an HTTP CONNECT proxy on 127.0.0.1 that
// QWebSocket is pointed at (QWebSocket::setProxy). It accepts that one client, connects
// upstream to the host it was made for, and passes every byte both ways, reading each
// direction as it goes: the opening handshake's request and response, then the frames with a
// FrameParser per direction. Qt's own pings, pongs and close frames go through it too, so what
// QWebSocket hides is seen here.
// For wss://, QWebSocket speaks plain ws:// to the relay and the relay speaks TLS to the server:
// the bytes it reads are the clear ones.
// Each signal about bytes is emitted before those bytes go on (and failed() before the client's
// 502), so a listener in another thread that waits for its own handling keeps the order Qt
// reads them in.
class WireRelay : public QObject
{
    Q_OBJECT

public:
    enum class Side { Client, Server }; // who sent the bytes

    // Where the relay goes on to, and how.
    struct Upstream
    {
        Upstream(QString host, quint16 port,
                 QNetworkProxy proxy = QNetworkProxy(QNetworkProxy::NoProxy))
            : host(std::move(host))
            , port(port)
            , proxy(std::move(proxy))
        { }

        QString host; // what the CONNECT asks for must match host:port
        quint16 port;
        QNetworkProxy proxy; // the tab's HTTP or SOCKS5 proxy
        std::optional<QSslConfiguration> tls; // wss://: TLS to the server, with these settings
        bool ignoreTlsErrors = false; // go on past certificate errors (tlsErrors() lists them)
        // When set, the request's Host header is made this: QWebSocket, given the ws:// form of
        // a wss:// URL, names the port that the user's URL implied.
        QByteArray hostHeader;
    };

    explicit WireRelay(Upstream upstream, QObject *parent = nullptr);
    ~WireRelay() override;

    // Listens on 127.0.0.1, on a free port; false with a sentence in *error.
    bool listen(QString *error = nullptr);
    quint16 port() const;

    // Why the server could not be reached (before the tunnel opened), as its socket said it:
    // what a direct connection would have met.
    std::optional<std::pair<QAbstractSocket::SocketError, QString>> upstreamFailure() const
    {
        return m_upstreamFailure;
    }
    // Bytes relayed so far from each side (handshake included).
    quint64 bytesFrom(Side side) const;

signals:
    // The opening handshake's request as it went on (head: its bytes).
    void requestSeen(const Sockscope::HandshakeRequest &request, const QByteArray &head);
    // The server's answer to it (head: its bytes).
    void responseSeen(const Sockscope::HandshakeResponse &response, const QByteArray &head);
    // More of the body that came with a refusal (up to kMaxRefusalBody in all).
    void refusalBodySeen(const QByteArray &bytes);
    // What one piece of a side's bytes held: the frames it ended and the verdicts found in it,
    // each in stream order (a verdict may be about a frame still to end). Offsets count from
    // that side's first byte after its handshake head.
    void framesSeen(Sockscope::WireRelay::Side side,
                    const std::vector<Sockscope::WireFrame> &frames,
                    const std::vector<Sockscope::ProtocolVerdict> &verdicts);
    // The server's certificate has these problems; ignored says whether the relay went on.
    void tlsErrors(const QList<QSslError> &errors, bool ignored);
    // The relay could not do its job (the CONNECT named another host, upstream refused...).
    void failed(const QString &why);
    // Both sides are closed.
    void finished();

private:
    struct Direction
    {
        QByteArray head; // the handshake head while it is still arriving
        bool headDone = false;
        std::optional<FrameParser> parser;
        quint64 bytes = 0;
        qsizetype refusalBody = -1; // bytes of a refusal's body read so far; -1 if none
    };

    void onClientConnection();
    void onClientData();
    void onUpstreamConnected();
    void relay(Side side, const QByteArray &bytes);
    void pass(Side side, const QByteArray &bytes);
    void read(Side side, QByteArrayView bytes);
    void readHead(Side side, QByteArrayView head);
    void onClosed(Side side);

    static constexpr int kUpstreamGraceMs = 2000;

public:
    static constexpr qsizetype kMaxRefusalBody = 64 * 1024;

private:
    Upstream m_to;
    QByteArray m_requestHead; // the request's head, until its Host header is restored
    bool m_hostRestored = false;
    std::unique_ptr<QTcpServer> m_server;
    QTcpSocket *m_client = nullptr;
    QTcpSocket *m_upstream = nullptr;
    QByteArray m_connectHead; // the client's CONNECT request, until it is answered
    bool m_tunnelOpen = false;
    bool m_finished = false;
    QByteArray m_pending; // client bytes that came before upstream connected
    std::optional<std::pair<QAbstractSocket::SocketError, QString>> m_upstreamFailure;
    Direction m_directions[2];
};

} // namespace Sockscope
