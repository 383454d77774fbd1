#pragma once

// Version, where the login token is kept, and where the cache lives.

#include <QDialog>

class QLabel;

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    AboutDialog(const QString &tokenStorage, const QString &stateDir, QWidget *parent = nullptr);

    QString text() const;

private:
    QLabel *m_text;
};
