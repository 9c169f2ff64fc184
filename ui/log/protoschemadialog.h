#pragma once

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Sockscope {

class ProtoSchema;
class ProtobufSchemaDecoder;

// Picks a .proto file and one of its message types for a log's "Decode as". The file is read
// (ProtoSchema) as soon as it is chosen, so a wrong file is said here and the dialog stays open.
class ProtoSchemaDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProtoSchemaDialog(QWidget *parent = nullptr);

    // Starts from an earlier choice.
    void setFile(const QString &path, const QString &importFolders = {});
    void setMessageType(const QString &fullName);
    QString file() const;
    QString importFolders() const;
    QString errorText() const;
    QStringList messageTypes() const;
    // After accept: the decoder of the chosen type.
    std::shared_ptr<const ProtobufSchemaDecoder> decoder() const { return m_decoder; }

    void accept() override;

private:
    void chooseFile();
    void load(); // reads the file named in the field
    void showError(const QString &text);

    QLineEdit *m_file;
    QLineEdit *m_imports;
    QComboBox *m_type;
    QLabel *m_error;
    std::shared_ptr<const ProtoSchema> m_schema;
    QString m_loaded; // the file and import folders m_schema was read with
    std::shared_ptr<const ProtobufSchemaDecoder> m_decoder;
};

} // namespace Sockscope
