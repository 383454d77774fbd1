#include "diagnostics.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSysInfo>

namespace Diagnostics {

QString text(const DiagnosticsFacts &facts)
{
    const auto tr = [](const char *s) { return QCoreApplication::translate("Diagnostics", s); };
    const QString none = tr("(none)");
    QStringList lines;
    lines << tr("DeltaDesk %1 (Qt %2, %3)")
                 .arg(QCoreApplication::applicationVersion(),
                      QString::fromLatin1(qVersion()),
                      QSysInfo::prettyProductName());
    lines << tr("Server: %1").arg(facts.server.isEmpty() ? none : facts.server);
    lines << tr("User: %1").arg(facts.user.isEmpty() ? none : facts.user);
    lines << tr("State: %1").arg(facts.syncState);
    lines << tr("Last error: %1").arg(facts.lastError.isEmpty() ? none : facts.lastError);
    lines << tr("Newest data: %1")
                 .arg(facts.lastSynced.isValid()
                          ? facts.lastSynced.toUTC().toString(Qt::ISODateWithMs)
                          : tr("never synced"));
    lines << tr("Data folder: %1").arg(facts.stateDir);
    lines << tr("Token: %1").arg(facts.tokenStorage);
    lines << tr("Copied: %1").arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace Diagnostics
