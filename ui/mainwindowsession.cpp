// The window's session and workspace: open, save, ask before losing changes, the sidebar's
// actions, and the workspace kept across runs.

#include "mainwindow.h"

#include "lab/labtab.h"
#include "scenario/scenariotab.h"

#include "connection/connectiontab.h"
#include "log/importedlogtab.h"
#include "log/logimport.h"
#include "log/logpane.h"
#include "mainmenus.h"
#include "server/mockserver.h"
#include "server/servertab.h"
#include "session/sessionfile.h"

#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>

namespace Sockscope {

// --- The session -------------------------------------------------------------------------

void MainWindow::syncTab(QWidget *widget)
{
    if (auto *tab = qobject_cast<ProfileTab *>(widget))
        tab->saveInto(m_document);
}

const Session &MainWindow::session()
{
    for (int i = 0; i < m_tabs->count(); ++i)
        syncTab(m_tabs->widget(i));
    return m_document.session();
}

void MainWindow::refreshSidebar()
{
    m_sidebar->setSession(m_document.session());
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (ProfileTab *tab = profileTab(i))
            tab->useSession(m_document.session());
    }
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Sockscope").arg(m_document.displayName()));
    setWindowModified(m_document.isModified());
}

void MainWindow::closeAllTabs()
{
    while (m_tabs->count() > 0) {
        QWidget *tab = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete tab;
    }
}

void MainWindow::openSessionTabs()
{
    const Session &session = m_document.session();
    for (const ConnectionProfile &c : session.connections)
        createConnectionTab(c);
    for (const ServerProfile &server : session.servers)
        createServerTab(server);
    for (const LabProfile &lab : session.labs)
        createLabTab(lab);
    if (m_tabs->count() > 0)
        m_tabs->setCurrentIndex(0);
}

bool MainWindow::openSession(const QString &path, QString *error)
{
    Session loaded;
    if (!SessionFile::load(path, &loaded, error))
        return false; // the file is left as it was, and so is the open session
    if (!maybeSave()) {
        if (error)
            error->clear(); // the user chose to stay; nothing to report
        return false;
    }
    closeAllTabs();
    const QString note = m_document.adopt(std::move(loaded), path);
    openSessionTabs();
    m_document.setModified(false); // pointing the echo tab at this run is no edit
    statusBar()->showMessage(
        QString(tr("Opened %1.").arg(QDir::toNativeSeparators(m_document.path())) + u' ' + note)
            .trimmed(),
        kStatusTimeoutMs * 2);
    return true;
}

bool MainWindow::saveSessionAs(const QString &path, QString *error)
{
    session(); // take in the tabs' latest set-ups
    QString note;
    if (!m_document.saveAs(path, error, &note))
        return false; // still unsaved: the user can save elsewhere
    const QString saved = tr("Saved %1.").arg(QDir::toNativeSeparators(m_document.path()));
    if (note.isEmpty())
        statusBar()->showMessage(saved, kStatusTimeoutMs);
    else
        statusBar()->showMessage(saved + u' ' + note, kStatusTimeoutMs * 3);
    return true;
}

bool MainWindow::save()
{
    if (m_document.path().isEmpty()) {
        showSaveAsDialog();
        return !m_document.isModified();
    }
    QString error;
    if (saveSessionAs(m_document.path(), &error))
        return true;
    showError(tr("Save session"), error);
    return false;
}

void MainWindow::showSaveAsDialog()
{
    const QString suffix = SessionDocument::fileSuffix();
    QString path = QFileDialog::getSaveFileName(this, tr("Save session as"),
                                                m_document.path().isEmpty() ? tr("session") + suffix
                                                                            : m_document.path(),
                                                tr("Sockscope sessions (*.sockscope.json)"));
    if (path.isEmpty())
        return;
    if (!SessionDocument::isSessionFile(path))
        path += suffix;
    QString error;
    if (!saveSessionAs(path, &error))
        showError(tr("Save session"), error);
}

void MainWindow::newSession()
{
    if (!maybeSave())
        return;
    closeAllTabs();
    m_document.reset(Session());
}

bool MainWindow::maybeSave()
{
    if (!m_document.isModified())
        return true;
    const QString name
        = m_document.path().isEmpty() ? tr("The untitled session") : m_document.displayName();
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("%1 has changes that are not saved. Save them?").arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return save();
    return true;
}

void MainWindow::addSnippet(Snippet snippet)
{
    m_document.addSnippet(snippet);
    statusBar()->showMessage(tr("Saved the snippet “%1” in the session").arg(snippet.name),
                             kStatusTimeoutMs);
}

void MainWindow::sendSnippet(const QString &id)
{
    const Snippet *snippet = m_document.session().snippet(id);
    ConnectionTab *tab = currentConnectionTab();
    if (!snippet)
        return;
    if (!tab) {
        statusBar()->showMessage(tr("Open a connection tab to send “%1” to.").arg(snippet->name),
                                 kStatusTimeoutMs);
        return;
    }
    tab->sendSnippet(*snippet);
}

QWidget *MainWindow::openProfile(SessionSidebar::Kind kind, const QString &id)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (ProfileTab *tab = profileTab(i); tab && tab->profileId() == id) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    const Session &session = m_document.session();
    if (kind == SessionSidebar::Kind::Connection) {
        if (const ConnectionProfile *profile = session.connection(id))
            return createConnectionTab(*profile);
    } else if (kind == SessionSidebar::Kind::Server) {
        if (const ServerProfile *profile = session.server(id))
            return createServerTab(*profile);
    } else if (kind == SessionSidebar::Kind::Lab) {
        if (const LabProfile *profile = session.lab(id))
            return createLabTab(*profile);
    } else if (kind == SessionSidebar::Kind::Scenario) {
        return openScenario(id);
    }
    return nullptr;
}

void MainWindow::renameItem(SessionSidebar::Kind kind, const QString &id, const QString &name)
{
    Q_UNUSED(kind)
    session();
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (ProfileTab *tab = profileTab(i); tab && tab->profileId() == id)
            tab->setName(name);
    }
    m_document.rename(id, name);
}

void MainWindow::duplicateItem(SessionSidebar::Kind kind, const QString &id)
{
    session();
    const QString copyId = m_document.duplicate(id);
    if (QTreeWidgetItem *item = m_sidebar->itemFor(kind, copyId))
        m_sidebar->tree()->setCurrentItem(item);
}

void MainWindow::deleteItem(SessionSidebar::Kind kind, const QString &id)
{
    Q_UNUSED(kind)
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        if (ProfileTab *tab = profileTab(i); tab && tab->profileId() == id) {
            m_tabs->removeTab(i);
            delete tab;
        }
    }
    m_document.remove(id);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_keeper.save(true);
    event->accept();
}

// --- The workspace -----------------------------------------------------------------------

Workspace MainWindow::workspace()
{
    Workspace w;
    w.windowGeometry = saveGeometry();
    w.windowState = saveState();
    w.session = session();
    w.sessionPath = m_document.path();
    w.sessionModified = m_document.isModified();
    for (int i = 0; i < m_tabs->count(); ++i) {
        ProfileTab *tab = profileTab(i);
        if (!tab)
            continue; // imported logs are files the user can open again
        Workspace::Tab entry = tab->workspaceEntry();
        if (tab == m_tabs->currentWidget())
            w.currentTab = int(w.tabs.size());
        w.tabs << entry;
    }
    return w;
}

bool MainWindow::saveWorkspace(bool cleanExit, QString *error)
{
    return m_keeper.save(cleanExit, error);
}

void MainWindow::restoreWorkspaceOrStart()
{
    const WorkspaceKeeper::Restored restored = m_keeper.restore();
    if (restored.state != WorkspaceKeeper::Restored::State::Restored) {
        startFirstLaunchEchoServer();
        if (!restored.message.isEmpty())
            showError(tr("Workspace"), restored.message);
        m_keeper.save(false);
        return;
    }
    const Workspace &w = restored.workspace;
    const QString missing = m_document.reset(w.session, w.sessionPath);
    for (const Workspace::Tab &t : w.tabs) {
        if (t.kind == Workspace::Tab::Kind::Server) {
            if (const ServerProfile *profile = m_document.session().server(t.profileId))
                createServerTab(*profile);
            continue;
        }
        if (t.kind == Workspace::Tab::Kind::Lab) {
            if (const LabProfile *profile = m_document.session().lab(t.profileId))
                createLabTab(*profile)->restoreFrom(t);
            continue;
        }
        if (t.kind == Workspace::Tab::Kind::Scenario) {
            if (ScenarioTab *tab = openScenario(t.profileId))
                tab->restoreFrom(t);
            continue;
        }
        const ConnectionProfile *profile = m_document.session().connection(t.profileId);
        if (!profile)
            continue;
        ConnectionProfile copy = *profile;
        copy.builtInEcho
            = copy.builtInEcho || t.builtInEcho; // workspaces kept it before sessions did
        createConnectionTab(copy)->restoreFrom(t);
    }
    if (w.currentTab >= 0 && w.currentTab < m_tabs->count())
        m_tabs->setCurrentIndex(w.currentTab);
    restoreGeometry(w.windowGeometry);
    restoreState(w.windowState);
    m_document.setModified(w.sessionModified);
    const QString note = QString(restored.message + u' ' + missing).trimmed();
    if (!note.isEmpty())
        statusBar()->showMessage(note, kStatusTimeoutMs * 2);
    // Written at once, marked as a run in progress, so a crash is recognised next time.
    m_keeper.save(false);
}

} // namespace Sockscope
