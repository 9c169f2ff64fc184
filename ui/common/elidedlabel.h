#pragma once

#include <QLabel>

namespace Sockscope {

// A one-line label that ends in "…" when its text does not fit, rather than being cut off
// mid-letter; the whole text stays its text (for the tooltip, a screen reader and tests). It
// asks for no width of its own, so a longer text never widens the window.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // What is drawn at the label's current width.
    QString shownText() const;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace Sockscope
