#include "messagematch.h"

#include "decoders/socketio/socketiodecoder.h"

#include "server/messagetemplate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Sockscope {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Sockscope::MessageMatch)
};

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return quoted(value.toString());
    return MessageTemplate::toText(value);
}
} // namespace

QString messagePreview(bool binary, const QByteArray &data)
{
    if (binary)
        return Tr::tr("%1 bytes of binary (%2)")
            .arg(data.size())
            .arg(QString::fromLatin1(data.left(16).toHex(' '))
                 + (data.size() > 16 ? u"…"_s : QString()));
    QString text = QString::fromUtf8(data);
    if (text.size() > 80)
        text = text.left(80) + u'…';
    return quoted(text.replace(u'\n', u' '));
}

QJsonValue MessageMatch::valueAt(const QByteArray &message, const QString &path)
{
    const QJsonDocument doc = QJsonDocument::fromJson(message);
    const QJsonValue root = doc.isObject() ? QJsonValue(doc.object())
        : doc.isArray()                    ? QJsonValue(doc.array())
                                           : QJsonValue(QJsonValue::Undefined);
    if (root.isUndefined())
        return root;
    QString p = path;
    if (p.startsWith(u"$."))
        p = p.mid(2);
    else if (p == u"$")
        return root;
    return MessageTemplate::lookup(root, p);
}

Result<MessageMatch::Resolved>
MessageMatch::resolved(const std::function<QString(const QString &)> &substitute) const
{
    Resolved r;
    r.match = *this;
    r.match.pattern = substitute(pattern);
    if (equals.isString())
        r.match.equals = substitute(equals.toString());
    if (kind == Kind::Regex) {
        r.regex = QRegularExpression(r.match.pattern);
        if (!r.regex.isValid())
            return Result<Resolved>::failure(
                Tr::tr("the regex %1 is not valid: %2")
                    .arg(quoted(r.match.pattern), r.regex.errorString()));
    }
    return r;
}

bool ResolvedMatch::matches(bool binary, const QByteArray &data) const
{
    switch (match.kind) {
    case MessageMatch::Kind::Any:
        return true;
    case MessageMatch::Kind::Bytes:
        return data == match.bytes;
    default:
        break;
    }
    if (binary)
        return false; // the text kinds look at text messages only
    switch (match.kind) {
    case MessageMatch::Kind::Exact:
        return QString::fromUtf8(data) == match.pattern;
    case MessageMatch::Kind::Contains:
        return QString::fromUtf8(data).contains(match.pattern);
    case MessageMatch::Kind::Regex:
        return regex.match(QString::fromUtf8(data)).hasMatch();
    case MessageMatch::Kind::JsonEquals:
        return MessageMatch::valueAt(data, match.pattern) == match.equals;
    case MessageMatch::Kind::JsonExists:
        return !MessageMatch::valueAt(data, match.pattern).isUndefined();
    case MessageMatch::Kind::Event: {
        SocketIoPacket packet;
        QString error;
        if (!data.startsWith('4')
            || !SocketIoPacket::parse(QByteArrayView(data).sliced(1), &packet, &error)
            || (packet.type != SocketIoPacket::Event && packet.type != SocketIoPacket::BinaryEvent))
            return false;
        if (!match.nsp.isEmpty() && packet.nsp != match.nsp)
            return false;
        const QJsonDocument doc = QJsonDocument::fromJson(packet.data);
        return doc.isArray() && doc.array().first().toString() == match.pattern;
    }
    default:
        return false;
    }
}

QString MessageMatch::describe() const
{
    switch (kind) {
    case Kind::Any:
        return Tr::tr("any message");
    case Kind::Exact:
        return Tr::tr("the text %1").arg(quoted(pattern));
    case Kind::Contains:
        return Tr::tr("text containing %1").arg(quoted(pattern));
    case Kind::Regex:
        return Tr::tr("text matching /%1/").arg(pattern);
    case Kind::JsonEquals:
        return Tr::tr("JSON with %1 = %2").arg(pattern, jsonText(equals));
    case Kind::JsonExists:
        return Tr::tr("JSON with %1").arg(pattern);
    case Kind::Bytes:
        return Tr::tr("the bytes %1").arg(QString::fromLatin1(bytes.toHex(' ')));
    case Kind::Event:
        return nsp.isEmpty() ? Tr::tr("the Socket.IO event %1").arg(quoted(pattern))
                             : Tr::tr("the Socket.IO event %1 in %2").arg(quoted(pattern), nsp);
    }
    return {};
}

MessageMatch MessageMatch::fromJson(JsonReader &r, const QJsonValue &value, const QString &place)
{
    MessageMatch m;
    if (value.isUndefined())
        return m;
    if (!value.isObject()) {
        r.fail(place, Tr::tr("expected an object"));
        return m;
    }
    const QJsonObject o = value.toObject();
    static const QStringList keys
        = {u"exact"_s, u"contains"_s, u"regex"_s, u"json"_s, u"hex"_s, u"base64"_s, u"event"_s};
    QStringList kinds;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (keys.contains(it.key()))
            kinds << it.key();
        else if (it.key() != u"equals" && it.key() != u"exists" && it.key() != u"namespace")
            r.fail(place, Tr::tr("unknown key \"%1\"").arg(it.key()));
    }
    if (kinds.size() > 1) {
        r.fail(place,
               Tr::tr("needs one of \"exact\", \"contains\", \"regex\", \"json\", \"hex\" "
                      "or \"base64\", not %1")
                   .arg(kinds.join(QStringLiteral(" and "))));
        return m;
    }
    if (kinds.isEmpty()) {
        if (!o.isEmpty())
            r.fail(place,
                   Tr::tr("needs one of \"exact\", \"contains\", \"regex\", \"json\", "
                          "\"hex\" or \"base64\""));
        return m;
    }
    const QString kind = kinds.first();
    if (kind == u"hex") {
        const QString hex = r.string(o, "hex", place).remove(u' ');
        m.kind = Kind::Bytes;
        m.bytes = QByteArray::fromHex(hex.toLatin1());
        if (hex.size() % 2 != 0 || m.bytes.toHex() != hex.toLower().toLatin1())
            r.fail(JsonReader::placeOf(place, "hex"), Tr::tr("expected pairs of hex digits"));
        return m;
    }
    if (kind == u"base64") {
        m.kind = Kind::Bytes;
        m.bytes = r.base64(o, "base64", place);
        return m;
    }
    if (o.contains(u"namespace") && kind != u"event")
        r.fail(place, Tr::tr("\"namespace\" goes with \"event\""));
    if (kind == u"event") {
        m.kind = Kind::Event;
        m.pattern = r.string(o, "event", place, {}, true);
        m.nsp = r.string(o, "namespace", place);
        if (!m.nsp.isEmpty() && !m.nsp.startsWith(u'/'))
            r.fail(JsonReader::placeOf(place, "namespace"), Tr::tr("a namespace starts with /"));
        if (o.contains(u"equals") || o.contains(u"exists"))
            r.fail(place, Tr::tr("\"equals\" and \"exists\" go with \"json\""));
        return m;
    }
    m.pattern = r.string(o, kind.toLatin1().constData(), place);
    if (kind == u"exact")
        m.kind = Kind::Exact;
    else if (kind == u"contains")
        m.kind = Kind::Contains;
    else if (kind == u"regex")
        m.kind = Kind::Regex;
    else if (o.contains(u"equals")) {
        m.kind = Kind::JsonEquals;
        m.equals = o.value(u"equals");
    } else if (r.boolean(o, "exists", place, true)) {
        m.kind = Kind::JsonExists;
    } else {
        r.fail(JsonReader::placeOf(place, "exists"), Tr::tr("only true is meaningful"));
    }
    if (kind != u"json" && (o.contains(u"equals") || o.contains(u"exists")))
        r.fail(place, Tr::tr("\"equals\" and \"exists\" go with \"json\""));
    if (m.kind == Kind::Regex && !m.pattern.contains(u"{{")) {
        const QRegularExpression re(m.pattern);
        if (!re.isValid())
            r.fail(JsonReader::placeOf(place, "regex"), re.errorString());
    }
    return m;
}

QJsonValue MessageMatch::toJson() const
{
    switch (kind) {
    case Kind::Any:
        return QJsonValue::Undefined;
    case Kind::Exact:
        return QJsonObject {{u"exact"_s, pattern}};
    case Kind::Contains:
        return QJsonObject {{u"contains"_s, pattern}};
    case Kind::Regex:
        return QJsonObject {{u"regex"_s, pattern}};
    case Kind::JsonEquals:
        return QJsonObject {{u"json"_s, pattern}, {u"equals"_s, equals}};
    case Kind::JsonExists:
        return QJsonObject {{u"json"_s, pattern}, {u"exists"_s, true}};
    case Kind::Bytes:
        return QJsonObject {{u"hex"_s, QString::fromLatin1(bytes.toHex())}};
    case Kind::Event:
        return nsp.isEmpty() ? QJsonObject {{u"event"_s, pattern}}
                             : QJsonObject {{u"event"_s, pattern}, {u"namespace"_s, nsp}};
    }
    return QJsonValue::Undefined;
}

} // namespace Sockscope
