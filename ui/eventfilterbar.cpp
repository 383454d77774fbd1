#include "eventfilterbar.h"

#include "cachequery.h"
#include "cachereader.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "eventformat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>

namespace {
const QString startField = QStringLiteral("startsAt");
const QString settingsGroup = QStringLiteral("ui/eventFilters/");
const char *const statuses[] = {"draft", "confirmed", "cancelled"};

QDateTime startOfDay(const QDate &day)
{
    return day.startOfDay(); // local time: "today" is the user's day
}

struct Days
{
    QDate first;
    QDate afterLast;
};

// The local days a range covers around `today`.
Days daysOf(EventFilterBar::Range range, const QDate &today, const QDate &from, const QDate &to)
{
    switch (range) {
    case EventFilterBar::Range::Today:
        return {today, today.addDays(1)};
    case EventFilterBar::Range::ThisWeek: {
        const int firstDay = int(QLocale().firstDayOfWeek());
        const QDate first = today.addDays(-((today.dayOfWeek() - firstDay + 7) % 7));
        return {first, first.addDays(7)};
    }
    case EventFilterBar::Range::ThisMonth: {
        const QDate first(today.year(), today.month(), 1);
        return {first, first.addMonths(1)};
    }
    case EventFilterBar::Range::Custom:
        return from <= to ? Days{from, to.addDays(1)} : Days{to, from.addDays(1)};
    case EventFilterBar::Range::All:
        break;
    }
    return {};
}
} // namespace

EventFilterBar::EventFilterBar(CollectionTab *tab, CacheReader *reader, QSettings *settings)
    : QWidget(tab)
    , m_tab(tab)
    , m_reader(reader)
    , m_settings(settings)
    , m_clock([] { return QDateTime::currentDateTime(); })
    , m_range(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_status(new QComboBox(this))
    , m_myShifts(new QCheckBox(tr("&My shifts"), this))
    , m_count(new QLabel(this))
{
    setObjectName(QStringLiteral("eventFilterBar"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed); // the table takes the height
    m_range->setObjectName(QStringLiteral("range"));
    m_range->addItem(tr("All dates"), int(Range::All));
    m_range->addItem(tr("Today"), int(Range::Today));
    m_range->addItem(tr("This week"), int(Range::ThisWeek));
    m_range->addItem(tr("This month"), int(Range::ThisMonth));
    m_range->addItem(tr("Custom range…"), int(Range::Custom));
    m_range->setAccessibleName(tr("Dates"));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
        edit->setDate(m_clock().date());
        edit->hide();
    }
    m_from->setObjectName(QStringLiteral("from"));
    m_to->setObjectName(QStringLiteral("to"));
    m_from->setAccessibleName(tr("From"));
    m_to->setAccessibleName(tr("To"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->addItem(tr("All statuses"), QString());
    for (const char *status : statuses)
        m_status->addItem(EventFormat::statusWord(QLatin1String(status)), QLatin1String(status));
    m_status->setAccessibleName(tr("Status"));
    m_myShifts->setObjectName(QStringLiteral("myShifts"));
    m_myShifts->setToolTip(tr("Only the events you are staffed on"));
    m_count->setObjectName(QStringLiteral("count"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    auto *dates = new QLabel(tr("&Dates:"), this);
    dates->setBuddy(m_range);
    auto *toLabel = new QLabel(tr("to"), this);
    toLabel->setVisible(false);
    auto *statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setBuddy(m_status);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->addWidget(dates);
    layout->addWidget(m_range);
    layout->addWidget(m_from);
    layout->addWidget(toLabel);
    layout->addWidget(m_to);
    layout->addSpacing(fontMetrics().averageCharWidth() * 2);
    layout->addWidget(statusLabel);
    layout->addWidget(m_status);
    layout->addSpacing(fontMetrics().averageCharWidth() * 2);
    layout->addWidget(m_myShifts);
    layout->addStretch(1);
    layout->addWidget(m_count);

    connect(m_range, &QComboBox::currentIndexChanged, this, [this, toLabel] {
        const bool custom = range() == Range::Custom;
        m_from->setVisible(custom);
        toLabel->setVisible(custom);
        m_to->setVisible(custom);
        choose();
    });
    connect(m_from, &QDateEdit::dateChanged, this, &EventFilterBar::choose);
    connect(m_to, &QDateEdit::dateChanged, this, &EventFilterBar::choose);
    connect(m_status, &QComboBox::currentIndexChanged, this, &EventFilterBar::choose);
    connect(m_myShifts, &QCheckBox::toggled, this, &EventFilterBar::choose);

    CollectionModel *model = tab->model();
    connect(model, &CollectionModel::totalCountChanged, this, &EventFilterBar::updateCount);
    connect(model, &CollectionModel::collectionCountChanged, this, &EventFilterBar::updateCount);
    connect(model, &CollectionModel::settled, this, &EventFilterBar::updateEmptyText);
    connect(model, &CollectionModel::settled, this, &EventFilterBar::openAtUpcoming);
    // The users arrive with the sync: the person's record may come later.
    connect(m_reader, &CacheReader::documentsChanged, this, [this](const QString &collection) {
        if (collection == QLatin1String("users") && m_userId.isEmpty())
            resolveUser();
    });
    connect(m_reader, &CacheReader::collectionReset, this, [this](const QString &collection) {
        if (collection == QLatin1String("users"))
            resolveUser();
    });

    tab->addFilterBar(this);
    restore();
    apply();
}

void EventFilterBar::setClock(Clock clock)
{
    m_clock = std::move(clock);
    apply();
}

void EventFilterBar::setRange(Range range)
{
    m_range->setCurrentIndex(m_range->findData(int(range)));
}

EventFilterBar::Range EventFilterBar::range() const
{
    return Range(m_range->currentData().toInt());
}

void EventFilterBar::setCustomRange(const QDate &from, const QDate &to)
{
    m_restoring = true; // one query for both dates
    m_from->setDate(from);
    m_restoring = false;
    m_to->setDate(to);
    choose();
}

void EventFilterBar::setStatus(const QString &status)
{
    m_status->setCurrentIndex(qMax(0, m_status->findData(status)));
}

QString EventFilterBar::status() const
{
    return m_status->currentData().toString();
}

void EventFilterBar::setMyShifts(bool on)
{
    m_myShifts->setChecked(on);
}

bool EventFilterBar::myShifts() const
{
    return m_myShifts->isChecked();
}

void EventFilterBar::setUserName(const QString &name)
{
    if (name == m_userName)
        return;
    m_userName = name;
    m_userId.clear();
    resolveUser();
    apply();
}

void EventFilterBar::resolveUser()
{
    if (m_userName.isEmpty())
        return;
    CacheQuery query(QString(), QStringLiteral("users"));
    CacheQuery::Predicates byName;
    byName.equalField = QStringLiteral("name");
    byName.equalValue = m_userName;
    query.setPredicates(byName);
    const QString name = m_userName;
    m_reader->read(
        this,
        [query](const QString &connection) mutable {
            query.setConnectionName(connection);
            const auto rows = query.page(std::nullopt, 1); // by id: the first of namesakes
            return rows && !rows->isEmpty() ? rows->constFirst().key.id : QString();
        },
        [this, name](const QString &id) {
            if (name != m_userName || id == m_userId)
                return;
            m_userId = id;
            apply();
        });
}

void EventFilterBar::choose()
{
    if (m_restoring)
        return;
    // Other days or statuses: when the current row is not among them, open
    // at the next upcoming event of those.
    m_opened = false;
    apply();
}

void EventFilterBar::apply()
{
    if (m_restoring)
        return;
    CacheQuery::Predicates p;
    const Range r = range();
    if (r != Range::All) {
        const Days days = daysOf(r, m_clock().toLocalTime().date(), m_from->date(), m_to->date());
        p.rangeField = startField;
        p.from = startOfDay(days.first);
        p.until = startOfDay(days.afterLast);
    }
    if (!status().isEmpty()) {
        p.equalField = QStringLiteral("status");
        p.equalValue = status();
    }
    if (myShifts()) {
        p.arrayField = QStringLiteral("staffing");
        p.arrayMember = QStringLiteral("userId");
        p.arrayValue = m_userId; // unknown person: a null value, no row matches
    }
    m_tab->model()->setPredicates(p);
    updateEmptyText();
    updateCount();
    save();
}

QString EventFilterBar::countText() const
{
    return m_count->text();
}

void EventFilterBar::updateCount()
{
    const CollectionModel *model = m_tab->model();
    const qint64 all = model->collectionCount();
    const int plural = int(qMin<qint64>(all, INT_MAX));
    if (!model->query().isFiltered())
        m_count->setText(tr("%Ln event(s)", nullptr, plural));
    else
        m_count->setText(
            tr("%1 of %Ln event(s)", nullptr, plural).arg(QLocale().toString(model->totalCount())));
}

QString EventFilterBar::emptyText() const
{
    QStringList widen;
    if (range() != Range::All)
        widen.append(tr("choose All dates"));
    if (!status().isEmpty())
        widen.append(tr("choose All statuses"));
    if (myShifts())
        widen.append(tr("turn off My shifts"));
    if (!m_tab->filterEdit()->text().trimmed().isEmpty())
        widen.append(tr("clear the filter box"));
    if (widen.isEmpty())
        return tr("No events yet.");
    QString what;
    if (widen.size() > 1 || range() == Range::All) {
        what = tr("No events match these filters.");
    } else {
        const Days days
            = daysOf(range(), m_clock().toLocalTime().date(), m_from->date(), m_to->date());
        switch (range()) {
        case Range::Today:
            what = tr("No events today.");
            break;
        case Range::ThisWeek:
            what = tr("No events this week.");
            break;
        case Range::ThisMonth:
            what = tr("No events this month.");
            break;
        case Range::Custom:
            what = tr("No events from %1 to %2.")
                       .arg(QLocale().toString(days.first, QLocale::ShortFormat),
                            QLocale().toString(days.afterLast.addDays(-1), QLocale::ShortFormat));
            break;
        case Range::All:
            break;
        }
    }
    return what + QLatin1Char('\n') + tr("To see more, %1.").arg(widen.join(tr(", or ")));
}

void EventFilterBar::updateEmptyText()
{
    m_tab->setEmptyText(emptyText());
}

void EventFilterBar::openAtUpcoming()
{
    // When the table first has rows after a choice of filters, unless a row
    // is current (picked by the user, or kept through the new filters).
    const CollectionModel *model = m_tab->model();
    if (m_opened || model->rowCount() == 0)
        return;
    m_opened = true; // a row deleted later leaves none current: that stays so
    if (!m_tab->currentId().isEmpty() || !m_tab->pendingSelectId().isEmpty())
        return;
    const QDateTime now = m_clock();
    CacheQuery ahead = model->query();
    CacheQuery::Predicates p = ahead.predicates();
    // The next one from now on, within the dates chosen.
    if (p.rangeField.isEmpty() || !p.from.isValid() || p.from < now) {
        p.rangeField = startField;
        p.from = now;
    }
    ahead.setPredicates(p);
    ahead.setSort(startField, Qt::AscendingOrder);
    CacheQuery last = model->query();
    last.setSort(startField, Qt::DescendingOrder);
    m_reader->read(
        this,
        [ahead, last](const QString &connection) mutable {
            ahead.setConnectionName(connection);
            last.setConnectionName(connection);
            for (const CacheQuery *q : {&ahead, &last}) {
                const auto rows = q->page(std::nullopt, 1);
                if (rows && !rows->isEmpty())
                    return rows->constFirst().key.id;
            }
            return QString();
        },
        [this](const QString &id) {
            if (id.isEmpty() || !m_tab->currentId().isEmpty())
                return;
            m_tab->selectId(id);
            emit openedAt(id);
        });
}

void EventFilterBar::save() const
{
    if (!m_settings)
        return;
    m_settings->setValue(settingsGroup + QLatin1String("range"), int(range()));
    m_settings->setValue(settingsGroup + QLatin1String("from"), m_from->date());
    m_settings->setValue(settingsGroup + QLatin1String("to"), m_to->date());
    m_settings->setValue(settingsGroup + QLatin1String("status"), status());
    m_settings->setValue(settingsGroup + QLatin1String("myShifts"), myShifts());
}

void EventFilterBar::restore()
{
    if (!m_settings)
        return;
    m_restoring = true;
    const int saved = m_settings->value(settingsGroup + QLatin1String("range"), 0).toInt();
    setRange(Range(qBound(int(Range::All), saved, int(Range::Custom))));
    const QDate from = m_settings->value(settingsGroup + QLatin1String("from")).toDate();
    const QDate to = m_settings->value(settingsGroup + QLatin1String("to")).toDate();
    if (from.isValid() && to.isValid()) {
        m_from->setDate(from);
        m_to->setDate(to);
    }
    setStatus(m_settings->value(settingsGroup + QLatin1String("status")).toString());
    setMyShifts(m_settings->value(settingsGroup + QLatin1String("myShifts"), false).toBool());
    m_restoring = false;
}
