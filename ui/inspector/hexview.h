#pragma once

#include "inspector/hexlayout.h"
#include "log/logfilter.h"

#include <QAbstractScrollArea>

class QPainter;
#include <QByteArray>

namespace Sockscope {

// A read-only hex dump that paints only the lines in view, so a payload of any size opens at
// once. The geometry comes from HexLayout.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit HexView(QWidget *parent = nullptr);

    // Shares data (no copy).
    void setData(const QByteArray &data);
    QByteArray data() const { return m_data; }
    // Byte ranges drawn on the find colour, in the hex and the text columns alike.
    void setMarks(const QList<LogFilter::Range> &marks);
    const QList<LogFilter::Range> &marks() const { return m_marks; }
    const HexLayout &layout() const { return m_layout; }
    // The lines painted by the last paint event, for tests and benchmarks.
    qint64 firstPaintedLine() const { return m_firstPainted; }
    qint64 lastPaintedLine() const { return m_lastPainted; }
    int paintCount() const { return m_paintCount; }

signals:
    void painted();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateScrollBars();
    // Fits the bytes per line to the width, keeping the top line's first byte in view.
    void fitToWidth();
    int lineHeight() const;
    int visibleLines() const;

    void paintMarks(QPainter &painter, qint64 line, int x, int y);

    QByteArray m_data;
    HexLayout m_layout;
    QList<LogFilter::Range> m_marks; // in order, not overlapping
    qint64 m_firstPainted = -1;
    qint64 m_lastPainted = -1;
    int m_paintCount = 0;
};

} // namespace Sockscope
