// Category 6 of the conformance suite: UTF-8 in text messages. The sequences of 6.5-6.23 are
// those of Markus Kuhn's UTF-8 decoder test file, in Autobahn|Testsuite's order and numbering.

#include "casebuilding.h"

#include "websocket/utf8.h"

namespace Sockscope::Conformance::Build {

namespace {
using namespace Qt::StringLiterals;

struct Sequence
{
    bool valid = false;
    QByteArray bytes;
};

struct Group
{
    QString title;
    std::vector<Sequence> sequences;
};

const QByteArray kKosme("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"); // κόσμε

std::vector<Group> sequenceGroups()
{
    const auto valid = [](const char *bytes) {
        return Sequence {true, QByteArray(bytes)};
    };
    const auto invalid = [](QByteArray bytes) {
        return Sequence {false, std::move(bytes)};
    };
    std::vector<Group> groups;
    groups.push_back({u"Some valid UTF-8 sequences"_s,
                      {valid("hello\x24world"),
                       valid("hello\xc2\xa2world"),
                       valid("hello\xe2\x82\xacworld"),
                       valid("hello\xf0\xa4\xad\xa2world"),
                       {true, kKosme}}});
    Group prefixes {u"All prefixes of a valid UTF-8 string that contains multi-byte code points"_s,
                    {}};
    for (qsizetype n = 1; n <= kKosme.size(); ++n) {
        Utf8::StreamValidator check;
        const bool whole = check.feed(kKosme.first(n)) < 0 && check.isComplete();
        prefixes.sequences.push_back({whole, kKosme.first(n)});
    }
    groups.push_back(std::move(prefixes));
    groups.push_back({u"First possible sequence of a certain length"_s,
                      {{true, QByteArray(1, '\0')},
                       valid("\xc2\x80"),
                       valid("\xe0\xa0\x80"),
                       valid("\xf0\x90\x80\x80")}});
    groups.push_back({u"First possible sequence of length 5 and 6 (invalid code points)"_s,
                      {invalid("\xf8\x88\x80\x80\x80"), invalid("\xfc\x84\x80\x80\x80\x80")}});
    groups.push_back(
        {u"Last possible sequence of a certain length"_s,
         {valid("\x7f"), valid("\xdf\xbf"), valid("\xef\xbf\xbf"), valid("\xf4\x8f\xbf\xbf")}});
    groups.push_back({u"Last possible sequence of length 4, 5 and 6 (invalid code points)"_s,
                      {invalid("\xf7\xbf\xbf\xbf"), invalid("\xfb\xbf\xbf\xbf\xbf"),
                       invalid("\xfd\xbf\xbf\xbf\xbf\xbf")}});
    groups.push_back({u"Other boundary conditions"_s,
                      {valid("\xed\x9f\xbf"), valid("\xee\x80\x80"), valid("\xef\xbf\xbd"),
                       valid("\xf4\x8f\xbf\xbf"), invalid("\xf4\x90\x80\x80")}});
    Group continuations {u"Unexpected continuation bytes"_s,
                         {invalid("\x80"), invalid("\xbf"), invalid("\x80\xbf"),
                          invalid("\x80\xbf\x80"), invalid("\x80\xbf\x80\xbf"),
                          invalid("\x80\xbf\x80\xbf\x80"), invalid("\x80\xbf\x80\xbf\x80\xbf")}};
    QByteArray all;
    for (int b = 0x80; b < 0xbf; ++b)
        all += char(b);
    continuations.sequences.push_back(invalid(all));
    groups.push_back(std::move(continuations));
    Group lonely {u"Lonely start characters"_s, {}};
    for (const auto &[first, last] :
         {std::pair {0xc0, 0xdf}, std::pair {0xe0, 0xef}, std::pair {0xf0, 0xf7},
          std::pair {0xf8, 0xfb}, std::pair {0xfc, 0xfd}}) {
        QByteArray s;
        for (int b = first; b < last; ++b) {
            s += char(b);
            s += ' ';
        }
        lonely.sequences.push_back(invalid(s));
    }
    groups.push_back(std::move(lonely));
    const QByteArray missing[]
        = {"\xc0", "\xe0\x80", "\xf0\x80\x80", "\xf8\x80\x80\x80", "\xfc\x80\x80\x80\x80",
           "\xdf", "\xef\xbf", "\xf7\xbf\xbf", "\xfb\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf"};
    Group cut {u"Sequences with the last continuation byte missing"_s, {}};
    QByteArray joined;
    for (const QByteArray &m : missing) {
        cut.sequences.push_back(invalid(m));
        joined += m;
    }
    groups.push_back(std::move(cut));
    groups.push_back({u"Concatenation of incomplete sequences"_s, {invalid(joined)}});
    groups.push_back(
        {u"Impossible bytes"_s, {invalid("\xfe"), invalid("\xff"), invalid("\xfe\xfe\xff\xff")}});
    groups.push_back({u"Examples of an overlong ASCII character"_s,
                      {invalid("\xc0\xaf"), invalid("\xe0\x80\xaf"), invalid("\xf0\x80\x80\xaf"),
                       invalid("\xf8\x80\x80\x80\xaf"), invalid("\xfc\x80\x80\x80\x80\xaf")}});
    groups.push_back({u"Maximum overlong sequences"_s,
                      {invalid("\xc1\xbf"), invalid("\xe0\x9f\xbf"), invalid("\xf0\x8f\xbf\xbf"),
                       invalid("\xf8\x87\xbf\xbf\xbf"), invalid("\xfc\x83\xbf\xbf\xbf\xbf")}});
    groups.push_back({u"Overlong representation of the NUL character"_s,
                      {invalid("\xc0\x80"), invalid("\xe0\x80\x80"), invalid("\xf0\x80\x80\x80"),
                       invalid("\xf8\x80\x80\x80\x80"), invalid("\xfc\x80\x80\x80\x80\x80")}});
    groups.push_back({u"Single UTF-16 surrogates"_s,
                      {invalid("\xed\xa0\x80"), invalid("\xed\xad\xbf"), invalid("\xed\xae\x80"),
                       invalid("\xed\xaf\xbf"), invalid("\xed\xb0\x80"), invalid("\xed\xbe\x80"),
                       invalid("\xed\xbf\xbf")}});
    Group paired {u"Paired UTF-16 surrogates"_s, {}};
    for (const char *high : {"\xed\xa0\x80", "\xed\xad\xbf", "\xed\xae\x80", "\xed\xaf\xbf"}) {
        for (const char *low : {"\xed\xb0\x80", "\xed\xbf\xbf"})
            paired.sequences.push_back(invalid(QByteArray(high) + low));
    }
    groups.push_back(std::move(paired));
    // Non-characters are valid UTF-8 (RFC 3629): EF BF BE/BF, and F0-F4 xF BF BE/BF up to
    // U+10FFFF, leaving out the overlong F0 8F forms.
    Group nonCharacters {u"Non-character code points (valid UTF-8)"_s,
                         {valid("\xef\xbf\xbe"), valid("\xef\xbf\xbf")}};
    for (int lead = 0xf0; lead <= 0xf4; ++lead) {
        for (int second : {0x8f, 0x9f, 0xaf, 0xbf}) {
            if ((lead == 0xf4 && second != 0x8f) || (lead == 0xf0 && second == 0x8f))
                continue;
            for (int last : {0xbe, 0xbf}) {
                const char bytes[] = {char(lead), char(second), char(0xbf), char(last)};
                nonCharacters.sequences.push_back({true, QByteArray(bytes, 4)});
            }
        }
    }
    groups.push_back(std::move(nonCharacters));
    groups.push_back({u"Unicode specials (the replacement character and others)"_s,
                      {valid("\xef\xbf\xb9"), valid("\xef\xbf\xba"), valid("\xef\xbf\xbb"),
                       valid("\xef\xbf\xbc"), valid("\xef\xbf\xbd"), valid("\xef\xbf\xbe"),
                       valid("\xef\xbf\xbf")}});
    return groups;
}

// 6.4: text that goes bad part-way, sent in three parts with a pause after each: a server
// that checks UTF-8 as it arrives fails the connection before the third part.
void failFast(std::vector<Case> &cases)
{
    // Valid, then U+110000 written as UTF-8 would write it (out of range), then valid.
    const QByteArray part1 = kKosme;
    const QByteArray part2("\xf4\x90\x80\x80");
    const QByteArray part3("edited");
    const QByteArray whole = part1 + part2 + part3;
    const int pauseMs = 500;
    const auto expectation = u"The server fails the connection with 1007 as soon as the %1 makes "
                             "the text invalid (RFC 6455 8.1), before the third part is sent; "
                             "failing only at the message's end is NON-STRICT."_s;
    const auto threeFrames = [&](QByteArray a, QByteArray b, QByteArray c) {
        std::vector<Step> steps;
        steps.push_back({{frame(0x1, std::move(a), false)}});
        steps.push_back({{frame(0x0, std::move(b), false)}, 0, 0, pauseMs});
        steps.push_back({{frame(0x0, std::move(c))}, 0, 0, pauseMs});
        return steps;
    };
    const auto oneFrame = [&](qsizetype cut1, qsizetype cut2) {
        Step step {{frame(0x1, whole)}};
        step.cutsAt = {cut1, cut2};
        step.chopDelayMs = pauseMs;
        return std::vector {std::move(step)};
    };
    // The octet that makes the text invalid: 0x90 after 0xF4 (past U+10FFFF).
    const qsizetype bad = part1.size() + 1;
    const auto failing64
        = [&](QString id, QString description, QString what, std::vector<Step> steps) {
              Case c = failing(std::move(id), std::move(description), expectation.arg(what),
                               std::move(steps), {}, {1007});
              c.failFast = true;
              return c;
          };
    cases.push_back(failing64(
        u"6.4.1"_s,
        u"Send invalid UTF-8 text in 3 fragments, %1 ms apart; the second holds U+110000."_s.arg(
            pauseMs),
        u"second fragment"_s, threeFrames(part1, part2, part3)));
    cases.push_back(failing64(
        u"6.4.2"_s,
        u"Send invalid UTF-8 text in 3 fragments, %1 ms apart; the second is the one octet that "
        "makes it invalid."_s.arg(pauseMs),
        u"second fragment"_s,
        threeFrames(whole.first(bad), whole.sliced(bad, 1), whole.sliced(bad + 1))));
    cases.push_back(failing64(
        u"6.4.3"_s,
        u"Send invalid UTF-8 text in one frame written in 3 pieces, %1 ms apart; the second "
        "holds U+110000."_s.arg(pauseMs),
        u"second piece"_s, oneFrame(part1.size(), part1.size() + part2.size())));
    cases.push_back(failing64(
        u"6.4.4"_s,
        u"Send invalid UTF-8 text in one frame written in 3 pieces, %1 ms apart; the second is "
        "the one octet that makes it invalid."_s.arg(pauseMs),
        u"second piece"_s, oneFrame(bad, bad + 1)));
}
} // namespace

// 6: UTF-8 in text messages, whole and split across fragments.
void utf8(std::vector<Case> &cases)
{
    const auto echoes = u"The server echoes it."_s;
    cases.push_back(reply(u"6.1.1"_s, u"Send a text message of length 0."_s, echoes,
                          stepsOf({frame(0x1)}), {text({})}));
    cases.push_back(reply(u"6.1.2"_s, u"Send a text message of 3 empty fragments."_s, echoes,
                          stepsOf({frame(0x1, {}, false), frame(0x0, {}, false), frame(0x0)}),
                          {text({})}));
    cases.push_back(
        reply(u"6.1.3"_s, u"Send a text message of 3 fragments: empty, \"middle\", empty."_s,
              echoes, stepsOf({frame(0x1, {}, false), frame(0x0, "middle", false), frame(0x0)}),
              {text("middle")}));
    const QByteArray hello
        = u"Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!"_s.toUtf8();
    cases.push_back(reply(u"6.2.1"_s, u"Send valid UTF-8 text in one fragment."_s, echoes,
                          stepsOf({frame(0x1, hello)}), {text(hello)}));
    const qsizetype cut = u"Hello-\u00b5@\u00df\u00f6\u00e4"_s.toUtf8().size();
    cases.push_back(
        reply(u"6.2.2"_s, u"Send valid UTF-8 text in 2 fragments, split at a character's edge."_s,
              echoes, stepsOf({frame(0x1, hello.first(cut), false), frame(0x0, hello.sliced(cut))}),
              {text(hello)}));
    // One octet per frame: code points split across fragments, which is valid (RFC 6455 5.6
    // checks the whole message).
    const auto perOctet = [](const QByteArray &bytes) {
        std::vector<FrameSpec> frames;
        for (qsizetype i = 0; i < bytes.size(); ++i)
            frames.push_back(frame(i == 0 ? 0x1 : 0x0, bytes.sliced(i, 1), i + 1 == bytes.size()));
        return frames;
    };
    const auto splitEchoes = u"The server echoes it: a code point split between fragments is "
                             "valid, as only the whole message must be UTF-8 (RFC 6455 5.6)."_s;
    cases.push_back(reply(u"6.2.3"_s, u"Send valid UTF-8 text with one octet per fragment."_s,
                          splitEchoes, stepsOf(perOctet(hello)), {text(hello)}));
    const QByteArray &kosme = kKosme;
    cases.push_back(reply(u"6.2.4"_s,
                          u"Send the valid UTF-8 text \u03ba\u1f79\u03c3\u03bc\u03b5 with one "
                          "octet per fragment."_s,
                          splitEchoes, stepsOf(perOctet(kosme)), {text(kosme)}));
    const QByteArray invalid = kosme + "\xed\xa0\x80" + "edited"; // a UTF-16 surrogate
    const auto fails = u"Text that is not UTF-8 (here a UTF-16 surrogate, U+D800) makes the "
                       "server fail the connection with 1007 (RFC 6455 8.1)."_s;
    cases.push_back(failing(u"6.3.1"_s, u"Send invalid UTF-8 text in one fragment."_s, fails,
                            stepsOf({frame(0x1, invalid)}), {}, {1007}));
    cases.push_back(failing(u"6.3.2"_s, u"Send invalid UTF-8 text with one octet per fragment."_s,
                            fails, stepsOf(perOctet(invalid)), {}, {1007}));

    failFast(cases);

    int group = 5;
    for (const Group &g : sequenceGroups()) {
        int n = 0;
        for (const Sequence &s : g.sequences) {
            const QString id = u"6.%1.%2"_s.arg(group).arg(++n);
            const QString hex = QString::fromLatin1(s.bytes.toHex(' '));
            if (s.valid) {
                cases.push_back(reply(
                    id, u"%1: send the valid UTF-8 text %2 in one frame."_s.arg(g.title, hex),
                    u"The server echoes it."_s, stepsOf({frame(0x1, s.bytes)}), {text(s.bytes)}));
            } else {
                cases.push_back(failing(
                    id,
                    u"%1: send the text %2, which is not UTF-8, in one frame."_s.arg(g.title, hex),
                    u"The server fails the connection with 1007 (RFC 6455 8.1)."_s,
                    stepsOf({frame(0x1, s.bytes)}), {}, {1007}));
            }
        }
        ++group;
    }
}

} // namespace Sockscope::Conformance::Build
