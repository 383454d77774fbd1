#include "paintwatcher.h"

#include <QEvent>
#include <QWidget>

PaintWatcher::PaintWatcher(QWidget *watched)
    : QObject(watched)
{
    watched->installEventFilter(this);
}

bool PaintWatcher::eventFilter(QObject *, QEvent *event)
{
    if (event->type() == QEvent::Paint && m_onPaint) {
        auto callback = std::move(m_onPaint);
        m_onPaint = nullptr;
        callback(); // may arm the next one
    }
    return false;
}
