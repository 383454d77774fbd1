#pragma once

// The window icon of the desktop app: the theme's "deltadesk" when the
// installed package put one there, else the PNGs built into the program
// (deltadesk_resources), so a build-tree run shows the same icon.

class QIcon;

namespace DesktopIcon {
QIcon appIcon();
} // namespace DesktopIcon
