#pragma once

#include "logrecord.h"

#include <QByteArrayView>
#include <QString>

namespace Sockscope::MessagePreview {

// A message payload on one line, as the log's Preview column and `sockscope serve` show it:
// binary as at most maxHexBytes hex bytes (" …" marks the cut), anything else as at most
// maxChars characters of text with line breaks shown as ⏎ and tabs as spaces.
QString oneLine(EventType type, QByteArrayView payload, int maxChars, int maxHexBytes);

// Text made to fit on one line (line breaks as ⏎, no carriage returns, tabs as spaces).
QString singleLine(QString text);

} // namespace Sockscope::MessagePreview
