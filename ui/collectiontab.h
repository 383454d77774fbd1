#pragma once

// One collection's tab: a filter box over a sortable table view. The view
// keeps its selection and scroll position through the model's row-level
// updates; when the model is reset (a new sort, a wholesale resync) the tab
// selects the same document again, fetching pages up to it. Column widths
// and sort order are saved per collection.

#include <QWidget>

class CollectionModel;
class QLabel;
class QLineEdit;
class QSettings;
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
    void focusFilter();

    // Shown in the middle of the table while it has no rows (the first
    // download of a collection: its rows appear when it is complete); empty
    // hides it.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholderText; }

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

signals:
    void activated(const QString &id); // Enter or double-click on a row
    void currentChanged(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QString settingsKey() const;
    void updatePlaceholder();
    void rememberCurrent();
    void restoreCurrent();

    CollectionModel *m_model;
    QLineEdit *m_filter;
    QTableView *m_view;
    QTimer *m_filterDelay;
    QLabel *m_placeholder;
    QString m_placeholderText;
    QString m_restoreId; // selected before a reset, selected again once fetched
    int m_restoreFetches = 0;
    bool m_restoring = false;
};
