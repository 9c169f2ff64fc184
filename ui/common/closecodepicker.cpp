#include "closecodepicker.h"

#include "websocket/closecodes.h"

#include <QLineEdit>

namespace Sockscope {

CloseCodePicker::CloseCodePicker(const QString &accessibleName, int initialCode, QWidget *parent)
    : QComboBox(parent)
{
    for (const int code : CloseCodes::sendableNamedCodes())
        addItem(CloseCodes::describe(code), code);
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setAccessibleName(accessibleName);
    lineEdit()->setAccessibleName(accessibleName);
    setToolTip(tr("Pick a code, or type one from 3000 to 4999"));
    setCurrentIndex(qMax(0, findData(initialCode)));
}

std::optional<int> CloseCodePicker::code() const
{
    return CloseCodes::parseTyped(currentText());
}

} // namespace Sockscope
