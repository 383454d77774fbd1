#pragma once

// Help → Keyboard Shortcuts: every action of the window that has a key,
// read from the actions themselves (so the list cannot drift from what the
// keys do), grouped by menu, plus the table and filter keys that are not
// actions.

#include <QDialog>

class QMenuBar;
class QTreeWidget;

class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QMenuBar *menus, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    // "Refresh\tF5" lines, for tests and for copying.
    QStringList entries() const;

private:
    QTreeWidget *m_list;
};
