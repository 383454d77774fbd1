#include "scriptedserverthread.h"

ScriptedServerThread::ScriptedServerThread()
{
    m_thread.setObjectName(QStringLiteral("scripted-server"));
}

ScriptedServerThread::~ScriptedServerThread()
{
    if (m_server) {
        // Deleted on its own thread before the thread ends (quit() would not
        // wait for a queued call).
        QMetaObject::invokeMethod(
            m_server, [server = m_server] { delete server; }, Qt::BlockingQueuedConnection);
        m_server = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

bool ScriptedServerThread::start(ScriptedServer::Handler handler)
{
    m_thread.start();
    m_server = new ScriptedServer;
    m_server->moveToThread(&m_thread);
    bool listening = false;
    // Set-up only: the benchmark waits for the socket to listen before it
    // starts any clock.
    QMetaObject::invokeMethod(
        m_server,
        [this, &listening, handler = std::move(handler)]() mutable {
            m_server->setHandler(std::move(handler));
            listening = m_server->listen();
            m_baseUrl = m_server->baseUrl();
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

void ScriptedServerThread::post(std::function<void(ScriptedServer &)> work)
{
    QMetaObject::invokeMethod(m_server,
                              [server = m_server, work = std::move(work)] { work(*server); });
}
