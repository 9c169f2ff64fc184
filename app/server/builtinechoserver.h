#pragma once

#include <QUrl>

#include <memory>

namespace Sockscope {

class MockServer;

// The echo server first launch points a tab at, so one click on Connect shows messages
// flowing with no network: a MockServer with no rules (it echoes) on 127.0.0.1 and a free
// port, which changes every run.
class BuiltInEchoServer
{
public:
    BuiltInEchoServer();
    ~BuiltInEchoServer();

    // Starts it if it is not running. False with a sentence in *error.
    bool start(QString *error);
    bool isRunning() const { return m_server != nullptr; }
    // ws://127.0.0.1:PORT/ while running, else an empty URL.
    QUrl url() const;

private:
    std::unique_ptr<MockServer> m_server;
};

} // namespace Sockscope
