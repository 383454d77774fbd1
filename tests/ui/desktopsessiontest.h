#pragma once

// Starting the real desktop session in the app suites (header-only): the
// state in a temporary dir, a file token store, a short back-off, and a
// login as `user` (password = user, as the demo accounts have it) unless
// the test starts on what is stored.

#include "desktopsession.h"
#include "synccontroller.h"
#include "syncengine.h"

#include <QString>
#include <QTest>
#include <QUrl>

#include <memory>

namespace DesktopTest {

inline std::unique_ptr<DesktopSession> startSession(const QString &stateDir,
                                                    const QUrl &server,
                                                    const QString &user,
                                                    bool withLogin)
{
    DesktopSession::Options options;
    options.stateDir = stateDir;
    options.forceFileTokenStore = true;
    if (withLogin) {
        options.server = server;
        options.user = user;
        options.password = user;
    }
    auto session = std::make_unique<DesktopSession>(options);
    session->sync()->setBackoff(100, 500);
    if (!session->start())
        return nullptr;
    return session;
}

inline bool waitLive(DesktopSession *session, int timeoutMs)
{
    return QTest::qWaitFor([session] { return session->sync()->state() == SyncEngine::State::Live; },
                           timeoutMs);
}

} // namespace DesktopTest
