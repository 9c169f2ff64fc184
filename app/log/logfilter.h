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
// ASCII text looked for in bytes, any ASCII case (Boyer-Moore-Horspool over folded bytes).
class FoldedNeedle
{
public:
    FoldedNeedle() = default;
    explicit FoldedNeedle(QByteArrayView ascii);
    bool isEmpty() const { return m_folded.isEmpty(); }
    qsizetype size() const { return m_folded.size(); }
    // Where it is, from this offset on; -1 when it is not.
    qsizetype indexIn(QByteArrayView haystack, qsizetype from = 0) const;

private:
    QByteArray m_folded; // lower case
    std::array<quint8, 256> m_skip {}; // shifts, alike for both cases of a letter
};

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
    // the filter has field terms and the row passes the rest. verbatim, when given, says
    // whether the row's decoder takes a field's values as they are from a text message's
    // bytes ("json." for json.PATH terms; Decoder::verbatimInText): a text row without such a
    // value's text is then not decoded at all.
    bool matches(const LogRecord &record, QByteArrayView payload,
                 const std::function<Decoded()> &decode = {},
                 const std::function<bool(QStringView field)> &verbatim = {});
    // Whether matches() needs the row decoded.
    bool hasFieldTerms() const { return !m_terms.isEmpty(); }
    const QList<FieldTerm> &fieldTerms() const { return m_terms; }
    // The paths of the json.PATH terms, each once (DecodeContext::paths).
    const QStringList &jsonPaths() const { return m_jsonPaths; }
    // The names of the other terms' fields, each once (DecodeContext::fieldNames).
    const QStringList &fieldNames() const { return m_fieldNames; }
    // How many rows the regex gave up on since compile().
    qint64 gaveUpCount() const { return m_gaveUp; }
    // A copy for another thread to match with: the list a decoded row keeps a reference to
    // (jsonPaths()) is its own, so that threads do not count references to the same data
    // (which costs a fifth of decoding a row when they do).
    LogFilter copyForThread() const;

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
    // A text row whose bytes lack what a field term needs, where its decoder says they would
    // hold it.
    bool cannotHoldTerms(QByteArrayView payload,
                         const std::function<bool(QStringView)> &verbatim) const;

    LogFilterSpec m_spec;
    QString m_text; // the spec's text without its field terms
    QList<FieldTerm> m_terms;
    QStringList m_jsonPaths;
    QStringList m_fieldNames;
    QRegularExpression m_regex;
    FoldedNeedle m_needle; // the text, when it is ASCII
    QByteArray m_hexNeedle; // the bytes a hex needle names, for binary rows; empty otherwise
    bool m_asciiNeedle = false;
    // What each field term needs in a row's bytes (FieldTerm::needle), by the field it names
    // ("json." for every path).
    QList<std::pair<QString, FoldedNeedle>> m_termNeedles;
    qint64 m_gaveUp = 0;
};

} // namespace Sockscope
