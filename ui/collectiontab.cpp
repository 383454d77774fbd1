#include "collectiontab.h"

#include "collectioncolumns.h"
#include "collectionmodel.h"
#include "rowanchor.h"
#include "tablewriter.h"

#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

CollectionTab::CollectionTab(CollectionModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_filterDelay(new QTimer(this))
    , m_placeholder(new QLabel(m_view->viewport()))
{
    m_model->setParent(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->hide();
    m_view->viewport()->installEventFilter(this);
    m_filter->installEventFilter(this);
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));

    // Connected before the view's selection model is: this runs before it
    // moves the current index off the removed row.
    connect(m_model,
            &QAbstractItemModel::rowsAboutToBeRemoved,
            this,
            [this](const QModelIndex &, int first, int last) {
                const QModelIndex current = m_view->selectionModel()->currentIndex();
                if (current.isValid() && current.row() >= first && current.row() <= last)
                    m_removedCurrentId = m_model->idAt(current.row());
            });
    m_view->setModel(m_model);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_removedCurrentId.isEmpty())
            return;
        const QString id = std::exchange(m_removedCurrentId, QString());
        const bool moved = id == std::exchange(m_movedCurrentId, QString());
        m_clearingRemoved = true;
        m_view->selectionModel()->clear();
        m_clearingRemoved = false;
        if (moved) // still there, further down: fetched up to and selected again
            selectId(id, std::exchange(m_movedCurrentInSight, false));
        else
            emit currentRemoved(id);
    });
    connect(m_model, &CollectionModel::movedPastFetched, this, [this](const QString &id) {
        if (id != currentId())
            return;
        m_movedCurrentId = id;
        const int row = m_model->rowOfId(id);
        const int y = m_view->rowViewportPosition(row);
        m_movedCurrentInSight = y + m_view->rowHeight(row) > 0 && y < m_view->viewport()->height();
    });
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    m_view->verticalHeader()->setVisible(false);
    // Fixed row height: no per-row size hints, so 1M rows scroll without
    // measuring each one.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    const auto &columns = m_model->columns();
    const QFontMetrics fm = m_view->fontMetrics();
    const int padding = fm.averageCharWidth() * 3;
    const QString sampleTime
        = CollectionColumns::displayText(ColumnDef{QString(), QString(), ColumnDef::Kind::Timestamp},
                                         QStringLiteral("2026-12-28T23:59:00.000Z"));
    for (int c = 0; c < columns.size(); ++c) {
        // Widths are given for a 7 px average glyph; scale with the font, and
        // never narrower than a whole timestamp.
        int width = int(columns.at(c).defaultWidth * fm.averageCharWidth() / 7.0);
        if (columns.at(c).kind == ColumnDef::Kind::Timestamp)
            width = qMax(width, fm.horizontalAdvance(sampleTime) + padding);
        width = qMax(width, fm.horizontalAdvance(columns.at(c).title) + 2 * padding);
        m_view->setColumnWidth(c, width);
    }
    // Indicator first: enabling sorting sorts by whatever it shows.
    m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_view->setSortingEnabled(true);

    m_filterDelay->setObjectName(QStringLiteral("filterDelay"));
    m_filterDelay->setSingleShot(true);
    // Query once typing pauses (Enter applies at once): the reader cancels
    // a stale query anyway, but a fast typist need not start one per key.
    m_filterDelay->setInterval(80);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, [this] {
        m_model->setFilterText(m_filter->text());
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_filterDelay->stop();
        m_model->setFilterText(m_filter->text());
        m_view->setFocus();
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit activated(m_model->idAt(index.row()));
    });
    connect(m_view->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                if (!m_removedCurrentId.isEmpty() || m_clearingRemoved)
                    return; // currentRemoved() says it
                if (!m_restoring) {
                    m_restoreId.clear(); // the user moved on
                    m_selectId.clear();
                }
                emit currentChanged(m_model->idAt(current.row()));
            });
    connect(m_model,
            &QAbstractItemModel::modelAboutToBeReset,
            this,
            &CollectionTab::rememberCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CollectionTab::restoreCurrent);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_restoreId.isEmpty())
            restoreCurrent();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CollectionTab::trySelectPending);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CollectionTab::trySelectPending);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CollectionTab::updatePlaceholder);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CollectionTab::updatePlaceholder);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CollectionTab::updatePlaceholder);
    connect(m_model, &CollectionModel::settled, this, &CollectionTab::updatePlaceholder);
    // Last: it leaves alone a scroll the handlers above made on purpose.
    new RowAnchor(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_view);
    setFocusProxy(m_view);
}

void CollectionTab::rememberCurrent()
{
    if (const QString id = currentId(); !id.isEmpty()) {
        m_restoreId = id;
        m_restoreFetches = 0;
    }
}

void CollectionTab::restoreCurrent()
{
    // Pages are fetched up to the row (asynchronously: rowsInserted calls
    // again), within a bound: a row far down a million is not worth it.
    constexpr int maxFetches = 400;
    if (m_restoreId.isEmpty())
        return;
    const int row = m_model->rowOfId(m_restoreId);
    if (row < 0) {
        if (m_model->canFetchMore({}) && m_restoreFetches++ < maxFetches) {
            m_model->fetchMore({});
        } else {
            // Gone (filtered out, deleted), or too far down. The reset left
            // no row current without a signal: say so, or the side pane
            // would keep showing an event the table no longer lists.
            m_restoreId.clear();
            emit currentChanged(QString());
        }
        return;
    }
    m_restoreId.clear();
    m_restoring = true;
    m_view->selectRow(row);
    m_restoring = false;
    m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

void CollectionTab::selectId(const QString &id, bool scroll)
{
    m_selectId = id;
    m_selectScrolls = scroll;
    m_selectFetches = 0;
    m_selectAsked.start();
    trySelectPending();
}

void CollectionTab::trySelectPending()
{
    // A saved event reaches the cache through the stream, usually well
    // within a second; past the bound the user has moved on.
    constexpr qint64 maxWaitMs = 15000;
    constexpr int maxFetches = 400;
    if (m_selectId.isEmpty())
        return;
    if (m_selectAsked.hasExpired(maxWaitMs)) {
        m_selectId.clear();
        return;
    }
    const int row = m_model->rowOfId(m_selectId);
    if (row < 0) {
        // Not fetched yet (further down), or not in the cache yet: a page
        // or the stream's insert calls again.
        if (m_model->canFetchMore({}) && m_selectFetches++ < maxFetches)
            m_model->fetchMore({});
        return;
    }
    m_selectId.clear();
    m_restoring = true;
    m_view->selectRow(row);
    m_restoring = false;
    if (m_selectScrolls)
        m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

QString CollectionTab::currentId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->idAt(current.row()) : QString();
}

QStringList CollectionTab::selectedIds() const
{
    QList<QModelIndex> rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QStringList ids;
    ids.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows))
        ids.append(m_model->idAt(index.row()));
    return ids;
}

QList<int> CollectionTab::shownColumns() const
{
    const QHeaderView *header = m_view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    return columns;
}

QString CollectionTab::selectionText() const
{
    QList<QModelIndex> rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    std::sort(rows.begin(), rows.end());
    const QList<int> columns = shownColumns();
    QStringList cells;
    for (int column : columns)
        cells.append(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    QString text = TableWriter::tsvLine(cells);
    for (const QModelIndex &row : std::as_const(rows)) {
        cells.clear();
        for (int column : columns)
            cells.append(m_model->index(row.row(), column).data(Qt::DisplayRole).toString());
        text += TableWriter::tsvLine(cells);
    }
    return text;
}

void CollectionTab::copySelection()
{
    const QString text = selectionText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void CollectionTab::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

QString CollectionTab::settingsKey() const
{
    return QLatin1String("ui/columns/") + m_model->collection();
}

QString CollectionTab::splitterKey() const
{
    return QLatin1String("ui/splitter/") + m_model->collection();
}

void CollectionTab::setSidePane(QWidget *pane)
{
    if (m_sidePane || !pane)
        return;
    m_sidePane = pane;
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->setChildrenCollapsible(true);
    // The layout hands back the item that held the view: ours to delete.
    delete layout()->replaceWidget(m_view, m_splitter);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(pane);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setCollapsible(0, false);
    // Until the user drags it (then restoreState brings that back): the
    // details get two fifths, room for their amounts.
    m_splitter->setSizes({600, 400});
}

bool CollectionTab::isSidePaneVisible() const
{
    return m_splitter && !m_sidePane->isHidden() && m_splitter->sizes().value(1) > 0;
}

void CollectionTab::showSidePane()
{
    if (!m_splitter || isSidePaneVisible())
        return;
    m_sidePane->show();
    const int total = qMax(m_splitter->width(), 2);
    const int pane = qMax(m_sidePane->minimumSizeHint().width(), total * 2 / 5);
    m_splitter->setSizes({qMax(1, total - pane), pane});
}

void CollectionTab::saveState(QSettings &settings) const
{
    settings.setValue(settingsKey(), m_view->horizontalHeader()->saveState());
    if (m_splitter)
        settings.setValue(splitterKey(), m_splitter->saveState());
}

void CollectionTab::restoreState(const QSettings &settings)
{
    const QByteArray state = settings.value(settingsKey()).toByteArray();
    if (!state.isEmpty())
        m_view->horizontalHeader()->restoreState(state); // also re-sorts via the indicator
    if (m_splitter) {
        const QByteArray sizes = settings.value(splitterKey()).toByteArray();
        if (!sizes.isEmpty())
            m_splitter->restoreState(sizes);
    }
}

void CollectionTab::setPlaceholderText(const QString &text)
{
    m_placeholderText = text;
    updatePlaceholder();
}

void CollectionTab::setEmptyText(const QString &text)
{
    m_emptyText = text;
    updatePlaceholder();
}

void CollectionTab::addFilterBar(QWidget *bar)
{
    bar->setParent(this);
    static_cast<QVBoxLayout *>(layout())->insertWidget(1, bar);
}

QString CollectionTab::shownPlaceholder() const
{
    return m_placeholder->isHidden() ? QString() : m_placeholder->text();
}

void CollectionTab::updatePlaceholder()
{
    // The empty text waits for the answer: an empty table while the first
    // page is on its way is not "no events".
    QString text = m_placeholderText;
    if (text.isEmpty() && m_model->isSettled())
        text = m_emptyText;
    m_placeholder->setText(text);
    m_placeholder->setVisible(!text.isEmpty() && m_model->rowCount() == 0);
}

bool CollectionTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_placeholder->setGeometry(m_view->viewport()->rect().adjusted(16, 16, -16, -16));
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        // As in a mail client's search box: Esc clears it, Down goes on to
        // the results.
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && !m_filter->text().isEmpty()) {
            m_filter->clear();
            return true;
        }
        if (key->key() == Qt::Key_Down && key->modifiers() == Qt::NoModifier) {
            if (!m_view->currentIndex().isValid() && m_model->rowCount() > 0)
                m_view->setCurrentIndex(m_model->index(0, 0));
            m_view->setFocus(Qt::TabFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
