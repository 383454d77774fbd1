#pragma once

// Runs a function once, at the next Paint event of the widget it watches
// (a view's viewport): where the ui benchmarks stop their clocks, at what
// the user sees.

#include <QObject>

#include <functional>

class QWidget;

class PaintWatcher : public QObject
{
public:
    explicit PaintWatcher(QWidget *watched);

    void onNextPaint(std::function<void()> callback) { m_onPaint = std::move(callback); }
    bool isArmed() const { return bool(m_onPaint); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    std::function<void()> m_onPaint;
};
