#pragma once

#include <QObject>

class QSocketNotifier;

namespace Sockscope {

// Turns SIGINT and SIGTERM into a Qt signal delivered on the event loop, using the self-pipe
// trick: the async-signal handler only writes a byte that a QSocketNotifier then reads.
// On platforms without POSIX signals it does nothing and the default handling applies.
class TerminationWatcher : public QObject
{
    Q_OBJECT

public:
    explicit TerminationWatcher(QObject *parent = nullptr);
    ~TerminationWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Sockscope
