#pragma once

// A KMessageWidget-style strip for the top of a window: a coloured frame
// with an icon, a wrapped text, action buttons and a close button. It says
// something about the window's content without stealing focus or blocking
// (no modal box). Generic: the caller adds the buttons it needs.

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QToolButton;

class MessageBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Type { Information, Positive, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);

    // Shows the banner with `text` (plain text) in `type`'s colours.
    void showMessage(Type type, const QString &text);
    QString text() const;
    Type type() const { return m_type; }

    // An action button, right of the text, in the order added.
    QPushButton *addButton(const QString &text);
    QToolButton *closeButton() const { return m_close; }

signals:
    void closed(); // the person closed it (not when the owner hides it)

private:
    Type m_type = Type::Information;
    QLabel *m_icon;
    QLabel *m_text;
    QHBoxLayout *m_buttons;
    QToolButton *m_close;
};
