#pragma once

#include "fieldterms.h"
#include "logrecord.h"

#include <QByteArrayView>
#include <QRegularExpression>
#include <QString>

#include <array>
#include <functional>

namespace Sockscope {

// What the user asked to see: directions, types and text, before it is compiled.
struct LogFilterSpec
{
    enum class TextMode { Substring, Regex };

    quint32 directions = ~0u; // bit (1 << int(Direction))
    quint32 types = ~0u; // bit (1 << int(EventType))
    QString text;
    TextMode mode = TextMode::Substring;

    bool operator==(const LogFilterSpec &o) const
    {
        return directions == o.directions && types == o.types && text == o.text && mode == o.mode;
    }
    bool operator!=(const LogFilterSpec &o) const { return !(*this == o); }
};

// A compiled LogFilterSpec that tests rows. A substring is matched case-insensitively over the
// whole payload; an ASCII substring is searched in the raw bytes without decoding them. A
// substring that reads as whole hex bytes ("fd fe", "0xfd 0xfe", "fd:fe") also finds those
// bytes in binary rows, as their preview shows them. A regex is matched against the payload
// decoded as UTF-8. A substring's words may be decoded-field terms (FieldTerm: event:chat,
// json.type=trade); a row must then be a message whose decoding has them all.
class LogFilter
{
public:
    LogFilter() = default;
    // Returns false with a sentence in *error (for an invalid regex); *this is then unchanged.
    bool compile(const LogFilterSpec &spec, QString *error = nullptr);

    const LogFilterSpec &spec() const { return m_spec; }
    // True when every row matches.
    bool isPassThrough() const;
    // A row on which the regex gives up (PCRE2's match limit: too much backtracking) does not
    // match, and is counted.
    // decode gives the row decoded (summary and fields are enough); it is called only when
    // the filter has field terms and the row passes the rest.
    bool matches(const LogRecord &record, QByteArrayView payload,
                 const std::function<Decoded()> &decode = {});
    // Whether matches() needs the row decoded.
    bool hasFieldTerms() const { return !m_terms.isEmpty(); }
    const QList<FieldTerm> &fieldTerms() const { return m_terms; }
    // How many rows the regex gave up on since compile().
    qint64 gaveUpCount() const { return m_gaveUp; }

    // Where the filter's text is found in text as shown (a preview, the inspector's view), to
    // mark it: each match's start and length, in order, not overlapping, at most maxRanges. A
    // hex needle is also found as the hex views write its bytes ("fd fe"). None without text.
    struct Range
    {
        qsizetype start = 0;
        qsizetype length = 0;
        bool operator==(const Range &o) const { return start == o.start && length == o.length; }
    };
    QList<Range> rangesIn(const QString &text, int maxRanges = 200) const;
    // The same in a payload's bytes, for a hex view: where a hex needle's bytes are, and a
    // substring's (ASCII letters in any case, other text as its UTF-8). A regex marks none
    // (it matches decoded text, not bytes).
    QList<Range> byteRangesIn(QByteArrayView payload, int maxRanges = 1000) const;
    static constexpr qsizetype kMaxMarkedBytes = 16 * 1024 * 1024;

private:
    static QList<Range> apart(QList<Range> ranges);
    bool matchesText(QByteArrayView payload);
    bool containsAsciiFolded(QByteArrayView haystack) const;
    // Where the ASCII needle is, any case, from this offset on; -1 when it is not.
    qsizetype indexOfAsciiFolded(QByteArrayView haystack, qsizetype from) const;

    LogFilterSpec m_spec;
    QString m_text; // the spec's text without its field terms
    QList<FieldTerm> m_terms;
    QRegularExpression m_regex;
    QByteArray m_foldedNeedle; // lowercase ASCII needle, when the needle is ASCII
    QByteArray m_hexNeedle; // the bytes a hex needle names, for binary rows; empty otherwise
    std::array<quint8, 256> m_skip {}; // Boyer-Moore-Horspool shifts over case-folded bytes
    bool m_asciiNeedle = false;
    qint64 m_gaveUp = 0;
};

} // namespace Sockscope
