#include "messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace {
struct Colours
{
    const char *background;
    const char *border;
    QStyle::StandardPixmap icon;
};

// Light tints with a darker border, as KMessageWidget draws them: readable
// dark text on every type, in light and dark palettes alike.
Colours coloursFor(MessageBanner::Type type)
{
    switch (type) {
    case MessageBanner::Type::Positive:
        return {"#e3f4e5", "#27ae60", QStyle::SP_DialogApplyButton};
    case MessageBanner::Type::Warning:
        return {"#fdf1dc", "#f67400", QStyle::SP_MessageBoxWarning};
    case MessageBanner::Type::Error:
        return {"#fbe1e3", "#da4453", QStyle::SP_MessageBoxCritical};
    case MessageBanner::Type::Information:
        break;
    }
    return {"#e0eefa", "#3daee9", QStyle::SP_MessageBoxInformation};
}
} // namespace

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_buttons(new QHBoxLayout)
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Close"));
    m_close->setAccessibleName(tr("Close message"));
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_buttons);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });
    setVisible(false);
}

void MessageBanner::showMessage(Type type, const QString &text)
{
    m_type = type;
    const Colours c = coloursFor(type);
    // Scoped to this frame by its object name: the buttons keep their style.
    setStyleSheet(QStringLiteral("QFrame#messageBanner { background: %1; border: 1px solid %2;"
                                 " border-radius: 4px; } QFrame#messageBanner QLabel { color:"
                                 " #232627; }")
                      .arg(QLatin1String(c.background), QLatin1String(c.border)));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(c.icon).pixmap(size, size));
    m_text->setText(text);
    setVisible(true);
}

QString MessageBanner::text() const
{
    return m_text->text();
}

QPushButton *MessageBanner::addButton(const QString &text)
{
    auto *button = new QPushButton(text, this);
    m_buttons->addWidget(button, 0, Qt::AlignTop);
    return button;
}
