#pragma once

// The events tab's quick filters, date first: which days (all, today, this
// week, this month, a custom range of days), which status, and only the
// shifts of the person logged in. They become the model's
// CacheQuery::Predicates, ANDed with the tab's text filter, so the cache
// answers them on the reader thread. The bar shows "N of M events", gives
// the tab the words for an empty result, remembers the choice in the
// settings, and when the table first has rows (and again after a choice
// that left no row current) it selects the next upcoming event, or with none
// ahead the last one. "Now" comes from a clock that
// tests set.

#include <QDateTime>
#include <QString>
#include <QWidget>

#include <functional>

class CacheReader;
class CollectionTab;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QSettings;

class EventFilterBar : public QWidget
{
    Q_OBJECT
public:
    enum class Range { All, Today, ThisWeek, ThisMonth, Custom };
    using Clock = std::function<QDateTime()>;

    // Puts itself under `tab`'s filter box and drives its model; reads and
    // writes its choice under ui/eventFilters/ in `settings` (may be null).
    EventFilterBar(CollectionTab *tab, CacheReader *reader, QSettings *settings);

    void setClock(Clock clock);
    QDateTime now() const { return m_clock(); }

    void setRange(Range range);
    Range range() const;
    // Both days count; shown and used when the range is Custom.
    void setCustomRange(const QDate &from, const QDate &to);
    // "" for every status, else a status as stored ("confirmed").
    void setStatus(const QString &status);
    QString status() const;
    void setMyShifts(bool on);
    bool myShifts() const;
    // The logged-in person by the name their account shows: My shifts are
    // the events whose staffing holds the users document of that name.
    void setUserName(const QString &name);
    QString userId() const { return m_userId; }

    QString countText() const;

signals:
    // The next upcoming event (or the last one) was chosen to open at.
    void openedAt(const QString &id);

private:
    void choose(); // the user's choice: may open at an upcoming event again
    void apply();
    void save() const;
    void restore();
    void updateCount();
    void updateEmptyText();
    void resolveUser();
    void openAtUpcoming();
    QString emptyText() const;

    CollectionTab *m_tab;
    CacheReader *m_reader;
    QSettings *m_settings;
    Clock m_clock;
    QComboBox *m_range;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_status;
    QCheckBox *m_myShifts;
    QLabel *m_count;
    QString m_userName;
    QString m_userId;
    bool m_restoring = false;
    bool m_opened = false; // opened at the upcoming event since the last choice
};
