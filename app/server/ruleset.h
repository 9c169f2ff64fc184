#pragma once

#include "log/fieldterms.h"

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
        // Field: decoded-field terms ("event:chat", "method:subscribe"; see FieldTerm).
        enum class MatchKind { Exact, Contains, Regex, Json, Field };
        // Answers: the Nth match gets answers[N-1] (each message at its delay); after the last
        // the rule answers nothing, unless loop starts it over.
        // Ack: a Socket.IO ack of the message's id, its template the arguments; Result: a
        // JSON-RPC result with the request's id, its template the result.
        enum class ActionKind { Reply, Broadcast, Close, Answers, Ack, Result };

        MatchKind matchKind = MatchKind::Exact;
        QString pattern; // exact, contains, regex; the JSON path for Json
        QJsonValue equals; // Json: the value at the path must equal this
        QRegularExpression regex; // Regex, compiled
        QList<FieldTerm> terms; // Field, parsed
        ActionKind action = ActionKind::Reply;
        QString templ; // Reply, Broadcast, Ack, Result
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
    // decoded: the message as the decoders read it, for Field rules (none match without it).
    Match match(const QString &message, const Decoded *decoded = nullptr) const;
    // Whether a message must be decoded for these rules (a Field match, an Ack or Result).
    bool needsDecoding() const;

    // Reads a rules file's JSON. Returns false with a sentence in *error that names the place
    // ("rules[2].match.regex: ...").
    static bool fromJson(const QByteArray &json, RuleSet *out, QString *error);
    static bool load(const QString &path, RuleSet *out, QString *error);
    QJsonObject toJson() const;

    static RuleSet echo() { return {}; }
    static RuleSet fixedReply(const QString &text);
};

} // namespace Sockscope
