#pragma once

// Sync statistics: per collection the delta and full rounds, documents, and
// bytes on the wire against what full fetches would have cost, plus a chart
// of bytes per sync round so the saving can be seen. A tool window over
// the main window: Close, Esc and Ctrl+W close it, and it fits its screen.

#include <QWidget>

class QChartView;
class QDialogButtonBox;
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
    QDialogButtonBox *buttons() const { return m_buttons; }
    // The chart's words for one bar: "Round 12: events, delta — 3.2 kB ...".
    QString roundDescription(int index) const;
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void fillTable();
    void fillChart();

    SyncStats *m_stats;
    QLabel *m_summary;
    QTableWidget *m_table;
    QChartView *m_chartView;
    QDialogButtonBox *m_buttons;
    bool m_placed = false;
};
