#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QPalette;

namespace Sockscope {

// Colours pretty-printed JSON: keys, strings, numbers and the literals true, false and null,
// with colours picked for a light or a dark palette, each 4.5:1 on its Base (tst_theme).
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    JsonHighlighter(QTextDocument *document, const QPalette &palette);
    // Picks the colours again for another palette (a theme change) and highlights again.
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QRegularExpression m_token;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};

} // namespace Sockscope
