#include "aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

AboutDialog::AboutDialog(const QString &tokenStorage, const QString &stateDir, QWidget *parent)
    : QDialog(parent)
    , m_text(new QLabel(this))
{
    setWindowTitle(tr("About DeltaDesk"));
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setText(tr("<h3>DeltaDesk %1</h3>"
                       "<p>Keeps the events, users, clients, roles and tariffs of your business "
                       "on this computer and up to date as they change on the server.</p>"
                       "<p>%2</p><p>Data folder: %3</p><p>Built with Qt %4.</p>")
                        .arg(QStringLiteral(DELTADESK_VERSION),
                             tokenStorage.toHtmlEscaped(),
                             stateDir.toHtmlEscaped(),
                             QString::fromLatin1(qVersion())));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &AboutDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

QString AboutDialog::text() const
{
    return m_text->text();
}
