#pragma once

#include "connectionoptions.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>

namespace Sockscope::TlsSetup {

// Adds the tab's CA file and client certificate to config. False, with a sentence naming the
// file and the problem in *error, when a file cannot be read or holds nothing usable.
bool apply(const ConnectionOptions::Tls &tls, QSslConfiguration *config, QString *error);

// A certificate error in plain words: "the certificate expired on 3 May 2026".
QString describe(const QSslError &error);
// Several errors, one per line, without repeats.
QString describe(const QList<QSslError> &errors);

} // namespace Sockscope::TlsSetup
