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

QString substitute(const QString &text, const QList<Variable> &variables, QStringList *unknown,
                   QStringList *used)
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
            if (used && !used->contains(name))
                used->append(name);
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
    QStringList used;
    const auto put = [&](const QString &text) {
        return substitute(text, variables, &out.unknown, &used);
    };
    out.url = put(profile.url);
    out.options = profile.options;
    for (ConnectionOptions::Header &h : out.options.headers) {
        if (h.enabled)
            h.value = put(h.value);
    }
    out.options.origin = put(out.options.origin);
    out.options.socketIo.auth = put(out.options.socketIo.auth); // a token, often secret
    for (QString &message : out.options.onOpen)
        message = put(message);
    for (const ConnectionOptions::Header &h : std::as_const(out.options.headers)) {
        if (h.enabled && h.secret && h.value.isEmpty())
            out.missingSecrets << Tr::tr("header %1").arg(h.name);
    }
    for (const Variable &v : variables) {
        if (v.secret && !v.value.isEmpty())
            out.options.secretValues << v.value;
        else if (v.secret && used.contains(v.name))
            out.missingSecrets << Tr::tr("variable {{%1}}").arg(v.name);
    }
    return out;
}

QString missingSecretsMessage(const QStringList &missing)
{
    if (missing.isEmpty())
        return {};
    if (missing.size() == 1) {
        return Tr::tr("Secret %1 has no value. Enter it (secret values come from the keychain, "
                      "never from the session file), or press Connect again to connect "
                      "without it.")
            .arg(missing.constFirst());
    }
    return Tr::tr("Secrets %1 have no value. Enter them (secret values come from the keychain, "
                  "never from the session file), or press Connect again to connect without "
                  "them.")
        .arg(missing.mid(0, missing.size() - 1).join(QStringLiteral(", ")) + Tr::tr(" and ")
             + missing.constLast());
}

} // namespace Variables

} // namespace Sockscope
