#include "mainwindow.h"

#include "aboutdialog.h"
#include "apiclient.h"
#include "cachequery.h"
#include "cachereader.h"
#include "collectioncolumns.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "diagnostics.h"
#include "eventdeleter.h"
#include "eventdetailspane.h"
#include "eventeditordialog.h"
#include "eventfilterbar.h"
#include "namelookup.h"
#include "protocol.h"
#include "shortcutsdialog.h"
#include "statswindow.h"
#include "syncbanner.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "viewexporter.h"
#include "windowfit.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace {
const QString eventsCollection = QStringLiteral("events");
}

MainWindow::MainWindow(const Services &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_lookup(new NameLookup(services.reader, this))
    , m_tabs(new QTabWidget(this))
    , m_statusBar(new SyncStatusBar(services.sync, this))
    , m_banner(new SyncBanner(services.sync, this))
    , m_deleter(new EventDeleter(services.api, services.reader, this))
    , m_offline(services.sync->state() != SyncEngine::State::Live)
{
    setWindowTitle(tr("DeltaDesk"));
    setStatusBar(m_statusBar);
    m_tabs->setDocumentMode(true);
    for (const QString &collection : Protocol::collectionNames()) {
        auto *model = new CollectionModel(m_services.reader, m_lookup, collection);
        auto *tab = new CollectionTab(model, m_tabs);
        tab->setObjectName(collection);
        if (collection == eventsCollection) {
            m_details = new EventDetailsPane(m_services.reader, m_lookup, tab);
            tab->setSidePane(m_details);
            connect(m_details, &EventDetailsPane::escapePressed, tab, [tab] {
                tab->view()->setFocus(Qt::OtherFocusReason);
            });
            connect(m_details, &EventDetailsPane::editRequested, this, &MainWindow::openEditor);
            connect(tab, &CollectionTab::currentChanged, m_details, &EventDetailsPane::setEventId);
            m_eventFilters = new EventFilterBar(tab, m_services.reader, m_services.settings);
        }
        if (m_services.settings)
            tab->restoreState(*m_services.settings);
        m_tabs->addTab(tab, CollectionColumns::title(collection));
        m_tabList.append(tab);
        connect(model, &CollectionModel::totalCountChanged, this, &MainWindow::updateRowCount);
        connect(tab, &CollectionTab::activated, this, [this, collection](const QString &id) {
            if (collection == eventsCollection)
                showDetailsFor(id);
        });
        connect(tab, &CollectionTab::currentChanged, this, &MainWindow::updateActions);
        connect(tab, &CollectionTab::currentRemoved, this, &MainWindow::updateActions);
        // The Delete action names how many it deletes.
        connect(tab->view()->selectionModel(),
                &QItemSelectionModel::selectionChanged,
                this,
                &MainWindow::updateActions);
    }
    // The banner above the tables: the window's news, never a modal box.
    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    auto *bannerRow = new QVBoxLayout;
    const int margin = style()->pixelMetric(QStyle::PM_LayoutTopMargin);
    bannerRow->setContentsMargins(margin, margin, margin, 0);
    bannerRow->addWidget(m_banner);
    column->addLayout(bannerRow);
    column->addWidget(m_tabs, 1);
    setCentralWidget(central);
    connect(m_banner, &SyncBanner::loginRequested, this, &MainWindow::loginRequested);
    connect(m_deleter, &EventDeleter::finished, this, [this](const QString &summary) {
        m_statusBar->showMessage(summary, 10000);
    });
    // A collection's first download fills its table only once complete (the
    // rows are staged, then swapped in): say so in the empty table.
    connect(m_services.sync,
            &SyncController::fullSyncProgress,
            this,
            [this](const QString &collection, qint64 documents, qint64, qint64 total) {
                if (CollectionTab *t = tab(collection))
                    t->setPlaceholderText(
                        total > 0 ? tr("Downloading %1: %L2 of %L3 documents.\nThe table fills "
                                       "when the download is complete.")
                                        .arg(CollectionColumns::title(collection))
                                        .arg(documents)
                                        .arg(total)
                                  : tr("Downloading %1: %L2 documents.\nThe table fills when the "
                                       "download is complete.")
                                        .arg(CollectionColumns::title(collection))
                                        .arg(documents));
            });
    connect(m_services.sync, &SyncController::roundFinished, this, [this](const QString &collection) {
        if (CollectionTab *t = tab(collection))
            t->setPlaceholderText({});
    });
    // Writes need the server: offline, or once it ended the session, the
    // write actions say why they are off.
    connect(m_services.sync, &SyncController::stateChanged, this, [this](SyncEngine::State state) {
        if (state == SyncEngine::State::Live) {
            m_sessionEnded = false;
            m_offline = false;
        } else if (state == SyncEngine::State::Offline) {
            m_offline = true;
        }
        updateActions();
    });
    connect(m_services.sync, &SyncController::loginRequired, this, [this] {
        m_sessionEnded = true;
        updateActions();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateRowCount();
        updateActions();
    });
    createActions();
    createMenus();
    if (CollectionTab *t = tab(eventsCollection); t && t->splitter()) {
        // Dragged shut or open by hand: the View menu's check says so.
        connect(t->splitter(), &QSplitter::splitterMoved, this, [this, t] {
            const QSignalBlocker blocker(m_showDetails);
            m_showDetails->setChecked(t->isSidePaneVisible());
        });
    }
    setCanWriteEvents(false);
    updateRowCount();

    if (m_services.settings) {
        const QByteArray geometry
            = m_services.settings->value(QStringLiteral("ui/geometry")).toByteArray();
        // Saved on a larger screen or at another scale: clamped to this one.
        if (!WindowFit::restoreGeometry(this, geometry))
            resize(fontMetrics().averageCharWidth() * 170, fontMetrics().height() * 40);
        restoreState(m_services.settings->value(QStringLiteral("ui/windowState")).toByteArray());
    } else {
        resize(fontMetrics().averageCharWidth() * 170, fontMetrics().height() * 40);
    }
    WindowFit::clampToScreen(this);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_refresh = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Refresh"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Fetch the changes now (F5)"));
    connect(m_refresh, &QAction::triggered, this, [this] {
        m_statusBar->noteRefreshRequested();
        m_services.sync->refresh();
    });

    m_resync = new QAction(tr("&Full resync"), this);
    m_resync->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5));
    m_resync->setToolTip(tr("Fetch the whole current collection again"));
    connect(m_resync, &QAction::triggered, this, [this] {
        if (CollectionTab *tab = currentTab())
            m_services.sync->resync(tab->model()->collection());
    });

    m_logout = new QAction(tr("&Log out…"), this);
    connect(m_logout, &QAction::triggered, this, &MainWindow::askLogout);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &MainWindow::close);

    m_export = new QAction(tr("&Export…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_export->setToolTip(tr("Save the rows of the current view as a CSV file"));
    connect(m_export, &QAction::triggered, this, [this] {
        if (CollectionTab *tab = currentTab())
            (new ViewExporter(m_services.reader, tab, this))->askPath();
    });

    // A window shortcut: a line edit with the focus still copies its own text.
    m_copy = new QAction(tr("&Copy"), this);
    m_copy->setShortcut(QKeySequence::Copy);
    connect(m_copy, &QAction::triggered, this, [this] {
        if (CollectionTab *tab = currentTab())
            tab->copySelection();
    });

    m_find = new QAction(tr("&Filter…"), this);
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, [this] {
        if (CollectionTab *tab = currentTab())
            tab->focusFilter();
    });

    m_newEvent = new QAction(tr("&New event…"), this);
    m_newEvent->setShortcut(QKeySequence::New);
    connect(m_newEvent, &QAction::triggered, this, [this] {
        setCurrentCollection(eventsCollection);
        openEditor({});
    });
    m_editEvent = new QAction(tr("&Edit event…"), this);
    m_editEvent->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editEvent, &QAction::triggered, this, [this] {
        if (CollectionTab *t = tab(eventsCollection); t && !t->currentId().isEmpty())
            openEditor(t->currentId());
    });
    m_deleteEvent = new QAction(tr("&Delete event…"), this);
    m_deleteEvent->setShortcut(QKeySequence::Delete);
    connect(m_deleteEvent, &QAction::triggered, this, &MainWindow::deleteSelectedEvents);

    m_showDetails = new QAction(tr("Event &details"), this);
    m_showDetails->setCheckable(true);
    m_showDetails->setChecked(true);
    m_showDetails->setShortcut(QKeySequence(Qt::Key_F9));
    connect(m_showDetails, &QAction::toggled, this, [this](bool on) {
        CollectionTab *t = tab(eventsCollection);
        if (!t || !m_details)
            return;
        if (on)
            t->showSidePane();
        else
            m_details->hide();
    });

    m_showStats = new QAction(tr("Sync &statistics"), this);
    m_showStats->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(m_showStats, &QAction::triggered, this, &MainWindow::showStats);
    m_shortcuts = new QAction(tr("&Keyboard Shortcuts"), this);
    connect(m_shortcuts, &QAction::triggered, this, [this] {
        auto *dialog = new ShortcutsDialog(menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_copyDiagnostics = new QAction(tr("Copy &Diagnostics"), this);
    m_copyDiagnostics->setToolTip(tr("Copy version, server, state and the last error, to paste "
                                     "into a problem report"));
    connect(m_copyDiagnostics, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(diagnosticsText());
        m_statusBar->showMessage(tr("Diagnostics copied: paste them into your report."), 5000);
    });
    m_about = new QAction(tr("&About DeltaDesk"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_refresh);
    file->addAction(m_resync);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_logout);
    file->addAction(m_quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_copy);
    edit->addAction(m_find);
    edit->addSeparator();
    edit->addAction(m_newEvent);
    edit->addAction(m_editEvent);
    edit->addAction(m_deleteEvent);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showDetails);
    view->addAction(m_showStats);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcuts);
    help->addAction(m_copyDiagnostics);
    help->addSeparator();
    help->addAction(m_about);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_refresh);
    bar->addAction(m_resync);
    // With the write actions, or not at all: a tool bar, unlike a menu,
    // shows two separators side by side.
    m_writeSeparator = bar->addSeparator();
    bar->addAction(m_newEvent);
    bar->addAction(m_editEvent);
    bar->addAction(m_deleteEvent);
    bar->addSeparator();
    bar->addAction(m_showStats);
    bar->addAction(m_logout);
}

void MainWindow::setCanWriteEvents(bool canWrite)
{
    m_canWrite = canWrite;
    for (QAction *a : {m_newEvent, m_editEvent, m_deleteEvent, m_writeSeparator})
        a->setVisible(canWrite);
    updateActions();
}

void MainWindow::setLoggedOut(bool loggedOut)
{
    m_loggedOut = loggedOut;
    m_banner->setLoggedOut(loggedOut);
    m_statusBar->setLoggedOut(loggedOut);
    const QString needsLogin = tr("Log in first");
    for (QAction *a : {m_refresh, m_resync, m_logout}) {
        a->setEnabled(!loggedOut);
        a->setStatusTip(loggedOut ? needsLogin : QString());
    }
    updateActions();
}

void MainWindow::setUserName(const QString &name)
{
    m_userName = name;
    if (m_eventFilters)
        m_eventFilters->setUserName(name);
}

void MainWindow::setAccount(const QString &login, const QUrl &server)
{
    // Which account on which server, as a mail client's title says it; the
    // window system may add the application's name after it.
    const QString host = server.port() > 0
                             ? QStringLiteral("%1:%2").arg(server.host()).arg(server.port())
                             : server.host();
    setWindowTitle(login.isEmpty() || host.isEmpty() ? tr("DeltaDesk")
                                                     : tr("DeltaDesk — %1@%2").arg(login, host));
}

CollectionTab *MainWindow::tab(const QString &collection) const
{
    for (CollectionTab *t : m_tabList) {
        if (t->model()->collection() == collection)
            return t;
    }
    return nullptr;
}

CollectionTab *MainWindow::currentTab() const
{
    return qobject_cast<CollectionTab *>(m_tabs->currentWidget());
}

void MainWindow::setCurrentCollection(const QString &collection)
{
    if (CollectionTab *t = tab(collection))
        m_tabs->setCurrentWidget(t);
}

void MainWindow::updateRowCount()
{
    if (CollectionTab *t = currentTab())
        m_statusBar->setRowCount(t->model()->totalCount());
}

QString MainWindow::writeBlockedReason() const
{
    if (m_loggedOut)
        return tr("Not logged in: log in to send changes");
    if (m_sessionEnded)
        return tr("Session ended: log in again to send changes");
    if (m_offline)
        return tr("Offline: changes can't be sent until the server is back");
    return {};
}

void MainWindow::updateActions()
{
    const CollectionTab *t = currentTab();
    const QString blocked = writeBlockedReason();
    const bool canSend = m_canWrite && blocked.isEmpty();
    const bool onEvent = canSend && t && t->model()->collection() == eventsCollection
                         && !t->currentId().isEmpty();
    m_newEvent->setEnabled(canSend);
    m_editEvent->setEnabled(onEvent);
    m_deleteEvent->setEnabled(onEvent);
    // Summed over the ranges, not selectedRows(): Ctrl+A over a million
    // rows must not build an index per row on every selection change.
    int selected = 0;
    if (t && onEvent) {
        for (const QItemSelectionRange &range : t->view()->selectionModel()->selection())
            selected += range.height();
    }
    m_deleteEvent->setText(selected > 1 ? tr("&Delete %n events…", nullptr, selected)
                                        : tr("&Delete event…"));
    const QString newTip = tr("Create an event (Ctrl+N)");
    const QString editTip = tr("Edit the selected event (Ctrl+E)");
    const QString deleteTip = tr("Delete the selected events (Del)");
    m_newEvent->setToolTip(blocked.isEmpty() ? newTip : blocked);
    m_editEvent->setToolTip(blocked.isEmpty() ? editTip : blocked);
    m_deleteEvent->setToolTip(blocked.isEmpty() ? deleteTip : blocked);
    if (m_details) {
        m_details->setEditVisible(m_canWrite);
        m_details->setEditEnabled(canSend, blocked);
    }
}

void MainWindow::showDetailsFor(const QString &id)
{
    CollectionTab *t = tab(eventsCollection);
    if (!t || !m_details)
        return;
    m_showDetails->setChecked(true);
    t->showSidePane();
    m_details->setEventId(id);
    m_details->focusContent();
}

void MainWindow::onEditorSaved(const QJsonObject &document)
{
    // The change itself arrives through the stream; its row is selected
    // when it is in the table.
    m_statusBar->showMessage(tr("Event saved."), 5000);
    const QString id = document.value(QLatin1String("_id")).toString();
    if (CollectionTab *t = tab(eventsCollection); t && !id.isEmpty()) {
        setCurrentCollection(eventsCollection);
        t->selectId(id);
    }
}

void MainWindow::openEditor(const QString &eventId)
{
    if (!m_canWrite || !writeBlockedReason().isEmpty())
        return;
    if (m_editor) {
        m_editor->raise();
        m_editor->activateWindow();
        return;
    }
    if (eventId.isEmpty()) {
        showEditor({});
        return;
    }
    if (m_openingEditorFor == eventId)
        return; // already being read
    m_openingEditorFor = eventId;
    m_services.reader->read(
        this,
        [eventId](const QString &connection) {
            return CacheQuery(connection, eventsCollection).document(eventId);
        },
        [this, eventId](const std::optional<QJsonObject> &doc) {
            if (m_openingEditorFor != eventId)
                return;
            m_openingEditorFor.clear();
            if (doc && m_canWrite && !m_editor)
                showEditor(*doc);
        });
}

void MainWindow::showEditor(const QJsonObject &doc)
{
    m_editor = new EventEditorDialog(m_services.api, m_lookup, doc, this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    m_editor->watchChanges(m_services.reader);
    connect(m_editor, &EventEditorDialog::saved, this, &MainWindow::onEditorSaved);
    m_editor->open();
    emit editorShown(m_editor);
}

void MainWindow::deleteSelectedEvents()
{
    CollectionTab *t = tab(eventsCollection);
    if (!m_canWrite || !writeBlockedReason().isEmpty() || !t)
        return;
    // By id, as selected now: the rows may have moved since the user picked them.
    QStringList ids = t->selectedIds();
    if (ids.isEmpty() && !t->currentId().isEmpty())
        ids.append(t->currentId());
    m_deleter->start(ids);
}

void MainWindow::askLogout()
{
    auto *box = new QMessageBox(QMessageBox::Question,
                                tr("Log out"),
                                tr("Log out? The local copy of the data is deleted and the next "
                                   "login fetches everything again."),
                                QMessageBox::Yes | QMessageBox::No,
                                this);
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes)
            emit logoutConfirmed();
    });
    box->open();
}

StatsWindow *MainWindow::statsWindow()
{
    if (!m_stats) {
        m_stats = new StatsWindow(m_services.stats, this);
        m_stats->setAttribute(Qt::WA_DeleteOnClose);
    }
    return m_stats;
}

void MainWindow::showStats()
{
    StatsWindow *w = statsWindow();
    w->refresh();
    w->show();
    w->raise();
    w->activateWindow();
}

QString MainWindow::diagnosticsText() const
{
    DiagnosticsFacts facts;
    if (!m_loggedOut && m_services.api)
        facts.server = m_services.api->baseUrl().toString(QUrl::RemoveUserInfo);
    facts.user = m_userName;
    facts.syncState = m_statusBar->stateText();
    facts.lastError = m_services.sync->errorString();
    facts.lastSynced = m_services.sync->lastSynced();
    facts.stateDir = m_stateDir;
    facts.tokenStorage = m_tokenStorageText;
    return Diagnostics::text(facts);
}

void MainWindow::showAbout()
{
    auto *about = new AboutDialog(m_tokenStorageText, m_stateDir, this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

void MainWindow::saveState()
{
    if (!m_services.settings)
        return;
    m_services.settings->setValue(QStringLiteral("ui/geometry"), saveGeometry());
    m_services.settings->setValue(QStringLiteral("ui/windowState"), QMainWindow::saveState());
    for (const CollectionTab *t : std::as_const(m_tabList))
        t->saveState(*m_services.settings);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // Once shown, the frame (title bar, borders) is known: fit it too.
    if (!m_fittedOnShow) {
        m_fittedOnShow = true;
        WindowFit::clampToScreen(this);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    event->accept();
}
