#include "ruleset.h"

#include <algorithm>

#include "io/jsonreader.h"
#include "messagetemplate.h"
#include "websocket/closecodes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Sockscope {

namespace {
// The translation context of this file's sentences.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::RuleSet)
};

bool fail(QString *error, const QString &where, const QString &what)
{
    if (error)
        *error = where.isEmpty() ? what : where + QStringLiteral(": ") + what;
    return false;
}

// Refuses keys other than the allowed ones, so a typo is an error rather than ignored.
bool onlyKeys(const QJsonObject &o, std::initializer_list<const char *> allowed,
              const QString &where, QString *error)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool known = false;
        for (const char *key : allowed)
            known = known || it.key() == QLatin1String(key);
        if (!known)
            return fail(error, where, Tr::tr("unknown key \"%1\"").arg(it.key()));
    }
    return true;
}

// Whole numbers through the reader every file format shares, so a rules file words them as a
// session file does ("rules[0].delayMs: expected a whole number from 0 to 3600000").
bool readInteger(const QJsonObject &o, const char *key, const QString &where, qint64 fallback,
                 qint64 min, qint64 max, qint64 *out, QString *error)
{
    JsonReader reader;
    *out = reader.integer(o, key, where, fallback, min, max);
    return reader.ok() || fail(error, {}, reader.error());
}

bool readTemplate(const QJsonValue &value, const QString &where, QString *out, QString *error)
{
    if (!value.isString())
        return fail(error, where, Tr::tr("expected a string"));
    QString why;
    if (!MessageTemplate::validate(value.toString(), &why))
        return fail(error, where, why);
    *out = value.toString();
    return true;
}

// A close action's {"code", "reason"}.
bool readClose(const QJsonValue &value, const QString &where, int *code, QString *reason,
               QString *error)
{
    const QJsonObject close = value.toObject();
    if (!value.isObject())
        return fail(error, where, Tr::tr("must be an object with \"code\" and \"reason\""));
    if (!onlyKeys(close, {"code", "reason"}, where, error))
        return false;
    qint64 number = 0;
    if (!readInteger(close, "code", where, 1000, 0, 65535, &number, error))
        return false;
    *code = int(number);
    if (!CloseCodes::isSendable(*code))
        return fail(error, where + QStringLiteral(".code"),
                    Tr::tr("%1 cannot be sent; use 1000-1003, 1007-1014 or 3000-4999").arg(*code));
    if (close.contains(QStringLiteral("reason"))
        && !close.value(QStringLiteral("reason")).isString())
        return fail(error, where + QStringLiteral(".reason"), Tr::tr("expected a string"));
    *reason = close.value(QStringLiteral("reason")).toString();
    if (reason->toUtf8().size() > 123)
        return fail(error, where + QStringLiteral(".reason"), Tr::tr("is longer than 123 bytes"));
    return true;
}

// A recorded answer: [{"send": "text" | "sendBase64": "..." | "close": {...}, "delayMs": N}].
bool readAnswer(const QJsonValue &value, const QString &where, RuleSet::Answer *out, QString *error)
{
    if (!value.isArray())
        return fail(error, where, Tr::tr("expected a list"));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = where + u'[' + QString::number(i) + u']';
        const QJsonObject o = array.at(i).toObject();
        if (!array.at(i).isObject())
            return fail(error, at, Tr::tr("expected an object"));
        if (!onlyKeys(o, {"send", "sendText", "sendBase64", "close", "delayMs"}, at, error))
            return false;
        int kinds = 0;
        for (const char *key : {"send", "sendText", "sendBase64", "close"})
            kinds += o.contains(QLatin1String(key));
        if (kinds != 1)
            return fail(error, at,
                        Tr::tr("needs exactly one of \"send\", \"sendText\", \"sendBase64\" or "
                               "\"close\""));
        RuleSet::Send send;
        if (o.contains(QStringLiteral("sendText"))) {
            send.kind = RuleSet::Send::Kind::Literal;
            if (!o.value(QStringLiteral("sendText")).isString())
                return fail(error, at + QStringLiteral(".sendText"), Tr::tr("expected a string"));
            send.templ = o.value(QStringLiteral("sendText")).toString();
        } else if (o.contains(QStringLiteral("send"))) {
            if (!readTemplate(o.value(QStringLiteral("send")), at + QStringLiteral(".send"),
                              &send.templ, error))
                return false;
        } else if (o.contains(QStringLiteral("sendBase64"))) {
            send.kind = RuleSet::Send::Kind::Binary;
            JsonReader reader;
            send.bytes = reader.base64(o, "sendBase64", at);
            if (!reader.ok())
                return fail(error, {}, reader.error());
        } else {
            send.kind = RuleSet::Send::Kind::Close;
            if (!readClose(o.value(QStringLiteral("close")), at + QStringLiteral(".close"),
                           &send.closeCode, &send.closeReason, error))
                return false;
        }
        qint64 delay = 0;
        if (!readInteger(o, "delayMs", at, 0, 0, 3'600'000, &delay, error))
            return false;
        send.delayMs = int(delay);
        out->push_back(std::move(send));
    }
    return true;
}

QJsonArray answerToJson(const RuleSet::Answer &answer)
{
    QJsonArray array;
    for (const RuleSet::Send &send : answer) {
        QJsonObject o;
        switch (send.kind) {
        case RuleSet::Send::Kind::Text:
            o.insert(QStringLiteral("send"), send.templ);
            break;
        case RuleSet::Send::Kind::Literal:
            o.insert(QStringLiteral("sendText"), send.templ);
            break;
        case RuleSet::Send::Kind::Binary:
            o.insert(QStringLiteral("sendBase64"), QString::fromLatin1(send.bytes.toBase64()));
            break;
        case RuleSet::Send::Kind::Close:
            o.insert(QStringLiteral("close"),
                     QJsonObject {{QStringLiteral("code"), send.closeCode},
                                  {QStringLiteral("reason"), send.closeReason}});
            break;
        }
        if (send.delayMs > 0)
            o.insert(QStringLiteral("delayMs"), send.delayMs);
        array.append(o);
    }
    return array;
}

bool readRule(const QJsonObject &o, const QString &where, RuleSet::Rule *rule, QString *error)
{
    using Rule = RuleSet::Rule;
    if (!onlyKeys(
            o,
            {"match", "reply", "broadcast", "close", "answers", "ack", "result", "loop", "delayMs"},
            where, error))
        return false;
    if (!o.value(QStringLiteral("match")).isObject())
        return fail(error, where + QStringLiteral(".match"), Tr::tr("expected an object"));
    const QJsonObject match = o.value(QStringLiteral("match")).toObject();
    const QString mwhere = where + QStringLiteral(".match");
    if (match.size() != 1)
        return fail(error, mwhere,
                    Tr::tr("needs exactly one of \"exact\", \"contains\", \"regex\", \"json\" or "
                           "\"field\""));
    if (!onlyKeys(match, {"exact", "contains", "regex", "json", "field"}, mwhere, error))
        return false;
    const QString kind = match.begin().key();
    const QJsonValue value = match.begin().value();
    if (kind == u"json") {
        const QString jwhere = mwhere + QStringLiteral(".json");
        const QJsonObject json = value.toObject();
        if (!value.isObject())
            return fail(error, jwhere, Tr::tr("must be an object with \"path\" and \"equals\""));
        if (!onlyKeys(json, {"path", "equals"}, jwhere, error))
            return false;
        if (!json.value(QStringLiteral("path")).isString()
            || !json.contains(QStringLiteral("equals")))
            return fail(error, jwhere, Tr::tr("needs \"path\" (a string) and \"equals\""));
        rule->matchKind = Rule::MatchKind::Json;
        rule->pattern = json.value(QStringLiteral("path")).toString();
        rule->equals = json.value(QStringLiteral("equals"));
    } else {
        if (!value.isString())
            return fail(error, mwhere + u'.' + kind, Tr::tr("expected a string"));
        rule->pattern = value.toString();
        if (kind == u"field") {
            rule->matchKind = Rule::MatchKind::Field;
            const QString rest = FieldTerm::split(rule->pattern, &rule->terms);
            if (!rest.isEmpty() || rule->terms.isEmpty())
                return fail(error, mwhere + QStringLiteral(".field"),
                            Tr::tr("“%1” is not a field term (name:pattern, name=value, "
                                   "name>number, json.PATH=value)")
                                .arg(rest.isEmpty() ? rule->pattern : rest));
        } else if (kind == u"exact") {
            rule->matchKind = Rule::MatchKind::Exact;
        } else if (kind == u"contains") {
            rule->matchKind = Rule::MatchKind::Contains;
        } else {
            rule->matchKind = Rule::MatchKind::Regex;
            rule->regex.setPattern(rule->pattern);
            if (!rule->regex.isValid()) {
                return fail(error, mwhere + QStringLiteral(".regex"),
                            Tr::tr("invalid regular expression at character %1: %2")
                                .arg(rule->regex.patternErrorOffset() + 1)
                                .arg(rule->regex.errorString()));
            }
            rule->regex.optimize();
        }
    }

    int actions = 0;
    for (const char *key : {"reply", "broadcast", "close", "answers", "ack", "result"})
        actions += o.contains(QLatin1String(key));
    if (actions != 1)
        return fail(error, where,
                    Tr::tr("needs exactly one action: \"reply\", \"broadcast\", \"close\", "
                           "\"answers\", \"ack\" or \"result\""));
    if (o.contains(QStringLiteral("loop")) && !o.contains(QStringLiteral("answers")))
        return fail(error, where + QStringLiteral(".loop"), Tr::tr("goes with \"answers\""));
    if (o.contains(QStringLiteral("reply"))) {
        rule->action = Rule::ActionKind::Reply;
        if (!readTemplate(o.value(QStringLiteral("reply")), where + QStringLiteral(".reply"),
                          &rule->templ, error))
            return false;
    } else if (o.contains(QStringLiteral("ack")) || o.contains(QStringLiteral("result"))) {
        const bool ack = o.contains(QStringLiteral("ack"));
        rule->action = ack ? Rule::ActionKind::Ack : Rule::ActionKind::Result;
        const QString key = ack ? QStringLiteral("ack") : QStringLiteral("result");
        if (!readTemplate(o.value(key), where + u'.' + key, &rule->templ, error))
            return false;
    } else if (o.contains(QStringLiteral("broadcast"))) {
        rule->action = Rule::ActionKind::Broadcast;
        if (!readTemplate(o.value(QStringLiteral("broadcast")),
                          where + QStringLiteral(".broadcast"), &rule->templ, error))
            return false;
    } else if (o.contains(QStringLiteral("answers"))) {
        rule->action = Rule::ActionKind::Answers;
        const QString awhere = where + QStringLiteral(".answers");
        const QJsonValue answers = o.value(QStringLiteral("answers"));
        if (!answers.isArray() || answers.toArray().isEmpty())
            return fail(error, awhere, Tr::tr("expected a list of answers"));
        const QJsonArray list = answers.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            RuleSet::Answer answer;
            if (!readAnswer(list.at(i), awhere + u'[' + QString::number(i) + u']', &answer, error))
                return false;
            rule->answers.push_back(std::move(answer));
        }
        const QJsonValue loop = o.value(QStringLiteral("loop"));
        if (!loop.isUndefined() && !loop.isBool())
            return fail(error, where + QStringLiteral(".loop"), Tr::tr("expected true or false"));
        rule->loop = loop.toBool();
    } else {
        rule->action = Rule::ActionKind::Close;
        if (!readClose(o.value(QStringLiteral("close")), where + QStringLiteral(".close"),
                       &rule->closeCode, &rule->closeReason, error))
            return false;
    }
    qint64 delay = 0;
    if (!readInteger(o, "delayMs", where, 0, 0, 3'600'000, &delay, error))
        return false;
    rule->delayMs = int(delay);
    return true;
}
} // namespace

RuleSet RuleSet::fixedReply(const QString &text)
{
    RuleSet set;
    set.fallback = Fallback::Reply;
    set.fallbackReply = text;
    return set;
}

bool RuleSet::fromJson(const QByteArray &json, RuleSet *out, QString *error)
{
    QJsonObject root;
    if (!JsonFiles::parseObject(json, &root, error))
        return false;
    if (!onlyKeys(root, {"version", "greeting", "greetings", "rules", "fallback", "timers"}, {},
                  error))
        return false;
    const qint64 version = root.value(QStringLiteral("version")).toInteger(-1);
    if (version < 1)
        return fail(error, QStringLiteral("version"), Tr::tr("must be 1"));
    if (version > kVersion)
        return fail(
            error, QStringLiteral("version"),
            Tr::tr("%1 is newer than this Sockscope reads (%2)").arg(version).arg(kVersion));

    RuleSet set;
    if (root.contains(QStringLiteral("greeting"))
        && !readTemplate(root.value(QStringLiteral("greeting")), QStringLiteral("greeting"),
                         &set.greeting, error))
        return false;
    if (root.contains(QStringLiteral("greetings"))
        && !readAnswer(root.value(QStringLiteral("greetings")), QStringLiteral("greetings"),
                       &set.greetings, error))
        return false;

    const QJsonValue rules = root.value(QStringLiteral("rules"));
    if (!rules.isUndefined() && !rules.isArray())
        return fail(error, QStringLiteral("rules"), Tr::tr("expected a list"));
    const QJsonArray ruleArray = rules.toArray();
    for (qsizetype i = 0; i < ruleArray.size(); ++i) {
        const QString where = QStringLiteral("rules[%1]").arg(i);
        if (!ruleArray.at(i).isObject())
            return fail(error, where, Tr::tr("expected an object"));
        Rule rule;
        if (!readRule(ruleArray.at(i).toObject(), where, &rule, error))
            return false;
        set.rules.push_back(std::move(rule));
    }

    const QJsonValue fallback = root.value(QStringLiteral("fallback"));
    if (fallback.isUndefined() || fallback == QJsonValue(QStringLiteral("echo"))) {
        set.fallback = Fallback::Echo;
    } else if (fallback == QJsonValue(QStringLiteral("none"))) {
        set.fallback = Fallback::None;
    } else if (fallback.isObject() && fallback.toObject().size() == 1
               && fallback.toObject().contains(QStringLiteral("reply"))) {
        set.fallback = Fallback::Reply;
        if (!readTemplate(fallback.toObject().value(QStringLiteral("reply")),
                          QStringLiteral("fallback.reply"), &set.fallbackReply, error))
            return false;
    } else {
        return fail(error, QStringLiteral("fallback"),
                    Tr::tr("must be \"echo\", \"none\" or {\"reply\": \"...\"}"));
    }

    const QJsonValue timers = root.value(QStringLiteral("timers"));
    if (!timers.isUndefined() && !timers.isArray())
        return fail(error, QStringLiteral("timers"), Tr::tr("expected a list"));
    const QJsonArray timerArray = timers.toArray();
    for (qsizetype i = 0; i < timerArray.size(); ++i) {
        const QString where = QStringLiteral("timers[%1]").arg(i);
        const QJsonObject t = timerArray.at(i).toObject();
        if (!timerArray.at(i).isObject())
            return fail(error, where, Tr::tr("expected an object"));
        if (!onlyKeys(t, {"everyMs", "broadcast"}, where, error))
            return false;
        Timer timer;
        qint64 every = 0;
        if (!t.contains(QStringLiteral("everyMs")))
            return fail(error, where, Tr::tr("needs \"everyMs\""));
        if (!readInteger(t, "everyMs", where, 0, 10, 86'400'000, &every, error))
            return false;
        timer.everyMs = int(every);
        if (!t.contains(QStringLiteral("broadcast")))
            return fail(error, where, Tr::tr("needs \"broadcast\""));
        if (!readTemplate(t.value(QStringLiteral("broadcast")),
                          where + QStringLiteral(".broadcast"), &timer.broadcast, error))
            return false;
        set.timers.push_back(timer);
    }
    *out = std::move(set);
    return true;
}

bool RuleSet::load(const QString &path, RuleSet *out, QString *error)
{
    constexpr qint64 kMaxBytes = 16 * 1024 * 1024;
    return JsonFiles::load(
        path, kMaxBytes,
        [out](const QByteArray &data, QString *why) { return fromJson(data, out, why); },
        Tr::tr("%1: %2"), error);
}

RuleSet::Match RuleSet::match(const QString &message, const Decoded *decoded) const
{
    Match result;
    bool parsed = false;
    // Parsing costs more than all the rest, so only a json rule or a {{json.…}} template
    // that is about to be used asks for it, and only once.
    const auto parse = [&] {
        if (parsed)
            return;
        parsed = true;
        const QJsonDocument doc = QJsonDocument::fromJson(message.toUtf8());
        if (doc.isObject())
            result.json = doc.object();
        else if (doc.isArray())
            result.json = doc.array();
    };
    for (size_t i = 0; i < rules.size(); ++i) {
        const Rule &rule = rules[i];
        bool hit = false;
        switch (rule.matchKind) {
        case Rule::MatchKind::Exact:
            hit = message == rule.pattern;
            break;
        case Rule::MatchKind::Contains:
            hit = message.contains(rule.pattern);
            break;
        case Rule::MatchKind::Regex: {
            const QRegularExpressionMatch m = rule.regex.match(message);
            if (!m.isValid())
                result.gaveUp.append(int(i));
            hit = m.hasMatch();
            if (hit)
                result.captures = m.capturedTexts();
            break;
        }
        case Rule::MatchKind::Json:
            parse();
            hit = MessageTemplate::lookup(result.json, rule.pattern) == rule.equals;
            break;
        case Rule::MatchKind::Field:
            hit = decoded
                && std::all_of(rule.terms.begin(), rule.terms.end(),
                               [&](const FieldTerm &t) { return t.matches(*decoded); });
            break;
        }
        if (hit) {
            result.rule = int(i);
            break;
        }
    }
    // {{json.…}} in a decoded protocol's answer reads its payload (Socket.IO's arguments).
    if (decoded && !decoded->value.isUndefined()) {
        parse();
        if (result.json.isUndefined() || result.json.isNull())
            result.json = decoded->value;
    }
    const QString *templ = result.rule >= 0 ? &rules[size_t(result.rule)].templ
        : fallback == Fallback::Reply       ? &fallbackReply
                                            : nullptr;
    if (templ && templ->contains(QStringLiteral("json.")))
        parse();
    return result;
}

bool RuleSet::needsDecoding() const
{
    return std::any_of(rules.begin(), rules.end(), [](const Rule &r) {
        return r.matchKind == Rule::MatchKind::Field || r.action == Rule::ActionKind::Ack
            || r.action == Rule::ActionKind::Result;
    });
}

QJsonObject RuleSet::toJson() const
{
    // Version 2's features: recorded answers, decoded-field matches and in-protocol answers.
    bool recorded = !greetings.empty() || needsDecoding();
    for (const Rule &rule : rules)
        recorded = recorded || rule.action == Rule::ActionKind::Answers;
    QJsonObject root {{QStringLiteral("version"), recorded ? kVersion : 1}};
    if (!greeting.isEmpty())
        root.insert(QStringLiteral("greeting"), greeting);
    if (!greetings.empty())
        root.insert(QStringLiteral("greetings"), answerToJson(greetings));
    QJsonArray ruleArray;
    for (const Rule &rule : rules) {
        QJsonObject o;
        switch (rule.matchKind) {
        case Rule::MatchKind::Exact:
            o.insert(QStringLiteral("match"),
                     QJsonObject {{QStringLiteral("exact"), rule.pattern}});
            break;
        case Rule::MatchKind::Contains:
            o.insert(QStringLiteral("match"),
                     QJsonObject {{QStringLiteral("contains"), rule.pattern}});
            break;
        case Rule::MatchKind::Regex:
            o.insert(QStringLiteral("match"),
                     QJsonObject {{QStringLiteral("regex"), rule.pattern}});
            break;
        case Rule::MatchKind::Json:
            o.insert(QStringLiteral("match"),
                     QJsonObject {{QStringLiteral("json"),
                                   QJsonObject {{QStringLiteral("path"), rule.pattern},
                                                {QStringLiteral("equals"), rule.equals}}}});
            break;
        case Rule::MatchKind::Field:
            o.insert(QStringLiteral("match"),
                     QJsonObject {{QStringLiteral("field"), rule.pattern}});
            break;
        }
        switch (rule.action) {
        case Rule::ActionKind::Reply:
            o.insert(QStringLiteral("reply"), rule.templ);
            break;
        case Rule::ActionKind::Broadcast:
            o.insert(QStringLiteral("broadcast"), rule.templ);
            break;
        case Rule::ActionKind::Ack:
            o.insert(QStringLiteral("ack"), rule.templ);
            break;
        case Rule::ActionKind::Result:
            o.insert(QStringLiteral("result"), rule.templ);
            break;
        case Rule::ActionKind::Close:
            o.insert(QStringLiteral("close"),
                     QJsonObject {{QStringLiteral("code"), rule.closeCode},
                                  {QStringLiteral("reason"), rule.closeReason}});
            break;
        case Rule::ActionKind::Answers: {
            QJsonArray answers;
            for (const Answer &answer : rule.answers)
                answers.append(answerToJson(answer));
            o.insert(QStringLiteral("answers"), answers);
            if (rule.loop)
                o.insert(QStringLiteral("loop"), true);
            break;
        }
        }
        if (rule.delayMs > 0)
            o.insert(QStringLiteral("delayMs"), rule.delayMs);
        ruleArray.append(o);
    }
    root.insert(QStringLiteral("rules"), ruleArray);
    switch (fallback) {
    case Fallback::Echo:
        root.insert(QStringLiteral("fallback"), QStringLiteral("echo"));
        break;
    case Fallback::None:
        root.insert(QStringLiteral("fallback"), QStringLiteral("none"));
        break;
    case Fallback::Reply:
        root.insert(QStringLiteral("fallback"),
                    QJsonObject {{QStringLiteral("reply"), fallbackReply}});
        break;
    }
    QJsonArray timerArray;
    for (const Timer &t : timers)
        timerArray.append(QJsonObject {{QStringLiteral("everyMs"), t.everyMs},
                                       {QStringLiteral("broadcast"), t.broadcast}});
    if (!timerArray.isEmpty())
        root.insert(QStringLiteral("timers"), timerArray);
    return root;
}

} // namespace Sockscope
