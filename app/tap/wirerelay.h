#pragma once

#include "websocket/frameparser.h"
#include "websocket/handshakerequest.h"

#include <QAbstractSocket>
#include <QHostAddress>
#include <QNetworkProxy>
#include <QObject>

#include <memory>
#include <optional>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace Sockscope {

// The relay behind the wire view, for one ws:// connection: an HTTP CONNECT proxy on 127.0.0.1
// that QWebSocket is pointed at (QWebSocket::setProxy). It accepts that one client, connects
// upstream to the host it was made for, and passes every byte both ways unchanged, reading
// each direction as it goes: the opening handshake's request and response, then the frames
// with a FrameParser per direction. Qt's own pings, pongs and close frames go through it too,
// so what QWebSocket hides is seen here.
class WireRelay : public QObject
{
    Q_OBJECT

public:
    enum class Side { Client, Server }; // who sent the bytes

    // Relays to host:port (what the CONNECT asks for must match it), through upstreamProxy
    // (the tab's HTTP or SOCKS5 proxy; NoProxy for none).
    WireRelay(const QString &host, quint16 port,
              const QNetworkProxy &upstreamProxy = QNetworkProxy(QNetworkProxy::NoProxy),
              QObject *parent = nullptr);
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
    // Whether both sides have closed (finished() was emitted).
    bool isFinished() const { return m_finished; }
    // Bytes relayed so far from each side (handshake included).
    quint64 bytesFrom(Side side) const;

signals:
    void requestSeen(const Sockscope::HandshakeRequest &request);
    // The server's answer; for a refusal, the body that came with it (as far as it came).
    void responseSeen(const Sockscope::HandshakeResponse &response);
    // What one piece of a side's bytes held: the frames it ended and the verdicts found in it,
    // each in stream order (a verdict may be about a frame still to end). Offsets count from
    // that side's first byte after its handshake head.
    void framesSeen(Sockscope::WireRelay::Side side,
                    const std::vector<Sockscope::WireFrame> &frames,
                    const std::vector<Sockscope::ProtocolVerdict> &verdicts);
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
    };

    void onClientConnection();
    void onClientData();
    void onUpstreamConnected();
    void relay(Side side, const QByteArray &bytes);
    void read(Side side, QByteArrayView bytes);
    void readHead(Side side, QByteArrayView head);
    void onClosed(Side side);

    static constexpr int kUpstreamGraceMs = 2000;

    QString m_host;
    quint16 m_port;
    QNetworkProxy m_proxy;
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
