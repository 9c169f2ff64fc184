#pragma once

#include "session.h"

namespace Sockscope {

// {{name}} substitution, done when a value is used, never in what is stored.
namespace Variables {
// Replaces each {{name}} (spaces inside the braces allowed) by its value. Names that are not
// defined are left as they are and added to *unknown, once each; the names that are defined go
// into *used, once each.
QString substitute(const QString &text, const QList<Variable> &variables,
                   QStringList *unknown = nullptr, QStringList *used = nullptr);
// "Unknown variable {{host}}" or "Unknown variables {{a}}, {{b}}", to show the user.
QString unknownMessage(const QStringList &unknown);

// A connection as it goes out: the profile's URL, Origin, enabled header values and on-open
// messages with every {{name}} put in. The profile itself keeps what the user typed. The values
// of every secret variable go into options.secretValues, so the log can mask them.
struct Resolved
{
    QString url;
    ConnectionOptions options;
    QStringList unknown; // names used but not defined, once each, in order of use
    // What is marked secret and would go out empty (its value was never entered, or the
    // keychain did not give it back): "header Authorization", "variable {{token}}".
    QStringList missingSecrets;
    bool ok() const { return unknown.isEmpty(); }
};
Resolved resolve(const ConnectionProfile &profile, const QList<Variable> &variables);
// "Secret header Authorization is empty ... connect without it.", for Resolved::missingSecrets.
QString missingSecretsMessage(const QStringList &missing);
} // namespace Variables

} // namespace Sockscope
