#pragma once

#include "lab/labframe.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Sockscope {

// The lab's frame builder: every field of a frame, as a form. It shows a LabFrame and reads
// one back; what the fields make (the bytes, or why they cannot be written) is LabFrame's.
class FrameBuilder : public QWidget
{
    Q_OBJECT

public:
    explicit FrameBuilder(QWidget *parent = nullptr);

    // The frame the fields describe; nothing, with a sentence in *error, when the offsets or
    // piece sizes are not numbers.
    std::optional<LabFrame> frame(QString *error = nullptr) const;
    void setFrame(const LabFrame &frame);
    QList<QWidget *> tabStops() const;

signals:
    void changed();

private:
    void updateFields();

    QCheckBox *m_fin;
    QCheckBox *m_rsv1;
    QCheckBox *m_rsv2;
    QCheckBox *m_rsv3;
    QSpinBox *m_opcode;
    QLabel *m_opcodeName;
    QCheckBox *m_masked;
    QComboBox *m_keyMode;
    QLineEdit *m_key;
    QComboBox *m_format;
    QPlainTextEdit *m_payload;
    QCheckBox *m_declare;
    QLineEdit *m_declaredLength;
    QComboBox *m_lengthForm;
    QLineEdit *m_splitAt;
    QLineEdit *m_chopSizes;
    QSpinBox *m_chopDelay;
    QLabel *m_bytes; // what it writes, or why it cannot
};

} // namespace Sockscope
