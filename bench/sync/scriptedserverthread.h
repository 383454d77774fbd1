#pragma once

// A ScriptedServer on a thread of its own, so what it costs to build and
// write its answers is not timed as the client's work (the real server is
// another process). The handler and everything run() is given execute on
// the server's thread; they must only share read-only data with the caller.

#include "scriptedserver.h"

#include <QString>
#include <QThread>

#include <functional>

class ScriptedServerThread
{
public:
    ScriptedServerThread();
    ~ScriptedServerThread();
    ScriptedServerThread(const ScriptedServerThread &) = delete;
    ScriptedServerThread &operator=(const ScriptedServerThread &) = delete;

    // Listens on 127.0.0.1, port 0; returns once it does (benchmark set-up).
    bool start(ScriptedServer::Handler handler);
    QString baseUrl() const { return m_baseUrl; }
    // Runs `work` on the server's thread, soon; returns at once.
    void post(std::function<void(ScriptedServer &)> work);

private:
    QThread m_thread;
    ScriptedServer *m_server = nullptr;
    QString m_baseUrl;
};
