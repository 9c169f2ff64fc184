#include "rttchart.h"

#include "common/statuscolors.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace Sockscope {

namespace {
QString msText(qint32 us)
{
    return us < 10'000 ? QString::number(us / 1000.0, 'f', 2) + QStringLiteral(" ms")
                       : QString::number(us / 1000) + QStringLiteral(" ms");
}
} // namespace

RttChart::RttChart(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Round-trip times"));
    setToolTip(tr("Round-trip times of the latest pings (keepalive or by hand)"));
    clear();
}

void RttChart::addSample(qint32 microseconds)
{
    if (m_samples.size() == kCapacity)
        m_samples.removeFirst();
    m_samples.append(microseconds);
    setAccessibleDescription(tr("Last round trip %1").arg(lastText()));
    update();
}

void RttChart::clear()
{
    m_samples.clear();
    setAccessibleDescription(tr("No round trip measured yet"));
    update();
}

QString RttChart::lastText() const
{
    return m_samples.isEmpty() ? tr("RTT –") : tr("RTT %1").arg(msText(m_samples.constLast()));
}

QSize RttChart::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(QStringLiteral("RTT 999.99 ms")) + 90,
            fontMetrics().height() + 6};
}

void RttChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QString text = lastText();
    const int textWidth = fontMetrics().horizontalAdvance(QStringLiteral("RTT 999.99 ms"));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 0, textWidth, height()), Qt::AlignVCenter | Qt::AlignLeft, text);
    const QRectF plot(textWidth + 6, 3, width() - textWidth - 9, height() - 6);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot);
    if (m_samples.size() < 2)
        return;
    const qint32 top = std::max(1, *std::max_element(m_samples.begin(), m_samples.end()));
    const double step = plot.width() / (kCapacity - 1);
    QPainterPath path;
    const double x0 = plot.right() - step * (m_samples.size() - 1);
    for (qsizetype i = 0; i < m_samples.size(); ++i) {
        const QPointF point(x0 + step * i, plot.bottom() - plot.height() * m_samples[i] / top);
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(StatusColors::chartLine(palette()), 1.5));
    p.drawPath(path);
}

} // namespace Sockscope
