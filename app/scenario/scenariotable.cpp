#include "scenariotable.h"

#include <QCoreApplication>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Sockscope::ScenarioTable {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::ScenarioTable)
};

QString compact(const QJsonValue &v)
{
    const QJsonDocument doc
        = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}
} // namespace

QList<Row> rowsOf(const Scenario &scenario)
{
    QList<Row> rows;
    const QJsonArray steps = scenario.toJson().value(u"steps").toArray();
    for (const QJsonValue &v : steps) {
        QJsonObject o = v.toObject();
        Row row {o.take(u"kind").toString(), {}};
        if (!o.isEmpty())
            row.details = compact(o);
        rows << row;
    }
    return rows;
}

QString onOpenText(const Scenario &scenario)
{
    const QJsonValue onOpen = scenario.toJson().value(u"onOpen");
    return onOpen.isArray() ? compact(onOpen) : QString();
}

Result<Scenario> scenarioOf(const QString &id, const QString &name, const QList<Row> &rows,
                            const QString &onOpen)
{
    QJsonArray steps;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString details = rows[i].details.trimmed();
        QJsonObject o;
        if (!details.isEmpty()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(details.toUtf8(), &error);
            if (!doc.isObject())
                return Result<Scenario>::failure(
                    Tr::tr("Step %1: the details are not a JSON object%2.")
                        .arg(i + 1)
                        .arg(error.error != QJsonParseError::NoError
                                 ? Tr::tr(" (%1 at character %2)")
                                       .arg(error.errorString())
                                       .arg(error.offset + 1)
                                 : QString()));
            o = doc.object();
        }
        o.insert(u"kind"_s, rows[i].kind);
        steps.append(o);
    }
    QJsonObject root {{u"id"_s, id}, {u"name"_s, name}, {u"steps"_s, steps}};
    if (!onOpen.trimmed().isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(onOpen.toUtf8());
        if (!doc.isArray())
            return Result<Scenario>::failure(
                Tr::tr("On open: expected a JSON list of send steps, such as "
                       "[{\"kind\": \"send\", \"text\": \"subscribe\"}]."));
        root.insert(u"onOpen"_s, doc.array());
    }
    JsonReader r;
    Scenario scenario = Scenario::fromJson(r, root, {});
    if (!r.ok())
        return Result<Scenario>::failure(r.error());
    return scenario;
}

QString template_(const QString &kind)
{
    static const QHash<QString, QString> examples {
        {u"connect"_s, uR"({"url":"ws://127.0.0.1:8765"})"_s},
        {u"send"_s, uR"({"text":"hello"})"_s},
        {u"expect"_s, uR"({"match":{"contains":"hello"},"within":5000})"_s},
        {u"capture"_s, uR"({"json":"token","into":"token"})"_s},
        {u"ping"_s, uR"({"text":"ping"})"_s},
        {u"wait"_s, uR"({"ms":500})"_s},
        {u"close"_s, uR"({"code":1000})"_s},
        {u"expectClose"_s, uR"({"code":1000})"_s},
        {u"serve"_s, uR"({"server":"Mock","as":"mock"})"_s},
        {u"expectServerReceived"_s, uR"({"server":"mock","match":{"contains":"hello"}})"_s},
    };
    return examples.value(kind);
}

} // namespace Sockscope::ScenarioTable
