#include "protoschemadialog.h"

#include "common/filedialogs.h"
#include "common/namedwidgets.h"
#include "common/statuscolors.h"
#include "decoders/protobuf/protoschema.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sockscope {

ProtoSchemaDialog::ProtoSchemaDialog(QWidget *parent)
    : QDialog(parent)
    , m_file(new QLineEdit(this))
    , m_imports(new QLineEdit(this))
    , m_type(new QComboBox(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Decode as Protobuf with a .proto"));
    m_file->setAccessibleName(tr(".proto file"));
    m_file->setMinimumWidth(fontMetrics().horizontalAdvance(u'x') * 44);
    auto *choose = new QPushButton(tr("Choose…"), this);
    choose->setAccessibleName(tr("Choose a .proto file"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(choose);
    m_imports->setAccessibleName(tr("Import folders"));
    m_imports->setPlaceholderText(tr("Optional; separated by %1").arg(QDir::listSeparator()));
    m_imports->setToolTip(
        tr("Where the file's imports are looked for besides its own folder and the folders "
           "above it"));
    m_type->setAccessibleName(tr("Message type"));
    m_type->setEnabled(false);
    m_error->setAccessibleName(tr("Schema error"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    StatusColors::apply(m_error, StatusColors::Kind::Error);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr(".proto file:"), fileRow);
    form->addRow(tr("Import folders:"), m_imports);
    form->addRow(tr("Message type:"), m_type);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Decode"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(choose, &QPushButton::clicked, this, &ProtoSchemaDialog::chooseFile);
    connect(m_file, &QLineEdit::editingFinished, this, &ProtoSchemaDialog::load);
    connect(m_imports, &QLineEdit::editingFinished, this, &ProtoSchemaDialog::load);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProtoSchemaDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProtoSchemaDialog::reject);
}

void ProtoSchemaDialog::setFile(const QString &path, const QString &importFolders)
{
    m_file->setText(QDir::toNativeSeparators(path));
    m_imports->setText(importFolders);
    if (!path.isEmpty())
        load();
}

void ProtoSchemaDialog::setMessageType(const QString &fullName)
{
    if (const int i = m_type->findText(fullName); i >= 0)
        m_type->setCurrentIndex(i);
}

QString ProtoSchemaDialog::file() const
{
    return QDir::fromNativeSeparators(m_file->text().trimmed());
}

QString ProtoSchemaDialog::importFolders() const
{
    return m_imports->text().trimmed();
}

QString ProtoSchemaDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QStringList ProtoSchemaDialog::messageTypes() const
{
    QStringList out;
    for (int i = 0; i < m_type->count(); ++i)
        out << m_type->itemText(i);
    return out;
}

void ProtoSchemaDialog::chooseFile()
{
    const QString path
        = FileDialogs::openFileName(this, tr("Choose a .proto file"), QStringLiteral("proto"),
                                    tr("Protocol Buffers (*.proto);;All files (*)"));
    if (path.isEmpty())
        return;
    m_file->setText(QDir::toNativeSeparators(path));
    m_loaded.clear(); // read it again: it may have changed since
    load();
}

void ProtoSchemaDialog::load()
{
    const QString wanted = file() + u'\n' + importFolders();
    if (wanted == m_loaded)
        return; // already read, or already said what is wrong
    m_loaded = wanted;
    const QString previous = m_type->currentText();
    m_type->clear();
    m_type->setEnabled(false);
    m_schema.reset();
    if (file().isEmpty()) {
        showError(tr("Choose a .proto file."));
        return;
    }
    QString error;
    m_schema = ProtoSchema::load(file(), &error,
                                 importFolders().split(QDir::listSeparator(), Qt::SkipEmptyParts));
    if (!m_schema) {
        showError(error);
        return;
    }
    m_error->hide();
    m_type->addItems(m_schema->messageTypes());
    m_type->setEnabled(true);
    setMessageType(previous);
}

void ProtoSchemaDialog::showError(const QString &text)
{
    setMessageText(m_error, text); // a screen reader reads it as the label's description
    m_error->show();
}

void ProtoSchemaDialog::accept()
{
    load(); // a path typed and not yet left
    if (!m_schema)
        return; // what is wrong is shown
    m_decoder = std::make_shared<ProtobufSchemaDecoder>(m_schema, m_type->currentText());
    QDialog::accept();
}

} // namespace Sockscope
