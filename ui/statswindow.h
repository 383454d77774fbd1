#pragma once

// Sync statistics: per collection the delta and full rounds, documents, and
// bytes on the wire against what full fetches would have cost, plus a chart
// of bytes per sync round so the saving can be seen.

#include <QWidget>

class QChartView;
class QLabel;
class QTableWidget;
class SyncStats;
struct SyncRound;

class StatsWindow : public QWidget
{
    Q_OBJECT
public:
    explicit StatsWindow(SyncStats *stats, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    void refresh();

private:
    void fillTable();
    void fillChart();

    SyncStats *m_stats;
    QLabel *m_summary;
    QTableWidget *m_table;
    QChartView *m_chartView;
};
