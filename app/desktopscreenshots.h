#pragma once

// --screenshot DIR: grabs the main window once during the first full sync
// (main-window-syncing.png) and, once the first sync round is in, the main
// window (events tab with the details pane), the login dialog, the events
// editor (each of its tabs) and the statistics window to
// PNGs in DIR (QWidget::grab, works under the offscreen platform), then quits.

#include <QObject>
#include <QString>

class DesktopSession;

class DesktopScreenshots : public QObject
{
    Q_OBJECT
public:
    DesktopScreenshots(DesktopSession *session, const QString &dir, QObject *parent = nullptr);

signals:
    void finished(bool ok);

private:
    void capture();
    void captureWindows();
    void captureDialogs();
    bool save(QWidget *widget, const QString &name);

    DesktopSession *m_session;
    QString m_dir;
    bool m_started = false;
    bool m_syncingGrabbed = false;
    int m_refreshes = 0;
    bool m_ok = true;
};
