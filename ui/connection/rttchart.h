#pragma once

#include <QList>
#include <QWidget>

namespace Sockscope {

// A small chart of the latest ping round-trip times, newest on the right, with the last value
// written beside it.
class RttChart : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kCapacity = 60;

    explicit RttChart(QWidget *parent = nullptr);

    void addSample(qint32 microseconds);
    void clear();
    const QList<qint32> &samples() const { return m_samples; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString lastText() const;

    QList<qint32> m_samples;
};

} // namespace Sockscope
