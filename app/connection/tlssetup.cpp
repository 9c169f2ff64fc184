#include "tlssetup.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSslCertificate>
#include <QSslKey>

namespace Sockscope::TlsSetup {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Sockscope::TlsSetup", text);
}

bool readFile(const QString &path, const QString &what, QByteArray *data, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the %1 %2: %3.").arg(what, path, file.errorString());
        return false;
    }
    *data = file.readAll();
    return true;
}

bool isPkcs12(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == u"p12" || suffix == u"pfx";
}

QString subjectName(const QSslCertificate &certificate)
{
    const QStringList names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names.isEmpty() ? tr("(no name)") : names.join(QStringLiteral(", "));
}

QString dateText(const QDateTime &when)
{
    return QLocale().toString(when.date(), QLocale::LongFormat);
}
} // namespace

bool apply(const ConnectionOptions::Tls &tls, QSslConfiguration *config, QString *errorOut)
{
    QString scratch;
    QString *error = errorOut ? errorOut : &scratch;
    if (!tls.caFile.isEmpty()) {
        QByteArray pem;
        if (!readFile(tls.caFile, tr("CA file"), &pem, error))
            return false;
        QList<QSslCertificate> cas = QSslCertificate::fromData(pem, QSsl::Pem);
        if (cas.isEmpty())
            cas = QSslCertificate::fromData(pem, QSsl::Der);
        if (cas.isEmpty()) {
            *error
                = tr("The CA file %1 holds no certificate (PEM or DER expected).").arg(tls.caFile);
            return false;
        }
        config->addCaCertificates(cas);
    }
    if (tls.certificateFile.isEmpty()) {
        if (!tls.keyFile.isEmpty()) {
            *error = tr("A private key was given without a client certificate.");
            return false;
        }
        return true;
    }

    QByteArray certData;
    if (!readFile(tls.certificateFile, tr("client certificate"), &certData, error))
        return false;
    QSslCertificate certificate;
    QSslKey key;
    QList<QSslCertificate> chain;
    if (isPkcs12(tls.certificateFile)) {
        QFile bundle(tls.certificateFile);
        bundle.open(QIODevice::ReadOnly); // read once above, so this succeeds
        if (!QSslCertificate::importPkcs12(&bundle, &key, &certificate, &chain,
                                           tls.passphrase.toUtf8())) {
            *error = tr("Cannot open the PKCS#12 bundle %1: the passphrase is wrong or the "
                        "file is not PKCS#12.")
                         .arg(tls.certificateFile);
            return false;
        }
    } else {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certData, QSsl::Pem);
        if (certs.isEmpty()) {
            *error = tr("The client certificate %1 holds no PEM certificate (use .p12 or .pfx "
                        "for a PKCS#12 bundle).")
                         .arg(tls.certificateFile);
            return false;
        }
        certificate = certs.first();
        chain = certs.mid(1);
        QByteArray keyData = certData; // a PEM file may hold the key too
        if (!tls.keyFile.isEmpty() && !readFile(tls.keyFile, tr("private key"), &keyData, error))
            return false;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            key = QSslKey(keyData, algorithm, QSsl::Pem, QSsl::PrivateKey, tls.passphrase.toUtf8());
            if (!key.isNull())
                break;
        }
        if (key.isNull()) {
            *error = tls.keyFile.isEmpty()
                ? tr("No private key for the client certificate: choose a key file.")
                : tr("Cannot read the private key %1: it is not a PEM key, or the passphrase "
                     "is wrong.")
                      .arg(tls.keyFile);
            return false;
        }
    }
    config->setLocalCertificate(certificate);
    config->setPrivateKey(key);
    if (!chain.isEmpty())
        config->setLocalCertificateChain(QList<QSslCertificate> {certificate} + chain);
    return true;
}

QString describe(const QSslError &error)
{
    const QSslCertificate cert = error.certificate();
    switch (error.error()) {
    case QSslError::CertificateExpired:
        return cert.isNull() ? tr("The certificate has expired.")
                             : tr("The certificate for %1 expired on %2.")
                                   .arg(subjectName(cert), dateText(cert.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return cert.isNull() ? tr("The certificate is not valid yet.")
                             : tr("The certificate for %1 is not valid until %2.")
                                   .arg(subjectName(cert), dateText(cert.effectiveDate()));
    case QSslError::SelfSignedCertificate:
        return tr("The certificate for %1 is self-signed and not trusted: set a CA file, or "
                  "ignore certificate errors for this tab.")
            .arg(subjectName(cert));
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return tr("The certificate for %1 was signed by an authority this computer does not "
                  "trust: set a CA file.")
            .arg(cert.isNull() ? tr("the server") : subjectName(cert));
    case QSslError::HostNameMismatch: {
        QStringList names = cert.subjectAlternativeNames().values(QSsl::DnsEntry);
        if (names.isEmpty())
            names = cert.subjectInfo(QSslCertificate::CommonName);
        return tr("The certificate is for %1, not for the host in the URL (wrong host).")
            .arg(names.isEmpty() ? tr("another name") : names.join(QStringLiteral(", ")));
    }
    case QSslError::CertificateRevoked:
        return tr("The certificate for %1 has been revoked.").arg(subjectName(cert));
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
