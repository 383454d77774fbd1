#include "rowanchor.h"

#include <QCursor>
#include <QScrollBar>
#include <QTableView>

RowAnchor::RowAnchor(QTableView *view)
    : QObject(view)
    , m_view(view)
{
    QAbstractItemModel *model = view->model();
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] { capture(-1, -1); });
    connect(model,
            &QAbstractItemModel::rowsAboutToBeRemoved,
            this,
            [this](const QModelIndex &, int first, int last) { capture(first, last); });
    connect(model,
            &QAbstractItemModel::rowsAboutToBeMoved,
            this,
            [this](const QModelIndex &, int first, int last) { capture(first, last); });
    connect(model, &QAbstractItemModel::rowsInserted, this, &RowAnchor::restore);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &RowAnchor::restore);
    connect(model, &QAbstractItemModel::rowsMoved, this, &RowAnchor::restore);
}

bool RowAnchor::isInSight(const QModelIndex &index) const
{
    // By row only: a table scrolled sideways still shows the row.
    const int y = m_view->rowViewportPosition(index.row());
    return y + m_view->rowHeight(index.row()) > 0 && y < m_view->viewport()->height();
}

void RowAnchor::capture(int first, int last)
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    m_scrollBefore = bar->value();
    m_current = m_view->currentIndex();
    m_currentInSight = m_current.isValid() && isInSight(m_current);

    QWidget *viewport = m_view->viewport();
    int row = -1;
    if (viewport->underMouse())
        row = m_view->rowAt(viewport->mapFromGlobal(QCursor::pos()).y());
    if (row < 0 && m_scrollBefore > 0)
        row = m_view->rowAt(0);
    // A row that leaves cannot hold the others: the one after the leaving
    // block takes its place.
    if (row >= first && row <= last && first >= 0)
        row = last + 1 < m_view->model()->rowCount() ? last + 1 : -1;
    m_anchorRow = row;
    m_anchor = row >= 0 ? QPersistentModelIndex(m_view->model()->index(row, 0))
                        : QPersistentModelIndex();
}

void RowAnchor::restore()
{
    QScrollBar *bar = m_view->verticalScrollBar();
    // Scrolled meanwhile (the tab scrolls to a row it was asked to select):
    // that is where the view is meant to be.
    const bool scrolledMeanwhile = bar->value() != m_scrollBefore;
    if (m_anchor.isValid() && m_anchor.row() != m_anchorRow && !scrolledMeanwhile) {
        // The scroll range follows the row count only on the view's delayed
        // layout: without it a value past the old end would be cut short.
        m_view->doItemsLayout();
        const int step = m_view->verticalScrollMode() == QAbstractItemView::ScrollPerPixel
                             ? m_view->rowHeight(m_anchor.row())
                             : 1;
        bar->setValue(m_scrollBefore + (m_anchor.row() - m_anchorRow) * step);
    }
    m_anchor = QPersistentModelIndex();
    const QModelIndex current = m_view->currentIndex();
    if (m_currentInSight && current.isValid() && m_current == current && !isInSight(current)) {
        m_view->doItemsLayout();
        m_view->scrollTo(current);
    }
    m_current = QPersistentModelIndex();
    m_currentInSight = false;
}
