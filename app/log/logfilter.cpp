#include "logfilter.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace Sockscope {

namespace {
constexpr quint8 foldAscii(quint8 c)
{
    return (c >= 'A' && c <= 'Z') ? quint8(c + ('a' - 'A')) : c;
}

bool hasEscapeOrNonAscii(QByteArrayView bytes)
{
    const char *p = bytes.data();
    const size_t n = size_t(bytes.size());
    if (std::memchr(p, '\\', n))
        return true;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) { // eight bytes at a time
        quint64 word;
        std::memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ULL)
            return true;
    }
    for (; i < n; ++i) {
        if (quint8(p[i]) >= 0x80)
            return true;
    }
    return false;
}

// The bytes a needle names when it is whole hex bytes, as the hex preview and view write them
// ("fd fe"), run together ("fdfe") or with 0x or colons; empty when it is not.
QByteArray hexBytes(const QString &needle)
{
    QByteArray digits;
    const QStringList tokens
        = needle.split(QRegularExpression(QStringLiteral("[\\s:]+")), Qt::SkipEmptyParts);
    for (QString token : tokens) {
        if (token.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
            token = token.mid(2);
        for (const QChar c : token) {
            if (!isxdigit(c.unicode() < 0x80 ? c.toLatin1() : 'g'))
                return {};
        }
        digits += token.toLatin1();
    }
    if (digits.isEmpty() || digits.size() % 2 != 0)
        return {};
    return QByteArray::fromHex(digits);
}
} // namespace

LogFilter LogFilter::copyForThread() const
{
    LogFilter copy = *this;
    copy.m_jsonPaths = QStringList(m_jsonPaths.cbegin(), m_jsonPaths.cend());
    return copy;
}

bool LogFilter::compile(const LogFilterSpec &spec, QString *error)
{
    QRegularExpression regex;
    if (spec.mode == LogFilterSpec::TextMode::Regex && !spec.text.isEmpty()) {
        regex.setPattern(spec.text);
        if (!regex.isValid()) {
            if (error) {
                *error
                    = QCoreApplication::translate("Sockscope::LogFilter",
                                                  "Invalid regular expression at character %1: %2")
                          .arg(regex.patternErrorOffset() + 1)
                          .arg(regex.errorString());
            }
            return false;
        }
        regex.optimize();
    }
    m_spec = spec;
    m_terms.clear();
    m_text = spec.mode == LogFilterSpec::TextMode::Substring ? FieldTerm::split(spec.text, &m_terms)
                                                             : spec.text;
    m_regex = regex;
    m_gaveUp = 0;
    m_asciiNeedle = false;
    m_hexNeedle.clear();
    if (spec.mode == LogFilterSpec::TextMode::Substring && !m_text.isEmpty()) {
        m_hexNeedle = hexBytes(m_text);
        bool ascii = true;
        for (const QChar c : std::as_const(m_text))
            ascii = ascii && c.unicode() < 0x80;
        m_asciiNeedle = ascii;
        m_needle = ascii ? FoldedNeedle(m_text.toLatin1()) : FoldedNeedle();
    }
    m_termNeedles.clear();
    m_jsonPaths.clear();
    m_fieldNames.clear();
    for (const FieldTerm &term : std::as_const(m_terms)) {
        if (term.name.startsWith(u"json.") && !m_jsonPaths.contains(term.name.sliced(5)))
            m_jsonPaths.append(term.name.sliced(5));
        else if (!term.name.startsWith(u"json.") && !m_fieldNames.contains(term.name))
            m_fieldNames.append(term.name);
        if (const QByteArray needle = term.needle(); !needle.isEmpty()) {
            m_termNeedles.append(
                {term.name.startsWith(u"json.") ? QStringLiteral("json.") : term.name,
                 FoldedNeedle(needle)});
        }
    }
    return true;
}

bool LogFilter::isPassThrough() const
{
    const quint32 allDirections = (1u << 3) - 1;
    const quint32 allTypes = (1u << 8) - 1;
    return (m_spec.directions & allDirections) == allDirections
        && (m_spec.types & allTypes) == allTypes && m_text.isEmpty() && m_terms.isEmpty();
}

bool LogFilter::matches(const LogRecord &record, QByteArrayView payload,
                        const std::function<Decoded()> &decode,
                        const std::function<bool(QStringView)> &verbatim)
{
    if (!(m_spec.directions & (1u << int(record.direction))))
        return false;
    if (!(m_spec.types & (1u << int(record.type))))
        return false;
    if (!m_terms.isEmpty()) {
        if ((record.type != EventType::Text && record.type != EventType::Binary) || !decode)
            return false;
        if (record.type == EventType::Text && verbatim && cannotHoldTerms(payload, verbatim))
            return false;
        const Decoded decoded = decode();
        for (const FieldTerm &term : std::as_const(m_terms)) {
            if (!term.matches(decoded))
                return false;
        }
    }
    if (m_text.isEmpty())
        return true;
    if (record.type == EventType::Binary && !m_hexNeedle.isEmpty()
        && payload.indexOf(QByteArrayView(m_hexNeedle)) >= 0)
        return true;
    return matchesText(payload);
}

bool LogFilter::matchesText(QByteArrayView payload)
{
    if (m_spec.mode == LogFilterSpec::TextMode::Regex) {
        const QRegularExpressionMatch match = m_regex.match(QString::fromUtf8(payload));
        if (!match.isValid())
            ++m_gaveUp;
        return match.hasMatch();
    }
    if (m_asciiNeedle)
        return m_needle.indexIn(payload) >= 0;
    return QString::fromUtf8(payload).contains(m_text, Qt::CaseInsensitive);
}

// In order, keeping the first of any that overlap (two needles may find the same bytes).
QList<LogFilter::Range> LogFilter::apart(QList<Range> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const Range &a, const Range &b) { return a.start < b.start; });
    QList<Range> kept;
    for (const Range &r : std::as_const(ranges)) {
        if (kept.isEmpty() || r.start >= kept.last().start + kept.last().length)
            kept.append(r);
    }
    return kept;
}

QList<LogFilter::Range> LogFilter::rangesIn(const QString &text, int maxRanges) const
{
    QList<Range> ranges;
    if (m_text.isEmpty() || text.isEmpty())
        return ranges;
    if (m_spec.mode == LogFilterSpec::TextMode::Regex) {
        QRegularExpressionMatchIterator it = m_regex.globalMatch(text);
        while (it.hasNext() && ranges.size() < maxRanges) {
            const QRegularExpressionMatch match = it.next();
            if (match.capturedLength() > 0)
                ranges.append({match.capturedStart(), match.capturedLength()});
        }
        return ranges;
    }
    const auto findAll = [&](const QString &needle) {
        for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive);
             at >= 0 && ranges.size() < maxRanges;
             at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
            ranges.append({at, needle.size()});
    };
    findAll(m_text);
    if (const QString hex = QString::fromLatin1(m_hexNeedle.toHex(' '));
        !hex.isEmpty() && hex.compare(m_text, Qt::CaseInsensitive) != 0) {
        findAll(hex);
        ranges = apart(std::move(ranges));
    }
    return ranges;
}

QList<LogFilter::Range> LogFilter::byteRangesIn(QByteArrayView payload, int maxRanges) const
{
    QList<Range> ranges;
    if (m_text.isEmpty() || m_spec.mode == LogFilterSpec::TextMode::Regex)
        return ranges;
    // A hex view opens any payload at once: marks are looked for in its first 16 MiB.
    payload = payload.first(qMin<qsizetype>(payload.size(), kMaxMarkedBytes));
    const auto findAll = [&](QByteArrayView needle, bool foldAsciiCase) {
        const auto next = [&](qsizetype from) {
            return foldAsciiCase ? m_needle.indexIn(payload, from) : payload.indexOf(needle, from);
        };
        for (qsizetype at = next(0); at >= 0 && ranges.size() < maxRanges;
             at = next(at + needle.size()))
            ranges.append({at, needle.size()});
    };
    if (m_asciiNeedle)
        findAll(m_text.toLatin1(), true);
    else
        findAll(m_text.toUtf8(), false);
    if (!m_hexNeedle.isEmpty())
        findAll(m_hexNeedle, false);
    return apart(std::move(ranges));
}

bool LogFilter::cannotHoldTerms(QByteArrayView payload,
                                const std::function<bool(QStringView)> &verbatim) const
{
    for (const auto &[field, needle] : m_termNeedles) {
        if (needle.indexIn(payload) >= 0 || !verbatim(field))
            continue;
        // An escape (a backslash) or a non-ASCII character (one whose case folds to an ASCII
        // letter) could spell the value otherwise than the needle is written: such rows are
        // decoded.
        return !hasEscapeOrNonAscii(payload);
    }
    return false;
}

FoldedNeedle::FoldedNeedle(QByteArrayView ascii)
    : m_folded(ascii.toByteArray())
{
    for (char &c : m_folded)
        c = char(foldAscii(quint8(c)));
    const qsizetype m = m_folded.size();
    m_skip.fill(quint8(qMin<qsizetype>(m, 255)));
    for (qsizetype i = 0; i + 1 < m; ++i) {
        const quint8 shift = quint8(qMin<qsizetype>(m - 1 - i, 255));
        const quint8 c = quint8(m_folded[i]);
        m_skip[c] = shift;
        if (c >= 'a' && c <= 'z') // both cases of a letter shift alike
            m_skip[quint8(c - ('a' - 'A'))] = shift;
    }
}

qsizetype FoldedNeedle::indexIn(QByteArrayView haystack, qsizetype from) const
{
    // Boyer-Moore-Horspool, comparing bytes after folding ASCII letters to lower case.
    const qsizetype m = m_folded.size();
    const qsizetype n = haystack.size();
    if (m == 0 || m > n - from)
        return -1;
    const auto *h = reinterpret_cast<const quint8 *>(haystack.data());
    const auto *p = reinterpret_cast<const quint8 *>(m_folded.constData());
    const quint8 last = p[m - 1];
    qsizetype pos = from;
    while (pos <= n - m) {
        const quint8 tail = h[pos + m - 1];
        if (foldAscii(tail) == last) {
            qsizetype i = m - 2;
            while (i >= 0 && foldAscii(h[pos + i]) == p[i])
                --i;
            if (i < 0)
                return pos;
        }
        pos += m_skip[tail];
    }
    return -1;
}

} // namespace Sockscope
