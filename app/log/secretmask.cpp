#include "secretmask.h"

#include <QUrl>

#include <algorithm>

namespace Sockscope {

void SecretMask::add(const QStringList &values)
{
    for (const QString &value : values) {
        if (value.isEmpty())
            continue;
        for (const QByteArray &form : {value.toUtf8(), QUrl::toPercentEncoding(value)}) {
            if (std::find(m_values.begin(), m_values.end(), form) == m_values.end())
                m_values.push_back(form);
        }
    }
    std::stable_sort(m_values.begin(), m_values.end(),
                     [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
}

bool SecretMask::contains(QByteArrayView bytes) const
{
    return std::any_of(m_values.begin(), m_values.end(),
                       [bytes](const QByteArray &value) { return bytes.contains(value); });
}

QByteArray SecretMask::apply(QByteArrayView bytes, QByteArrayView placeholder) const
{
    QByteArray out = bytes.toByteArray();
    for (const QByteArray &value : m_values) {
        if (out.contains(value))
            out.replace(value, placeholder);
    }
    return out;
}

QString SecretMask::applyToText(const QString &text, QByteArrayView placeholder) const
{
    if (isEmpty())
        return text;
    const QByteArray utf8 = text.toUtf8();
    return contains(utf8) ? QString::fromUtf8(apply(utf8, placeholder)) : text;
}

} // namespace Sockscope
