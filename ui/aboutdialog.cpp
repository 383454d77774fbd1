#include "aboutdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
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
    // The application's icon (set by main()), when it has one.
    auto *top = new QHBoxLayout;
    const QIcon icon = QApplication::windowIcon();
    if (!icon.isNull()) {
        auto *iconLabel = new QLabel(this);
        iconLabel->setObjectName(QStringLiteral("aboutIcon"));
        const int side = fontMetrics().height() * 4;
        iconLabel->setPixmap(icon.pixmap(QSize(side, side), devicePixelRatioF()));
        iconLabel->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
        top->addWidget(iconLabel, 0, Qt::AlignTop);
    }
    top->addWidget(m_text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

QString AboutDialog::text() const
{
    return m_text->text();
}
