#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace Sockscope {

// Header fields in the order and spelling they came in; values trimmed of spaces and tabs.
using HeaderFields = QList<std::pair<QByteArray, QByteArray>>;

// The head of an HTTP/1.1 message (RFC 9112 sections 2-5), shared by the opening handshake's
// request and response: a start line, header lines, an empty line.
namespace HttpHead {

// The most a head may take before it is refused: Qt's server allows 100 lines of 8 KiB.
constexpr qsizetype kMaxBytes = 100 * 8 * 1024 + 4;

// Where the head ends in what has arrived so far: the offset just past its empty line, or -1
// while it has not ended.
qsizetype end(QByteArrayView received);

// Reads a complete head (kind names it in sentences: "request", "response"): its first line
// goes to readStartLine (false with a sentence in *error when it is malformed), its header
// lines to *fields. False, with a sentence naming the
// line, when a line is malformed (bare CR or LF, no colon, a name that is not a token, obsolete
// folding, a control character in a value).
bool read(QByteArrayView head, const QString &kind,
          const std::function<bool(QByteArrayView line, QString *error)> &readStartLine,
          HeaderFields *fields, QString *error);

// The first value of a header, whatever the case of its name; nothing when there is none.
std::optional<QByteArray> value(const HeaderFields &fields, QByteArrayView name);
// How many headers of this name there are, whatever their case.
int count(const HeaderFields &fields, QByteArrayView name);
// Whether a comma-separated header ("Connection: keep-alive, Upgrade") lists this token,
// whatever its case, in any of its lines.
bool listsToken(const HeaderFields &fields, QByteArrayView name, QByteArrayView token);

// The head as bytes: the start line, each field as "Name: value", the empty line.
QByteArray write(QByteArrayView startLine, const HeaderFields &fields);

// RFC 9110 section 5.6.2: whether text is a token (a header name, a method).
bool isToken(QByteArrayView text);
// Whether text holds a control character other than a tab.
bool hasControl(QByteArrayView text);

} // namespace HttpHead

} // namespace Sockscope
