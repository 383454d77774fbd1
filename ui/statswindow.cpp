#include "statswindow.h"

#include "collectioncolumns.h"
#include "protocol.h"
#include "syncstats.h"
#include "syncstatusbar.h"
#include "windowfit.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QScreen>
#include <QTableWidget>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace {
// The chart shows the latest rounds; older ones stay in the table's totals.
constexpr int chartRounds = 30;
} // namespace

StatsWindow::StatsWindow(SyncStats *stats, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_stats(stats)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(this))
    , m_chartView(new QChartView(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
{
    setWindowTitle(tr("Sync statistics"));
    m_summary->setWordWrap(true);
    m_table->setColumnCount(7);
    m_table->setHorizontalHeaderLabels({tr("Collection"),
                                        tr("Delta syncs"),
                                        tr("Full syncs"),
                                        tr("Documents"),
                                        tr("On the wire"),
                                        tr("Full fetches would cost"),
                                        tr("Saved")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(fontMetrics().height() * 12);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QWidget::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(m_buttons);
    resize(fontMetrics().averageCharWidth() * 120, fontMetrics().height() * 36);

    // A burst of rounds redraws once.
    auto *delay = new QTimer(this);
    delay->setSingleShot(true);
    delay->setInterval(300);
    connect(delay, &QTimer::timeout, this, &StatsWindow::refresh);
    connect(m_stats, &SyncStats::roundRecorded, delay, qOverload<>(&QTimer::start));
    refresh();
}

void StatsWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_placed)
        return;
    // Once, on first show: over the main window, within its screen.
    m_placed = true;
    WindowFit::placeOver(this, parentWidget());
}

void StatsWindow::keyPressEvent(QKeyEvent *event)
{
    // A window, not a dialog: Esc and Ctrl+W close it as they close a
    // dialog (here, so a child that wants the key still gets it first).
    if (event->matches(QKeySequence::Cancel) || event->matches(QKeySequence::Close)) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

QString StatsWindow::roundDescription(int index) const
{
    const QList<SyncRound> rounds = m_stats->rounds();
    if (index < 0 || index >= rounds.size())
        return {};
    const SyncRound &r = rounds.at(index);
    const qint64 full = r.full ? r.wireBytes : r.fullEquivalentBytes;
    return tr("Round %1: %2, %3 — %4 on the wire, a full fetch %5")
        .arg(QLocale().toString(index + 1),
             CollectionColumns::title(r.collection),
             r.full ? tr("full sync") : tr("delta sync"),
             SyncStatusBar::formatBytes(r.wireBytes),
             SyncStatusBar::formatBytes(full));
}

void StatsWindow::refresh()
{
    const SyncTotals t = m_stats->totals();
    m_summary->setText(
        tr("%1 sync rounds, %2 % of them delta. %3 on the wire instead of %4 with full fetches: "
           "%5 saved (%6 today).")
            .arg(QLocale().toString(t.rounds))
            .arg(QLocale().toString(t.deltaHitRate * 100.0, 'f', 0))
            .arg(SyncStatusBar::formatBytes(t.wireBytes),
                 SyncStatusBar::formatBytes(t.fullEquivalentBytes),
                 SyncStatusBar::formatBytes(t.bytesSaved),
                 SyncStatusBar::formatBytes(t.bytesSavedToday)));
    fillTable();
    fillChart();
}

void StatsWindow::fillTable()
{
    struct Sum
    {
        qint64 delta = 0, full = 0, documents = 0, wire = 0, fullEquivalent = 0;
    };
    QHash<QString, Sum> sums;
    const QList<SyncRound> rounds = m_stats->rounds();
    for (const SyncRound &r : rounds) {
        Sum &s = sums[r.collection];
        (r.full ? s.full : s.delta) += 1;
        s.documents += r.documents + r.deletions;
        s.wire += r.wireBytes;
        s.fullEquivalent += r.full ? r.wireBytes : r.fullEquivalentBytes;
    }
    const QStringList &names = Protocol::collectionNames();
    m_table->setRowCount(int(names.size()));
    for (int i = 0; i < names.size(); ++i) {
        const Sum s = sums.value(names.at(i));
        const QStringList cells{CollectionColumns::title(names.at(i)),
                                QLocale().toString(s.delta),
                                QLocale().toString(s.full),
                                QLocale().toString(s.documents),
                                SyncStatusBar::formatBytes(s.wire),
                                SyncStatusBar::formatBytes(s.fullEquivalent),
                                SyncStatusBar::formatBytes(
                                    qMax<qint64>(0, s.fullEquivalent - s.wire))};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, c, item);
        }
    }
    // Five rows: show them all instead of a scroll bar.
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int i = 0; i < m_table->rowCount(); ++i)
        height += m_table->rowHeight(i);
    m_table->setFixedHeight(height);
}

void StatsWindow::fillChart()
{
    const QList<SyncRound> rounds = m_stats->rounds();
    const qsizetype first = qMax<qsizetype>(0, rounds.size() - chartRounds);
    auto *wire = new QBarSet(tr("On the wire (kB)"));
    auto *full = new QBarSet(tr("A full fetch would cost (kB)"));
    QStringList labels;
    double top = 1;
    for (qsizetype i = first; i < rounds.size(); ++i) {
        const SyncRound &r = rounds.at(i);
        const double w = double(r.wireBytes) / 1000.0;
        const double f = double(r.full ? r.wireBytes : r.fullEquivalentBytes) / 1000.0;
        *wire << w;
        *full << f;
        top = qMax(top, qMax(w, f));
        // Numbers only, upright (long rotated labels collapse at 200 %);
        // a bar's tooltip says what the round was.
        labels << QLocale().toString(i + 1);
    }
    for (QBarSet *set : {wire, full}) {
        connect(set, &QBarSet::hovered, this, [this, first](bool on, int bar) {
            if (on)
                QToolTip::showText(QCursor::pos(), roundDescription(int(first) + bar), this);
            else
                QToolTip::hideText();
        });
    }
    auto *series = new QBarSeries;
    series->append(full);
    series->append(wire);
    auto *chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("Bytes per sync round (latest %1)").arg(chartRounds));
    auto *axisX = new QBarCategoryAxis;
    axisX->append(labels);
    axisX->setTitleText(tr("Sync round"));
    chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    auto *axisY = new QValueAxis;
    axisY->setRange(0, top * 1.1);
    axisY->setLabelFormat(QStringLiteral("%.0f"));
    axisY->setTitleText(tr("kB"));
    chart->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChart *old = m_chartView->chart();
    m_chartView->setChart(chart);
    delete old;
}
