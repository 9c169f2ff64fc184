#include "sessionsidebar.h"

#include "common/namedwidgets.h"
#include "common/secrettable.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Sockscope {

namespace {
enum Role { KindRole = Qt::UserRole + 1, IdRole };
QString snippetLabel(const Snippet &s)
{
    static const char *const kTypes[] = {QT_TRANSLATE_NOOP("Sockscope::SessionSidebar", "text"),
                                         QT_TRANSLATE_NOOP("Sockscope::SessionSidebar", "JSON"),
                                         QT_TRANSLATE_NOOP("Sockscope::SessionSidebar", "binary")};
    return SessionSidebar::tr("%1 (%2)").arg(s.name, SessionSidebar::tr(kTypes[int(s.type)]));
}
} // namespace

SessionSidebar::SessionSidebar(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_variables(new SecretTable(tr("Name"), tr("Variables"), tr("variables"), false, this))
    , m_secretsNote(new QLabel(this))
{
    m_tree->setAccessibleName(tr("Session items"));
    m_tree->setHeaderHidden(true);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    // In the order they are shown.
    const std::pair<Kind, QString> groups[] = {{Kind::Connection, tr("Connections")},
                                               {Kind::Server, tr("Servers")},
                                               {Kind::Lab, tr("Lab tabs")},
                                               {Kind::Scenario, tr("Scenarios")},
                                               {Kind::Snippet, tr("Snippets")}};
    for (const auto &[kind, name] : groups) {
        QTreeWidgetItem *group = new QTreeWidgetItem(m_tree, {name});
        group->setFlags(Qt::ItemIsEnabled);
        group->setExpanded(true);
        m_groups[int(kind)] = group;
    }
    m_tree->setToolTip(tr("Double-click a connection, server, lab tab or scenario to open it in a "
                          "tab, or a snippet to send it to the current connection tab. F2 "
                          "renames."));

    auto *open = namedButton(this, tr("Open"), tr("Open session item"));
    auto *rename = namedButton(this, tr("Rename"), tr("Rename session item"));
    auto *duplicate = namedButton(this, tr("Duplicate"), tr("Duplicate session item"));
    auto *remove = namedButton(this, tr("Delete"), tr("Delete session item"));
    connect(open, &QPushButton::clicked, this, &SessionSidebar::openSelected);
    connect(rename, &QPushButton::clicked, this, &SessionSidebar::renameSelected);
    connect(duplicate, &QPushButton::clicked, this, &SessionSidebar::duplicateSelected);
    connect(remove, &QPushButton::clicked, this, &SessionSidebar::deleteSelected);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this] { openSelected(); });
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item) {
        if (m_filling || !item->parent())
            return;
        emit renameRequested(Kind(item->data(0, KindRole).toInt()),
                             item->data(0, IdRole).toString(), item->text(0).trimmed());
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        Kind kind;
        QString id;
        if (!selected(&kind, &id))
            return;
        QMenu menu(this);
        menu.addAction(kind == Kind::Snippet ? tr("Send to the current tab") : tr("Open"), this,
                       &SessionSidebar::openSelected);
        menu.addAction(tr("Rename"), this, &SessionSidebar::renameSelected);
        menu.addAction(tr("Duplicate"), this, &SessionSidebar::duplicateSelected);
        menu.addAction(tr("Delete"), this, &SessionSidebar::deleteSelected);
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });

    m_variables->horizontalHeader()->setDefaultSectionSize(fontMetrics().horizontalAdvance(u'x')
                                                           * 9);
    m_variables->setToolTip(tr("{{name}} in a URL, header, message or on-open sequence is "
                               "replaced by the value when it is used."));
    connect(m_variables, &SecretTable::edited, this, &SessionSidebar::variablesChanged);
    auto *addVariable = namedButton(this, tr("Add variable"), tr("Add variable"));
    auto *removeVariable = namedButton(this, tr("Remove variable"), tr("Remove variable"));
    connect(addVariable, &QPushButton::clicked, m_variables, &SecretTable::addEmptyRow);
    connect(removeVariable, &QPushButton::clicked, m_variables, &SecretTable::removeCurrentRow);
    m_secretsNote->setAccessibleName(tr("Where secrets are kept"));
    m_secretsNote->setWordWrap(true);
    m_secretsNote->hide();

    auto *itemButtons = new QGridLayout;
    itemButtons->addWidget(open, 0, 0);
    itemButtons->addWidget(rename, 0, 1);
    itemButtons->addWidget(duplicate, 1, 0);
    itemButtons->addWidget(remove, 1, 1);
    auto *variableButtons = new QHBoxLayout;
    variableButtons->addWidget(addVariable);
    variableButtons->addWidget(removeVariable);
    variableButtons->addStretch();

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_tree, 1);
    topLayout->addLayout(itemButtons);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(new QLabel(tr("Variables:"), bottom));
    bottomLayout->addWidget(m_variables, 1);
    bottomLayout->addLayout(variableButtons);
    bottomLayout->addWidget(m_secretsNote);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("sidebarSplitter"));
    split->addWidget(top);
    split->addWidget(bottom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
}

void SessionSidebar::setSession(const Session &session)
{
    const QScopedValueRollback guard(m_filling, true);
    QString selectedId;
    if (QTreeWidgetItem *current = m_tree->currentItem())
        selectedId = current->data(0, IdRole).toString();
    for (QTreeWidgetItem *group : m_groups)
        qDeleteAll(group->takeChildren());
    const auto add = [&](Kind kind, const QString &id, const QString &text) {
        auto *item = new QTreeWidgetItem(m_groups[int(kind)], {text});
        item->setData(0, KindRole, int(kind));
        item->setData(0, IdRole, id);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        if (id == selectedId)
            m_tree->setCurrentItem(item);
    };
    for (const ConnectionProfile &c : session.connections)
        add(Kind::Connection, c.id, c.displayName());
    for (const ServerProfile &s : session.servers)
        add(Kind::Server, s.id, s.displayName());
    for (const LabProfile &l : session.labs)
        add(Kind::Lab, l.id, l.displayName());
    for (const Snippet &s : session.snippets)
        add(Kind::Snippet, s.id, snippetLabel(s));
    for (const QJsonValue &v : session.scenarios) {
        const QJsonObject o = v.toObject();
        add(Kind::Scenario, o.value(QLatin1String("id")).toString(),
            o.value(QLatin1String("name")).toString());
    }

    if (variables() != session.variables) {
        QList<SecretTable::Row> rows;
        for (const Variable &v : session.variables)
            rows.append({v.name, v.value, v.secret});
        m_variables->setRows(rows);
    }
}

QTreeWidgetItem *SessionSidebar::itemFor(Kind kind, const QString &id) const
{
    QTreeWidgetItem *group = m_groups[int(kind)];
    for (int i = 0; i < group->childCount(); ++i) {
        if (group->child(i)->data(0, IdRole).toString() == id)
            return group->child(i);
    }
    return nullptr;
}

QList<Variable> SessionSidebar::variables() const
{
    QList<Variable> out;
    for (const SecretTable::Row &row : m_variables->rows()) {
        if (!row.name.isEmpty()) // a value with no name is no variable yet
            out.append({row.name, row.value, row.secret});
    }
    return out;
}

QSize SessionSidebar::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(u'x') * 34, QWidget::sizeHint().height()};
}

void SessionSidebar::setSecretsNote(const QString &note)
{
    m_secretsNote->setText(note);
    m_secretsNote->setVisible(!note.isEmpty());
}

bool SessionSidebar::selected(Kind *kind, QString *id) const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    if (!item || !item->parent())
        return false;
    *kind = Kind(item->data(0, KindRole).toInt());
    *id = item->data(0, IdRole).toString();
    return true;
}

void SessionSidebar::openSelected()
{
    Kind kind;
    QString id;
    if (!selected(&kind, &id))
        return;
    if (kind == Kind::Snippet)
        emit sendSnippetRequested(id);
    else
        emit openRequested(kind, id);
}

void SessionSidebar::renameSelected()
{
    if (QTreeWidgetItem *item = m_tree->currentItem(); item && item->parent())
        m_tree->editItem(item);
}

void SessionSidebar::duplicateSelected()
{
    Kind kind;
    QString id;
    if (selected(&kind, &id))
        emit duplicateRequested(kind, id);
}

void SessionSidebar::deleteSelected()
{
    Kind kind;
    QString id;
    if (selected(&kind, &id))
        emit deleteRequested(kind, id);
}

} // namespace Sockscope
