#include "conformancehtml.h"

#include "io/savefile.h"
#include "websocket/closecodes.h"
#include "websocket/opcode.h"

#include <QCoreApplication>
#include <QDir>
#include <QStringList>

namespace Sockscope::Conformance {

namespace {
using namespace Qt::StringLiterals;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Conformance)
};

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

// Light and dark by the reader's preference; a verdict's colour also has its name beside it.
const char kStyle[] = R"(<style>
:root { color-scheme: light dark; --ok: #1a7f37; --ns: #9a6700; --bad: #cf222e; --info: #0969da;
        --line: #d0d7de; --muted: #57606a; }
@media (prefers-color-scheme: dark) {
  :root { --ok: #3fb950; --ns: #d29922; --bad: #f85149; --info: #58a6ff; --line: #30363d;
          --muted: #8b949e; } }
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid var(--line); padding: 0.25em 0.6em; text-align: left;
         vertical-align: top; }
th { position: sticky; top: 0; background: Canvas; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, .bytes { font-family: ui-monospace, monospace; font-size: 12px; }
.bytes { white-space: pre-wrap; word-break: break-all; }
.v { font-weight: 600; white-space: nowrap; }
.v-OK { color: var(--ok); } .v-NON-STRICT { color: var(--ns); }
.v-FAILED, .v-WRONG-CODE { color: var(--bad); }
.v-INFORMATIONAL, .v-UNIMPLEMENTED { color: var(--info); }
.muted { color: var(--muted); }
h2 { margin-top: 1.5em; }
</style>
)";

QString verdictCell(Verdict v)
{
    const QString name = nameOf(v);
    return u"<td class=\"v v-%1\">%2</td>"_s.arg(QString(name).replace(u' ', u'-'), esc(name));
}

QString page(const QString &title, const QString &body)
{
    return u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>%1</title>\n"_s.arg(esc(title))
        + QString::fromLatin1(kStyle) + u"</head><body>\n"_s + body + u"</body></html>\n"_s;
}

QString fileOf(const CaseResult &r)
{
    return u"cases/"_s + r.id + u".html"_s;
}

// "text (0x1)"; a reserved one says its number already.
QString opcodeText(quint8 opcode)
{
    const QString name = Opcodes::name(opcode);
    return name.contains(u"0x"_s) ? name : u"%1 (0x%2)"_s.arg(name).arg(opcode, 0, 16);
}

// A payload as text when it is printable UTF-8, else as hex; a close's code in words.
QString payloadText(const WireFrame &f)
{
    QString out;
    QByteArray bytes = f.payload;
    if (f.opcode == 0x8 && bytes.size() >= 2) {
        const int code = (quint8(bytes[0]) << 8) | quint8(bytes[1]);
        out = CloseCodes::describe(code) + u' ';
        bytes = bytes.sliced(2);
    }
    const QString text = QString::fromUtf8(bytes);
    const bool printable = text.toUtf8() == bytes
        && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isPrint() || c == u' '; });
    if (bytes.isEmpty())
        out += out.isEmpty() ? Tr::tr("(empty)") : QString();
    else if (printable)
        out += u'"' + text + u'"';
    else
        out += QString::fromLatin1(bytes.toHex(' '));
    if (f.payloadCut)
        out += u' '
            + Tr::tr("… (the first %1 of %2 bytes)").arg(f.payload.size()).arg(f.payloadLength);
    return out;
}

QString casePage(const Run &run, const CaseResult &r)
{
    QString body = u"<p><a href=\"../index.html\">%1</a></p>\n"_s.arg(esc(Tr::tr("All cases")));
    body += u"<h1>%1 %2</h1>\n"_s.arg(esc(Tr::tr("Case")), esc(r.id));
    body += u"<table>\n"_s;
    const auto row = [&](const QString &name, const QString &cell) {
        body += u"<tr><th>%1</th>%2</tr>\n"_s.arg(esc(name), cell);
    };
    const auto textCell = [](const QString &text) {
        return u"<td>%1</td>"_s.arg(esc(text));
    };
    row(Tr::tr("Server"), textCell(run.agent + u" (" + run.url + u')'));
    row(Tr::tr("What the client does"), textCell(r.description));
    row(Tr::tr("What a conforming server does"), textCell(r.expectation));
    row(Tr::tr("Behaviour"), verdictCell(r.behaviour));
    row(QString(), textCell(r.behaviourText));
    row(Tr::tr("Close"), verdictCell(r.close));
    row(QString(), textCell(r.closeText));
    row(Tr::tr("Time"), textCell(Tr::tr("%1 ms").arg(r.durationMs)));
    body += u"</table>\n"_s;

    body += u"<h2>%1</h2>\n"_s.arg(esc(Tr::tr("Frames")));
    if (r.wire.empty())
        body += u"<p class=\"muted\">%1</p>\n"_s.arg(esc(Tr::tr("No frames went either way.")));
    else {
        body += u"<table>\n<tr><th>%1</th><th>%2</th><th>FIN</th><th>RSV</th><th>%3</th>"
                "<th>%4</th><th>%5</th><th>%6</th></tr>\n"_s.arg(
                    esc(Tr::tr("Time (ms)")), esc(Tr::tr("From")), esc(Tr::tr("Opcode")),
                    esc(Tr::tr("Mask")), esc(Tr::tr("Length")), esc(Tr::tr("Payload")));
        for (const CaseResult::WireEntry &e : r.wire) {
            const WireFrame &f = e.frame;
            const QString rsv
                = QString::number((f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0));
            const QString mask = f.masked
                ? QString::fromLatin1(
                    QByteArray(reinterpret_cast<const char *>(f.maskingKey.data()), 4).toHex())
                : u"–"_s;
            body += u"<tr><td class=\"n\">%1</td><td>%2</td><td>%3</td><td>%4</td>"
                    "<td>%5</td><td><code>%6</code></td><td class=\"n\">%7</td>"
                    "<td class=\"bytes\">%8</td></tr>\n"_s.arg(
                        QString::number(e.timeUs / 1000.0, 'f', 3),
                        e.fromClient ? esc(Tr::tr("client")) : esc(Tr::tr("server")),
                        f.fin ? u"1"_s : u"0"_s, rsv, esc(opcodeText(f.opcode)), mask,
                        QString::number(f.payloadLength), esc(payloadText(f)));
        }
        body += u"</table>\n"_s;
        if (r.wireOmitted > 0)
            body += u"<p class=\"muted\">%1</p>\n"_s.arg(
                esc(Tr::tr("%1 more frames went back and forth; the report keeps the first %2.")
                        .arg(r.wireOmitted)
                        .arg(r.wire.size())));
    }
    return page(Tr::tr("Case %1: %2").arg(r.id, run.agent), body);
}

QString indexPage(const Run &run)
{
    const Summary s = summarize(run.results);
    QString body = u"<h1>%1</h1>\n"_s.arg(esc(Tr::tr("Conformance: %1").arg(run.agent)));
    body += u"<p>%1<br>%2<br><strong>%3</strong></p>\n"_s.arg(
        esc(run.url), esc(Tr::tr("Run on %1").arg(run.started.toString(Qt::ISODate))),
        esc(s.text()));
    // What to look at first: every case whose verdicts are not both OK or INFORMATIONAL.
    QStringList notOk;
    for (const CaseResult &r : run.results) {
        const Verdict v = r.overall();
        if (v != Verdict::Ok && v != Verdict::Informational)
            notOk << u"<a href=\"%1\">%2</a> <span class=\"v v-%3\">%4</span>"_s.arg(
                esc(fileOf(r)), esc(r.id), QString(nameOf(v)).replace(u' ', u'-'), esc(nameOf(v)));
    }
    if (!notOk.isEmpty())
        body += u"<p>%1 %2</p>\n"_s.arg(esc(Tr::tr("Not OK:")), notOk.join(u", "_s));
    body += u"<table>\n<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>\n"_s.arg(
        esc(Tr::tr("Case")), esc(Tr::tr("Behaviour")), esc(Tr::tr("Close")),
        esc(Tr::tr("Time (ms)")), esc(Tr::tr("What the client does")));
    for (const CaseResult &r : run.results) {
        body += u"<tr><td><a href=\"%1\">%2</a></td>%3%4<td class=\"n\">%5</td><td>%6</td></tr>\n"_s
                    .arg(esc(fileOf(r)), esc(r.id), verdictCell(r.behaviour), verdictCell(r.close),
                         QString::number(r.durationMs), esc(r.description));
    }
    body += u"</table>\n"_s;
    return page(Tr::tr("Conformance: %1").arg(run.agent), body);
}
} // namespace

std::vector<HtmlFile> toHtml(const Run &run)
{
    std::vector<HtmlFile> files;
    files.push_back({u"index.html"_s, indexPage(run).toUtf8()});
    for (const CaseResult &r : run.results)
        files.push_back({fileOf(r), casePage(run, r).toUtf8()});
    return files;
}

bool writeHtml(const Run &run, const QString &dir, QString *error)
{
    const QDir folder(dir);
    if (!folder.mkpath(u"cases"_s)) {
        if (error)
            *error = Tr::tr("Could not make the report's folder %1.")
                         .arg(QDir::toNativeSeparators(folder.absoluteFilePath(u"cases"_s)));
        return false;
    }
    const std::vector<HtmlFile> files = toHtml(run);
    return std::all_of(files.begin(), files.end(), [&](const HtmlFile &file) {
        return saveWithMessage(folder.filePath(file.path), file.content, error);
    });
}

} // namespace Sockscope::Conformance
