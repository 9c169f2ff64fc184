#include "builtinechoserver.h"

#include "mockserver.h"

namespace Sockscope {

BuiltInEchoServer::BuiltInEchoServer() = default;
BuiltInEchoServer::~BuiltInEchoServer() = default;

bool BuiltInEchoServer::start(QString *error)
{
    if (m_server)
        return true;
    auto server = std::make_unique<MockServer>(); // echo, on 127.0.0.1 and a free port
    if (!server->start(error))
        return false;
    m_server = std::move(server);
    return true;
}

QUrl BuiltInEchoServer::url() const
{
    return m_server ? m_server->url() : QUrl();
}

} // namespace Sockscope
