#include "framebuilder.h"

#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "websocket/opcode.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace Sockscope {

namespace {
QString numbersText(const auto &numbers)
{
    QStringList parts;
    for (auto n : numbers)
        parts << QString::number(n);
    return parts.join(QStringLiteral(", "));
}
} // namespace

FrameBuilder::FrameBuilder(QWidget *parent)
    : QWidget(parent)
    , m_fin(named(new QCheckBox(tr("FIN"), this), tr("FIN")))
    , m_rsv1(named(new QCheckBox(tr("RSV1"), this), tr("RSV1")))
    , m_rsv2(named(new QCheckBox(tr("RSV2"), this), tr("RSV2")))
    , m_rsv3(named(new QCheckBox(tr("RSV3"), this), tr("RSV3")))
    , m_opcode(named(new QSpinBox(this), tr("Opcode")))
    , m_opcodeName(new QLabel(this))
    , m_masked(named(new QCheckBox(tr("Masked"), this), tr("Masked")))
    , m_keyMode(named(new QComboBox(this), tr("Masking key")))
    , m_key(named(new QLineEdit(this), tr("Fixed masking key")))
    , m_format(named(new QComboBox(this), tr("Payload format")))
    , m_payload(named(new QPlainTextEdit(this), tr("Payload")))
    , m_declare(named(new QCheckBox(tr("Declare a length of"), this), tr("Declare a length")))
    , m_declaredLength(named(new QLineEdit(this), tr("Declared length")))
    , m_lengthForm(named(new QComboBox(this), tr("Length form")))
    , m_splitAt(named(new QLineEdit(this), tr("Split at offsets")))
    , m_chopSizes(named(new QLineEdit(this), tr("Write in pieces of")))
    , m_chopDelay(named(new QSpinBox(this), tr("Delay between pieces")))
    , m_bytes(named(new QLabel(this), tr("Frame bytes")))
{
    setAccessibleName(tr("Frame builder"));
    m_opcode->setRange(0, 15);
    m_opcode->setDisplayIntegerBase(16);
    m_opcode->setPrefix(QStringLiteral("0x"));
    m_keyMode->addItems({tr("Random"), tr("Fixed"), tr("Zero")});
    m_key->setPlaceholderText(QStringLiteral("37fa213d"));
    m_key->setInputMask(QStringLiteral("HHHHHHHH"));
    m_format->addItems({tr("Text"), tr("Hex"), tr("Base64")});
    m_payload->setTabChangesFocus(true);
    m_payload->setMaximumHeight(fontMetrics().lineSpacing() * 5);
    m_declaredLength->setPlaceholderText(tr("bytes"));
    m_lengthForm->addItems({tr("Shortest"), tr("7-bit"), tr("16-bit"), tr("64-bit")});
    m_lengthForm->setToolTip(tr("A longer form than needed is legal but unusual; a shorter one "
                                "than the length needs writes its low bits"));
    m_splitAt->setPlaceholderText(tr("e.g. 1, 4 (byte offsets; empty: one frame)"));
    m_splitAt->setToolTip(tr("Split the payload into fragments at these byte offsets, even "
                             "inside a UTF-8 code point"));
    m_chopSizes->setPlaceholderText(tr("e.g. 1 or 2, 3 (bytes; empty: one write)"));
    m_chopSizes->setToolTip(tr("Write the frame's bytes in TCP writes of these sizes; the last "
                               "size repeats"));
    m_chopDelay->setRange(0, 60'000);
    m_chopDelay->setSuffix(tr(" ms"));
    m_bytes->setWordWrap(true);
    m_bytes->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *bits = new QHBoxLayout;
    for (QWidget *w : {static_cast<QWidget *>(m_fin), static_cast<QWidget *>(m_rsv1),
                       static_cast<QWidget *>(m_rsv2), static_cast<QWidget *>(m_rsv3)})
        bits->addWidget(w);
    bits->addStretch();
    auto *opcodeRow = new QHBoxLayout;
    opcodeRow->addWidget(m_opcode);
    opcodeRow->addWidget(m_opcodeName, 1);
    auto *maskRow = new QHBoxLayout;
    maskRow->addWidget(m_masked);
    maskRow->addWidget(m_keyMode);
    maskRow->addWidget(m_key, 1);
    auto *lengthRow = new QHBoxLayout;
    lengthRow->addWidget(m_declare);
    lengthRow->addWidget(m_declaredLength, 1);
    lengthRow->addWidget(m_lengthForm);
    auto *chopRow = new QHBoxLayout;
    chopRow->addWidget(m_chopSizes, 1);
    chopRow->addWidget(m_chopDelay);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Bits:"), bits);
    // Rows whose field is a layout get a label with a buddy, for their mnemonic.
    const auto labelFor = [this](const QString &text, QWidget *buddy) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };
    form->addRow(labelFor(tr("&Opcode:"), m_opcode), opcodeRow);
    form->addRow(labelFor(tr("Mas&k:"), m_masked), maskRow);
    form->addRow(tr("Payload &as:"), m_format);
    form->addRow(tr("&Payload:"), m_payload);
    form->addRow(labelFor(tr("Le&ngth:"), m_declare), lengthRow);
    form->addRow(tr("&Split at:"), m_splitAt);
    form->addRow(labelFor(tr("&Write:"), m_chopSizes), chopRow);
    form->addRow(m_bytes);

    for (QCheckBox *box : {m_fin, m_rsv1, m_rsv2, m_rsv3, m_masked, m_declare})
        connect(box, &QCheckBox::toggled, this, &FrameBuilder::updateFields);
    for (QComboBox *box : {m_keyMode, m_format, m_lengthForm})
        connect(box, &QComboBox::currentIndexChanged, this, &FrameBuilder::updateFields);
    for (QLineEdit *edit : {m_key, m_declaredLength, m_splitAt, m_chopSizes})
        connect(edit, &QLineEdit::textChanged, this, &FrameBuilder::updateFields);
    connect(m_opcode, &QSpinBox::valueChanged, this, &FrameBuilder::updateFields);
    connect(m_chopDelay, &QSpinBox::valueChanged, this, &FrameBuilder::updateFields);
    connect(m_payload, &QPlainTextEdit::textChanged, this, &FrameBuilder::updateFields);
    setFrame(LabFrame());
}

QList<QWidget *> FrameBuilder::tabStops() const
{
    return {m_fin,        m_rsv1,    m_rsv2,      m_rsv3,     m_opcode,  m_masked,
            m_keyMode,    m_key,     m_format,    m_payload,  m_declare, m_declaredLength,
            m_lengthForm, m_splitAt, m_chopSizes, m_chopDelay};
}

std::optional<LabFrame> FrameBuilder::frame(QString *error) const
{
    const auto splitAt = LabFrame::parseNumbers(m_splitAt->text());
    const auto chops = LabFrame::parseNumbers(m_chopSizes->text());
    if (!splitAt || !chops) {
        if (error)
            *error = !splitAt ? tr("Split offsets are whole numbers from 1, separated by commas.")
                              : tr("Piece sizes are whole numbers from 1, separated by commas.");
        return std::nullopt;
    }
    LabFrame f;
    f.fin = m_fin->isChecked();
    f.rsv1 = m_rsv1->isChecked();
    f.rsv2 = m_rsv2->isChecked();
    f.rsv3 = m_rsv3->isChecked();
    f.opcode = m_opcode->value();
    f.masked = m_masked->isChecked();
    f.keyMode = LabFrame::KeyMode(m_keyMode->currentIndex());
    const QByteArray key = QByteArray::fromHex(m_key->text().toLatin1());
    for (qsizetype i = 0; i < qMin<qsizetype>(4, key.size()); ++i)
        f.fixedKey[size_t(i)] = quint8(key[i]);
    f.format = LabFrame::PayloadFormat(m_format->currentIndex());
    f.payload = m_payload->toPlainText();
    if (m_declare->isChecked())
        f.declaredLength = m_declaredLength->text().trimmed().toULongLong();
    if (m_lengthForm->currentIndex() > 0)
        f.lengthForm = LengthForm(m_lengthForm->currentIndex() - 1);
    f.splitAt = *splitAt;
    for (qsizetype n : *chops)
        f.chopSizes << int(n);
    f.chopDelayMs = m_chopDelay->value();
    return f;
}

void FrameBuilder::setFrame(const LabFrame &f)
{
    const QSignalBlocker blockPayload(m_payload);
    m_fin->setChecked(f.fin);
    m_rsv1->setChecked(f.rsv1);
    m_rsv2->setChecked(f.rsv2);
    m_rsv3->setChecked(f.rsv3);
    m_opcode->setValue(f.opcode);
    m_masked->setChecked(f.masked);
    m_keyMode->setCurrentIndex(int(f.keyMode));
    m_key->setText(QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(f.fixedKey.data()), 4).toHex()));
    m_format->setCurrentIndex(int(f.format));
    m_payload->setPlainText(f.payload);
    m_declare->setChecked(f.declaredLength.has_value());
    m_declaredLength->setText(f.declaredLength ? QString::number(*f.declaredLength) : QString());
    m_lengthForm->setCurrentIndex(f.lengthForm ? int(*f.lengthForm) + 1 : 0);
    m_splitAt->setText(numbersText(f.splitAt));
    m_chopSizes->setText(numbersText(f.chopSizes));
    m_chopDelay->setValue(f.chopDelayMs);
    updateFields();
}

void FrameBuilder::updateFields()
{
    m_opcodeName->setText(Opcodes::name(m_opcode->value()));
    m_keyMode->setEnabled(m_masked->isChecked());
    m_key->setEnabled(m_masked->isChecked() && m_keyMode->currentIndex() == 1);
    m_declaredLength->setEnabled(m_declare->isChecked());
    // What the fields write, as the user would see it on the wire (a random key shows as
    // drawn now; it is drawn again when the frame is sent).
    QString error;
    const std::optional<LabFrame> f = frame(&error);
    const std::optional<QByteArray> bytes = f ? f->bytes(&error) : std::nullopt;
    if (bytes) {
        QString shown = QString::fromLatin1(bytes->left(64).toHex(' '));
        if (bytes->size() > 64)
            shown += QStringLiteral(" …");
        m_bytes->setText(tr("%1 bytes: %2").arg(bytes->size()).arg(shown));
        StatusColors::apply(m_bytes, StatusColors::Kind::Normal);
    } else {
        m_bytes->setText(error);
        StatusColors::apply(m_bytes, StatusColors::Kind::Error);
    }
    m_bytes->setAccessibleDescription(m_bytes->text());
    emit changed();
}

} // namespace Sockscope
