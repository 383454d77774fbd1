#include "windowfit.h"

#include <QScreen>
#include <QStyle>
#include <QWidget>

namespace WindowFit {

QRect clamped(const QRect &wanted, const QRect &available)
{
    if (!available.isValid())
        return wanted;
    QRect r(wanted.topLeft(), wanted.size().boundedTo(available.size()));
    if (r.right() > available.right())
        r.moveRight(available.right());
    if (r.bottom() > available.bottom())
        r.moveBottom(available.bottom());
    if (r.left() < available.left())
        r.moveLeft(available.left());
    if (r.top() < available.top())
        r.moveTop(available.top());
    return r;
}

void clampToScreen(QWidget *window)
{
    const QScreen *screen = window->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    QRect frame = window->frameGeometry();
    if (!window->isVisible()) {
        // Before the first show the frame is not known yet: leave room for
        // a title bar and borders, as the window manager will add them.
        const int border = window->style()->pixelMetric(QStyle::PM_MdiSubWindowFrameWidth);
        const int title = window->style()->pixelMetric(QStyle::PM_TitleBarHeight);
        frame = window->geometry().adjusted(-border, -title - border, border, border);
    }
    const QRect fitted = clamped(frame, available);
    if (fitted == frame)
        return;
    // The frame's decorations stay around the client area: shrink and move
    // the client area by what the frame needs.
    const QSize decoration = frame.size() - window->geometry().size();
    window->resize(fitted.size() - decoration);
    // move() places the frame's top-left corner.
    window->move(fitted.topLeft());
}

bool restoreGeometry(QWidget *window, const QByteArray &geometry)
{
    if (geometry.isEmpty() || !window->restoreGeometry(geometry))
        return false;
    clampToScreen(window);
    return true;
}

void placeOver(QWidget *window, const QWidget *anchor)
{
    const QWidget *top = anchor ? anchor->window() : nullptr;
    if (!top)
        return;
    QRect frame = window->frameGeometry();
    frame.moveCenter(top->frameGeometry().center());
    const QScreen *screen = top->screen();
    const QRect fitted = screen ? clamped(frame, screen->availableGeometry()) : frame;
    const QSize decoration = window->frameGeometry().size() - window->geometry().size();
    window->resize(fitted.size() - decoration);
    window->move(fitted.topLeft());
}

} // namespace WindowFit
