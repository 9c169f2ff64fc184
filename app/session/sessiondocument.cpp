#include "sessiondocument.h"

#include "sessionfile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace Sockscope {

namespace {
const QString kRecentKey = QStringLiteral("recentSessions");

template<typename List> bool replaceOrAdd(List &items, const typename List::value_type &item)
{
    for (auto &kept : items) {
        if (kept.id == item.id) {
            if (kept == item)
                return false;
            kept = item;
            return true;
        }
    }
    items << item;
    return true;
}
} // namespace

QString SessionDocument::fileSuffix()
{
    return QStringLiteral(".sockscope.json");
}

bool SessionDocument::isSessionFile(const QString &path)
{
    return path.endsWith(fileSuffix(), Qt::CaseInsensitive);
}

SessionDocument::SessionDocument(SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
{
    m_session.id = Session::newId();
}

void SessionDocument::setModified(bool modified)
{
    m_modified = modified;
    emit stateChanged();
}

QString SessionDocument::displayName() const
{
    return m_path.isEmpty() ? tr("Untitled session") : QFileInfo(m_path).fileName();
}

QString SessionDocument::reset(Session session, const QString &path)
{
    if (session.id.isEmpty())
        session.id = Session::newId();
    const int missing = m_secrets.fill(session);
    m_session = std::move(session);
    m_path = path;
    m_modified = false;
    emit contentsChanged();
    emit stateChanged();
    if (missing == 0)
        return {};
    const QString why = !m_secrets.usesKeychain() ? m_secrets.memoryOnlyReason()
        : missing == 1                            ? tr("The keychain does not have it.")
                                                  : tr("The keychain does not have them.");
    return missing == 1
        ? tr("1 secret value was not found. %1 Enter it again.").arg(why)
        : tr("%1 secret values were not found. %2 Enter them again.").arg(missing).arg(why);
}

bool SessionDocument::open(const QString &path, QString *error, QString *note)
{
    Session loaded;
    if (!SessionFile::load(path, &loaded, error))
        return false; // the file and the document are left as they were
    const QString missing = adopt(std::move(loaded), path);
    if (note)
        *note = missing;
    return true;
}

QString SessionDocument::adopt(Session loaded, const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    addRecent(absolute);
    return reset(std::move(loaded), absolute);
}

bool SessionDocument::saveAs(const QString &path, QString *error, QString *note)
{
    const int memoryOnly = m_secrets.store(m_session);
    if (note) {
        note->clear();
        if (memoryOnly == 1) {
            *note = tr("1 secret value is kept only until Sockscope quits: %1 The file does not "
                       "hold it; enter it again after the next launch.")
                        .arg(m_secrets.memoryOnlyReason());
        } else if (memoryOnly > 1) {
            *note = tr("%1 secret values are kept only until Sockscope quits: %2 The file does "
                       "not hold them; enter them again after the next launch.")
                        .arg(memoryOnly)
                        .arg(m_secrets.memoryOnlyReason());
        }
    }
    if (!SessionFile::save(path, m_session, error))
        return false; // still unsaved: the user can save elsewhere
    m_path = QFileInfo(path).absoluteFilePath();
    m_modified = false;
    addRecent(m_path);
    emit stateChanged();
    return true;
}

QStringList SessionDocument::recentFiles()
{
    return QSettings().value(kRecentKey).toStringList();
}

void SessionDocument::addRecent(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    QSettings().setValue(kRecentKey, recent.mid(0, kMaxRecent));
}

void SessionDocument::edited()
{
    m_modified = true;
    emit contentsChanged();
    emit stateChanged();
}

void SessionDocument::addConnection(const ConnectionProfile &profile)
{
    m_session.connections << profile;
    edited();
}

void SessionDocument::addServer(const ServerProfile &profile)
{
    m_session.servers << profile;
    edited();
}

void SessionDocument::addLab(const LabProfile &profile)
{
    m_session.labs << profile;
    edited();
}

QString SessionDocument::addSnippet(Snippet snippet)
{
    if (snippet.id.isEmpty())
        snippet.id = Session::newId();
    m_session.snippets << snippet;
    edited();
    return snippet.id;
}

bool SessionDocument::update(const ConnectionProfile &profile)
{
    if (!replaceOrAdd(m_session.connections, profile))
        return false;
    edited();
    return true;
}

bool SessionDocument::update(const ServerProfile &profile)
{
    if (!replaceOrAdd(m_session.servers, profile))
        return false;
    edited();
    return true;
}

bool SessionDocument::update(const LabProfile &profile)
{
    if (!replaceOrAdd(m_session.labs, profile))
        return false;
    edited();
    return true;
}

namespace {
qsizetype scenarioIndex(const QJsonArray &scenarios, const QString &id)
{
    for (qsizetype i = 0; i < scenarios.size(); ++i) {
        if (scenarios.at(i).toObject().value(QLatin1String("id")).toString() == id)
            return i;
    }
    return -1;
}
} // namespace

bool SessionDocument::updateScenario(const QJsonObject &scenario)
{
    const qsizetype i
        = scenarioIndex(m_session.scenarios, scenario.value(QLatin1String("id")).toString());
    if (i >= 0 && m_session.scenarios.at(i).toObject() == scenario)
        return false;
    if (i >= 0)
        m_session.scenarios.replace(i, scenario);
    else
        m_session.scenarios.append(scenario);
    edited();
    return true;
}

QJsonObject SessionDocument::scenario(const QString &id) const
{
    const qsizetype i = scenarioIndex(m_session.scenarios, id);
    return i >= 0 ? m_session.scenarios.at(i).toObject() : QJsonObject();
}

void SessionDocument::setVariables(const QList<Variable> &variables)
{
    m_session.variables = variables;
    edited();
}

void SessionDocument::rename(const QString &id, const QString &name)
{
    if (Snippet *snippet = m_session.snippet(id))
        snippet->name = name;
    if (ConnectionProfile *c = m_session.connection(id))
        c->name = name;
    if (ServerProfile *server = m_session.server(id))
        server->name = name;
    if (LabProfile *lab = m_session.lab(id))
        lab->name = name;
    if (const qsizetype i = scenarioIndex(m_session.scenarios, id); i >= 0) {
        QJsonObject o = m_session.scenarios.at(i).toObject();
        o.insert(QLatin1String("name"), name);
        m_session.scenarios.replace(i, o);
    }
    edited();
}

QString SessionDocument::duplicate(const QString &id)
{
    const QString copyId = Session::newId();
    // Appends a copy of the item with this id, if the list has it.
    const auto copyIn = [&](auto &items, auto nameOf) {
        const auto it = std::find_if(items.cbegin(), items.cend(),
                                     [&](const auto &item) { return item.id == id; });
        if (it == items.cend())
            return false;
        auto copy = *it;
        copy.id = copyId;
        copy.name = tr("%1 (copy)").arg(nameOf(*it));
        items << copy;
        return true;
    };
    const auto displayName = [](const auto &item) {
        return item.displayName();
    };
    const auto copyScenario = [&] {
        const qsizetype i = scenarioIndex(m_session.scenarios, id);
        if (i < 0)
            return false;
        QJsonObject copy = m_session.scenarios.at(i).toObject();
        copy.insert(QLatin1String("id"), copyId);
        copy.insert(QLatin1String("name"),
                    tr("%1 (copy)").arg(copy.value(QLatin1String("name")).toString()));
        m_session.scenarios.append(copy);
        return true;
    };
    if (!copyIn(m_session.connections, displayName) && !copyIn(m_session.servers, displayName)
        && !copyIn(m_session.labs, displayName)
        && !copyIn(m_session.snippets, [](const Snippet &s) { return s.name; }) && !copyScenario())
        return {};
    edited();
    return copyId;
}

void SessionDocument::remove(const QString &id)
{
    const auto byId = [&id](const auto &item) {
        return item.id == id;
    };
    m_session.connections.removeIf(byId);
    m_session.servers.removeIf(byId);
    m_session.labs.removeIf(byId);
    m_session.snippets.removeIf(byId);
    if (const qsizetype i = scenarioIndex(m_session.scenarios, id); i >= 0)
        m_session.scenarios.removeAt(i);
    edited();
}

} // namespace Sockscope
