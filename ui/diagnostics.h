#pragma once

// Help → Copy Diagnostics: what a person reporting a problem pastes into a
// mail — versions, server, login state, sync state and the last error,
// where the data lives — in plain lines, never the token or a password.

#include <QDateTime>
#include <QString>

struct DiagnosticsFacts
{
    QString server;       // the server's URL, empty when not logged in
    QString user;         // the name shown in the title
    QString syncState;    // the status bar's words
    QString lastError;    // the engine's last error message, if any
    QDateTime lastSynced; // server time of the newest data
    QString stateDir;
    QString tokenStorage; // where the token is kept (the About box's sentence)
};

namespace Diagnostics {
QString text(const DiagnosticsFacts &facts);
} // namespace Diagnostics
