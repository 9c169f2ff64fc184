#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>

#include <vector>

namespace Sockscope {

// How the mock server answers: a greeting, rules tried in order (the first match wins), a
// fallback, and timers. Read from and written to a versioned JSON rules file (see README).
struct RuleSet
{
    // Version 2 adds recorded answers ("answers", "greetings"); a rule set without them is
    // written as version 1.
    static constexpr int kVersion = 2;

    // One message of a recorded answer, sent delayMs after what set it off (the client's
    // message, or the connection for a greeting): text (a template, or as it is), bytes, or a
    // close.
    struct Send
    {
        enum class Kind { Text, Literal, Binary, Close };
        Kind kind = Kind::Text;
        QString templ; // Text: a template; Literal: sent as it is
        QByteArray bytes; // Binary
        int closeCode = 1000; // Close
        QString closeReason; // Close
        int delayMs = 0;
        friend bool operator==(const Send &, const Send &) = default;
    };
    using Answer = std::vector<Send>;

    struct Rule
    {
        enum class MatchKind { Exact, Contains, Regex, Json };
        // Answers: the Nth match gets answers[N-1] (each message at its delay); after the last
        // the rule answers nothing, unless loop starts it over.
        enum class ActionKind { Reply, Broadcast, Close, Answers };

        MatchKind matchKind = MatchKind::Exact;
        QString pattern; // exact, contains, regex; the JSON path for Json
        QJsonValue equals; // Json: the value at the path must equal this
        QRegularExpression regex; // Regex, compiled
        ActionKind action = ActionKind::Reply;
        QString templ; // Reply, Broadcast
        int closeCode = 1000; // Close
        QString closeReason; // Close
        int delayMs = 0;
        std::vector<Answer> answers; // Answers
        bool loop = false; // Answers
    };
    struct Timer
    {
        int everyMs = 1000;
        QString broadcast;
    };
    enum class Fallback { Echo, None, Reply };

    QString greeting;
    Answer greetings; // sent after the greeting, each at its delay from the connection
    std::vector<Rule> rules;
    Fallback fallback = Fallback::Echo;
    QString fallbackReply;
    std::vector<Timer> timers;

    // What a text message matched: the rule's index (or -1 for none), its regex captures and
    // the message as JSON (when it is JSON).
    struct Match
    {
        int rule = -1;
        QStringList captures;
        QJsonValue json;
        // Regex rules that gave up on this message before an answer (PCRE2's match limit: too
        // much backtracking), by index. Each counts as no match, and is worth telling.
        QList<int> gaveUp;
    };
    Match match(const QString &message) const;

    // Reads a rules file's JSON. Returns false with a sentence in *error that names the place
    // ("rules[2].match.regex: ...").
    static bool fromJson(const QByteArray &json, RuleSet *out, QString *error);
    static bool load(const QString &path, RuleSet *out, QString *error);
    QJsonObject toJson() const;

    static RuleSet echo() { return {}; }
    static RuleSet fixedReply(const QString &text);
};

} // namespace Sockscope
