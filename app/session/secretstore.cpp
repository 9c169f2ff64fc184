#include "secretstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#ifdef SOCKSCOPE_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::SecretStore)
};

constexpr int kKeychainTimeoutMs = 5000;

#ifdef SOCKSCOPE_HAVE_KEYCHAIN
const QString kService = QStringLiteral("Sockscope");

// Runs a QtKeychain job to its end (they are quick, and a save or open waits for them anyway).
// The job deletes itself, even when it outlives the timeout. Returns the job's error code, or
// -1 when the keychain did not answer in time.
int runJob(QKeychain::Job *job, QString *error, QString *text = nullptr)
{
    job->setAutoDelete(true);
    QEventLoop loop;
    int code = -1;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *done) {
        code = done->error();
        if (error)
            *error = done->errorString();
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(done); read && text)
            *text = read->textData();
        loop.quit();
    });
    QTimer::singleShot(kKeychainTimeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (code < 0)
        loop.exec();
    if (code < 0) {
        QObject::disconnect(job, nullptr, &loop, nullptr);
        if (error)
            *error = Tr::tr("the keychain did not answer");
    }
    return code;
}
#endif
} // namespace

SecretStore::SecretStore()
{
#ifdef SOCKSCOPE_HAVE_KEYCHAIN
    if (qEnvironmentVariableIntValue("SOCKSCOPE_NO_KEYCHAIN") == 1) {
        m_reason = Tr::tr("The keychain is switched off (SOCKSCOPE_NO_KEYCHAIN=1).");
        return;
    }
    m_keychain = true; // until a job says otherwise
#else
    m_reason = Tr::tr("This build of Sockscope has no keychain support.");
#endif
}

SecretStore &SecretStore::shared()
{
    static SecretStore store;
    return store;
}

void SecretStore::fallBackToMemory(const QString &reason)
{
    m_keychain = false;
    m_reason = Tr::tr("The keychain is not available (%1).").arg(reason);
}

bool SecretStore::keychainWrite(const QString &key, const QString &value)
{
#ifdef SOCKSCOPE_HAVE_KEYCHAIN
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(key);
    job->setTextData(value);
    QString error;
    if (runJob(job, &error) == QKeychain::NoError)
        return true;
    fallBackToMemory(error);
#else
    Q_UNUSED(key)
    Q_UNUSED(value)
#endif
    return false;
}

void SecretStore::keychainRemove(const QString &key)
{
#ifdef SOCKSCOPE_HAVE_KEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(kService);
    job->setKey(key);
    QString error;
    const int code = runJob(job, &error);
    if (code != QKeychain::NoError && code != QKeychain::EntryNotFound)
        fallBackToMemory(error);
#else
    Q_UNUSED(key)
#endif
}

bool SecretStore::keychainRead(const QString &key, QString *value)
{
#ifdef SOCKSCOPE_HAVE_KEYCHAIN
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(key);
    QString error;
    const int code = runJob(job, &error, value);
    if (code == QKeychain::NoError)
        return true;
    if (code != QKeychain::EntryNotFound)
        fallBackToMemory(error);
#else
    Q_UNUSED(key)
    Q_UNUSED(value)
#endif
    return false;
}

int SecretStore::store(Session &session)
{
    int kept = 0;
    session.forEachSecret([&](const QString &key, QString *value) {
        if (value->isEmpty()) {
            // Cleared by the user: an old value must not come back at the next open.
            if (m_memory.remove(key) > 0 && m_keychain)
                keychainRemove(key);
            return;
        }
        ++kept;
        if (m_memory.value(key) == *value)
            return; // kept already
        m_memory.insert(key, *value); // this run reads from memory first
        if (m_keychain)
            keychainWrite(key, *value);
    });
    // A refused write switches the store to memory for the run, so every value counts then.
    return m_keychain ? 0 : kept;
}

int SecretStore::fill(Session &session)
{
    int missing = 0;
    session.forEachSecret([&](const QString &key, QString *value) {
        if (!value->isEmpty())
            return;
        if (const auto it = m_memory.constFind(key); it != m_memory.constEnd()) {
            *value = *it;
            return;
        }
        QString found;
        if (m_keychain && keychainRead(key, &found)) {
            *value = found;
            m_memory.insert(key, found);
            return;
        }
        // Only fields the user marked secret count as missing; empty passphrases are normal.
        if (key.contains(QLatin1String("/header/")) || key.contains(QLatin1String("/variable/")))
            ++missing;
    });
    return missing;
}

} // namespace Sockscope
