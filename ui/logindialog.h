#pragma once

// Asks for server URL, user and password, logs in through the ApiClient and
// hands back the token. Remembers server and user (never the password) in
// the settings it is given.

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

class ApiClient;
class LoginJob;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSettings;

class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(ApiClient *api, QSettings *settings, QWidget *parent = nullptr);

    QLineEdit *serverEdit() const { return m_server; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QString errorText() const;
    // A message shown above the form (e.g. "your session expired").
    void setMessage(const QString &text);

    // Submit as if the Log in button was pressed.
    void submit();

signals:
    void loggedIn(const QUrl &server,
                  const QString &user,
                  const QByteArray &token,
                  const QJsonObject &userInfo);

private:
    void onFinished(LoginJob *job);
    void setBusy(bool busy);

    ApiClient *m_api;
    QSettings *m_settings;
    QLineEdit *m_server;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_message;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPointer<LoginJob> m_job;
};
