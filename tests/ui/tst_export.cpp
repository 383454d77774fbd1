// Copy and export (issue 10 item 5) in the desktop app against the real
// deltadesk-server (--demo): Ctrl+C copies the selected rows as the table
// shows them (names, not ids) under a header, tab-separated; an export of
// a filtered view writes exactly its rows in the view's order as RFC 4180
// CSV (a title with a comma, quotes and a line break quoted, CRLF after
// each record); an export of the whole view reads past the fetched rows;
// a cancel leaves no file behind.

#include "collectionmodel.h"
#include "collectiontab.h"
#include "csvexportjob.h"
#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "eventfilterbar.h"
#include "mainwindow.h"
#include "namelookup.h"
#include "serverprocess.h"
#include "tablewriter.h"
#include "testhttp.h"
#include "viewexporter.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int longWait = 30000;
const QString events = QStringLiteral("events");
const QString trickyTitle = QStringLiteral("Zephyrfest, the \"late\"\nshow");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void copyOfThreeRowsIsHeaderAndTabbedNames();
    void exportOfAFilteredViewWritesItsRowsAsCsv();
    void exportReadsPastTheFetchedRows();
    void cancelLeavesNoFile();

private:
    std::unique_ptr<DesktopSession> startLive();
    CollectionTab *eventsTab(DesktopSession *s) const { return s->mainWindow()->tab(events); }
    void postEvent(const QString &title, const QString &day);

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_state;
};

void TestExport::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start({QStringLiteral("--demo")}), m_server->standardError().constData());
    m_state = std::make_unique<QTemporaryDir>();
}

void TestExport::cleanup()
{
    m_server.reset();
    m_state.reset();
}

std::unique_ptr<DesktopSession> TestExport::startLive()
{
    auto session = DesktopTest::startAtTheTop(m_state->path(),
                                              m_server->url(),
                                              QStringLiteral("manager"),
                                              longWait);
    if (!session)
        return nullptr;
    // The cells show names, not ids: wait for the clients' names too.
    NameLookup *names = session->mainWindow()->findChild<NameLookup *>();
    if (names
        && !QTest::qWaitFor([names] { return names->isLoaded(QStringLiteral("clients")); },
                            longWait))
        return nullptr;
    return session;
}

void TestExport::postEvent(const QString &title, const QString &day)
{
    TestHttp http(m_server->url());
    http.login(QStringLiteral("admin"), QStringLiteral("admin"));
    const QJsonObject doc{{QStringLiteral("title"), title},
                          {QStringLiteral("startsAt"),
                           QString(day + QStringLiteral("T09:00:00.000Z"))},
                          {QStringLiteral("endsAt"),
                           QString(day + QStringLiteral("T17:00:00.000Z"))},
                          {QStringLiteral("clientId"), QStringLiteral("c-1")}};
    QCOMPARE(http.postJson(QStringLiteral("/api/events"), doc).status, 201);
}

void TestExport::copyOfThreeRowsIsHeaderAndTabbedNames()
{
    auto session = startLive();
    QVERIFY(session);
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    QVERIFY(model->rowCount() >= 5);
    QTableView *view = tab->view();
    QItemSelectionModel *selection = view->selectionModel();
    selection->clearSelection();
    for (int row : {4, 0, 2})
        selection->select(model->index(row, 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QGuiApplication::clipboard()->clear();
    session->mainWindow()->activateWindow();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);

    const QString text = QGuiApplication::clipboard()->text();
    QVERIFY(text.endsWith(QLatin1Char('\n')));
    const QStringList lines = text.chopped(1).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    QStringList titles;
    for (const ColumnDef &column : model->columns())
        titles.append(column.title);
    QCOMPARE(lines.at(0), titles.join(QLatin1Char('\t')));
    const int clientColumn = titles.indexOf(QStringLiteral("Client"));
    QVERIFY(clientColumn >= 0);
    const QList<int> rows{0, 2, 4};
    for (int i = 0; i < rows.size(); ++i) {
        const QStringList cells = lines.at(i + 1).split(QLatin1Char('\t'));
        QCOMPARE(cells.size(), model->columnCount());
        for (int column = 0; column < model->columnCount(); ++column)
            QCOMPARE(cells.at(column), model->index(rows.at(i), column).data().toString());
        const QString clientId
            = model->index(rows.at(i), clientColumn).data(CollectionModel::RawValueRole).toString();
        QVERIFY(!clientId.isEmpty());
        QVERIFY2(cells.at(clientColumn) != clientId, qPrintable(cells.at(clientColumn)));
        QVERIFY(!cells.at(clientColumn).isEmpty());
    }
}

void TestExport::exportOfAFilteredViewWritesItsRowsAsCsv()
{
    auto session = startLive();
    QVERIFY(session);
    postEvent(trickyTitle, QStringLiteral("2031-03-01"));
    postEvent(QStringLiteral("Zephyrfest matinee"), QStringLiteral("2031-01-01"));
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    model->setFilterText(QStringLiteral("zephyrfest"));
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 2 && model->totalCount() == 2
                                 && model->isSettled(),
                             longWait);

    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("events.csv"));
    auto *exporter = new ViewExporter(session->reader(), tab, session->mainWindow());
    QSignalSpy finished(exporter, &ViewExporter::finished);
    QVERIFY(finished.isValid());
    exporter->exportTo(path);
    QVERIFY(finished.wait(longWait));
    QCOMPARE(finished.first().first().toBool(), true);

    const QByteArray csv = readAll(path);
    QVERIFY(csv.endsWith("\r\n"));
    // Header + 2 records; the tricky title's own line break is a bare LF.
    QCOMPARE(csv.count("\r\n"), 3);
    const QList<QByteArray> records = csv.chopped(2).split('\r');
    QCOMPARE(records.size(), 3);
    QVERIFY(records.at(0).startsWith("Title,Start,End,"));
    // The view's order (by start): the matinee first, then the show.
    QVERIFY2(records.at(1).startsWith("\nZephyrfest matinee,"), records.at(1).constData());
    QVERIFY2(records.at(2).startsWith("\n\"Zephyrfest, the \"\"late\"\"\nshow\","),
             records.at(2).constData());
    // The other cells as the table shows them (dates in its format, names).
    for (int row = 0; row < 2; ++row) {
        for (int column = 1; column < model->columnCount(); ++column) {
            const QString shown = model->index(row, column).data().toString();
            QVERIFY2(records.at(row + 1).contains(shown.toUtf8()), qPrintable(shown));
        }
    }
}

void TestExport::exportReadsPastTheFetchedRows()
{
    auto session = startLive();
    QVERIFY(session);
    CollectionTab *tab = eventsTab(session.get());
    CollectionModel *model = tab->model();
    // Small pages and a new sort (by title): the table holds one page only.
    model->setPageSize(20);
    model->sort(0, Qt::AscendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(model->isSettled() && model->index(0, 0).data().isValid(), longWait);
    const int fetched = model->rowCount();
    QVERIFY2(fetched < model->totalCount(), qPrintable(QString::number(fetched)));

    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("all.csv"));
    CsvExportJob job(session->reader(), model, tab->shownColumns(), path);
    job.setPageSize(50);
    QSignalSpy progressed(&job, &CsvExportJob::progressed);
    QSignalSpy finished(&job, &CsvExportJob::finished);
    job.start();
    QVERIFY(finished.wait(longWait));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(progressed.size() > 1);
    const QByteArray csv = readAll(path);
    // Demo titles hold no line breaks: one CRLF per record.
    QCOMPARE(qint64(csv.count("\r\n")), model->totalCount() + 1);
    QCOMPARE(progressed.last().at(0).toLongLong(), model->totalCount());
    // In the view's sort: the first records are the fetched rows.
    const QList<QByteArray> records = csv.split('\n');
    for (int row = 0; row < fetched; ++row)
        QVERIFY(records.at(row + 1).startsWith(
            TableWriter::csvField(model->index(row, 0).data().toString()).toUtf8()));
}

void TestExport::cancelLeavesNoFile()
{
    auto session = startLive();
    QVERIFY(session);
    CollectionTab *tab = eventsTab(session.get());
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("cancelled.csv"));
    CsvExportJob job(session->reader(), tab->model(), tab->shownColumns(), path);
    job.setPageSize(5);
    QSignalSpy finished(&job, &CsvExportJob::finished);
    connect(&job, &CsvExportJob::progressed, &job, [&job](qint64 written) {
        if (written >= 10)
            job.cancel();
    });
    job.start();
    QVERIFY(finished.wait(longWait));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(job.errorString().isEmpty());
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
