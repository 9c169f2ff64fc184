#include "fieldterms.h"

#include "decoders/jsonvalue.h"

#include <QRegularExpression>

#include <algorithm>

namespace Sockscope {

namespace {
bool sameFolded(QChar a, QChar b)
{
    if (a.unicode() < 0x80 && b.unicode() < 0x80) {
        const auto lower = [](char16_t c) {
            return c >= u'A' && c <= u'Z' ? c + 32 : c;
        };
        return lower(a.unicode()) == lower(b.unicode());
    }
    return a.toCaseFolded() == b.toCaseFolded();
}

// Glob matching, any case: * any run, ? one character.
bool glob(QStringView pattern, QStringView text)
{
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == u'?' || sameFolded(pattern[p], text[t]))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            mark = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

// MQTT topic filters: + one level, # this level and all below (MQTT 3.1.1, 4.7).
bool topicFilter(QStringView filter, QStringView topic)
{
    const QList<QStringView> f = filter.split(u'/');
    const QList<QStringView> t = topic.split(u'/');
    for (qsizetype i = 0; i < f.size(); ++i) {
        if (f[i] == u"#")
            return true;
        if (i >= t.size())
            return false;
        if (f[i] != u"+" && !glob(f[i], t[i]))
            return false;
    }
    return f.size() == t.size();
}

bool compare(FieldTerm::Op op, const QString &pattern, const QString &name, const QString &value)
{
    switch (op) {
    case FieldTerm::Op::Equals:
        return value.compare(pattern, Qt::CaseInsensitive) == 0;
    case FieldTerm::Op::Greater:
    case FieldTerm::Op::Less: {
        bool ok1 = false, ok2 = false;
        const double a = value.toDouble(&ok1);
        const double b = pattern.toDouble(&ok2);
        return ok1 && ok2 && (op == FieldTerm::Op::Greater ? a > b : a < b);
    }
    case FieldTerm::Op::Pattern:
        break;
    }
    if (name == u"topic" && (pattern.contains(u'#') || pattern.contains(u'+')))
        return topicFilter(pattern, value);
    return glob(pattern, value);
}
} // namespace

const QStringList &FieldTerm::names()
{
    static const QStringList list {
        QStringLiteral("protocol"),    QStringLiteral("event"),
        QStringLiteral("namespace"),   QStringLiteral("ack"),
        QStringLiteral("packet"),      QStringLiteral("engine"),
        QStringLiteral("sid"),         QStringLiteral("command"),
        QStringLiteral("destination"), QStringLiteral("subscription"),
        QStringLiteral("message-id"),  QStringLiteral("receipt"),
        QStringLiteral("receipt-id"),  QStringLiteral("content-type"),
        QStringLiteral("topic"),       QStringLiteral("qos"),
        QStringLiteral("client"),      QStringLiteral("method"),
        QStringLiteral("kind"),        QStringLiteral("id"),
        QStringLiteral("type"),        QStringLiteral("operation"),
        QStringLiteral("target"),      QStringLiteral("latency"),
    };
    return list;
}

QString FieldTerm::split(const QString &text, QList<FieldTerm> *terms)
{
    static const QRegularExpression term(
        QStringLiteral("^([A-Za-z][A-Za-z0-9_-]*|json\\.[^\\s:=<>]+)([:=<>])(.+)$"));
    QStringList rest;
    const QStringList words
        = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const QRegularExpressionMatch m = term.match(word);
        const QString name = m.captured(1).toLower();
        if (!m.hasMatch() || (!name.startsWith(u"json.") && !names().contains(name))) {
            rest << word;
            continue;
        }
        const QChar op = m.captured(2).at(0);
        FieldTerm t;
        t.name = name.startsWith(u"json.") ? m.captured(1) : name; // a path keeps its case
        t.op = op == u'=' ? Op::Equals
            : op == u'>'  ? Op::Greater
            : op == u'<'  ? Op::Less
                          : Op::Pattern;
        t.value = m.captured(3);
        terms->append(t);
    }
    return rest.join(u' ');
}

QByteArray FieldTerm::needle() const
{
    if (op != Op::Pattern && op != Op::Equals)
        return {};
    if (name == u"topic" && (value.contains(u'#') || value.contains(u'+')))
        return {};
    const auto plain = [](const QString &run) {
        return std::all_of(run.cbegin(), run.cend(), [](QChar c) {
            return c.unicode() > 0x20 && c.unicode() < 0x7f
                && !QStringView(u"\"\\{}[],:").contains(c);
        });
    };
    const QStringList runs = op == Op::Equals
        ? QStringList {value}
        : value.split(QRegularExpression(QStringLiteral("[*?]")), Qt::SkipEmptyParts);
    QByteArray longest;
    for (const QString &run : runs) {
        if (run.size() > longest.size() && plain(run))
            longest = run.toLatin1();
    }
    const bool textOnly = std::any_of(longest.cbegin(), longest.cend(), [](char c) {
        return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && c != 'e' && c != 'E';
    });
    return longest.size() >= 2 && textOnly ? longest : QByteArray();
}

bool FieldTerm::matches(const Decoded &decoded) const
{
    if (name.startsWith(u"json.")) {
        const QJsonValue v = decoded.valueAt(QStringView(name).sliced(5));
        return !v.isUndefined() && compare(op, value, name, JsonValue::scalarText(v));
    }
    for (const auto &[key, fieldValue] : decoded.fields) {
        if (key == name && compare(op, value, name, fieldValue))
            return true;
    }
    return false;
}

} // namespace Sockscope
