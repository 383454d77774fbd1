#include "desktopicon.h"

#include <QIcon>
#include <QSize>
#include <QString>

namespace DesktopIcon {

QIcon appIcon()
{
    // One file per size: no SVG image plugin needed, and small sizes keep
    // their hand-tuned pixels instead of a scaled-down large one.
    QIcon builtIn;
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256})
        builtIn.addFile(QStringLiteral(":/icons/deltadesk-%1.png").arg(size), QSize(size, size));
    return QIcon::fromTheme(QStringLiteral("deltadesk"), builtIn);
}

} // namespace DesktopIcon
