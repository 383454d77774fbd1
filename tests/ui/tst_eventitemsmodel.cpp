// The editor's table of line items and staffing: QAbstractItemModelTester
// over adding, removing, moving and editing rows; totals follow every edit;
// keys the table does not show survive.

#include "eventformat.h"
#include "eventitemsmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

class TestEventItemsModel : public QObject
{
    Q_OBJECT
private slots:
    void lineItemsEditAndTotals();
    void rowsMoveAndRemove();
    void staffingHoursAndIds();
};

namespace {
QJsonArray twoLineItems()
{
    return QJsonArray{QJsonObject{{QStringLiteral("tariffId"), QStringLiteral("t-3")},
                                  {QStringLiteral("description"), QStringLiteral("Chairs")},
                                  {QStringLiteral("quantity"), 10},
                                  {QStringLiteral("amountCents"), 250}},
                      QJsonObject{{QStringLiteral("description"), QStringLiteral("Stage")},
                                  {QStringLiteral("quantity"), 1},
                                  {QStringLiteral("amountCents"), 40000}}};
}
} // namespace

void TestEventItemsModel::lineItemsEditAndTotals()
{
    EventItemsModel model(EventItemsModel::Kind::LineItems, nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy totals(&model, &EventItemsModel::totalChanged);
    QVERIFY(totals.isValid());
    model.setItems(twoLineItems());
    model.setCurrency(QStringLiteral("EUR"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.totalCents(), 10 * 250 + 40000);
    QCOMPARE(model.index(0, EventItemsModel::LineTotal).data().toString(),
             EventFormat::money(2500, QStringLiteral("EUR")));
    QVERIFY(!(model.flags(model.index(0, EventItemsModel::LineTotal)) & Qt::ItemIsEditable));

    totals.clear();
    QVERIFY(model.insertRows(2, 1));
    QVERIFY(model.setData(model.index(2, EventItemsModel::Quantity), 4));
    QVERIFY(model.setData(model.index(2, EventItemsModel::UnitPrice), 2.5));
    QVERIFY(totals.size() >= 2);
    QCOMPARE(model.totalCents(), 10 * 250 + 40000 + 4 * 250);
    QVERIFY(model.totalText().contains(EventFormat::money(43500, QStringLiteral("EUR"))));
    QVERIFY(EventFormat::money(43500, QStringLiteral("EUR")).contains(QStringLiteral("€")));

    const QJsonArray items = model.items();
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("tariffId")).toString(),
             QStringLiteral("t-3")); // not shown, kept
    QCOMPARE(items.at(2).toObject().value(QStringLiteral("quantity")).toInteger(), 4);
    QCOMPARE(items.at(2).toObject().value(QStringLiteral("amountCents")).toInteger(), 250);
    QVERIFY(!model.setData(model.index(0, EventItemsModel::LineTotal), 1)); // computed
}

void TestEventItemsModel::rowsMoveAndRemove()
{
    EventItemsModel model(EventItemsModel::Kind::LineItems, nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setItems(twoLineItems());
    QVERIFY(model.insertRows(0, 1));
    QVERIFY(model.setData(model.index(0, EventItemsModel::Description), QStringLiteral("Tent")));
    // Tent, Chairs, Stage -> Chairs, Stage, Tent
    QVERIFY(model.moveRows({}, 0, 1, {}, 3));
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("Tent"));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Chairs"));
    // -> Tent, Chairs, Stage
    QVERIFY(model.moveRows({}, 2, 1, {}, 0));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Tent"));
    QVERIFY(!model.moveRows({}, 1, 1, {}, 2)); // onto itself
    QVERIFY(!model.moveRows({}, 0, 1, {}, 9));
    QVERIFY(model.removeRows(0, 2));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Stage"));
    QCOMPARE(model.totalCents(), 40000);
    QVERIFY(!model.removeRows(1, 1));
}

void TestEventItemsModel::staffingHoursAndIds()
{
    EventItemsModel model(EventItemsModel::Kind::Staffing, nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setItems(QJsonArray{QJsonObject{{QStringLiteral("userId"), QStringLiteral("u-4")},
                                          {QStringLiteral("task"), QStringLiteral("bar")},
                                          {QStringLiteral("hours"), 6},
                                          {QStringLiteral("paid"), true}}});
    QCOMPARE(model.columnCount(), int(EventItemsModel::StaffingColumns));
    // No names known: the id shows rather than nothing.
    QCOMPARE(model.index(0, EventItemsModel::Person).data().toString(), QStringLiteral("u-4"));
    QVERIFY(model.insertRows(1, 1));
    QVERIFY(model.setData(model.index(1, EventItemsModel::Person), QStringLiteral("u-9")));
    QVERIFY(model.setData(model.index(1, EventItemsModel::Hours), 2.5));
    QCOMPARE(model.totalHours(), 8.5);
    QCOMPARE(model.totalText(), QStringLiteral("Total: %1 hours").arg(QLocale().toString(8.5)));
    const QJsonArray items = model.items();
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("paid")).toBool(), true);
    QCOMPARE(items.at(1).toObject().value(QStringLiteral("userId")).toString(),
             QStringLiteral("u-9"));
    QCOMPARE(items.at(1).toObject().value(QStringLiteral("hours")).toDouble(), 2.5);
}

QTEST_MAIN(TestEventItemsModel)
#include "tst_eventitemsmodel.moc"
