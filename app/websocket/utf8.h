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

// UTF-8 checked as it arrives, in pieces that may split a character (a text message split
// into frames): a sequence cut at the end of one piece continues in the next. It rejects what
// RFC 3629 forbids: overlong forms, surrogates, code points above U+10FFFF, stray
// continuation bytes and bad lead bytes.
class StreamValidator
{
public:
    // The index in data of the first byte at fault, or -1 when all of it is good so far.
    // After a fault the validator stays failed until reset().
    qsizetype feed(QByteArrayView data);
    // Whether the text so far ends on a character boundary (a message may end here).
    bool isComplete() const { return m_need == 0 && !m_failed; }
    bool hasFailed() const { return m_failed; }
    void reset() { *this = StreamValidator(); }

private:
    int m_need = 0; // continuation bytes still to come
    quint8 m_low = 0x80; // the range the next continuation byte must fall in
    quint8 m_high = 0xBF;
    bool m_failed = false;
};

} // namespace Sockscope::Utf8
