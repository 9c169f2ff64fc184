#include "session.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUuid>

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Session)
};

template<typename List> auto findById(List &items, const QString &id) -> decltype(&items[0])
{
    for (auto &item : items) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}
} // namespace

bool operator==(const ServerProfile &a, const ServerProfile &b)
{
    return a.id == b.id && a.name == b.name && a.host == b.host && a.port == b.port
        && a.subprotocols == b.subprotocols && a.allowedOrigins == b.allowedOrigins
        && a.anyOrigin == b.anyOrigin && a.maxClients == b.maxClients
        && a.maxMessageSize == b.maxMessageSize && a.maxUnsentBytes == b.maxUnsentBytes
        && a.handshakeTimeoutMs == b.handshakeTimeoutMs && a.tlsCertificate == b.tlsCertificate
        && a.tlsKey == b.tlsKey && a.allowRemote == b.allowRemote && a.wireCapture == b.wireCapture
        && a.rules.toJson() == b.rules.toJson();
}

QString ConnectionProfile::displayName() const
{
    if (!name.isEmpty())
        return name;
    if (builtInEcho)
        return Tr::tr("Built-in echo server");
    const QString typed = url.trimmed();
    const QUrl parsed(typed);
    if (!parsed.host().isEmpty() && !typed.contains(u"{{"))
        return parsed.port() > 0 ? parsed.host() + u':' + QString::number(parsed.port())
                                 : parsed.host();
    if (typed.isEmpty())
        return Tr::tr("Untitled connection");
    // ws://{{host}}/feed reads as {{host}}/feed; QUrl cannot tell its host.
    const qsizetype scheme = typed.indexOf(u"://");
    return scheme < 0 ? typed : typed.mid(scheme + 3);
}

QString LabProfile::displayName() const
{
    if (!name.isEmpty())
        return name;
    const QUrl parsed(url.trimmed());
    if (parsed.host().isEmpty())
        return Tr::tr("Lab");
    return Tr::tr("Lab: %1").arg(
        parsed.port() > 0 ? parsed.host() + u':' + QString::number(parsed.port()) : parsed.host());
}

QString ServerProfile::displayName() const
{
    if (!name.isEmpty())
        return name;
    return port > 0 ? Tr::tr("Server :%1").arg(port) : Tr::tr("Server");
}

bool ServerProfile::isBeyondLoopback(const QString &host)
{
    QHostAddress address;
    return address.setAddress(host.trimmed()) && !address.isLoopback();
}

AccessPolicy ServerProfile::accessPolicy() const
{
    return {!isBeyondLoopback(host), allowedOrigins, anyOrigin};
}

Result<ServerOptions> ServerProfile::toServerOptions() const
{
    ServerOptions options;
    const QString trimmed = host.trimmed();
    if (trimmed == u"localhost")
        options.host = QHostAddress(QHostAddress::LocalHost);
    else if (!options.host.setAddress(trimmed))
        return Result<ServerOptions>::failure(
            Tr::tr("“%1” is not an IP address. Use 127.0.0.1 for this machine only.").arg(trimmed));
    if (!options.host.isLoopback() && !allowRemote)
        return Result<ServerOptions>::failure(
            Tr::tr("Listening on %1 lets other machines connect: tick “Let other machines "
                   "connect” to confirm.")
                .arg(trimmed));
    options.port = quint16(port);
    options.subprotocols = subprotocols;
    options.allowedOrigins = allowedOrigins;
    options.anyOrigin = anyOrigin;
    options.maxClients = maxClients;
    options.maxMessageSize = maxMessageSize;
    options.maxUnsentBytes = maxUnsentBytes;
    options.handshakeTimeoutMs = handshakeTimeoutMs;
    options.tlsCertificatePath = tlsCertificate.trimmed();
    options.tlsKeyPath = tlsKey.trimmed();
    options.wireCapture = wireCapture;
    return options;
}

QString Session::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).left(13);
}

ConnectionProfile *Session::connection(const QString &id)
{
    return findById(connections, id);
}

ServerProfile *Session::server(const QString &id)
{
    return findById(servers, id);
}

Snippet *Session::snippet(const QString &id)
{
    return findById(snippets, id);
}

LabProfile *Session::lab(const QString &id)
{
    return findById(labs, id);
}

const LabProfile *Session::lab(const QString &id) const
{
    return findById(labs, id);
}

const ConnectionProfile *Session::connection(const QString &id) const
{
    return findById(connections, id);
}

const ServerProfile *Session::server(const QString &id) const
{
    return findById(servers, id);
}

const Snippet *Session::snippet(const QString &id) const
{
    return findById(snippets, id);
}

void Session::forEachSecret(const std::function<void(const QString &, QString *)> &visit)
{
    const QString base = QStringLiteral("session/") + id + u'/';
    for (ConnectionProfile &c : connections) {
        const QString owner = base + QStringLiteral("connection/") + c.id + u'/';
        for (ConnectionOptions::Header &h : c.options.headers) {
            if (h.secret)
                visit(owner + QStringLiteral("header/") + h.name, &h.value);
        }
        visit(owner + QStringLiteral("tls-passphrase"), &c.options.tls.passphrase);
        visit(owner + QStringLiteral("proxy-password"), &c.options.proxy.password);
    }
    for (Variable &v : variables) {
        if (v.secret)
            visit(base + QStringLiteral("variable/") + v.name, &v.value);
    }
}

} // namespace Sockscope
