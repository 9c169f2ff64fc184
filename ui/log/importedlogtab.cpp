#include "importedlogtab.h"

#include "log/logpane.h"
#include "log/messagelogmodel.h"

#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

namespace Sockscope {

ImportedLogTab::ImportedLogTab(ImportedLog imported, const QString &sourcePath, QWidget *parent)
    : QWidget(parent)
    , m_title(imported.title)
    , m_sourcePath(sourcePath)
    , m_log(new MessageLogModel(this))
    , m_pane(nullptr)
{
    // An imported file is shown whole: no cap drops its rows.
    m_log->setLimits(qMax<qsizetype>(MessageLogModel::kDefaultMaxRows, imported.events.size()),
                     std::numeric_limits<qint64>::max());
    for (LogEvent &event : imported.events)
        m_log->append(std::move(event));
    m_log->flush();
    m_pane = new LogPane(m_log, this);
    m_pane->setReadOnly(true);
    m_pane->setTitle(m_title);

    auto *source = new QLabel(
        tr("Read-only: %1 from %2").arg(m_title, QFileInfo(sourcePath).fileName()), this);
    source->setAccessibleName(tr("Imported log source"));
    source->setToolTip(sourcePath);
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(source);
    layout->addWidget(m_pane, 1);
}

} // namespace Sockscope
