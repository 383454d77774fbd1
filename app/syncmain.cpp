// deltadesk-sync: the headless client of the sync library, for scripts,
// servers and machines without a display.

#include "signalwatcher.h"
#include "synccommand.h"
#include "syncoptions.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>
#include <sys/stat.h>

int main(int argc, char *argv[])
{
    // The state dir holds a bearer token and business data: owner only.
    ::umask(077);
    // stdout is JSON lines and a failure is one line on stderr: the library's
    // own logging stays quiet unless QT_LOGGING_RULES asks for it.
    QLoggingCategory::setFilterRules(QStringLiteral("deltadesk.*.debug=false\n"
                                                    "deltadesk.*.info=false\n"
                                                    "deltadesk.*.warning=false"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("deltadesk-sync"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DELTADESK_VERSION));

    QString error;
    const std::optional<SyncOptions> options = parseSyncOptions(QCoreApplication::arguments(),
                                                                &error);
    if (!options) {
        if (error.isEmpty())
            return 0; // --help or --version
        std::fprintf(stderr, "deltadesk-sync: %s\n", qPrintable(error));
        return 2;
    }

    SyncCommand command(*options);
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals,
                     &SignalWatcher::terminationRequested,
                     &command,
                     &SyncCommand::terminate);
    QObject::connect(
        &command,
        &SyncCommand::finished,
        &app,
        [](int code) { QCoreApplication::exit(code); },
        Qt::QueuedConnection);
    QTimer::singleShot(0, &command, &SyncCommand::start);
    return app.exec();
}
