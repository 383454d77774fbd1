// A steady live list (issue 9 item 6), in the desktop app against the real
// deltadesk-server (--demo), the changes written by another client: the
// selection follows its event when the event moves in the sort, and the
// view scrolls to it if it was in sight (not if the user had scrolled
// away); rows arriving or leaving above the visible ones leave those at the
// same pixel position; Delete of several selected events names the count,
// deletes them all with If-Match, and a partial failure names the events
// not deleted and why (one changed meanwhile, which stays; one already gone).

#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "eventdeleter.h"
#include "eventdetailspane.h"
#include "eventeditordialog.h"
#include "eventfilterbar.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QAction>
#include <QJsonArray>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int longWait = 30000;
const QString events = QStringLiteral("events");
const QByteArray json = "application/json";

QStringList buttonTexts(const QMessageBox *box)
{
    QStringList texts;
    for (const QAbstractButton *b : box->buttons())
        texts.append(b->text());
    texts.sort();
    return texts;
}

QAbstractButton *buttonNamed(const QMessageBox *box, const QString &text)
{
    for (QAbstractButton *b : box->buttons()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}
} // namespace

class TestSteadyList : public QObject
{
    Q_OBJECT
private slots:
    // Titles are quoted with the locale's marks; the texts below are English.
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init();
    void cleanup();
    void selectionFollowsAMovedEvent();
    void selectionFollowsAnEventMovedPastTheFetchedRows();
    void rowsArrivingAboveKeepTheirPlace();
    void rowUnderThePointerStaysAtTheTop();
    void deleteOfSeveralNamesTheCountAndDeletesAll();
    void partialDeleteSaysWhichAndWhy();
    void singleDeleteAsksByTitle();

private:
    // Logged in as manager (events:write), live, every event fetched into
    // the table, the window on screen.
    std::unique_ptr<DesktopSession> startWithAllRows();
    // The same with the first page only.
    std::unique_ptr<DesktopSession> startLive();
    CollectionTab *eventsTab(DesktopSession *s) const { return s->mainWindow()->tab(events); }
    // Another client: its writes reach the session through the stream.
    TestHttp &otherClient();
    void moveEvent(const QString &id, const QString &day);
    QString serverHead();
    // The ids deleted on the server after `cursor`, and those written.
    QStringList deletedSince(const QString &cursor);
    QStringList writtenSince(const QString &cursor);
    void keepPicture(QWidget *widget, const QString &name);

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<TestHttp> m_other;
};

void TestSteadyList::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("row key out of order")));
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start({QStringLiteral("--demo")}), m_server->standardError().constData());
    m_state = std::make_unique<QTemporaryDir>();
}

void TestSteadyList::cleanup()
{
    m_other.reset();
    m_server.reset();
    m_state.reset();
}

std::unique_ptr<DesktopSession> TestSteadyList::startLive()
{
    return DesktopTest::startAtTheTop(m_state->path(),
                                      m_server->url(),
                                      QStringLiteral("manager"),
                                      longWait);
}

std::unique_ptr<DesktopSession> TestSteadyList::startWithAllRows()
{
    auto session = startLive();
    if (!session)
        return nullptr;
    CollectionModel *model = eventsTab(session.get())->model();
    const bool all = QTest::qWaitFor(
        [model] {
            if (model->canFetchMore({}))
                model->fetchMore({});
            return model->rowCount() > 0 && !model->canFetchMore({}) && model->isSettled();
        },
        longWait);
    if (!all || model->rowCount() != model->totalCount())
        return nullptr;
    // The view lays out new rows on a later turn; until then its scroll
    // range is the old one and a scrollTo() would stop short.
    QTableView *view = eventsTab(session.get())->view();
    const int rowsOnScreen = view->viewport()->height() / view->rowHeight(0);
    if (!QTest::qWaitFor(
            [&] { return view->verticalScrollBar()->maximum() >= model->rowCount() - rowsOnScreen; },
            longWait))
        return nullptr;
    return session;
}

TestHttp &TestSteadyList::otherClient()
{
    if (!m_other) {
        m_other = std::make_unique<TestHttp>(m_server->url());
        m_other->login(QStringLiteral("admin"), QStringLiteral("admin"));
    }
    return *m_other;
}

void TestSteadyList::moveEvent(const QString &id, const QString &day)
{
    const QByteArray body = QStringLiteral(
                                R"({"startsAt":"%1T09:00:00.000Z","endsAt":"%1T17:00:00.000Z"})")
                                .arg(day)
                                .toUtf8();
    QCOMPARE(otherClient()
                 .request("PUT", QStringLiteral("/api/events/") + id, body, {{"Content-Type", json}})
                 .status,
             200);
}

QString TestSteadyList::serverHead()
{
    return otherClient()
        .get(QStringLiteral("/api/roles?cursor=0"))
        .json()
        .value(QStringLiteral("cursor"))
        .toString();
}

QStringList TestSteadyList::deletedSince(const QString &cursor)
{
    QStringList ids;
    const QJsonObject page
        = otherClient().get(QStringLiteral("/api/events?cursor=") + cursor).json();
    for (const QJsonValue &v : page.value(QStringLiteral("deleted")).toArray())
        ids.append(v.toString());
    ids.sort();
    return ids;
}

QStringList TestSteadyList::writtenSince(const QString &cursor)
{
    QStringList ids;
    const QJsonObject page
        = otherClient().get(QStringLiteral("/api/events?cursor=") + cursor).json();
    for (const QJsonValue &v : page.value(events).toArray())
        ids.append(v.toObject().value(QStringLiteral("_id")).toString());
    ids.sort();
    return ids;
}

void TestSteadyList::keepPicture(QWidget *widget, const QString &name)
{
    // DELTADESK_SCREENSHOT_DIR set: pictures for docs/screenshots (nothing
    // is asserted on them).
    if (const QString dir = qEnvironmentVariable("DELTADESK_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

void TestSteadyList::selectionFollowsAMovedEvent()
{
    auto session = startWithAllRows();
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    CollectionTab *tab = eventsTab(session.get());
    QTableView *view = tab->view();
    CollectionModel *model = tab->model();
    const int rows = model->rowCount();
    const QString id = model->idAt(5);
    const QString title = model->index(5, 0).data().toString();
    view->selectRow(5);
    QCOMPARE(tab->currentId(), id);

    // Later than every demo event: it moves to the end of the table.
    moveEvent(id, QStringLiteral("2031-06-02"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(id), rows - 1, longWait);
    QCOMPARE(tab->currentId(), id);
    QCOMPARE(tab->selectedIds(), QStringList{id});
    const QRect rect = view->visualRect(model->index(rows - 1, 0));
    QVERIFY2(view->viewport()->rect().contains(rect), "the moved event is in sight");

    // Ctrl+E opens the event selected, wherever its row went.
    QSignalSpy shown(window, &MainWindow::editorShown);
    window->editEventAction()->trigger();
    QVERIFY(shown.wait(longWait));
    QCOMPARE(window->editor()->titleEdit()->text(), title);
    window->editor()->close();
    QTRY_VERIFY(!window->editor());

    // Scrolled away from it: it moves (to the top) without pulling the view.
    view->scrollTo(model->index(rows / 2, 0), QAbstractItemView::PositionAtTop);
    const QString topId = model->idAt(view->rowAt(0));
    const int topY = view->visualRect(model->index(model->rowOfId(topId), 0)).top();
    moveEvent(id, QStringLiteral("2020-03-02"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(id), 0, longWait);
    QCOMPARE(tab->currentId(), id);
    QCOMPARE(model->idAt(view->rowAt(topY)), topId);
    QCOMPARE(view->visualRect(model->index(model->rowOfId(topId), 0)).top(), topY);
}

void TestSteadyList::selectionFollowsAnEventMovedPastTheFetchedRows()
{
    auto session = startLive();
    QVERIFY(session);
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    // Sorted again: the first page of the 1000 events only.
    const int startColumn = model->sortColumn();
    tab->view()->sortByColumn(0, Qt::AscendingOrder);
    tab->view()->sortByColumn(startColumn, Qt::AscendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(model->isSettled(), longWait);
    QVERIFY(model->canFetchMore({}));
    QVERIFY(model->rowCount() < model->totalCount());
    const QString id = model->idAt(5);
    tab->view()->selectRow(5);

    // Past the page fetched: the table pages down to it and selects it again.
    moveEvent(id, QStringLiteral("2031-06-02"));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(id), int(model->totalCount()) - 1, longWait);
    QTRY_COMPARE_WITH_TIMEOUT(tab->currentId(), id, longWait);
    QCOMPARE(tab->selectedIds(), QStringList{id});
    const QRect rect = tab->view()->visualRect(model->index(model->rowOfId(id), 0));
    QVERIFY2(tab->view()->viewport()->rect().contains(rect), "the moved event is in sight");
}

void TestSteadyList::rowsArrivingAboveKeepTheirPlace()
{
    auto session = startWithAllRows();
    QVERIFY(session);
    CollectionTab *tab = eventsTab(session.get());
    QTableView *view = tab->view();
    CollectionModel *model = tab->model();
    const int rows = model->rowCount();
    view->scrollTo(model->index(rows / 2, 0), QAbstractItemView::PositionAtTop);
    QVERIFY(view->verticalScrollBar()->value() > 0);
    const int middleY = view->viewport()->height() / 2;
    const QString topId = model->idAt(view->rowAt(0));
    const QString middleId = model->idAt(view->rowAt(middleY));
    const int topY = view->visualRect(model->index(model->rowOfId(topId), 0)).top();
    const int middleTop = view->visualRect(model->index(model->rowOfId(middleId), 0)).top();
    const auto samePlaces = [&] {
        return model->idAt(view->rowAt(0)) == topId && model->idAt(view->rowAt(middleY)) == middleId
               && view->visualRect(model->index(model->rowOfId(topId), 0)).top() == topY
               && view->visualRect(model->index(model->rowOfId(middleId), 0)).top() == middleTop;
    };

    // Three new events sorting before every shown one, from another client.
    for (int i = 1; i <= 3; ++i) {
        const QJsonObject doc{{QStringLiteral("title"), QStringLiteral("Early bird %1").arg(i)},
                              {QStringLiteral("startsAt"),
                               QStringLiteral("2020-01-0%1T09:00:00.000Z").arg(i)},
                              {QStringLiteral("endsAt"),
                               QStringLiteral("2020-01-0%1T12:00:00.000Z").arg(i)},
                              {QStringLiteral("clientId"), QStringLiteral("c-1")}};
        QCOMPARE(otherClient().postJson(QStringLiteral("/api/events"), doc).status, 201);
    }
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), rows + 3, longWait);
    QVERIFY2(samePlaces(), "rows inserted above moved the visible ones");

    // Two removed above: the same.
    for (int row : {10, 11}) {
        QCOMPARE(otherClient()
                     .request("DELETE", QStringLiteral("/api/events/") + model->idAt(row))
                     .status,
                 204);
    }
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), rows + 1, longWait);
    QVERIFY2(samePlaces(), "rows removed above moved the visible ones");
}

void TestSteadyList::rowUnderThePointerStaysAtTheTop()
{
    auto session = startWithAllRows();
    QVERIFY(session);
    CollectionTab *tab = eventsTab(session.get());
    QTableView *view = tab->view();
    CollectionModel *model = tab->model();
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    const auto postEarly = [this](const QString &title, const QString &day) {
        const QJsonObject doc{{QStringLiteral("title"), title},
                              {QStringLiteral("startsAt"),
                               QString(day + QStringLiteral("T09:00:00.000Z"))},
                              {QStringLiteral("endsAt"),
                               QString(day + QStringLiteral("T12:00:00.000Z"))},
                              {QStringLiteral("clientId"), QStringLiteral("c-2")}};
        return otherClient().postJson(QStringLiteral("/api/events"), doc).status;
    };

    // At the top with the pointer elsewhere, an arrival at the head shows.
    int rows = model->rowCount();
    QCOMPARE(postEarly(QStringLiteral("First in line"), QStringLiteral("2020-02-01")), 201);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), rows + 1, longWait);
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("First in line"));

    // The pointer on a row: that row stays under it.
    const int y = view->rowViewportPosition(4) + view->rowHeight(4) / 2;
    QTest::mouseMove(view->viewport(), QPoint(20, y));
    QTRY_VERIFY(view->viewport()->underMouse());
    const QString pointed = model->idAt(view->rowAt(y));
    rows = model->rowCount();
    QCOMPARE(postEarly(QStringLiteral("Second in line"), QStringLiteral("2020-01-15")), 201);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), rows + 1, longWait);
    QCOMPARE(model->idAt(view->rowAt(y)), pointed);
    QCOMPARE(view->verticalScrollBar()->value(), 1);
}

void TestSteadyList::deleteOfSeveralNamesTheCountAndDeletesAll()
{
    auto session = startWithAllRows();
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    QStringList ids, titles;
    for (int row = 2; row <= 4; ++row) {
        ids.append(model->idAt(row));
        titles.append(model->index(row, 0).data().toString());
    }
    tab->view()->selectRow(2);
    tab->view()->selectionModel()->select(QItemSelection(model->index(3, 0), model->index(4, 0)),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(tab->selectedIds(), ids);
    QCOMPARE(window->deleteEventAction()->text(), QStringLiteral("&Delete 3 events…"));
    QTRY_VERIFY_WITH_TIMEOUT(window->detailsPane()->isShowingEvent(), longWait);
    keepPicture(window, QStringLiteral("main-window-three-selected"));
    const QString head = serverHead();

    EventDeleter *deleter = window->eventDeleter();
    window->deleteEventAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(deleter->question(), longWait);
    QPointer<QMessageBox> question = deleter->question();
    QTRY_VERIFY(question->isVisible());
    QCOMPARE(question->text(), QStringLiteral("Delete 3 events?"));
    for (const QString &title : std::as_const(titles))
        QVERIFY2(question->informativeText().contains(title), qPrintable(title));
    QCOMPARE(buttonTexts(question),
             (QStringList{QStringLiteral("Cancel"), QStringLiteral("Delete 3 Events")}));
    keepPicture(question, QStringLiteral("delete-events-question"));

    QSignalSpy finished(deleter, &EventDeleter::finished);
    QAbstractButton *deleteButton = buttonNamed(question, QStringLiteral("Delete 3 Events"));
    QVERIFY(deleteButton);
    deleteButton->click();
    QVERIFY(finished.wait(longWait));
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("3 events deleted."));
    QCOMPARE(finished.at(0).at(1).toStringList(), QStringList());
    QVERIFY(!deleter->failureMessage());
    QStringList sorted = ids;
    sorted.sort();
    QCOMPARE(deletedSince(head), sorted);
    for (const QString &id : std::as_const(ids))
        QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(id), -1, longWait);
}

void TestSteadyList::partialDeleteSaysWhichAndWhy()
{
    auto session = startWithAllRows();
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    const QStringList ids{model->idAt(7), model->idAt(8), model->idAt(9)};
    const QString changedTitle = model->index(8, 0).data().toString();
    tab->view()->selectRow(7);
    tab->view()->selectionModel()->select(QItemSelection(model->index(8, 0), model->index(9, 0)),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    EventDeleter *deleter = window->eventDeleter();
    window->deleteEventAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(deleter->question(), longWait);
    QPointer<QMessageBox> question = deleter->question();
    QCOMPARE(question->text(), QStringLiteral("Delete 3 events?"));

    // While the question is open another client changes one of them and
    // deletes another.
    const QString head = serverHead();
    const QString goneTitle = model->index(9, 0).data().toString();
    QCOMPARE(otherClient().request("DELETE", QStringLiteral("/api/events/") + ids.at(2)).status,
             204);
    QCOMPARE(otherClient()
                 .request("PUT",
                          QStringLiteral("/api/events/") + ids.at(1),
                          R"({"notes":"Moved to the big hall."})",
                          {{"Content-Type", json}})
                 .status,
             200);
    QSignalSpy finished(deleter, &EventDeleter::finished);
    QAbstractButton *deleteButton = buttonNamed(question, QStringLiteral("Delete 3 Events"));
    QVERIFY(deleteButton);
    deleteButton->click();
    QVERIFY(finished.wait(longWait));
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("1 deleted; 2 not deleted"));
    QCOMPARE(finished.at(0).at(1).toStringList(), (QStringList{ids.at(1), ids.at(2)}));
    QPointer<QMessageBox> message = deleter->failureMessage();
    QVERIFY(message);
    QCOMPARE(message->text(),
             QStringLiteral("1 deleted; “%1” not deleted: someone changed it meanwhile; "
                            "“%2” not deleted: someone else deleted it already.")
                 .arg(changedTitle, goneTitle));
    keepPicture(message, QStringLiteral("delete-events-partial"));
    message->button(QMessageBox::Ok)->click();
    QTRY_VERIFY(!message);

    // The changed one is still there, as changed.
    QStringList gone{ids.at(0), ids.at(2)};
    gone.sort();
    QCOMPARE(deletedSince(head), gone);
    QCOMPARE(writtenSince(head), QStringList{ids.at(1)});
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(ids.at(0)), -1, longWait);
    QVERIFY(model->rowOfId(ids.at(1)) >= 0);
}

void TestSteadyList::singleDeleteAsksByTitle()
{
    auto session = startWithAllRows();
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    const QString id = model->idAt(3);
    const QString title = model->index(3, 0).data().toString();
    tab->view()->selectRow(3);
    QCOMPARE(window->deleteEventAction()->text(), QStringLiteral("&Delete event…"));
    const QString head = serverHead();
    EventDeleter *deleter = window->eventDeleter();
    window->deleteEventAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(deleter->question(), longWait);
    QPointer<QMessageBox> question = deleter->question();
    QCOMPARE(question->text(), QStringLiteral("Delete “%1”?").arg(title));
    QCOMPARE(buttonTexts(question),
             (QStringList{QStringLiteral("Cancel"), QStringLiteral("Delete Event")}));

    // Cancel deletes nothing; asked again, the button does.
    question->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!question);
    window->deleteEventAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(deleter->question(), longWait);
    QSignalSpy finished(deleter, &EventDeleter::finished);
    QAbstractButton *deleteButton = buttonNamed(deleter->question(), QStringLiteral("Delete Event"));
    QVERIFY(deleteButton);
    deleteButton->click();
    QVERIFY(finished.wait(longWait));
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("Event deleted."));
    QCOMPARE(deletedSince(head), QStringList{id});
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(id), -1, longWait);
}

QTEST_MAIN(TestSteadyList)
#include "tst_steadylist.moc"
