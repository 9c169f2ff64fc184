#include "hexview.h"

#include "common/statuscolors.h"

#include <QEvent>
#include <QFontDatabase>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace Sockscope {

namespace {
constexpr int kMargin = 4;
}

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAccessibleName(tr("Hex view"));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    updateScrollBars();
}

void HexView::setMarks(const QList<LogFilter::Range> &marks)
{
    m_marks = marks;
    viewport()->update();
}

void HexView::setData(const QByteArray &data)
{
    m_data = data;
    m_marks.clear();
    m_layout = HexLayout(data.size(), m_layout.bytesPerLine());
    fitToWidth();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

int HexView::lineHeight() const
{
    return fontMetrics().height();
}

int HexView::visibleLines() const
{
    return qMax(1, (viewport()->height() - 2 * kMargin) / lineHeight());
}

void HexView::updateScrollBars()
{
    // One scroll step is one line; a payload of 64 GiB would still fit in an int of lines.
    const qint64 lines = m_layout.lineCount();
    verticalScrollBar()->setRange(
        0, int(qMin<qint64>(INT_MAX, qMax<qint64>(0, lines - visibleLines()))));
    verticalScrollBar()->setPageStep(visibleLines());
    verticalScrollBar()->setSingleStep(1);
    const int width = fontMetrics().horizontalAdvance(u'0') * m_layout.lineLength() + 2 * kMargin;
    horizontalScrollBar()->setRange(0, qMax(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.setFont(font());
    const int height = lineHeight();
    const int ascent = fontMetrics().ascent();
    const qint64 first = verticalScrollBar()->value();
    const qint64 last = qMin(m_layout.lineCount() - 1, first + visibleLines());
    const int x = kMargin - horizontalScrollBar()->value();
    const int charWidth = fontMetrics().horizontalAdvance(u'0');
    const int offsetWidth = charWidth * m_layout.offsetDigits();
    painter.fillRect(QRect(0, 0, x + offsetWidth + charWidth, viewport()->height()),
                     palette().alternateBase());
    int y = kMargin;
    for (qint64 line = first; line <= last; ++line, y += height) {
        paintMarks(painter, line, x, y);
        const QString text = m_layout.formatLine(m_data, line);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(x, y + ascent, text.left(m_layout.offsetDigits()));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x + offsetWidth, y + ascent, text.mid(m_layout.offsetDigits()));
    }
    m_firstPainted = first;
    m_lastPainted = last;
    ++m_paintCount;
    emit painted();
}

// The marks that fall on this line, behind each byte's hex pair and its character.
void HexView::paintMarks(QPainter &painter, qint64 line, int x, int y)
{
    const qint64 from = m_layout.firstOffsetOfLine(line);
    const qint64 to = from + m_layout.bytesInLine(line);
    const auto firstAfter = std::upper_bound(
        m_marks.cbegin(), m_marks.cend(), from,
        [](qint64 offset, const LogFilter::Range &r) { return offset < r.start + r.length; });
    const int charWidth = fontMetrics().horizontalAdvance(u'0');
    const QColor colour = StatusColors::matchBackground(palette());
    for (auto it = firstAfter; it != m_marks.cend() && it->start < to; ++it) {
        for (qint64 b = qMax<qint64>(it->start, from); b < qMin<qint64>(it->start + it->length, to);
             ++b) {
            const int i = int(b - from);
            painter.fillRect(x + charWidth * m_layout.hexColumnOfByte(i), y, charWidth * 2,
                             lineHeight(), colour);
            painter.fillRect(x + charWidth * m_layout.asciiColumnOfByte(i), y, charWidth,
                             lineHeight(), colour);
        }
    }
}

void HexView::fitToWidth()
{
    const int columns
        = (viewport()->width() - 2 * kMargin) / qMax(1, fontMetrics().horizontalAdvance(u'0'));
    const int bytes = HexLayout::bytesPerLineFitting(columns, m_data.size());
    if (bytes == m_layout.bytesPerLine())
        return;
    const qint64 top = m_layout.firstOffsetOfLine(verticalScrollBar()->value());
    m_layout = HexLayout(m_data.size(), bytes);
    updateScrollBars();
    verticalScrollBar()->setValue(int(qMin<qint64>(INT_MAX, m_layout.lineOfOffset(top))));
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    fitToWidth();
    updateScrollBars();
}

void HexView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        fitToWidth();
        updateScrollBars();
    }
}

} // namespace Sockscope
