// Browsing events date first in the desktop app, against the real
// deltadesk-server (--demo, events half a year either side of its start):
// the quick filters (dates, status, My shifts) and the text filter narrow
// the table together and the bar counts "N of M"; a filter matching nothing
// says so and how to widen it; the tab opens at the next upcoming event (or
// the last one when none is ahead) by an injected clock, never the real
// date; the choice is remembered; and the client, tariff and title columns
// sort by what they show, in natural order, both ways. The expectations
// come from the server's own documents.

#include "cachereader.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "eventdetailspane.h"
#include "eventfilterbar.h"
#include "mainwindow.h"
#include "protocol.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {
constexpr int longWait = 30000;
const QString events = QStringLiteral("events");

struct Event
{
    QString id;
    QDateTime start;
    QString status;
    QStringList staff;
};

QList<QJsonObject> allDocuments(TestHttp &http, const QString &collection)
{
    QList<QJsonObject> out;
    QString cursor = QStringLiteral("0");
    for (int guard = 0; guard < 1000; ++guard) {
        const QJsonObject page
            = http.get(QStringLiteral("/api/%1?cursor=%2").arg(collection, cursor)).json();
        for (const QJsonValue &v : page.value(collection).toArray())
            out.append(v.toObject());
        cursor = page.value(QStringLiteral("cursor")).toString();
        if (!page.value(QStringLiteral("hasMore")).toBool())
            break;
    }
    return out;
}

// Natural order as a person reads it, worked out apart from the cache's
// keys: runs of digits by their value, the rest by text, case aside.
int naturalCompare(const QString &a, const QString &b)
{
    static const QRegularExpression runs(QStringLiteral("\\d+|\\D+"));
    auto x = runs.globalMatch(a.toCaseFolded());
    auto y = runs.globalMatch(b.toCaseFolded());
    while (x.hasNext() && y.hasNext()) {
        const QString p = x.next().captured();
        const QString q = y.next().captured();
        int c = 0;
        if (p.at(0).isDigit() && q.at(0).isDigit())
            c = p.toULongLong() < q.toULongLong() ? -1
                                                  : (p.toULongLong() > q.toULongLong() ? 1 : 0);
        else
            c = p.compare(q);
        if (c != 0)
            return c;
    }
    return int(x.hasNext()) - int(y.hasNext());
}

// The local days [first, afterLast) as the bar means them.
qsizetype countBetween(const QList<Event> &all, const QDate &first, const QDate &afterLast)
{
    return std::count_if(all.begin(), all.end(), [&](const Event &e) {
        return e.start >= first.startOfDay() && e.start < afterLast.startOfDay();
    });
}
} // namespace

class TestEventBrowsing : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void filtersNarrowTogetherAndCount();
    void emptyResultSaysHowToWiden();
    void opensAtNextUpcomingEvent();
    void opensAtLastWhenNoneIsAhead();
    void choiceIsRemembered();
    void sortsByShownNamesInNaturalOrder();
    void deletedCurrentEventLeavesNoneCurrent();
    void picturesForDocs();

private:
    // Logs in as staff with the clock at `now`; returns once the events
    // are all in the table's count and the model is settled.
    bool startAt(const QDateTime &now, bool withLogin = true);
    void checkSortedByShownText(int column, Qt::SortOrder order);
    CollectionTab *tab() const { return m_session->mainWindow()->tab(events); }
    CollectionModel *model() const { return tab()->model(); }
    EventFilterBar *bar() const { return m_session->mainWindow()->eventFilters(); }
    bool settled() const
    {
        return QTest::qWaitFor([this] { return model()->isSettled(); }, longWait);
    }
    QString countText(qsizetype shown) const
    {
        return QStringLiteral("%1 of %2 event(s)")
            .arg(QLocale().toString(qint64(shown)), QLocale().toString(qint64(m_events.size())));
    }

    std::unique_ptr<ServerProcess> m_server;
    QList<Event> m_events; // by start, then id: the table's own order
    QString m_staffUserId; // the users document the staff account is
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<DesktopSession> m_session;
};

void TestEventBrowsing::initTestCase()
{
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start({QStringLiteral("--demo")}), m_server->standardError().constData());
    TestHttp http(m_server->url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    for (const QJsonObject &doc : allDocuments(http, events)) {
        Event e;
        e.id = doc.value(QStringLiteral("_id")).toString();
        e.start = Protocol::parseTimestamp(doc.value(QStringLiteral("startsAt")).toString())
                      .value_or(QDateTime());
        e.status = doc.value(QStringLiteral("status")).toString();
        for (const QJsonValue &s : doc.value(QStringLiteral("staffing")).toArray())
            e.staff.append(s.toObject().value(QStringLiteral("userId")).toString());
        m_events.append(e);
    }
    QCOMPARE(m_events.size(), qsizetype(1000));
    std::sort(m_events.begin(), m_events.end(), [](const Event &a, const Event &b) {
        return a.start != b.start ? a.start < b.start : a.id.toUtf8() < b.id.toUtf8();
    });
    // The staff account is a person of the users collection, by name.
    TestHttp staff(m_server->url());
    const HttpResult login = staff.postJson(QStringLiteral("/api/auth/login"),
                                            {{QStringLiteral("username"), QStringLiteral("staff")},
                                             {QStringLiteral("password"), QStringLiteral("staff")}});
    const QString name = login.json()
                             .value(QStringLiteral("user"))
                             .toObject()
                             .value(QStringLiteral("name"))
                             .toString();
    QStringList ids;
    for (const QJsonObject &u : allDocuments(http, QStringLiteral("users"))) {
        if (u.value(QStringLiteral("name")).toString() == name)
            ids.append(u.value(QStringLiteral("_id")).toString());
    }
    QVERIFY2(!ids.isEmpty(), qPrintable(name));
    std::sort(ids.begin(), ids.end());
    m_staffUserId = ids.constFirst();
}

void TestEventBrowsing::cleanupTestCase()
{
    m_server.reset();
}

void TestEventBrowsing::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    m_state = std::make_unique<QTemporaryDir>();
}

void TestEventBrowsing::cleanup()
{
    m_session.reset();
    m_state.reset();
}

bool TestEventBrowsing::startAt(const QDateTime &now, bool withLogin)
{
    m_session = DesktopTest::startSession(m_state->path(),
                                          m_server->url(),
                                          QStringLiteral("staff"),
                                          withLogin);
    if (!m_session)
        return false;
    // Before the event loop runs: the table's rows come later.
    bar()->setClock([now] { return now; });
    return DesktopTest::waitLive(m_session.get(), longWait)
           && QTest::qWaitFor([this] { return model()->collectionCount() == 1000; }, longWait)
           && settled();
}

void TestEventBrowsing::filtersNarrowTogetherAndCount()
{
    // A reference time between the demo's events, in local time.
    const QDateTime now = m_events.at(500).start.toLocalTime().addSecs(-60);
    QVERIFY(startAt(now));
    QAbstractItemModelTester tester(model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(bar()->countText(), QStringLiteral("%1 event(s)").arg(QLocale().toString(1000)));
    const QDate today = now.date();

    bar()->setRange(EventFilterBar::Range::Today);
    QVERIFY(settled());
    qsizetype expected = countBetween(m_events, today, today.addDays(1));
    QVERIFY(expected > 0);
    QCOMPARE(model()->totalCount(), expected);
    QTRY_COMPARE(bar()->countText(), countText(expected));

    bar()->setRange(EventFilterBar::Range::ThisWeek);
    QVERIFY(settled());
    const int firstDay = int(QLocale().firstDayOfWeek());
    const QDate weekStart = today.addDays(-((today.dayOfWeek() - firstDay + 7) % 7));
    expected = countBetween(m_events, weekStart, weekStart.addDays(7));
    QCOMPARE(model()->totalCount(), expected);
    QTRY_COMPARE(bar()->countText(), countText(expected));

    bar()->setRange(EventFilterBar::Range::ThisMonth);
    QVERIFY(settled());
    const QDate monthStart(today.year(), today.month(), 1);
    expected = countBetween(m_events, monthStart, monthStart.addMonths(1));
    QCOMPARE(model()->totalCount(), expected);

    // A custom range counts both of its days, given either way round.
    bar()->setRange(EventFilterBar::Range::Custom);
    bar()->setCustomRange(today.addDays(10), today.addDays(-10));
    QVERIFY(settled());
    expected = countBetween(m_events, today.addDays(-10), today.addDays(11));
    QCOMPARE(model()->totalCount(), expected);
    QTRY_COMPARE(bar()->countText(), countText(expected));

    // Status and My shifts narrow the same days further.
    bar()->setStatus(QStringLiteral("confirmed"));
    QVERIFY(settled());
    const auto inRange = [&](const Event &e) {
        return e.start >= today.addDays(-10).startOfDay()
               && e.start < today.addDays(11).startOfDay();
    };
    expected = std::count_if(m_events.begin(), m_events.end(), [&](const Event &e) {
        return inRange(e) && e.status == QLatin1String("confirmed");
    });
    QCOMPARE(model()->totalCount(), expected);
    QCOMPARE(bar()->userId(), m_staffUserId);
    bar()->setMyShifts(true);
    QVERIFY(settled());
    const auto mine = [&](const Event &e) {
        return inRange(e) && e.status == QLatin1String("confirmed")
               && e.staff.contains(m_staffUserId);
    };
    expected = std::count_if(m_events.begin(), m_events.end(), mine);
    QCOMPARE(model()->totalCount(), expected);
    QTRY_COMPARE(bar()->countText(), countText(expected));
    // Every row shown is one of them.
    QStringList shown;
    for (int r = 0; r < model()->rowCount(); ++r)
        shown.append(model()->idAt(r));
    for (const Event &e : std::as_const(m_events)) {
        if (shown.contains(e.id))
            QVERIFY2(mine(e), qPrintable(e.id));
    }
    QCOMPARE(shown.size(), expected);

    // My shifts over all dates and statuses, then ANDed with the text filter.
    bar()->setRange(EventFilterBar::Range::All);
    bar()->setStatus({});
    QVERIFY(settled());
    expected = std::count_if(m_events.begin(), m_events.end(), [&](const Event &e) {
        return e.staff.contains(m_staffUserId);
    });
    QCOMPARE(model()->totalCount(), expected);
    QVERIFY(expected > 0 && expected < 1000);
    const qint64 withoutText = expected;
    // (Tariffs are named "Wedding tariff 3": the title's "#" picks weddings.)
    tab()->filterEdit()->setText(QStringLiteral("Wedding #"));
    QTRY_COMPARE(model()->filterText(), QStringLiteral("Wedding #"));
    QVERIFY(settled());
    QVERIFY(model()->totalCount() > 0);
    QVERIFY(model()->totalCount() < withoutText);
    for (int r = 0; r < model()->rowCount(); ++r)
        QVERIFY(
            model()->data(model()->index(r, 0)).toString().startsWith(QLatin1String("Wedding #")));
}

void TestEventBrowsing::emptyResultSaysHowToWiden()
{
    const QDateTime now = m_events.at(500).start.toLocalTime();
    QVERIFY(startAt(now));
    QVERIFY(tab()->shownPlaceholder().isEmpty());
    QTRY_VERIFY(!tab()->currentId().isEmpty()); // opened at the upcoming event
    QTRY_VERIFY(m_session->mainWindow()->detailsPane()->isShowingEvent());
    // Years after the last event.
    const QDate far = m_events.constLast().start.date().addYears(3);
    bar()->setRange(EventFilterBar::Range::Custom);
    bar()->setCustomRange(far, far.addDays(6));
    QVERIFY(settled());
    QCOMPARE(model()->rowCount(), 0);
    QTRY_COMPARE(bar()->countText(), countText(0));
    QTRY_VERIFY(!tab()->shownPlaceholder().isEmpty());
    QVERIFY2(tab()->shownPlaceholder().startsWith(QLatin1String("No events from ")),
             qPrintable(tab()->shownPlaceholder()));
    QVERIFY2(tab()->shownPlaceholder().contains(QLatin1String("choose All dates")),
             qPrintable(tab()->shownPlaceholder()));
    // The event open before is not listed: the pane does not show it either.
    QTRY_COMPARE(m_session->mainWindow()->detailsPane()->emptyText(),
                 QStringLiteral("No event selected"));
    // Two filters: the words name both ways out.
    tab()->filterEdit()->setText(QStringLiteral("Gala"));
    QTRY_COMPARE(model()->filterText(), QStringLiteral("Gala"));
    QVERIFY(settled());
    QTRY_VERIFY(tab()->shownPlaceholder().startsWith(QLatin1String("No events match")));
    QVERIFY(tab()->shownPlaceholder().contains(QLatin1String("clear the filter box")));
    // Widened, the rows are back and the words gone.
    bar()->setRange(EventFilterBar::Range::All);
    QVERIFY(settled());
    QVERIFY(model()->rowCount() > 0);
    QVERIFY(tab()->shownPlaceholder().isEmpty());
}

void TestEventBrowsing::opensAtNextUpcomingEvent()
{
    // Just after event 600 started: the next one is 601 (a distinct start).
    int next = 601;
    while (m_events.at(next).start == m_events.at(600).start)
        ++next;
    const QDateTime now = m_events.at(600).start.addSecs(1);
    QVERIFY(startAt(now));
    QTRY_COMPARE(tab()->currentId(), m_events.at(next).id);
    const QModelIndex current = tab()->view()->currentIndex();
    QVERIFY(tab()->view()->viewport()->rect().intersects(tab()->view()->visualRect(current)));
}

void TestEventBrowsing::opensAtLastWhenNoneIsAhead()
{
    QVERIFY(startAt(m_events.constLast().start.addDays(30)));
    QTRY_COMPARE(tab()->currentId(), m_events.constLast().id);
}

void TestEventBrowsing::choiceIsRemembered()
{
    const QDateTime now = m_events.at(500).start;
    QVERIFY(startAt(now));
    bar()->setRange(EventFilterBar::Range::ThisWeek);
    bar()->setStatus(QStringLiteral("cancelled"));
    bar()->setMyShifts(true);
    QVERIFY(settled());
    const qint64 count = model()->totalCount();
    m_session.reset();
    // The same state dir, the stored login.
    QVERIFY(startAt(now, false));
    QCOMPARE(bar()->range(), EventFilterBar::Range::ThisWeek);
    QCOMPARE(bar()->status(), QStringLiteral("cancelled"));
    QVERIFY(bar()->myShifts());
    QTRY_COMPARE(model()->totalCount(), count);
}

void TestEventBrowsing::sortsByShownNamesInNaturalOrder()
{
    // One session for all (the server allows ten logins a minute).
    QVERIFY(startAt(m_events.at(500).start));
    QAbstractItemModelTester tester(model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const int column : {0, 4, 6}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            checkSortedByShownText(column, order);
            if (QTest::currentTestFailed()) {
                qWarning() << "sorting column" << column << order;
                return;
            }
        }
    }
}

void TestEventBrowsing::checkSortedByShownText(int column, Qt::SortOrder order)
{
    tab()->view()->sortByColumn(column, order);
    QVERIFY(settled());
    for (int guard = 0; guard < 100 && model()->canFetchMore({}); ++guard) {
        model()->fetchMore({});
        QVERIFY(settled());
    }
    QCOMPARE(model()->rowCount(), 1000);
    QStringList shown;
    for (int r = 0; r < model()->rowCount(); ++r) {
        const QModelIndex cell = model()->index(r, column);
        QTRY_VERIFY(!model()->data(cell).toString().isEmpty()); // cells may be re-read
        shown.append(model()->data(cell).toString());
    }
    // The shown text (names, never c-/t- ids) in natural order, both ways.
    for (qsizetype i = 1; i < shown.size(); ++i) {
        const int c = naturalCompare(shown.at(i - 1), shown.at(i));
        QVERIFY2(order == Qt::AscendingOrder ? c <= 0 : c >= 0,
                 qPrintable(shown.at(i - 1) + QLatin1String(" / ") + shown.at(i)));
        QVERIFY2(!shown.at(i).contains(QRegularExpression(QStringLiteral("^[ct]-\\d+$"))),
                 qPrintable(shown.at(i)));
    }
    // Not merely text order: somewhere "#9" sorts before "#10" (or "tariff
    // 9" before "tariff 10"), where text would put it after. Clients' names
    // have no numbers.
    if (column == 4)
        return;
    QStringList asText = shown;
    std::stable_sort(asText.begin(), asText.end(), [order](const QString &a, const QString &b) {
        const int c = a.compare(b, Qt::CaseInsensitive);
        return order == Qt::AscendingOrder ? c < 0 : c > 0;
    });
    QVERIFY(shown != asText);
}

void TestEventBrowsing::deletedCurrentEventLeavesNoneCurrent()
{
    // Opening at the upcoming event happens after a choice, not after any
    // change: the current event deleted on the server leaves no row current
    // (as everywhere in the table), rather than a neighbour the user did not
    // pick. Last here: it deletes one of the demo's events.
    const int at = 700;
    QVERIFY(startAt(m_events.at(at).start.addSecs(-1)));
    QTRY_COMPARE(tab()->currentId(), m_events.at(at).id);
    const QString id = m_events.at(at).id;
    bar()->setStatus(m_events.at(at).status); // still among the rows
    QVERIFY(settled());
    QTRY_COMPARE(tab()->currentId(), id);
    TestHttp http(m_server->url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    QCOMPARE(http.request("DELETE", QStringLiteral("/api/events/") + id).status, 204);
    m_events.removeAt(at);
    QTRY_COMPARE_WITH_TIMEOUT(model()->rowOfId(id), -1, longWait);
    QVERIFY(settled());
    // Reads are answered in the order asked: past this one, any read the
    // settled table started has been answered too.
    bool fenced = false;
    m_session->reader()->read(
        this, [](const QString &) { return 0; }, [&fenced](int) { fenced = true; });
    QTRY_VERIFY(fenced);
    QVERIFY(tab()->currentId().isEmpty());
    QVERIFY(tab()->pendingSelectId().isEmpty());
}

void TestEventBrowsing::picturesForDocs()
{
    // DELTADESK_SCREENSHOT_DIR set: pictures of the events tab with its
    // quick filters for docs/screenshots (nothing is asserted on them);
    // "-200pct" under QT_SCALE_FACTOR=2.
    const QString dir = qEnvironmentVariable("DELTADESK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("DELTADESK_SCREENSHOT_DIR not set");
    QVERIFY(startAt(m_events.at(500).start.toLocalTime().addSecs(-60)));
    bar()->setRange(EventFilterBar::Range::ThisMonth);
    bar()->setStatus(QStringLiteral("confirmed"));
    QVERIFY(settled());
    QTRY_VERIFY(!tab()->currentId().isEmpty());
    MainWindow *window = m_session->mainWindow();
    window->resize(window->fontMetrics().averageCharWidth() * 170,
                   window->fontMetrics().height() * 40);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(model()->isSettled() && !model()->data(model()->index(0, 0)).toString().isEmpty());
    const QModelIndex current = tab()->view()->currentIndex();
    QTRY_COMPARE(window->detailsPane()->titleLabel()->text(),
                 model()->data(current.siblingAtColumn(0)).toString());
    // New rows of the pane are shown a turn after they are laid out.
    const QString location = model()->data(current.siblingAtColumn(3)).toString();
    QTRY_VERIFY([&] {
        const auto labels = window->detailsPane()->findChildren<QLabel *>();
        return std::any_of(labels.begin(), labels.end(), [&](const QLabel *l) {
            return l->text() == location && l->isVisible();
        });
    }());
    const QString suffix = qEnvironmentVariable("QT_SCALE_FACTOR") == QLatin1String("2")
                               ? QStringLiteral("-200pct")
                               : QString();
    QVERIFY(window->grab().save(dir + QStringLiteral("/events-filters") + suffix
                                + QStringLiteral(".png")));
}

QTEST_MAIN(TestEventBrowsing)
#include "tst_eventbrowsing.moc"
