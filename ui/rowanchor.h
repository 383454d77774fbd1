#pragma once

// Keeps a live table steady while its model's rows come and go. Rows
// inserted, removed or moved above the rows the user looks at leave those
// rows at the same pixel position, as mail clients do: the anchor is the
// row under the pointer, else (once scrolled down) the first visible row,
// and the scroll bar takes up the difference. At the very top with the
// pointer elsewhere nothing is held, so arrivals at the head show. The
// current row is followed: when its event moves (its sort key changed) out
// of sight, the view scrolls to it again, but only if it was in sight
// before: a user who scrolled away from it is not pulled back.

#include <QObject>
#include <QPersistentModelIndex>

class QModelIndex;
class QTableView;

class RowAnchor : public QObject
{
    Q_OBJECT
public:
    // Connect after view->setModel(): the view's header must have counted
    // the rows before the anchor is put back.
    explicit RowAnchor(QTableView *view);

private:
    // Rows first..last are about to leave their place (-1: none do).
    void capture(int first, int last);
    void restore();
    bool isInSight(const QModelIndex &index) const;

    QTableView *m_view;
    QPersistentModelIndex m_anchor;
    int m_anchorRow = -1;
    int m_scrollBefore = 0;
    QPersistentModelIndex m_current;
    bool m_currentInSight = false;
};
