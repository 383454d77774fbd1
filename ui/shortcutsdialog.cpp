#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString plain(QString text)
{
    // "&Full resync…" reads "Full resync" in a list.
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    if (text.endsWith(QChar(0x2026)))
        text.chop(1);
    return text;
}
} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent)
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Action"), tr("Keys")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    const auto addGroup = [this](const QString &title) {
        auto *group = new QTreeWidgetItem(m_list, {title});
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        group->setFirstColumnSpanned(true);
        return group;
    };
    const auto addRow = [this](const QString &what, const QString &keys) {
        new QTreeWidgetItem(m_list, {what, keys});
    };
    if (menus) {
        for (const QAction *menuAction : menus->actions()) {
            const QMenu *menu = menuAction->menu();
            if (!menu)
                continue;
            bool titled = false;
            for (const QAction *a : menu->actions()) {
                if (a->isSeparator() || a->shortcut().isEmpty() || !a->isVisible())
                    continue;
                if (!titled) {
                    addGroup(plain(menuAction->text()));
                    titled = true;
                }
                addRow(plain(a->text()), a->shortcut().toString(QKeySequence::NativeText));
            }
        }
    }
    addGroup(tr("Tables"));
    addRow(tr("Open the selected event's details"), tr("Enter"));
    addRow(tr("Move from the filter into the table"), tr("Down"));
    addRow(tr("Clear the filter"), tr("Esc"));
    addRow(tr("Next or previous tab"), tr("Ctrl+Tab, Ctrl+Shift+Tab"));
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 70, fontMetrics().height() * 30);
}

QStringList ShortcutsDialog::entries() const
{
    QStringList lines;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        lines << (item->text(1).isEmpty() ? item->text(0)
                                          : item->text(0) + QLatin1Char('\t') + item->text(1));
    }
    return lines;
}
