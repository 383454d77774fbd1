#pragma once

// The editor's table of an event's line items or staffing: add, remove,
// move up and down, edit in place (the person from the users by name), and
// the total under it, updated as the rows change.

#include <QWidget>

class EventItemsModel;
class NameLookup;
class QLabel;
class QPushButton;
class QTableView;

class EventItemsEditor : public QWidget
{
    Q_OBJECT
public:
    EventItemsEditor(EventItemsModel *model, NameLookup *lookup, QWidget *parent = nullptr);

    EventItemsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLabel *totalLabel() const { return m_total; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }

    void addRow();               // after the current row, and starts editing it
    void removeCurrent();        // the selected rows
    void moveCurrent(int delta); // -1 up, +1 down

private:
    void updateButtons();
    int currentRow() const;

    EventItemsModel *m_model;
    QTableView *m_view;
    QLabel *m_total;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
};
