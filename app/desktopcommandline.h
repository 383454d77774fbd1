#pragma once

// The desktop app's command line. Parsed twice: once before QApplication
// exists, so --help and --version answer without a display (the platform
// plugin is loaded by the QApplication constructor), then for real after
// QApplication has taken out its own options (-platform, -style, ...).

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStringList>

class DesktopCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(DesktopCommandLine)
public:
    DesktopCommandLine();

    // Before QApplication: true when the arguments ask for --help or
    // --version. Unknown options (Qt's own) are ignored here; the second
    // pass reports real mistakes.
    bool asksForHelpOrVersion(const QStringList &arguments);
    // The text to print for them; needs a QCoreApplication (the usage line
    // names the program from its arguments), which needs no display.
    QString helpOrVersionText() const;

    QCommandLineParser &parser() { return m_parser; }

    const QCommandLineOption serverOption;
    const QCommandLineOption userOption;
    const QCommandLineOption passwordFileOption;
    const QCommandLineOption stateDirOption;
    const QCommandLineOption tokenStoreOption;
    const QCommandLineOption screenshotOption;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_helpOption;
    QCommandLineOption m_versionOption;
};
