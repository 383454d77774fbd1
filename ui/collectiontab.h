#pragma once

// One collection's tab: a filter box over a sortable table view. The view
// keeps its selection and scroll position through the model's row-level
// updates; when the model is reset (a new sort, a wholesale resync) the tab
// selects the same document again, fetching pages up to it. Column widths
// and sort order are saved per collection. A side pane (the events' details)
// sits beside the table in a splitter whose sizes are saved too.

#include <QElapsedTimer>
#include <QWidget>

class CollectionModel;
class QLabel;
class QLineEdit;
class QSettings;
class QSplitter;
class QTableView;
class QTimer;

class CollectionTab : public QWidget
{
    Q_OBJECT
public:
    explicit CollectionTab(CollectionModel *model, QWidget *parent = nullptr);

    CollectionModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }

    // Id of the current row, empty when none.
    QString currentId() const;
    // Ids of the selected rows, top to bottom (the selection follows its
    // rows as they move, so these are the events the user picked).
    QStringList selectedIds() const;
    void focusFilter();
    // The model's columns the view shows, in the order it shows them.
    QList<int> shownColumns() const;
    // The selected rows as the table shows them, top to bottom, under a
    // header of the shown column titles, tab-separated (a spreadsheet's paste).
    QString selectionText() const;
    // Puts selectionText() on the clipboard; nothing when no row is selected.
    void copySelection();
    // Selects and scrolls to the document once its row is in the table: at
    // once if fetched, else as pages or the stream bring it, for a bounded
    // time; the user moving the selection meanwhile cancels it. `scroll`
    // false: selected where it is, the view left as the user put it.
    void selectId(const QString &id, bool scroll = true);
    QString pendingSelectId() const { return m_selectId; }

    // Shown in the middle of the table while it has no rows (the first
    // download of a collection: its rows appear when it is complete); empty
    // hides it.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholderText; }
    // Shown instead while no placeholder text is set and the rows read
    // are none (a filter matching nothing): what is empty and how to widen.
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }
    // What the table shows in its middle now; empty when nothing.
    QString shownPlaceholder() const;

    // Puts a bar of quick filters under the filter box (the tab takes it over).
    void addFilterBar(QWidget *bar);

    // Puts `pane` beside the table (the tab takes it over).
    void setSidePane(QWidget *pane);
    QWidget *sidePane() const { return m_sidePane; }
    QSplitter *splitter() const { return m_splitter; }
    bool isSidePaneVisible() const;
    // Shows the pane if it is hidden or collapsed to nothing.
    void showSidePane();

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

signals:
    void activated(const QString &id); // Enter or double-click on a row
    void currentChanged(const QString &id);
    // The current row's document went away (deleted, or filtered out by a
    // change): the table has no current row now, rather than silently
    // moving to a neighbour the user did not pick.
    void currentRemoved(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QString settingsKey() const;
    QString splitterKey() const;
    void updatePlaceholder();
    void rememberCurrent();
    void restoreCurrent();
    void trySelectPending();

    CollectionModel *m_model;
    QLineEdit *m_filter;
    QTableView *m_view;
    QTimer *m_filterDelay;
    QLabel *m_placeholder;
    QSplitter *m_splitter = nullptr;
    QWidget *m_sidePane = nullptr;
    QString m_placeholderText;
    QString m_emptyText;
    QString m_restoreId; // selected before a reset, selected again once fetched
    int m_restoreFetches = 0;
    bool m_restoring = false;
    QString m_removedCurrentId; // set between rowsAboutToBeRemoved and rowsRemoved
    bool m_clearingRemoved = false;
    QString m_selectId; // asked for by selectId(), not in the table yet
    bool m_selectScrolls = true;
    // The current row moved past the fetched rows (set until its removal):
    // selected again once paged in, scrolled to if it was in sight.
    QString m_movedCurrentId;
    bool m_movedCurrentInSight = false;
    QElapsedTimer m_selectAsked;
    int m_selectFetches = 0;
};
