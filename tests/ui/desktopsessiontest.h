#pragma once

// Starting the real desktop session in the app suites (header-only): the
// state in a temporary dir, a file token store, a short back-off, and a
// login as `user` (password = user, as the demo accounts have it) unless
// the test starts on what is stored.

#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "eventfilterbar.h"
#include "mainwindow.h"
#include "synccontroller.h"
#include "syncengine.h"

#include <QSignalSpy>

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

// Logged in, live and shown, with "today" before every demo event: the
// events tab opens at the first one, at the top (the clock is set before
// the event loop brings rows). That opening is read on the reader thread
// and waited for, so that it cannot select and scroll in the middle of a
// case; then the first page of events is in and settled.
inline std::unique_ptr<DesktopSession> startAtTheTop(const QString &stateDir,
                                                     const QUrl &server,
                                                     const QString &user,
                                                     int timeoutMs)
{
    auto session = startSession(stateDir, server, user, true);
    if (!session)
        return nullptr;
    EventFilterBar *filters = session->mainWindow()->eventFilters();
    filters->setClock([] { return QDateTime(QDate(2000, 1, 1), QTime(0, 0)); });
    QSignalSpy opened(filters, &EventFilterBar::openedAt);
    if (!waitLive(session.get(), timeoutMs) || !QTest::qWaitForWindowExposed(session->mainWindow())
        || (opened.isEmpty() && !opened.wait(timeoutMs)))
        return nullptr;
    CollectionModel *model = session->mainWindow()->tab(QStringLiteral("events"))->model();
    if (!QTest::qWaitFor([model] { return model->rowCount() > 0 && model->isSettled(); }, timeoutMs))
        return nullptr;
    return session;
}

} // namespace DesktopTest
