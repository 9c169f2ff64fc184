#pragma once

#include "connectionoptions.h"

#include <QAbstractSocket>
#include <QString>
#include <QUrl>

namespace Sockscope::ConnectionFailure {

// What is known when an attempt to connect fails: what Qt reported and where we were going.
struct Attempt
{
    QUrl url;
    ConnectionOptions::Proxy proxy;
    // The TLS errors of this attempt in plain words, one a line; empty when there were none.
    QString sslErrors;
    // The TCP connection (through the proxy, if any) opened and the upgrade request went out.
    bool requestSent = false;
};

// "host:port" of a ws:// or wss:// URL, the port filled in from the scheme.
QString endpoint(const QUrl &url);
// "http://host:port" or "socks5://host:port".
QString proxyText(const ConnectionOptions::Proxy &proxy);

// The failure in plain words, from Qt's error kind and text of this attempt (Qt 6.4 reports
// every handshake problem as ConnectionRefusedError, with the reason only in its text):
// - with Qt's "status code: N (reason)" text, a refused handshake with its HTTP status;
// - after the request went out, a server that answered with something that is not a valid
//   WebSocket handshake, quoting Qt's reason;
// - otherwise, nothing listening (or, through a proxy, the proxy unable to reach the server).
// Every other kind is worded by its kind, whatever the text says.
QString describe(QAbstractSocket::SocketError error, const QString &qtText, const Attempt &attempt);

} // namespace Sockscope::ConnectionFailure
