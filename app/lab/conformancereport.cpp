#include "conformancereport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QXmlStreamWriter>

namespace Sockscope::Conformance {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Conformance)
};

QJsonObject frameJson(const CaseResult::WireEntry &e)
{
    const WireFrame &f = e.frame;
    QJsonObject o {
        {QStringLiteral("timeUs"), double(e.timeUs)},
        {QStringLiteral("from"),
         e.fromClient ? QStringLiteral("client") : QStringLiteral("server")},
        {QStringLiteral("fin"), f.fin},
        {QStringLiteral("rsv"), (f.rsv1 ? 4 : 0) | (f.rsv2 ? 2 : 0) | (f.rsv3 ? 1 : 0)},
        {QStringLiteral("opcode"), f.opcode},
        {QStringLiteral("masked"), f.masked},
        {QStringLiteral("length"), double(f.payloadLength)},
        {QStringLiteral("base64"), QString::fromLatin1(f.payload.toBase64())},
    };
    if (f.payloadCut)
        o.insert(QStringLiteral("payloadCut"), true);
    return o;
}

bool fails(Verdict v)
{
    return v == Verdict::Failed || v == Verdict::WrongCode;
}
} // namespace

QString Summary::text() const
{
    const int total = ok + nonStrict + wrongCode + failed + informational + unimplemented;
    QStringList parts;
    const auto add = [&](int n, Verdict v) {
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(nameOf(v));
    };
    add(ok, Verdict::Ok);
    add(nonStrict, Verdict::NonStrict);
    add(informational, Verdict::Informational);
    add(unimplemented, Verdict::Unimplemented);
    add(wrongCode, Verdict::WrongCode);
    add(failed, Verdict::Failed);
    return (total == 1 ? Tr::tr("1 case: %1") : Tr::tr("%1 cases: %2").arg(total))
        .arg(parts.join(QStringLiteral(", ")));
}

Summary summarize(const std::vector<CaseResult> &results)
{
    Summary s;
    for (const CaseResult &r : results) {
        switch (r.overall()) {
        case Verdict::Ok:
            ++s.ok;
            break;
        case Verdict::NonStrict:
            ++s.nonStrict;
            break;
        case Verdict::WrongCode:
            ++s.wrongCode;
            break;
        case Verdict::Failed:
            ++s.failed;
            break;
        case Verdict::Informational:
            ++s.informational;
            break;
        case Verdict::Unimplemented:
            ++s.unimplemented;
            break;
        }
    }
    return s;
}

QByteArray toJson(const Run &run)
{
    QJsonArray cases;
    for (const CaseResult &r : run.results) {
        QJsonArray wire;
        for (const CaseResult::WireEntry &e : r.wire)
            wire.append(frameJson(e));
        QJsonObject c {
            {QStringLiteral("id"), r.id},
            {QStringLiteral("description"), r.description},
            {QStringLiteral("expectation"), r.expectation},
            {QStringLiteral("behaviour"), nameOf(r.behaviour)},
            {QStringLiteral("behaviourText"), r.behaviourText},
            {QStringLiteral("close"), nameOf(r.close)},
            {QStringLiteral("closeText"), r.closeText},
            {QStringLiteral("durationMs"), double(r.durationMs)},
            {QStringLiteral("wire"), wire},
        };
        if (r.wireOmitted > 0)
            c.insert(QStringLiteral("wireOmitted"), double(r.wireOmitted));
        if (r.serverCloseCode >= 0) {
            c.insert(QStringLiteral("serverCloseCode"), r.serverCloseCode);
            c.insert(QStringLiteral("serverCloseReason"), QString::fromUtf8(r.serverCloseReason));
        }
        cases.append(c);
    }
    const Summary s = summarize(run.results);
    const QJsonObject root {
        {QStringLiteral("format"), QStringLiteral("sockscope-conformance")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("agent"), run.agent},
        {QStringLiteral("url"), run.url},
        {QStringLiteral("started"), run.started.toString(Qt::ISODateWithMs)},
        {QStringLiteral("summary"), s.text()},
        {QStringLiteral("failed"), s.anyFailed()},
        {QStringLiteral("cases"), cases},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray toJUnit(const Run &run)
{
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    const Summary s = summarize(run.results);
    qint64 totalMs = 0;
    for (const CaseResult &r : run.results)
        totalMs += r.durationMs;
    w.writeStartElement(QStringLiteral("testsuites"));
    w.writeStartElement(QStringLiteral("testsuite"));
    w.writeAttribute(QStringLiteral("name"),
                     QStringLiteral("sockscope conformance: %1").arg(run.agent));
    w.writeAttribute(QStringLiteral("tests"), QString::number(run.results.size()));
    w.writeAttribute(QStringLiteral("failures"), QString::number(s.failed + s.wrongCode));
    w.writeAttribute(QStringLiteral("time"), QString::number(totalMs / 1000.0, 'f', 3));
    w.writeAttribute(QStringLiteral("timestamp"), run.started.toString(Qt::ISODate));
    for (const CaseResult &r : run.results) {
        w.writeStartElement(QStringLiteral("testcase"));
        w.writeAttribute(QStringLiteral("classname"),
                         QStringLiteral("conformance.%1").arg(r.id.section(u'.', 0, 0)));
        w.writeAttribute(QStringLiteral("name"), r.id + u' ' + r.description);
        w.writeAttribute(QStringLiteral("time"), QString::number(r.durationMs / 1000.0, 'f', 3));
        const QString verdicts
            = Tr::tr("behaviour %1, close %2").arg(nameOf(r.behaviour), nameOf(r.close));
        const QString detail = r.behaviourText + u'\n' + r.closeText;
        if (fails(r.overall())) {
            w.writeStartElement(QStringLiteral("failure"));
            w.writeAttribute(QStringLiteral("message"), verdicts);
            w.writeCharacters(r.expectation + u'\n' + detail);
            w.writeEndElement();
        } else {
            w.writeTextElement(QStringLiteral("system-out"), verdicts + u'\n' + detail);
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return xml;
}

} // namespace Sockscope::Conformance
