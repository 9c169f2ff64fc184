#include "tlsfiles.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace Sockscope::TlsFiles {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::TlsFiles)
};

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(
            Tr::tr("Cannot read the %1 %2: %3.").arg(what, path, file.errorString()));
    return file.readAll();
}

bool isPkcs12(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == u"p12" || suffix == u"pfx";
}
} // namespace

Result<QList<QSslCertificate>> readCaCertificates(const QString &path)
{
    const Result<QByteArray> data = readFile(path, Tr::tr("CA file"));
    if (!data)
        return Result<QList<QSslCertificate>>::failure(data.error());
    QList<QSslCertificate> cas = QSslCertificate::fromData(*data, QSsl::Pem);
    if (cas.isEmpty())
        cas = QSslCertificate::fromData(*data, QSsl::Der);
    if (cas.isEmpty())
        return Result<QList<QSslCertificate>>::failure(
            Tr::tr("The CA file %1 holds no certificate (PEM or DER expected).").arg(path));
    return cas;
}

Result<Identity> readIdentity(const QString &certificatePath, const QString &keyPath,
                              const QString &passphrase)
{
    const auto failure = [](const QString &why) {
        return Result<Identity>::failure(why);
    };
    const Result<QByteArray> certData = readFile(certificatePath, Tr::tr("certificate"));
    if (!certData)
        return failure(certData.error());
    Identity identity;
    if (isPkcs12(certificatePath)) {
        QFile bundle(certificatePath);
        bundle.open(QIODevice::ReadOnly); // read once above, so this succeeds
        if (!QSslCertificate::importPkcs12(&bundle, &identity.key, &identity.certificate,
                                           &identity.chain, passphrase.toUtf8()))
            return failure(Tr::tr("Cannot open the PKCS#12 bundle %1: the passphrase is wrong "
                                  "or the file is not PKCS#12.")
                               .arg(certificatePath));
        return identity;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(*certData, QSsl::Pem);
    if (certs.isEmpty())
        return failure(Tr::tr("The certificate %1 holds no PEM certificate (use .p12 or .pfx for "
                              "a PKCS#12 bundle).")
                           .arg(certificatePath));
    identity.certificate = certs.first();
    identity.chain = certs.mid(1);
    QByteArray keyData = *certData; // a PEM file may hold the key too
    if (!keyPath.isEmpty()) {
        const Result<QByteArray> read = readFile(keyPath, Tr::tr("private key"));
        if (!read)
            return failure(read.error());
        keyData = *read;
    }
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        identity.key
            = QSslKey(keyData, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase.toUtf8());
        if (!identity.key.isNull())
            return identity;
    }
    return failure(keyPath.isEmpty()
                       ? Tr::tr("No private key for the certificate %1: choose a key file.")
                             .arg(certificatePath)
                       : Tr::tr("Cannot read the private key %1: it is not a PEM key, or the "
                                "passphrase is wrong.")
                             .arg(keyPath));
}

} // namespace Sockscope::TlsFiles
