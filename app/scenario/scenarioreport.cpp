#include "scenarioreport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ScenarioReport)
};

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', 3);
}
} // namespace

ScenarioOutcome ScenarioOutcome::of(const ScenarioRunner &runner)
{
    ScenarioOutcome o;
    o.name = runner.scenario().name;
    for (const ScenarioStep &step : runner.scenario().steps)
        o.stepTitles << step.title();
    o.results = runner.results();
    o.elapsedMs = runner.elapsedMs();
    o.passed = runner.passed();
    return o;
}

int ScenarioOutcome::failedStep() const
{
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results[i].outcome == ScenarioRunner::Outcome::Failed)
            return int(i);
    }
    return -1;
}

QString ScenarioOutcome::failureText() const
{
    const int i = failedStep();
    if (i < 0)
        return {};
    return Tr::tr("step %1, %2: %3").arg(i + 1).arg(stepTitles[i], results[i].message);
}

QStringList ScenarioOutcome::lines() const
{
    QStringList out;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const ScenarioRunner::StepResult &r = results[i];
        QString line = u"  %1 %2  %3"_s.arg(ScenarioRunner::outcomeName(r.outcome), -7)
                           .arg(i + 1, 3)
                           .arg(stepTitles[i]);
        if (r.outcome == ScenarioRunner::Outcome::Passed
            || r.outcome == ScenarioRunner::Outcome::Failed)
            line += Tr::tr("  (%1 ms)").arg(r.elapsedMs);
        if (!r.message.isEmpty())
            line += (r.outcome == ScenarioRunner::Outcome::Failed ? u"\n           "_s : u"  "_s)
                + r.message;
        out << line;
    }
    return out;
}

namespace ScenarioReport {

QByteArray junit(const QList<ScenarioOutcome> &outcomes, const QString &suiteName)
{
    int failures = 0;
    qint64 total = 0;
    for (const ScenarioOutcome &o : outcomes) {
        failures += o.passed ? 0 : 1;
        total += o.elapsedMs;
    }
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(u"testsuites"_s);
    w.writeAttribute(u"name"_s, u"sockscope run"_s);
    w.writeAttribute(u"tests"_s, QString::number(outcomes.size()));
    w.writeAttribute(u"failures"_s, QString::number(failures));
    w.writeAttribute(u"errors"_s, u"0"_s);
    w.writeAttribute(u"time"_s, seconds(total));
    w.writeStartElement(u"testsuite"_s);
    w.writeAttribute(u"name"_s, suiteName);
    w.writeAttribute(u"tests"_s, QString::number(outcomes.size()));
    w.writeAttribute(u"failures"_s, QString::number(failures));
    w.writeAttribute(u"errors"_s, u"0"_s);
    w.writeAttribute(u"skipped"_s, u"0"_s);
    w.writeAttribute(u"time"_s, seconds(total));
    w.writeAttribute(u"timestamp"_s,
                     QDateTime::currentDateTimeUtc().toString(Qt::ISODate).chopped(1));
    for (const ScenarioOutcome &o : outcomes) {
        w.writeStartElement(u"testcase"_s);
        w.writeAttribute(u"classname"_s, suiteName);
        w.writeAttribute(u"name"_s, o.name);
        w.writeAttribute(u"time"_s, seconds(o.elapsedMs));
        if (!o.passed) {
            w.writeStartElement(u"failure"_s);
            w.writeAttribute(u"message"_s, o.failureText());
            w.writeAttribute(u"type"_s, u"ScenarioStepFailed"_s);
            w.writeCharacters(o.lines().join(u'\n'));
            w.writeEndElement();
        }
        w.writeTextElement(u"system-out"_s, o.lines().join(u'\n'));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return xml;
}

QByteArray json(const QList<ScenarioOutcome> &outcomes)
{
    QJsonArray scenarios;
    for (const ScenarioOutcome &o : outcomes) {
        QJsonArray steps;
        for (qsizetype i = 0; i < o.results.size(); ++i) {
            const ScenarioRunner::StepResult &r = o.results[i];
            static const char *const names[]
                = {"pending", "running", "passed", "failed", "skipped"};
            steps.append(QJsonObject {{u"step"_s, o.stepTitles[i]},
                                      {u"outcome"_s, QLatin1String(names[int(r.outcome)])},
                                      {u"message"_s, r.message},
                                      {u"ms"_s, r.elapsedMs}});
        }
        scenarios.append(QJsonObject {{u"name"_s, o.name},
                                      {u"passed"_s, o.passed},
                                      {u"ms"_s, o.elapsedMs},
                                      {u"steps"_s, steps}});
    }
    return QJsonDocument(QJsonObject {{u"scenarios"_s, scenarios}}).toJson(QJsonDocument::Indented);
}

} // namespace ScenarioReport
} // namespace Sockscope
