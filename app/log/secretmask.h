#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>

#include <vector>

namespace Sockscope {

// The values a user marked secret (secret headers and variables, a proxy password, a key's
// passphrase), and how each copy of a log hides them: every occurrence of a value, as it is or
// percent-encoded (as in a URL), is replaced by a placeholder wherever the row is shown,
// copied or written. The log itself keeps the bytes as they went, so Resend still sends them.
class SecretMask
{
public:
    // What a screen shows in place of a secret.
    static constexpr char kOnScreen[] = "\u2022\u2022\u2022\u2022";

    // Values are kept for the log's life: rows logged before a value changed still hold it.
    void add(const QStringList &values);
    bool isEmpty() const { return m_values.empty(); }
    bool contains(QByteArrayView bytes) const;
    // bytes with every secret value replaced by placeholder.
    QByteArray apply(QByteArrayView bytes, QByteArrayView placeholder) const;
    QString applyToText(const QString &text, QByteArrayView placeholder) const;

private:
    std::vector<QByteArray> m_values; // longest first, so a value inside another is not cut
};

} // namespace Sockscope
