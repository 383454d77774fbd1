#pragma once

// Windows that fit their screen: a saved geometry from a larger screen or
// another scale factor, or a tool window opened beside a small main window,
// is moved and shrunk until it lies within the screen's available area
// (panels and docks excluded), title bar included.

#include <QByteArray>
#include <QRect>

class QWidget;

namespace WindowFit {

// `wanted` (a frame geometry) shrunk to at most `available`'s size and
// moved inside it; unchanged when it already fits.
QRect clamped(const QRect &wanted, const QRect &available);

// QWidget::restoreGeometry, then clamped to the screen it lands on; false
// (and nothing changed) when `geometry` is empty or unreadable.
bool restoreGeometry(QWidget *window, const QByteArray &geometry);

// Keeps `window` (a top level) within the available area of its screen.
void clampToScreen(QWidget *window);

// Centres `window` over `anchor`'s top-level window, within that screen.
void placeOver(QWidget *window, const QWidget *anchor);

} // namespace WindowFit
