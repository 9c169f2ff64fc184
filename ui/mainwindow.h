#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QTabWidget;

namespace Sockscope {

class ConnectionTab;
class ServerTab;
class MockServer;

// The application window: a tab per connection, the menus and toolbar that act on the current
// tab, and a status bar. It also hosts the built-in echo server that first launch points at.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the echo server on a free loopback port and opens a tab pointed at it.
    void startFirstLaunchEchoServer();
    // The built-in echo server's URL, or an empty URL when it is not running.
    QUrl echoServerUrl() const;

    ConnectionTab *newConnectionTab(const QString &url = {});
    ConnectionTab *currentConnectionTab() const;
    ServerTab *newServerTab();

    // Opens a .har or .jsonl file as read-only log tabs. Returns false with a sentence in
    // *error, which openFiles() shows to the user.
    bool openFile(const QString &path, QString *error);
    void openFiles(const QStringList &paths);
    QTabWidget *tabs() const { return m_tabs; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void showOpenDialog();
    void addTab(QWidget *tab, const QString &title);
    void closeTab(int index);
    void nameTabCloseButton(int index);
    void showAbout();

    QTabWidget *m_tabs;
    QLabel *m_echoStatus;
    std::unique_ptr<MockServer> m_echoServer;
};

} // namespace Sockscope
