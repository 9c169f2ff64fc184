#pragma once

#include "io/result.h"

#include <QList>
#include <QSslCertificate>
#include <QSslKey>

namespace Sockscope::TlsFiles {

// Reading the files TLS needs, for every socket that uses them: a connection's CA file and
// client certificate, a mock server's certificate and key, the wire relay. Each failure names
// the file and the problem.

// A certificate with its key and the rest of its chain.
struct Identity
{
    QSslCertificate certificate;
    QList<QSslCertificate> chain; // the certificates after the first, if any
    QSslKey key;
    // The certificate followed by its chain, as QSslConfiguration wants it.
    QList<QSslCertificate> fullChain() const
    {
        return QList<QSslCertificate> {certificate} + chain;
    }
};

// Certificates from a PEM or DER file.
Result<QList<QSslCertificate>> readCaCertificates(const QString &path);

// A PKCS#12 bundle (.p12, .pfx), or a PEM certificate with its key in keyPath or, when that is
// empty, in the same file. RSA, EC and DSA keys; passphrase unlocks either kind.
Result<Identity> readIdentity(const QString &certificatePath, const QString &keyPath,
                              const QString &passphrase);

} // namespace Sockscope::TlsFiles
