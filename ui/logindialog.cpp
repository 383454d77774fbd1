#include "logindialog.h"

#include "apiclient.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

LoginDialog::LoginDialog(ApiClient *api, QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_settings(settings)
    , m_server(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Log in to DeltaDesk"));
    m_server->setText(
        m_settings->value(QStringLiteral("login/server"), QStringLiteral("http://127.0.0.1:8080"))
            .toString());
    m_user->setText(m_settings->value(QStringLiteral("login/user")).toString());
    m_server->setPlaceholderText(QStringLiteral("https://deltadesk.example"));
    m_password->setEchoMode(QLineEdit::Password);
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setVisible(false);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Log in"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    if (m_user->text().isEmpty())
        m_user->setFocus();
    else
        m_password->setFocus();
}

QString LoginDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LoginDialog::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void LoginDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_server->setEnabled(!busy);
    m_user->setEnabled(!busy);
    m_password->setEnabled(!busy);
}

void LoginDialog::submit()
{
    if (m_job)
        return;
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    QString problem;
    if (!url.isValid()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        problem = tr("Enter the server's address, for example https://deltadesk.example.");
    else if (m_user->text().trimmed().isEmpty())
        problem = tr("Enter your user name.");
    else if (m_password->text().isEmpty())
        problem = tr("Enter your password.");
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->setVisible(true);
        return;
    }
    m_error->setVisible(false);
    m_api->setBaseUrl(url);
    setBusy(true);
    m_job = m_api->login(m_user->text().trimmed(), m_password->text());
    connect(m_job, &ApiJob::finished, this, [this](ApiJob *job) {
        onFinished(static_cast<LoginJob *>(job));
    });
}

void LoginDialog::onFinished(LoginJob *job)
{
    m_job.clear(); // finished: a new request may start before it is deleted
    setBusy(false);
    if (job->error() != ApiError::NoError) {
        QString text;
        if (job->error() == ApiError::Unauthorized)
            text = tr("The user name or password is wrong.");
        else if (job->error() == ApiError::Network || job->error() == ApiError::Timeout)
            text = tr("Cannot reach the server: %1").arg(job->errorString());
        else
            text = job->errorString();
        m_error->setText(text);
        m_error->setVisible(true);
        m_password->selectAll();
        m_password->setFocus();
        return;
    }
    const QUrl server = m_api->baseUrl();
    const QString user = m_user->text().trimmed();
    m_settings->setValue(QStringLiteral("login/server"), server.toString());
    m_settings->setValue(QStringLiteral("login/user"), user);
    m_password->clear();
    emit loggedIn(server, user, job->token(), job->user());
    accept();
}
