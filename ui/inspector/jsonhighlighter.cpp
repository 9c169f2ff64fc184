#include "jsonhighlighter.h"

#include <QPalette>

namespace Sockscope {

JsonHighlighter::JsonHighlighter(QTextDocument *document, const QPalette &palette)
    : QSyntaxHighlighter(document)
    // A string (a key when a colon follows), a number, or a literal.
    , m_token(QStringLiteral(
          R"(("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b)"))
{
    m_key.setFontWeight(QFont::DemiBold);
    setPalette(palette);
}

void JsonHighlighter::setPalette(const QPalette &palette)
{
    const bool darkPalette = palette.color(QPalette::Base).lightness() < 128;
    m_key.setForeground(darkPalette ? QColor(0x79, 0xc0, 0xff) : QColor(0x05, 0x50, 0xae));
    m_string.setForeground(darkPalette ? QColor(0x7e, 0xe7, 0x87) : QColor(0x11, 0x63, 0x29));
    m_number.setForeground(darkPalette ? QColor(0xff, 0xa6, 0x57) : QColor(0x95, 0x38, 0x00));
    m_literal.setForeground(darkPalette ? QColor(0xd2, 0xa8, 0xff) : QColor(0x82, 0x50, 0xdf));
    rehighlight();
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    auto it = m_token.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength(1) > 0) {
            setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)),
                      m.capturedLength(2) > 0 ? m_key : m_string);
        } else if (m.capturedLength(3) > 0) {
            setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), m_number);
        } else if (m.capturedLength(4) > 0) {
            setFormat(int(m.capturedStart(4)), int(m.capturedLength(4)), m_literal);
        }
    }
}

} // namespace Sockscope
