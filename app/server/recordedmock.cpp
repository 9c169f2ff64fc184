#include "recordedmock.h"

#include <QCoreApplication>

#include <algorithm>

namespace Sockscope::RecordedMock {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::RecordedMock)
};

bool isMessage(const LogEvent &e)
{
    return e.type == EventType::Text || e.type == EventType::Binary;
}

} // namespace

Result<Built> fromConversation(const std::vector<LogEvent> &events, const Options &options)
{
    Built built;
    built.rules.fallback = RuleSet::Fallback::None;
    // The first connection: from its Open row (or the start, for a log without one) to the
    // next Open row.
    auto begin = std::find_if(events.begin(), events.end(), [](const LogEvent &e) {
        return e.direction == Direction::Lifecycle && e.type == EventType::Open;
    });
    const bool opened = begin != events.end();
    if (!opened)
        begin = events.begin();
    auto end = std::find_if(opened ? begin + 1 : begin, events.end(), [](const LogEvent &e) {
        return e.direction == Direction::Lifecycle && e.type == EventType::Open;
    });
    if (end != events.end())
        built.notes << Tr::tr("The log holds more than one connection; the mock answers as the "
                              "server did in the first.");

    RuleSet::Answer *answer = &built.rules.greetings;
    qint64 since = begin != events.end() ? begin->timestampMs : 0;
    int binaryFromClient = 0;
    // Rules by client message, in the order each was first sent.
    std::vector<std::pair<QString, std::vector<RuleSet::Answer>>> byMessage;
    for (auto it = begin; it != end; ++it) {
        const LogEvent &e = *it;
        const int delay
            = options.keepTiming ? int(std::clamp<qint64>(e.timestampMs - since, 0, 3'600'000)) : 0;
        if (e.direction == Direction::Sent && e.type == EventType::Text) {
            const QString text = QString::fromUtf8(e.data);
            auto rule = std::find_if(byMessage.begin(), byMessage.end(),
                                     [&](const auto &r) { return r.first == text; });
            if (rule == byMessage.end()) {
                byMessage.push_back({text, {}});
                rule = byMessage.end() - 1;
            }
            rule->second.emplace_back();
            answer = &rule->second.back();
            since = e.timestampMs;
            ++built.clientMessages;
        } else if (e.direction == Direction::Sent && e.type == EventType::Binary) {
            ++binaryFromClient;
        } else if (e.direction == Direction::Received && isMessage(e)) {
            RuleSet::Send send;
            send.delayMs = delay;
            if (e.type == EventType::Text) {
                send.kind = RuleSet::Send::Kind::Literal; // as it came, "{{" and all
                send.templ = QString::fromUtf8(e.data);
            } else {
                send.kind = RuleSet::Send::Kind::Binary;
                send.bytes = e.data;
            }
            answer->push_back(std::move(send));
            ++built.serverMessages;
        } else if (e.direction == Direction::Received && e.type == EventType::Close) {
            RuleSet::Send close;
            close.kind = RuleSet::Send::Kind::Close;
            close.closeCode = e.closeCode;
            close.closeReason = QString::fromUtf8(e.data);
            close.delayMs = delay;
            if (CloseCodes::isSendable(close.closeCode))
                answer->push_back(std::move(close));
            break;
        } else if (e.type == EventType::Close) {
            break; // the client closed, or the connection dropped: the conversation is over
        }
    }
    if (built.clientMessages == 0 && built.serverMessages == 0)
        return Result<Built>::failure(
            Tr::tr("The log has no messages to make a mock server from."));
    if (binaryFromClient > 0)
        built.notes << Tr::tr("Binary messages from the client (%1) did not become rules: rules "
                              "match text only. What the server sent after them is part of the "
                              "answer before.")
                           .arg(binaryFromClient);
    for (auto &[text, answers] : byMessage) {
        RuleSet::Rule rule;
        rule.matchKind = RuleSet::Rule::MatchKind::Exact;
        rule.pattern = text;
        rule.action = RuleSet::Rule::ActionKind::Answers;
        const RuleSet::Answer &first = answers.front();
        const bool same = std::all_of(answers.begin(), answers.end(),
                                      [&first](const RuleSet::Answer &a) { return a == first; });
        // Answered the same every time: one answer, for every match.
        if (same) {
            answers.resize(1);
            rule.loop = true;
        } else {
            rule.loop = options.loop;
        }
        rule.answers = std::move(answers);
        built.rules.rules.push_back(std::move(rule));
    }
    return built;
}

} // namespace Sockscope::RecordedMock
