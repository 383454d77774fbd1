// Prints the machine's raw limits on their own: bench-rawlimits [dir]
#include "rawlimits.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QString where = argc > 1 ? QString::fromLocal8Bit(argv[1]) : dir.path();
    std::printf("%s\n", qPrintable(RawLimits::summary(where)));
    return 0;
}
