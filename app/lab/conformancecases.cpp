// The cases of the conformance suite, numbered as Autobahn|Testsuite numbers them. Each
// expectation is written from RFC 6455; Autobahn's descriptions say what to test.

#include "casebuilding.h"
#include "conformancecase.h"

#include "websocket/closecodes.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace Sockscope::Conformance {

namespace {
using namespace Qt::StringLiterals;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::Conformance)
};
using Outcome = Case::Outcome;
using namespace Build;

// 1: framing. Text and binary messages of the lengths at each length form's edges.
void framing(std::vector<Case> &cases)
{
    const int lengths[] = {0, 125, 126, 127, 128, 65535, 65536};
    for (int kind = 0; kind < 2; ++kind) {
        const bool isText = kind == 0;
        const char fill = isText ? '*' : char(0xFE);
        const QString what = isText ? QStringLiteral("text") : QStringLiteral("binary");
        int n = 0;
        for (int length : lengths) {
            const QByteArray payload(length, fill);
            cases.push_back(reply(QStringLiteral("1.%1.%2").arg(kind + 1).arg(++n),
                                  QStringLiteral("Send a %1 message with a payload of %2 bytes.")
                                      .arg(what)
                                      .arg(length),
                                  QStringLiteral("The server echoes it."),
                                  stepsOf({frame(isText ? 0x1 : 0x2, payload)}),
                                  {isText ? text(payload) : binary(payload)}));
        }
        const QByteArray payload(65536, fill);
        Case chopped = reply(
            QStringLiteral("1.%1.8").arg(kind + 1),
            QStringLiteral("Send a %1 message with a payload of 65536 bytes, in writes of 997 "
                           "octets.")
                .arg(what),
            QStringLiteral("The server echoes it."), stepsOf({frame(isText ? 0x1 : 0x2, payload)}),
            {isText ? text(payload) : binary(payload)});
        chopped.steps.front().chopSize = 997;
        cases.push_back(std::move(chopped));
    }
}

// 2: pings and pongs.
void pings(std::vector<Case> &cases)
{
    const QByteArray hello("Hello, world!");
    const QByteArray bytes("\x00\xff\xfe\xfd\xfc\xfb\x00\xff", 8);
    const auto answered = QStringLiteral("The server answers with a pong of the same payload.");
    cases.push_back(reply(u"2.1"_s, u"Send a ping without payload."_s, answered,
                          stepsOf({frame(0x9)}), {pong({})}));
    cases.push_back(reply(u"2.2"_s, u"Send a ping with a small text payload."_s, answered,
                          stepsOf({frame(0x9, hello)}), {pong(hello)}));
    cases.push_back(reply(u"2.3"_s, u"Send a ping with a small binary payload."_s, answered,
                          stepsOf({frame(0x9, bytes)}), {pong(bytes)}));
    const QByteArray max(125, char(0xFE));
    cases.push_back(reply(u"2.4"_s, u"Send a ping with a payload of 125 bytes."_s, answered,
                          stepsOf({frame(0x9, max)}), {pong(max)}));
    cases.push_back(failing(u"2.5"_s, u"Send a ping with a payload of 126 bytes."_s,
                            u"A control frame may carry at most 125 bytes (RFC 6455 5.5): the "
                            "server fails the connection with 1002."_s,
                            stepsOf({frame(0x9, QByteArray(126, char(0xFE)))})));
    cases.push_back(reply(u"2.6"_s,
                          u"Send a ping with a payload of 125 bytes, one octet per write."_s,
                          answered, stepsOf({frame(0x9, max)}, Chops::OctetWise), {pong(max)}));
    cases.push_back(reply(u"2.7"_s, u"Send an unsolicited pong without payload."_s,
                          u"The server ignores it (RFC 6455 5.5.3)."_s, stepsOf({frame(0xA)}), {}));
    cases.push_back(reply(u"2.8"_s, u"Send an unsolicited pong with a payload."_s,
                          u"The server ignores it (RFC 6455 5.5.3)."_s,
                          stepsOf({frame(0xA, "unsolicited pong payload")}), {}));
    cases.push_back(
        reply(u"2.9"_s, u"Send an unsolicited pong with a payload, then a ping with a payload."_s,
              u"The server ignores the pong and answers the ping."_s,
              stepsOf({frame(0xA, "unsolicited pong payload"), frame(0x9, "ping payload")}),
              {pong("ping payload")}));
    for (const auto &[id, chops] :
         {std::pair {u"2.10"_s, Chops::One}, std::pair {u"2.11"_s, Chops::OctetWise}}) {
        std::vector<FrameSpec> frames;
        std::vector<Event> pongs;
        for (int i = 0; i < 10; ++i) {
            const QByteArray payload = "payload-" + QByteArray::number(i);
            frames.push_back(frame(0x9, payload));
            pongs.push_back(pong(payload));
        }
        Case c = reply(id, u"Send 10 pings with payloads, "_s + chopsText(chops) + u'.',
                       u"The server answers each with a pong (answering only the last is "
                       "allowed: RFC 6455 5.5.3)."_s,
                       stepsOf(std::move(frames), chops), pongs);
        c.nonStrict = std::vector<Event> {pongs.back()};
        cases.push_back(std::move(c));
    }
}

// 3: reserved bits, with no extension negotiated.
void reservedBits(std::vector<Case> &cases)
{
    const QByteArray hello("Hello, world!");
    const auto fails = QStringLiteral("RSV bits must be 0 with no extension that defines them "
                                      "(RFC 6455 5.2): the server fails the connection with "
                                      "1002.");
    const auto echoThenFail = QStringLiteral("The server echoes the first message, then fails "
                                             "the connection with 1002 (RSV bits must be 0: "
                                             "RFC 6455 5.2).");
    cases.push_back(failing(u"3.1"_s, u"Send a small text message with RSV = 1."_s, fails,
                            stepsOf({frame(0x1, hello, true, 1)})));
    const Chops chops[] = {Chops::One, Chops::FrameWise, Chops::OctetWise};
    for (int i = 0; i < 3; ++i) {
        const int rsv = i + 2;
        cases.push_back(failing(
            u"3.%1"_s.arg(rsv),
            u"Send a small text message, then another with RSV = %1, then a ping; %2."_s.arg(rsv)
                .arg(chopsText(chops[i])),
            echoThenFail,
            stepsOf({frame(0x1, hello), frame(0x1, hello, true, rsv), frame(0x9)}, chops[i]),
            {text(hello)}));
    }
    cases.push_back(
        failing(u"3.5"_s, u"Send a small binary message with RSV = 5."_s, fails,
                stepsOf({frame(0x2, QByteArray("\x00\xff\xfe\xfd\xfc\xfb\x00\xff", 8), true, 5)})));
    cases.push_back(failing(u"3.6"_s, u"Send a ping with a payload and RSV = 6."_s, fails,
                            stepsOf({frame(0x9, hello, true, 6)})));
    QByteArray close("\x03\xe8", 2);
    cases.push_back(failing(u"3.7"_s, u"Send a close frame with RSV = 7."_s, fails,
                            stepsOf({frame(0x8, close, true, 7)})));
}

// 4: reserved opcodes.
void opcodes(std::vector<Case> &cases)
{
    const QByteArray hello("Hello, world!");
    const QByteArray payload("reserved opcode payload");
    for (int control = 0; control < 2; ++control) {
        const int base = control ? 11 : 3;
        const QString kind = control ? u"control"_s : u"non-control"_s;
        const auto fails = u"Opcode %1 is reserved (RFC 6455 5.2): the server fails the "
                           "connection with 1002."_s;
        const auto echoThenFail = u"The server echoes the first message, then fails the "
                                  "connection with 1002 (opcode %1 is reserved: RFC 6455 5.2)."_s;
        const QString group = u"4.%1."_s.arg(control + 1);
        cases.push_back(failing(
            group + u'1', u"Send a frame with the reserved %1 opcode %2."_s.arg(kind).arg(base),
            fails.arg(base), stepsOf({frame(quint8(base))})));
        cases.push_back(failing(
            group + u'2',
            u"Send a frame with the reserved %1 opcode %2 and a payload."_s.arg(kind).arg(base + 1),
            fails.arg(base + 1), stepsOf({frame(quint8(base + 1), payload)})));
        for (int i = 2; i < 5; ++i) {
            const int opcode = base + i;
            const QByteArray body = i == 2 ? QByteArray() : payload;
            cases.push_back(failing(
                group + QString::number(i + 1),
                u"Send a small text message, then a frame with the reserved %1 opcode %2%3, "
                "then a ping."_s.arg(kind)
                    .arg(opcode)
                    .arg(body.isEmpty() ? QString() : u" and a payload"_s),
                echoThenFail.arg(opcode),
                stepsOf({frame(0x1, hello), frame(quint8(opcode), body), frame(0x9)}),
                {text(hello)}));
        }
    }
}

// 5: fragmentation.
void fragmentation(std::vector<Case> &cases)
{
    const auto fragments = [](quint8 opcode) {
        return std::vector {frame(opcode, "fragment1", false), frame(0x0, "fragment2")};
    };
    const auto frag1 = frame(0x1, "fragment1", false);
    const auto frag2 = frame(0x0, "fragment2");
    cases.push_back(failing(u"5.1"_s, u"Send a ping in 2 fragments."_s,
                            u"Control frames must not be fragmented (RFC 6455 5.5): the server "
                            "fails the connection with 1002."_s,
                            stepsOf({frame(0x9, "fragment1", false), frame(0x0, "fragment2")})));
    cases.push_back(failing(u"5.2"_s, u"Send a pong in 2 fragments."_s,
                            u"Control frames must not be fragmented (RFC 6455 5.5): the server "
                            "fails the connection with 1002."_s,
                            stepsOf({frame(0xA, "fragment1", false), frame(0x0, "fragment2")})));
    const Chops chops[] = {Chops::One, Chops::FrameWise, Chops::OctetWise};
    for (int i = 0; i < 3; ++i) {
        cases.push_back(
            reply(u"5.%1"_s.arg(3 + i),
                  u"Send a text message in 2 fragments, "_s + chopsText(chops[i]) + u'.',
                  u"The server echoes the whole message."_s, stepsOf(fragments(0x1), chops[i]),
                  {text("fragment1fragment2")}));
    }
    for (int i = 0; i < 3; ++i) {
        cases.push_back(reply(u"5.%1"_s.arg(6 + i),
                              u"Send a text message in 2 fragments with a ping between them, "_s
                                  + chopsText(chops[i]) + u'.',
                              u"The server answers the ping, then echoes the message (control "
                              "frames may come between fragments: RFC 6455 5.4)."_s,
                              stepsOf({frag1, frame(0x9, "ping payload"), frag2}, chops[i]),
                              {pong("ping payload"), text("fragment1fragment2")}));
    }
    const auto nothingToContinue = u"A continuation frame with no message to continue breaks "
                                   "RFC 6455 5.4: the server fails the connection with 1002."_s;
    for (int fin = 1; fin >= 0; --fin) {
        for (int i = 0; i < 3; ++i) {
            const int number = (fin ? 9 : 12) + i;
            cases.push_back(failing(
                u"5.%1"_s.arg(number),
                u"Send a continuation frame with FIN = %1 where there is nothing to continue, "
                "then a text message; %2."_s.arg(fin ? u"true"_s : u"false"_s, chopsText(chops[i])),
                nothingToContinue,
                stepsOf({frame(0x0, "fragment1", bool(fin)), frame(0x1, "fragment2")}, chops[i])));
        }
    }
    cases.push_back(failing(
        u"5.15"_s,
        u"Send a text message in 2 fragments, then a continuation frame with FIN = false where "
        "there is nothing to continue, then a text message, all in one write."_s,
        u"The server echoes the first message, then fails the connection with 1002 (RFC 6455 "
        "5.4)."_s,
        stepsOf({frag1, frag2, frame(0x0, "fragment3", false), frame(0x1, "fragment4")}),
        {text("fragment1fragment2")}));
    for (int fin = 0; fin < 2; ++fin) {
        std::vector<FrameSpec> frames;
        for (int r = 0; r < 2; ++r) {
            frames.push_back(frame(0x0, "fragment1", bool(fin)));
            frames.push_back(frame(0x1, "fragment2", false));
            frames.push_back(frame(0x0, "fragment3"));
        }
        cases.push_back(failing(
            u"5.%1"_s.arg(16 + fin),
            u"Twice: a continuation frame with FIN = %1 where there is nothing to continue, "
            "then a text message in 2 fragments; all in one write."_s.arg(fin ? u"true"_s
                                                                              : u"false"_s),
            nothingToContinue, stepsOf(std::move(frames))));
    }
    cases.push_back(failing(
        u"5.18"_s, u"Send a text message in 2 fragments, both with the text opcode."_s,
        u"A new data frame inside a fragmented message breaks RFC 6455 5.4: the server fails "
        "the connection with 1002."_s,
        stepsOf({frame(0x1, "fragment1", false), frame(0x1, "fragment2")})));
    for (int sync = 0; sync < 2; ++sync) {
        const Chops c = sync ? Chops::FrameWise : Chops::One;
        std::vector<Step> steps = stepsOf({frame(0x1, "fragment1", false),
                                           frame(0x0, "fragment2", false), frame(0x9, "pongme 1!")},
                                          c);
        std::vector<Step> later
            = stepsOf({frame(0x0, "fragment3", false), frame(0x0, "fragment4", false),
                       frame(0x9, "pongme 2!"), frame(0x0, "fragment5")},
                      c);
        later.front().pauseBeforeMs = 1000;
        for (Step &s : later)
            steps.push_back(std::move(s));
        Case r = reply(u"5.%1"_s.arg(19 + sync),
                       u"A text message in 5 fragments: 2 fragments and a ping, a pause of 1 s, "
                       "2 fragments, a ping and the last fragment; "_s
                           + chopsText(c) + u'.',
                       u"The server answers both pings as they come, then echoes the whole "
                       "message."_s,
                       std::move(steps),
                       {pong("pongme 1!"), pong("pongme 2!"),
                        text("fragment1fragment2fragment3fragment4fragment5")});
        r.timeoutMs = 3000;
        cases.push_back(std::move(r));
    }
}

// 7: the closing handshake: what may follow a close, close payloads, codes and reasons.
void closing(std::vector<Case> &cases)
{
    const auto close = [](int code, const QByteArray &reason = {}) {
        return frame(0x8, CloseCodes::payload(code, reason));
    };
    const QByteArray hello("Hello World!");
    const auto clean = u"The server answers the close with 1000 and closes TCP; it sends nothing "
                       "after its close (RFC 6455 5.5.1)."_s;
    Case first = reply(u"7.1.1"_s, u"Send a message, then a close, in one write."_s,
                       u"The server echoes the message, then answers the close with 1000 "
                       "(answering the close first is allowed: RFC 6455 5.5.1)."_s,
                       stepsOf({frame(0x1, hello), close(1000)}), {text(hello)});
    first.nonStrict = std::vector<Event> {};
    cases.push_back(std::move(first));
    cases.push_back(reply(u"7.1.2"_s, u"Send two close frames."_s, clean,
                          stepsOf({close(1000), close(1000)}), {}));
    cases.push_back(reply(u"7.1.3"_s, u"Send a ping after the close."_s,
                          clean + u' ' + u"The ping gets no pong."_s,
                          stepsOf({close(1000), frame(0x9, hello)}), {}));
    cases.push_back(reply(u"7.1.4"_s, u"Send a text message after the close."_s,
                          clean + u' ' + u"The message is not echoed."_s,
                          stepsOf({close(1000), frame(0x1, hello)}), {}));
    cases.push_back(
        reply(u"7.1.5"_s,
              u"Send the first fragment of a message, a close, then the last "
              "fragment."_s,
              clean + u' ' + u"The message is not echoed."_s,
              stepsOf({frame(0x1, "fragment1", false), close(1000), frame(0x0, "fragment2")}), {}));
    Case big = reply(
        u"7.1.6"_s, u"Send a text message of 256 KiB, then a close, then a ping."_s,
        u"Recorded, not graded: whether the echo goes out before the close "
        "depends on the server."_s,
        stepsOf({frame(0x1, QByteArray(256 * 1024, 'B')), close(1000), frame(0x9, hello)}), {});
    big.outcome = Outcome::Information;
    cases.push_back(std::move(big));

    const auto echoed = u"The server answers with 1000 or with the same code (RFC 6455 5.5.1)."_s;
    Case empty = reply(u"7.3.1"_s, u"Send a close frame with an empty payload."_s,
                       u"The server answers the close, with 1000 or no code."_s,
                       stepsOf({frame(0x8)}), {});
    empty.closeCodes = {1000, -1};
    cases.push_back(std::move(empty));
    Case half = reply(u"7.3.2"_s, u"Send a close frame with a payload of 1 byte."_s,
                      u"Half a close code breaks RFC 6455 5.5.1: the server fails the connection "
                      "with 1002."_s,
                      stepsOf({frame(0x8, "*")}), {});
    half.closeCodes = {1002};
    half.dropIsFine = true;
    cases.push_back(std::move(half));
    cases.push_back(reply(u"7.3.3"_s, u"Send a close frame with code 1000 and no reason."_s, echoed,
                          stepsOf({close(1000)}), {}));
    cases.push_back(reply(u"7.3.4"_s, u"Send a close frame with code 1000 and a reason."_s, echoed,
                          stepsOf({close(1000, hello)}), {}));
    cases.push_back(reply(u"7.3.5"_s,
                          u"Send a close frame with code 1000 and a reason of 123 bytes (the "
                          "longest a close may carry)."_s,
                          echoed, stepsOf({close(1000, QByteArray(123, '*'))}), {}));
    Case tooLong = reply(u"7.3.6"_s,
                         u"Send a close frame with code 1000 and a reason of 124 bytes (a "
                         "payload of 126)."_s,
                         u"A control frame carries at most 125 bytes (RFC 6455 5.5): the server "
                         "fails the connection with 1002."_s,
                         stepsOf({close(1000, QByteArray(124, '*'))}), {});
    tooLong.closeCodes = {1002};
    tooLong.dropIsFine = true;
    cases.push_back(std::move(tooLong));
    Case badReason = reply(u"7.5.1"_s, u"Send a close frame whose reason is not UTF-8."_s,
                           u"The server fails the connection with 1007 (RFC 6455 5.5.1, 8.1)."_s,
                           stepsOf({close(1000,
                                          "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce"
                                          "\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64")}),
                           {});
    badReason.closeCodes = {1007};
    badReason.dropIsFine = true;
    cases.push_back(std::move(badReason));

    const int valid[]
        = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
    int n = 0;
    for (int code : valid) {
        Case c
            = reply(u"7.7.%1"_s.arg(++n), u"Send a close frame with the valid code %1."_s.arg(code),
                    echoed, stepsOf({close(code)}), {});
        c.closeCodes = {1000, code};
        cases.push_back(std::move(c));
    }
    const int invalid[] = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};
    n = 0;
    for (int code : invalid) {
        Case c
            = reply(u"7.9.%1"_s.arg(++n),
                    u"Send a close frame with the code %1, which no endpoint may send."_s.arg(code),
                    u"The server fails the connection with 1002 (RFC 6455 7.4)."_s,
                    stepsOf({close(code)}), {});
        c.closeCodes = {1002};
        c.dropIsFine = true;
        cases.push_back(std::move(c));
    }
    n = 0;
    for (int code : {5000, 65535}) {
        Case c = reply(
            u"7.13.%1"_s.arg(++n),
            u"Send a close frame with the code %1, which RFC 6455 does not define."_s.arg(code),
            u"Recorded, not graded: RFC 6455 7.4.2 gives codes above 4999 no "
            "meaning."_s,
            stepsOf({close(code)}), {});
        c.outcome = Outcome::Information;
        cases.push_back(std::move(c));
    }
}

// "5.10" as numbers, to compare ids.
QList<int> numbersOf(QStringView id)
{
    QList<int> numbers;
    for (QStringView part : id.split(u'.')) {
        bool ok = false;
        const int n = part.toInt(&ok);
        if (!ok)
            return {};
        numbers << n;
    }
    return numbers;
}

std::vector<Case> build()
{
    std::vector<Case> cases;
    framing(cases);
    pings(cases);
    reservedBits(cases);
    opcodes(cases);
    fragmentation(cases);
    utf8(cases);
    closing(cases);
    limits(cases);
    autoFragmentation(cases);
    // In Autobahn's order: 9.1 text, 9.2 binary, ... however the builders append them.
    std::stable_sort(cases.begin(), cases.end(), [](const Case &a, const Case &b) {
        return numbersOf(a.id) < numbersOf(b.id);
    });
    return cases;
}

} // namespace

QString nameOf(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok:
        return QStringLiteral("OK");
    case Verdict::NonStrict:
        return QStringLiteral("NON-STRICT");
    case Verdict::WrongCode:
        return QStringLiteral("WRONG CODE");
    case Verdict::Failed:
        return QStringLiteral("FAILED");
    case Verdict::Informational:
        return QStringLiteral("INFORMATIONAL");
    case Verdict::Unimplemented:
        return QStringLiteral("UNIMPLEMENTED");
    }
    return {};
}

Verdict worse(Verdict a, Verdict b)
{
    const auto rank = [](Verdict v) {
        switch (v) {
        case Verdict::Ok:
        case Verdict::Informational:
            return 0;
        case Verdict::NonStrict:
            return 1;
        case Verdict::Unimplemented:
            return 2;
        case Verdict::WrongCode:
            return 3;
        case Verdict::Failed:
            return 4;
        }
        return 4;
    };
    return rank(a) >= rank(b) ? a : b;
}

const std::vector<Case> &allCases()
{
    static const std::vector<Case> cases = build();
    return cases;
}

std::optional<std::vector<Case>> pick(const QString &spec, QString *error)
{
    const std::vector<Case> &all = allCases();
    if (spec.trimmed().isEmpty() || spec.trimmed() == u"*")
        return all;
    std::vector<bool> chosen(all.size(), false);
    for (QString part : spec.split(u',', Qt::SkipEmptyParts)) {
        part = part.trimmed();
        bool any = false;
        const qsizetype dash = part.indexOf(u'-');
        if (dash > 0) {
            const QList<int> from = numbersOf(QStringView(part).first(dash));
            const QList<int> to = numbersOf(QStringView(part).sliced(dash + 1));
            if (from.isEmpty() || to.isEmpty()) {
                *error = Tr::tr("\"%1\" is not a range of case numbers (like 2.1-2.5).").arg(part);
                return std::nullopt;
            }
            for (size_t i = 0; i < all.size(); ++i) {
                const QList<int> id = numbersOf(all[i].id);
                if (id >= from && id <= to)
                    chosen[i] = any = true;
            }
        } else if (part.endsWith(u'*')) {
            const QString prefix = part.chopped(1);
            for (size_t i = 0; i < all.size(); ++i) {
                if (all[i].id.startsWith(prefix))
                    chosen[i] = any = true;
            }
        } else {
            for (size_t i = 0; i < all.size(); ++i) {
                if (all[i].id == part || all[i].id.startsWith(part + u'.'))
                    chosen[i] = any = true;
            }
        }
        if (!any) {
            *error = Tr::tr("No case is numbered \"%1\".").arg(part);
            return std::nullopt;
        }
    }
    std::vector<Case> picked;
    for (size_t i = 0; i < all.size(); ++i) {
        if (chosen[i])
            picked.push_back(all[i]);
    }
    return picked;
}

} // namespace Sockscope::Conformance
