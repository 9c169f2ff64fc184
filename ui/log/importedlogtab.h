#pragma once

#include "log/logimport.h"

#include <QWidget>

namespace Sockscope {

class LogPane;
class MessageLogModel;

// A read-only tab for a log read from a file (a socket from a HAR, or a JSON Lines export),
// with the same log, filter and inspector as a live connection.
class ImportedLogTab : public QWidget
{
    Q_OBJECT

public:
    ImportedLogTab(ImportedLog imported, const QString &sourcePath, QWidget *parent = nullptr);

    QString title() const { return m_title; }
    QString sourcePath() const { return m_sourcePath; }
    MessageLogModel *log() const { return m_log; }
    LogPane *logPane() const { return m_pane; }

private:
    QString m_title;
    QString m_sourcePath;
    MessageLogModel *m_log;
    LogPane *m_pane;
};

} // namespace Sockscope
