#pragma once

#include <QComboBox>

#include <optional>

namespace Sockscope {

// Picks a close code to send: the RFC 6455 codes by name ("1008 Policy Violation"), or any
// code typed in. Used by a connection tab's close row and a server tab's kick row.
class CloseCodePicker : public QComboBox
{
    Q_OBJECT

public:
    CloseCodePicker(const QString &accessibleName, int initialCode, QWidget *parent = nullptr);

    // The chosen code, or nothing when what was typed is not a number.
    std::optional<int> code() const;
};

} // namespace Sockscope
