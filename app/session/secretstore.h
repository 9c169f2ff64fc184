#pragma once

#include "session.h"

#include <QHash>
#include <QString>

namespace Sockscope {

// Where secret values live, since session and workspace files never hold them: the OS keychain
// through QtKeychain when one is available, else this process's memory only (they are then
// lost at quit, and the user is told). SOCKSCOPE_NO_KEYCHAIN=1 forces memory only.
class SecretStore
{
public:
    SecretStore();
    // The one the app's windows share, so a secret kept by one is found by another.
    static SecretStore &shared();

    // Whether secrets outlive the process.
    bool usesKeychain() const { return m_keychain; }
    // Why the keychain is not used, in a sentence; empty when it is.
    QString memoryOnlyReason() const { return m_reason; }

    // Keeps every non-empty secret of the session. Returns how many of them are in this
    // process's memory only (the keychain refused them, or there is none): they are lost at
    // quit, and memoryOnlyReason() says why.
    int store(Session &session);
    // Puts the kept secrets back into the session's empty secret fields. Returns how many
    // secret fields stayed empty because nothing was kept for them.
    int fill(Session &session);

private:
    bool keychainWrite(const QString &key, const QString &value);
    bool keychainRead(const QString &key, QString *value);
    void keychainRemove(const QString &key);
    void fallBackToMemory(const QString &reason);

    QHash<QString, QString> m_memory;
    bool m_keychain = false;
    QString m_reason;
};

} // namespace Sockscope
