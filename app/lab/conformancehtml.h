#pragma once

#include "conformancereport.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace Sockscope::Conformance {

// The HTML report, as files to write into one folder: index.html (every case with its
// verdicts, linked to its page) and cases/ID.html (what was sent, what a conforming server
// does, what this one did, and the frames both ways). Self-contained: no script, no fetch.
struct HtmlFile
{
    QString path; // relative to the report's folder
    QByteArray content;
};
std::vector<HtmlFile> toHtml(const Run &run);
// Writes them into dir (made if need be, with its cases/ folder). False, with a sentence in
// *error, at the first that cannot be written.
bool writeHtml(const Run &run, const QString &dir, QString *error);

} // namespace Sockscope::Conformance
