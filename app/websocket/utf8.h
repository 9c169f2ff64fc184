#pragma once

#include <QByteArrayView>
#include <QStringView>

namespace Sockscope::Utf8 {

// UTF-8 as RFC 6455 requires it of text frames and close reasons.

// The number of bytes text takes as UTF-8, without encoding it. A lone surrogate counts as the
// three bytes of the replacement character, as Qt's encoder writes it.
qsizetype length(QStringView text);

// Whether data is well-formed UTF-8, as Qt's strict decoder judges it.
bool isValid(QByteArrayView data);

} // namespace Sockscope::Utf8
