// Staff working with events in the desktop app, against the real
// deltadesk-server (--demo): the details pane shows a staff user the whole
// event (notes, line items with totals, staffing by name, the client card),
// Enter moves the keyboard into it and Esc back; only writers get its Edit
// button. The editor chooses nothing for the user (no client, no tariff),
// a cleared tariff and an added line item reach the server, leaving with
// changes asks first, and a saved event is selected in the table. Offline,
// the write actions are off and say why.

#include "cachepeek.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "eventdetailspane.h"
#include "eventeditordialog.h"
#include "eventformat.h"
#include "eventitemseditor.h"
#include "eventitemsmodel.h"
#include "mainwindow.h"
#include "referencepicker.h"
#include "serverprocess.h"
#include "synccontroller.h"
#include "testhttp.h"

#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int longWait = 30000;
const QString events = QStringLiteral("events");
} // namespace

class TestEventWorkflow : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void detailsPaneShowsTheWholeEventToStaff();
    void enterFocusesThePaneAndEscReturns();
    void splitterIsRemembered();
    void editButtonOnlyForWriters();
    void newEventNeedsAClientAndIsSelectedAfterSave();
    void clearedTariffIsRemovedOnTheServer();
    void addedLineItemChangesTotalAndIsStored();
    void escWithChangesAsks();
    void offlineDisablesWritesAndSaysWhy();

private:
    std::unique_ptr<DesktopSession> startSession(const QString &user, bool withLogin = true);
    bool waitLive(DesktopSession *session);
    CollectionTab *eventsTab(DesktopSession *s) const { return s->mainWindow()->tab(events); }
    // Opens the editor on the table's row and waits for it.
    QPointer<EventEditorDialog> openEditorOn(DesktopSession *s, int row);
    // The server's head: the cursor of a small collection's only page.
    QString serverHead();
    // The event as the server stores it, from the delta endpoint after `cursor`.
    QJsonObject serverDocument(const QString &id, const QString &cursor);

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_state;
};

void TestEventWorkflow::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start({QStringLiteral("--demo")}), m_server->standardError().constData());
    m_state = std::make_unique<QTemporaryDir>();
}

void TestEventWorkflow::cleanup()
{
    m_server.reset();
    m_state.reset();
}

std::unique_ptr<DesktopSession> TestEventWorkflow::startSession(const QString &user, bool withLogin)
{
    return DesktopTest::startSession(m_state->path(), m_server->url(), user, withLogin);
}

bool TestEventWorkflow::waitLive(DesktopSession *session)
{
    return DesktopTest::waitLive(session, longWait);
}

QPointer<EventEditorDialog> TestEventWorkflow::openEditorOn(DesktopSession *s, int row)
{
    MainWindow *window = s->mainWindow();
    eventsTab(s)->view()->selectRow(row);
    QSignalSpy shown(window, &MainWindow::editorShown);
    window->editEventAction()->trigger();
    if (!shown.wait(longWait))
        return nullptr;
    return window->editor();
}

QString TestEventWorkflow::serverHead()
{
    TestHttp http(m_server->url());
    http.login(QStringLiteral("admin"), QStringLiteral("admin"));
    const HttpResult page = http.get(QStringLiteral("/api/roles?cursor=0"));
    return page.json().value(QStringLiteral("cursor")).toString();
}

QJsonObject TestEventWorkflow::serverDocument(const QString &id, const QString &cursor)
{
    TestHttp http(m_server->url());
    http.login(QStringLiteral("admin"), QStringLiteral("admin"));
    const HttpResult page = http.get(QStringLiteral("/api/events?cursor=") + cursor);
    const QJsonArray docs = page.json().value(events).toArray();
    for (const QJsonValue &v : docs) {
        if (v.toObject().value(QStringLiteral("_id")).toString() == id)
            return v.toObject();
    }
    return {};
}

void TestEventWorkflow::detailsPaneShowsTheWholeEventToStaff()
{
    auto session = startSession(QStringLiteral("staff"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 3, longWait);
    EventDetailsPane *pane = session->mainWindow()->detailsPane();
    QVERIFY(pane);
    // The tab opens at the next upcoming event; with none selected the pane
    // says so.
    QTRY_VERIFY_WITH_TIMEOUT(!tab->currentId().isEmpty(), longWait);
    tab->view()->selectionModel()->clear();
    QTRY_COMPARE(pane->emptyText(), QStringLiteral("No event selected"));

    QSignalSpy shown(pane, &EventDetailsPane::shown);
    tab->view()->selectRow(2);
    const QString id = tab->model()->idAt(2);
    QVERIFY(shown.wait(longWait));
    QTRY_VERIFY(pane->isShowingEvent());

    // Checked against the cache file, read here on the test's own connection.
    CachePeek peek(session->cachePath());
    const QJsonObject doc = *peek.document(events, id);
    const QJsonObject client = *peek.document(QStringLiteral("clients"),
                                              doc.value(QStringLiteral("clientId")).toString());
    const QJsonObject tariff = *peek.document(QStringLiteral("tariffs"),
                                              doc.value(QStringLiteral("tariffId")).toString());
    QCOMPARE(pane->titleLabel()->text(), doc.value(QStringLiteral("title")).toString());
    const QString status = doc.value(QStringLiteral("status")).toString();
    QCOMPARE(pane->statusLabel()->text(), status.at(0).toUpper() + status.mid(1));
    QCOMPARE(pane->notesLabel()->text(), doc.value(QStringLiteral("notes")).toString());
    QCOMPARE(pane->fieldText(QStringLiteral("Location:")),
             doc.value(QStringLiteral("location")).toString());

    const QJsonArray items = doc.value(QStringLiteral("lineItems")).toArray();
    QVERIFY(!items.isEmpty());
    QTableWidget *lineItems = pane->lineItemsTable();
    QCOMPARE(lineItems->rowCount(), items.size() + 1); // and the total row
    qint64 totalCents = 0;
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        totalCents += item.value(QStringLiteral("quantity")).toInteger()
                      * item.value(QStringLiteral("amountCents")).toInteger();
    }
    const QString currency = tariff.value(QStringLiteral("currency")).toString();
    QCOMPARE(lineItems->item(int(items.size()), 3)->text(),
             EventFormat::money(totalCents, currency));
    QCOMPARE(lineItems->item(0, 0)->text(),
             items.at(0).toObject().value(QStringLiteral("description")).toString());

    const QJsonArray staff = doc.value(QStringLiteral("staffing")).toArray();
    QTableWidget *staffing = pane->staffingTable();
    QCOMPARE(staffing->rowCount(), staff.size() + 1);
    const QJsonObject firstUser
        = *peek.document(QStringLiteral("users"),
                         staff.at(0).toObject().value(QStringLiteral("userId")).toString());
    QTRY_COMPARE(staffing->item(0, 0)->text(), firstUser.value(QStringLiteral("name")).toString());
    double hours = 0;
    for (const QJsonValue &v : staff)
        hours += v.toObject().value(QStringLiteral("hours")).toDouble();
    QCOMPARE(staffing->item(int(staff.size()), 2)->text(), QLocale().toString(hours, 'g', 6));

    const QString card = pane->clientCard()->text();
    QVERIFY2(card.contains(client.value(QStringLiteral("company")).toString()), qPrintable(card));
    QVERIFY2(card.contains(QStringLiteral("href=\"mailto:")
                           + client.value(QStringLiteral("email")).toString()),
             qPrintable(card));
    QVERIFY2(card.contains(QStringLiteral("href=\"tel:")), qPrintable(card));

    // Live: a change on the server shows; a delete says so.
    TestHttp http(m_server->url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    QCOMPARE(http.request("PUT",
                          QStringLiteral("/api/events/") + id,
                          R"({"notes":"Bring the spare keys."})",
                          {{"Content-Type", "application/json"}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(pane->notesLabel()->text(),
                              QStringLiteral("Bring the spare keys."),
                              longWait);
    QCOMPARE(http.request("DELETE", QStringLiteral("/api/events/") + id).status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(pane->emptyText(),
                              QStringLiteral("This event was deleted."),
                              longWait);
    // The table did not move on to a neighbour behind the user's back.
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->rowOfId(id), -1, longWait);
    QVERIFY(tab->currentId().isEmpty());
    QCOMPARE(pane->emptyText(), QStringLiteral("This event was deleted."));
}

void TestEventWorkflow::enterFocusesThePaneAndEscReturns()
{
    auto session = startSession(QStringLiteral("staff"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    MainWindow *window = session->mainWindow();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 3, longWait);
    EventDetailsPane *pane = window->detailsPane();
    // Hidden by the user: Enter brings it back.
    window->showDetailsAction()->setChecked(false);
    QVERIFY(!tab->isSidePaneVisible());

    tab->view()->setFocus();
    tab->view()->setCurrentIndex(tab->model()->index(1, 0));
    QTest::keyClick(tab->view(), Qt::Key_Return);
    QVERIFY(tab->isSidePaneVisible());
    QTRY_VERIFY(pane->isShowingEvent());
    QVERIFY(window->focusWidget());
    QVERIFY2(pane->isAncestorOf(window->focusWidget()),
             window->focusWidget()->metaObject()->className());
    QCOMPARE(pane->eventId(), tab->model()->idAt(1));

    QTest::keyClick(window->focusWidget(), Qt::Key_Escape);
    QCOMPARE(window->focusWidget(), tab->view());
}

void TestEventWorkflow::splitterIsRemembered()
{
    QList<int> sizes;
    {
        auto session = startSession(QStringLiteral("staff"));
        QVERIFY(session);
        MainWindow *window = session->mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QSplitter *splitter = eventsTab(session.get())->splitter();
        QVERIFY(splitter);
        const int total = splitter->sizes().value(0) + splitter->sizes().value(1);
        splitter->setSizes({total - 300, 300});
        sizes = splitter->sizes();
        window->saveState();
    }
    auto session = startSession(QString(), false); // the same state dir, logged in
    QVERIFY(session);
    QVERIFY(QTest::qWaitForWindowExposed(session->mainWindow()));
    QCOMPARE(eventsTab(session.get())->splitter()->sizes(), sizes);
}

void TestEventWorkflow::editButtonOnlyForWriters()
{
    {
        auto session = startSession(QStringLiteral("staff"));
        QVERIFY(session);
        QVERIFY(waitLive(session.get()));
        CollectionTab *tab = eventsTab(session.get());
        QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 0, longWait);
        EventDetailsPane *pane = session->mainWindow()->detailsPane();
        tab->view()->selectRow(0);
        QTRY_VERIFY(pane->isShowingEvent());
        QVERIFY(pane->editButton()->isHidden());
    }
    m_state = std::make_unique<QTemporaryDir>(); // a fresh login
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 0, longWait);
    EventDetailsPane *pane = session->mainWindow()->detailsPane();
    tab->view()->selectRow(0);
    QTRY_VERIFY(pane->isShowingEvent());
    QVERIFY(!pane->editButton()->isHidden());
    QVERIFY(pane->editButton()->isEnabled());
    QSignalSpy shown(session->mainWindow(), &MainWindow::editorShown);
    pane->editButton()->click();
    QVERIFY(shown.wait(longWait));
    QCOMPARE(session->mainWindow()->editor()->titleEdit()->text(), pane->titleLabel()->text());
}

void TestEventWorkflow::newEventNeedsAClientAndIsSelectedAfterSave()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    MainWindow *window = session->mainWindow();
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 3, longWait);
    QSignalSpy shown(window, &MainWindow::editorShown);
    window->newEventAction()->trigger();
    QCOMPARE(shown.size(), 1);
    QPointer<EventEditorDialog> editor = window->editor();
    // Nothing chosen for the user.
    QCOMPARE(editor->clientPicker()->currentIndex(), -1);
    QCOMPARE(editor->clientPicker()->placeholderText(), QStringLiteral("Choose a client…"));
    QVERIFY(editor->tariffPicker()->currentId().isEmpty());
    QVERIFY(editor->clientPicker()->count() > 10);

    editor->titleEdit()->setText(QStringLiteral("Staff summer party"));
    QSignalSpy saved(editor.data(), &EventEditorDialog::saved);
    editor->save();
    QVERIFY(!editor->clientError()->isHidden());
    QCOMPARE(editor->clientError()->text(), QStringLiteral("Choose a client"));
    QVERIFY(!editor->isSending()); // save() validates first and sends nothing

    // The picker finds a client by part of the company, any case.
    ReferencePicker *picker = editor->clientPicker();
    const QString clientId = QStringLiteral("c-7");
    const QStringList details = picker->entryText(clientId).split(QStringLiteral(" — "));
    QCOMPARE(details.size(), 2);
    picker->completer()->setCompletionPrefix(details.at(1).mid(2, 5).toUpper());
    QVERIFY(picker->completer()->completionCount() > 0);
    picker->setCurrentId(clientId);
    QVERIFY(editor->clientError()->isHidden());
    editor->save();
    QVERIFY2(saved.wait(longWait), qPrintable(editor ? editor->messageText() : QString()));
    const QJsonObject stored = saved.at(0).at(0).toJsonObject();
    QCOMPARE(stored.value(QStringLiteral("clientId")).toString(), clientId);
    QVERIFY(!stored.contains(QStringLiteral("tariffId")));
    const QString id = stored.value(QStringLiteral("_id")).toString();
    QVERIFY(!id.isEmpty());
    // Arrives through the stream, then is selected and scrolled to.
    QTRY_COMPARE_WITH_TIMEOUT(tab->currentId(), id, longWait);
    QTRY_COMPARE(window->detailsPane()->titleLabel()->text(), QStringLiteral("Staff summer party"));
}

void TestEventWorkflow::clearedTariffIsRemovedOnTheServer()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 3, longWait);
    const QString id = tab->model()->idAt(3);
    QPointer<EventEditorDialog> editor = openEditorOn(session.get(), 3);
    QVERIFY(editor);
    QVERIFY(!editor->tariffPicker()->currentId().isEmpty()); // demo events all have one
    const QString head = serverHead();
    QVERIFY(!head.isEmpty());

    editor->tariffPicker()->setCurrentIndex(0); // "No tariff"
    QCOMPARE(editor->tariffPicker()->currentText(), QStringLiteral("No tariff"));
    QSignalSpy saved(editor.data(), &EventEditorDialog::saved);
    editor->save();
    QVERIFY2(saved.wait(longWait), qPrintable(editor ? editor->messageText() : QString()));
    const QJsonObject onServer = serverDocument(id, head);
    QVERIFY(!onServer.isEmpty());
    QVERIFY(!onServer.contains(QStringLiteral("tariffId")));
}

void TestEventWorkflow::addedLineItemChangesTotalAndIsStored()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 3, longWait);
    const QString id = tab->model()->idAt(1);
    QPointer<EventEditorDialog> editor = openEditorOn(session.get(), 1);
    QVERIFY(editor);
    EventItemsEditor *items = editor->lineItemsEditor();
    EventItemsModel *model = items->model();
    const int before = model->rowCount();
    QVERIFY(before > 0);
    const QJsonObject firstBefore = model->items().at(0).toObject();
    const qint64 total = model->totalCents();
    const QString totalText = items->totalLabel()->text();

    items->view()->setCurrentIndex(model->index(before - 1, 0));
    items->addRow();
    QCOMPARE(model->rowCount(), before + 1);
    QVERIFY(model->setData(model->index(before, EventItemsModel::Description),
                           QStringLiteral("Extra chairs")));
    QVERIFY(model->setData(model->index(before, EventItemsModel::Quantity), 3));
    QVERIFY(model->setData(model->index(before, EventItemsModel::UnitPrice), 12.5));
    QCOMPARE(model->totalCents(), total + 3 * 1250);
    QVERIFY(items->totalLabel()->text() != totalText);
    // Moved to the top, and back down one: order is the user's.
    items->moveCurrent(-1);
    QCOMPARE(model->index(before - 1, 0).data().toString(), QStringLiteral("Extra chairs"));

    const QString head = serverHead();
    QSignalSpy saved(editor.data(), &EventEditorDialog::saved);
    editor->save();
    QVERIFY2(saved.wait(longWait), qPrintable(editor ? editor->messageText() : QString()));
    const QJsonArray stored = serverDocument(id, head).value(QStringLiteral("lineItems")).toArray();
    QCOMPARE(stored.size(), before + 1);
    const QJsonObject added = stored.at(before - 1).toObject();
    QCOMPARE(added.value(QStringLiteral("description")).toString(), QStringLiteral("Extra chairs"));
    QCOMPARE(added.value(QStringLiteral("quantity")).toInteger(), 3);
    QCOMPARE(added.value(QStringLiteral("amountCents")).toInteger(), 1250);
    QCOMPARE(stored.at(0).toObject(), firstBefore); // keys the editor does not show kept
}

void TestEventWorkflow::escWithChangesAsks()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 3, longWait);
    QPointer<EventEditorDialog> editor = openEditorOn(session.get(), 0);
    QVERIFY(editor);
    QVERIFY(!editor->isModified());
    editor->titleEdit()->setText(editor->titleEdit()->text() + QStringLiteral(" (moved)"));
    QVERIFY(editor->isModified());

    QTest::keyClick(editor, Qt::Key_Escape);
    QPointer<QMessageBox> prompt = editor->discardPrompt();
    QVERIFY(prompt);
    QCOMPARE(prompt->windowTitle(), QStringLiteral("Discard changes?"));
    QVERIFY(prompt->button(QMessageBox::Save));
    prompt->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!prompt);
    QVERIFY(editor);
    QVERIFY(editor->isVisible());

    editor->close(); // the window's close button asks too
    prompt = editor->discardPrompt();
    QVERIFY(prompt);
    prompt->button(QMessageBox::Discard)->click();
    QTRY_VERIFY(!editor); // closed and deleted

    // Without changes, Esc just closes.
    editor = openEditorOn(session.get(), 0);
    QVERIFY(editor);
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(!editor || !editor->discardPrompt());
    QTRY_VERIFY(!editor);
}

void TestEventWorkflow::offlineDisablesWritesAndSaysWhy()
{
    {
        auto session = startSession(QStringLiteral("manager"));
        QVERIFY(session);
        QVERIFY(waitLive(session.get()));
        QTRY_VERIFY_WITH_TIMEOUT(eventsTab(session.get())->model()->totalCount() > 0, longWait);
        QVERIFY(session->mainWindow()->newEventAction()->isEnabled());
    }
    const quint16 port = m_server->port();
    QVERIFY(m_server->stop());
    auto session = startSession(QString(), false); // the stored token, the server down
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    QVERIFY(window->canWriteEvents());
    CollectionTab *tab = eventsTab(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->rowCount() > 0, longWait);
    tab->view()->selectRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(session->sync()->state() == SyncEngine::State::Offline, longWait);
    const QString why = QStringLiteral("Offline: changes can't be sent until the server is back");
    for (QAction *a :
         {window->newEventAction(), window->editEventAction(), window->deleteEventAction()}) {
        QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
        QCOMPARE(a->toolTip(), why);
    }
    QTRY_VERIFY(window->detailsPane()->isShowingEvent());
    QVERIFY(!window->detailsPane()->editButton()->isEnabled());
    QCOMPARE(window->detailsPane()->editButton()->toolTip(), why);
    window->openEditor({});
    QVERIFY(!window->editor());

    // Back online: writes are on again.
    QVERIFY(m_server->start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
    QVERIFY(waitLive(session.get()));
    QTRY_VERIFY(window->newEventAction()->isEnabled());
    QVERIFY(window->editEventAction()->isEnabled());
    QVERIFY(window->detailsPane()->editButton()->isEnabled());
}

QTEST_MAIN(TestEventWorkflow)
#include "tst_eventworkflow.moc"
