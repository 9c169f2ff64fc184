// View > Theme: the light and dark themes are readable (every text colour at WCAG AA, 4.5:1,
// on what it is drawn on; the chart line at 3:1), the switch reaches the widgets whose colours
// are not the palette's own, and System gives back what Qt picked at start.

#include "common/statuscolors.h"
#include "common/theme.h"
#include "inspector/jsonhighlighter.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <cmath>

using namespace Sockscope;
using namespace Qt::StringLiterals;
using Theme::Choice;

namespace {

double luminance(const QColor &colour)
{
    const auto channel = [](double c) {
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
        + 0.0722 * channel(rgb.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

#define CHECK_CONTRAST(fg, bg, minimum)                                                            \
    do {                                                                                           \
        const double ratio = contrast(fg, bg);                                                     \
        if (ratio < (minimum))                                                                     \
            QFAIL(qPrintable(u"%1 on %2: %3:1, below %4:1 (%5 on %6)"_s.arg(                       \
                (fg).name(), (bg).name(), QString::number(ratio, 'f', 2),                          \
                QString::number(minimum), QStringLiteral(#fg), QStringLiteral(#bg))));             \
    } while (false)

QAction *themeAction(MainWindow &window, const QString &name)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text().remove(u'&') != u"View"_s)
            continue;
        for (QAction *item : menu->menu()->actions()) {
            if (item->text().remove(u'&') != u"Theme"_s)
                continue;
            for (QAction *choice : item->menu()->actions()) {
                if (choice->text() == name)
                    return choice;
            }
        }
    }
    return nullptr;
}
} // namespace

class tst_Theme : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void coloursAreReadable_data();
    void coloursAreReadable();
    void switchReachesTheWidgets();
    void menuSwitchesAndIsKept();

private:
    QString m_systemStyle;
    QColor m_systemWindow;
};

void tst_Theme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_systemStyle = QApplication::style()->name();
    m_systemWindow = QApplication::palette().color(QPalette::Window);
}

void tst_Theme::cleanup()
{
    Theme::apply(Choice::System);
    QSettings().clear();
}

void tst_Theme::coloursAreReadable_data()
{
    QTest::addColumn<Choice>("choice");
    QTest::newRow("light") << Choice::Light;
    QTest::newRow("dark") << Choice::Dark;
}

void tst_Theme::coloursAreReadable()
{
    QFETCH(Choice, choice);
    Theme::apply(choice);
    const QPalette p = QApplication::palette();
    QCOMPARE(p.color(QPalette::Window).lightness() < 128, choice == Choice::Dark);

    const QColor base = p.color(QPalette::Base);
    const QColor window = p.color(QPalette::Window);
    CHECK_CONTRAST(p.color(QPalette::Text), base, 4.5);
    CHECK_CONTRAST(p.color(QPalette::WindowText), window, 4.5);
    CHECK_CONTRAST(p.color(QPalette::ButtonText), p.color(QPalette::Button), 4.5);
    CHECK_CONTRAST(p.color(QPalette::HighlightedText), p.color(QPalette::Highlight), 4.5);
    CHECK_CONTRAST(p.color(QPalette::ToolTipText), p.color(QPalette::ToolTipBase), 4.5);
    CHECK_CONTRAST(p.color(QPalette::PlaceholderText), base, 4.5);
    CHECK_CONTRAST(p.color(QPalette::Link), base, 4.5);

    using StatusColors::Kind;
    for (Kind kind : {Kind::Muted, Kind::Success, Kind::Warning, Kind::Error}) {
        const QColor text = StatusColors::text(kind, p);
        CHECK_CONTRAST(text, base, 4.5);
        CHECK_CONTRAST(text, window, 4.5);
    }
    // The composer's mark: the text stays readable on it, and the mark is not the base.
    const QColor mark = StatusColors::markBackground(p);
    CHECK_CONTRAST(p.color(QPalette::Text), mark, 4.5);
    QVERIFY(mark != base);
    CHECK_CONTRAST(StatusColors::chartLine(p), window, 3.0);
    // A sent row's faint green: its text stays readable, and it is not the base.
    const QColor sent = StatusColors::sentRowBackground(p);
    CHECK_CONTRAST(p.color(QPalette::Text), sent, 4.5);
    QVERIFY(sent != base && sent != p.color(QPalette::AlternateBase));
    // The filter's matches: readable text, on a colour that stands out from every row's.
    const QColor match = StatusColors::matchBackground(p);
    CHECK_CONTRAST(p.color(QPalette::Text), match, 4.5);
    QVERIFY(match != base && match != sent && match != p.color(QPalette::Highlight));

    // Every colour the JSON highlighter gives, read from what it laid out.
    QTextDocument document(u"{\"key\": \"text\", \"n\": -1.5e3, \"t\": true, \"z\": null}"_s);
    JsonHighlighter highlighter(&document, p);
    const QList<QTextLayout::FormatRange> formats = document.firstBlock().layout()->formats();
    QCOMPARE(formats.size(), 8); // four keys, a string, a number and two literals
    for (const QTextLayout::FormatRange &range : formats)
        CHECK_CONTRAST(range.format.foreground().color(), base, 4.5);
}

void tst_Theme::switchReachesTheWidgets()
{
    Theme::apply(Choice::Light);
    QLabel label(u"Not valid JSON"_s);
    StatusColors::apply(&label, StatusColors::Kind::Error);
    const QString lightError
        = StatusColors::text(StatusColors::Kind::Error, label.palette()).name();
    QVERIFY(label.styleSheet().contains(lightError));

    QTextDocument document(u"{\"key\": 1}"_s);
    JsonHighlighter highlighter(&document, QApplication::palette());
    const QColor lightKey
        = document.firstBlock().layout()->formats().first().format.foreground().color();

    Theme::apply(Choice::Dark);
    const QString darkError
        = StatusColors::text(StatusColors::Kind::Error, QApplication::palette()).name();
    QVERIFY(darkError != lightError);
    QVERIFY2(label.styleSheet().contains(darkError), qPrintable(label.styleSheet()));
    highlighter.setPalette(QApplication::palette());
    const QColor darkKey
        = document.firstBlock().layout()->formats().first().format.foreground().color();
    QVERIFY(darkKey != lightKey);

    // A label back to normal stays normal after a switch.
    StatusColors::apply(&label, StatusColors::Kind::Normal);
    Theme::apply(Choice::Light);
    QCOMPARE(label.styleSheet(), QString());
}

void tst_Theme::menuSwitchesAndIsKept()
{
    MainWindow window;
    window.show();
    QAction *dark = themeAction(window, u"Dark"_s);
    QAction *system = themeAction(window, u"System"_s);
    QVERIFY(dark && system && themeAction(window, u"Light"_s));
    QVERIFY(system->isChecked());

    dark->trigger();
    QVERIFY(dark->isChecked());
    QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 128);
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() < 128);
    QCOMPARE(Theme::stored(), Choice::Dark);

    // A new window (the next start) finds the choice checked.
    MainWindow next;
    QVERIFY(themeAction(next, u"Dark"_s)->isChecked());

    system->trigger();
    QCOMPARE(QApplication::style()->name(), m_systemStyle);
    QCOMPARE(QApplication::palette().color(QPalette::Window), m_systemWindow);
    QCOMPARE(Theme::stored(), Choice::System);
}

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
