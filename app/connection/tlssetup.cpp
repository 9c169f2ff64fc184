#include "tlssetup.h"

#include "net/tlsfiles.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSslCertificate>

namespace Sockscope::TlsSetup {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::TlsSetup)
};

QString subjectName(const QSslCertificate &certificate)
{
    const QStringList names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names.isEmpty() ? Tr::tr("(no name)") : names.join(QStringLiteral(", "));
}

QString dateText(const QDateTime &when)
{
    return QLocale().toString(when.date(), QLocale::LongFormat);
}
} // namespace

bool apply(const ConnectionOptions::Tls &tls, QSslConfiguration *config, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!tls.caFile.isEmpty()) {
        const Result<QList<QSslCertificate>> cas = TlsFiles::readCaCertificates(tls.caFile);
        if (!cas)
            return fail(cas.error());
        config->addCaCertificates(*cas);
    }
    if (tls.certificateFile.isEmpty()) {
        if (!tls.keyFile.isEmpty())
            return fail(Tr::tr("A private key was given without a client certificate."));
        return true;
    }
    const Result<TlsFiles::Identity> identity
        = TlsFiles::readIdentity(tls.certificateFile, tls.keyFile, tls.passphrase);
    if (!identity)
        return fail(identity.error());
    config->setLocalCertificate(identity->certificate);
    config->setPrivateKey(identity->key);
    if (!identity->chain.isEmpty())
        config->setLocalCertificateChain(identity->fullChain());
    return true;
}

QString describe(const QSslError &error)
{
    const QSslCertificate cert = error.certificate();
    switch (error.error()) {
    case QSslError::CertificateExpired:
        return cert.isNull() ? Tr::tr("The certificate has expired.")
                             : Tr::tr("The certificate for %1 expired on %2.")
                                   .arg(subjectName(cert), dateText(cert.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return cert.isNull() ? Tr::tr("The certificate is not valid yet.")
                             : Tr::tr("The certificate for %1 is not valid until %2.")
                                   .arg(subjectName(cert), dateText(cert.effectiveDate()));
    case QSslError::SelfSignedCertificate:
        return Tr::tr("The certificate for %1 is self-signed and not trusted: set a CA file, or "
                      "ignore certificate errors for this tab.")
            .arg(subjectName(cert));
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return Tr::tr("The certificate for %1 was signed by an authority this computer does not "
                      "trust: set a CA file.")
            .arg(cert.isNull() ? Tr::tr("the server") : subjectName(cert));
    case QSslError::HostNameMismatch: {
        QStringList names = cert.subjectAlternativeNames().values(QSsl::DnsEntry);
        if (names.isEmpty())
            names = cert.subjectInfo(QSslCertificate::CommonName);
        return Tr::tr("The certificate is for %1, not for the host in the URL (wrong host).")
            .arg(names.isEmpty() ? Tr::tr("another name") : names.join(QStringLiteral(", ")));
    }
    case QSslError::CertificateRevoked:
        return Tr::tr("The certificate for %1 has been revoked.").arg(subjectName(cert));
    default:
        return error.errorString();
    }
}

QString describe(const QList<QSslError> &errors)
{
    QStringList lines;
    for (const QSslError &e : errors) {
        const QString line = describe(e);
        if (!lines.contains(line))
            lines << line;
    }
    return lines.join(u'\n');
}

} // namespace Sockscope::TlsSetup
