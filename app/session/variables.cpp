#include "variables.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace Sockscope {

namespace {
// The translation context of this file's sentences (shared with the session types).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Session)
};
} // namespace

namespace Variables {

QString substitute(const QString &text, const QList<Variable> &variables, QStringList *unknown)
{
    static const QRegularExpression re(QStringLiteral(R"(\{\{\s*([A-Za-z0-9_.-]+)\s*\}\})"));
    if (!text.contains(QLatin1String("{{")))
        return text;
    QString out;
    qsizetype last = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1);
        const auto found = std::find_if(variables.begin(), variables.end(),
                                        [&](const Variable &v) { return v.name == name; });
        if (found != variables.end()) {
            out += found->value;
            continue;
        }
        out += m.captured(0);
        if (unknown && !unknown->contains(name))
            unknown->append(name);
    }
    out += QStringView(text).mid(last);
    return out;
}

QString unknownMessage(const QStringList &unknown)
{
    QStringList names;
    for (const QString &name : unknown)
        names << QStringLiteral("{{") + name + QStringLiteral("}}");
    return (unknown.size() == 1
                ? Tr::tr("Unknown variable %1: define it in the session's variables.")
                : Tr::tr("Unknown variables %1: define them in the session's "
                         "variables."))
        .arg(names.join(QStringLiteral(", ")));
}

Resolved resolve(const ConnectionProfile &profile, const QList<Variable> &variables)
{
    Resolved out;
    const auto put = [&](const QString &text) {
        return substitute(text, variables, &out.unknown);
    };
    out.url = put(profile.url);
    out.options = profile.options;
    for (ConnectionOptions::Header &h : out.options.headers) {
        if (h.enabled)
            h.value = put(h.value);
    }
    out.options.origin = put(out.options.origin);
    for (QString &message : out.options.onOpen)
        message = put(message);
    for (const Variable &v : variables) {
        if (v.secret && !v.value.isEmpty())
            out.options.secretValues << v.value;
    }
    return out;
}

} // namespace Variables

} // namespace Sockscope
