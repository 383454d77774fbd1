#include "conflictdialog.h"

#include "eventformat.h"
#include "namelookup.h"
#include "protocol.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFrame>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {
enum Column { LabelColumn, MineColumn, TheirsColumn };

QString label(const QString &field)
{
    static const QHash<QString, const char *> labels = {
        {QStringLiteral("title"), QT_TRANSLATE_NOOP("ConflictDialog", "Title")},
        {QStringLiteral("startsAt"), QT_TRANSLATE_NOOP("ConflictDialog", "Start")},
        {QStringLiteral("endsAt"), QT_TRANSLATE_NOOP("ConflictDialog", "End")},
        {QStringLiteral("location"), QT_TRANSLATE_NOOP("ConflictDialog", "Location")},
        {QStringLiteral("clientId"), QT_TRANSLATE_NOOP("ConflictDialog", "Client")},
        {QStringLiteral("status"), QT_TRANSLATE_NOOP("ConflictDialog", "Status")},
        {QStringLiteral("tariffId"), QT_TRANSLATE_NOOP("ConflictDialog", "Tariff")},
        {QStringLiteral("notes"), QT_TRANSLATE_NOOP("ConflictDialog", "Notes")},
        {QStringLiteral("lineItems"), QT_TRANSLATE_NOOP("ConflictDialog", "Line items")},
        {QStringLiteral("staffing"), QT_TRANSLATE_NOOP("ConflictDialog", "Staffing")},
    };
    return ConflictDialog::tr(labels.value(field));
}

bool isBlank(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty())
           || (v.isArray() && v.toArray().isEmpty());
}

// Equal as a person would read them: a missing field, null and "" are all
// "nothing", and a time is the same instant however it is spelt.
bool same(const QString &field, const QJsonValue &a, const QJsonValue &b)
{
    if (isBlank(a) || isBlank(b))
        return isBlank(a) && isBlank(b);
    if (field == QLatin1String("startsAt") || field == QLatin1String("endsAt")) {
        const auto ta = Protocol::parseTimestamp(a.toString());
        const auto tb = Protocol::parseTimestamp(b.toString());
        if (ta && tb)
            return *ta == *tb;
    }
    return a == b;
}
} // namespace

const QStringList &ConflictDialog::fieldNames()
{
    static const QStringList names = {QStringLiteral("title"),
                                      QStringLiteral("startsAt"),
                                      QStringLiteral("endsAt"),
                                      QStringLiteral("location"),
                                      QStringLiteral("clientId"),
                                      QStringLiteral("status"),
                                      QStringLiteral("tariffId"),
                                      QStringLiteral("notes"),
                                      QStringLiteral("lineItems"),
                                      QStringLiteral("staffing")};
    return names;
}

ConflictDialog::ConflictDialog(NameLookup *lookup,
                               const QJsonObject &base,
                               const QJsonObject &mine,
                               const QJsonObject &theirs,
                               QWidget *parent)
    : QDialog(parent)
    , m_lookup(lookup)
    , m_base(base)
    , m_mine(mine)
    , m_theirs(theirs)
    , m_grid(new QGridLayout)
{
    setWindowTitle(tr("Resolve changes"));
    const QString who = theirs.value(QLatin1String("updatedBy")).toString();
    const QString when = EventFormat::dateTime(theirs.value(QLatin1String("updatedAt")).toString());
    auto *intro = new QLabel(who.isEmpty()
                                 ? tr("This event was changed on the server at %1 while you "
                                      "edited it. Choose, field by field, which value to keep.")
                                       .arg(when)
                                 : tr("%1 changed this event on the server at %2 while you "
                                      "edited it. Choose, field by field, which value to keep.")
                                       .arg(who, when),
                             this);
    intro->setWordWrap(true);
    intro->setObjectName(QStringLiteral("conflictIntro"));

    const auto header = [this](const QString &text) {
        auto *l = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), this);
        return l;
    };
    m_grid->addWidget(header(tr("Field")), 0, LabelColumn);
    m_grid->addWidget(header(tr("Mine")), 0, MineColumn);
    m_grid->addWidget(header(tr("Theirs")), 0, TheirsColumn);
    for (const QString &field : fieldNames()) {
        if (!same(field, mine.value(field), theirs.value(field)))
            m_fields.append(field);
    }
    for (int i = 0; i < m_fields.size(); ++i)
        addRow(i + 1, m_fields.at(i));
    m_grid->setColumnStretch(MineColumn, 1);
    m_grid->setColumnStretch(TheirsColumn, 1);
    m_grid->setRowStretch(int(m_fields.size()) + 1, 1);

    // Many differing fields (long notes) scroll inside; the buttons stay.
    auto *rows = new QWidget;
    rows->setLayout(m_grid);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(rows);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *save = buttons->addButton(tr("&Save merged"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("saveMerged"));
    save->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 90);
    // Tall enough for the rows as laid out, within the screen's reach.
    resize(minimumWidth(), qMin(rows->sizeHint().height() + 160, 700));
}

void ConflictDialog::addRow(int row, const QString &field)
{
    const QString mineText = display(field, m_mine);
    const QString theirsText = display(field, m_theirs);
    m_mineTexts.append(mineText);
    m_theirsTexts.append(theirsText);
    auto *name = new QLabel(label(field), this);
    m_grid->addWidget(name, row, LabelColumn, Qt::AlignTop);
    auto *group = new QButtonGroup(this);
    int id = 0;
    for (const QString &text : {mineText, theirsText}) {
        // A radio with its value beside it: the value wraps, the radio
        // stays at its first line, and a click on the text chooses it.
        auto *cell = new QWidget(this);
        auto *cellLayout = new QHBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        auto *radio = new QRadioButton(cell);
        radio->setAccessibleName(
            (id == 0 ? tr("Keep mine: %1") : tr("Take theirs: %1")).arg(label(field)));
        auto *value = new QLabel(text.isEmpty() ? tr("(none)") : text, cell);
        value->setWordWrap(true);
        value->setTextFormat(Qt::PlainText);
        value->setBuddy(radio);
        value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        value->setMinimumWidth(fontMetrics().averageCharWidth() * 20);
        cellLayout->addWidget(radio, 0, Qt::AlignTop);
        cellLayout->addWidget(value, 1);
        group->addButton(radio, id);
        m_grid->addWidget(cell, row, id == 0 ? MineColumn : TheirsColumn);
        ++id;
    }
    const bool changedByMe = !same(field, m_base.value(field), m_mine.value(field));
    group->button(changedByMe ? 0 : 1)->setChecked(true);
    m_choices.append(group);
}

QString ConflictDialog::display(const QString &field, const QJsonObject &doc) const
{
    const QJsonValue v = doc.value(field);
    if (field == QLatin1String("startsAt") || field == QLatin1String("endsAt"))
        return EventFormat::dateTime(v.toString());
    if (field == QLatin1String("status"))
        return EventFormat::statusWord(v.toString());
    if (field == QLatin1String("clientId") || field == QLatin1String("tariffId")) {
        const QString id = v.toString();
        const QString collection = field == QLatin1String("clientId") ? QStringLiteral("clients")
                                                                      : QStringLiteral("tariffs");
        const QString name = m_lookup && !id.isEmpty() ? m_lookup->name(collection, id) : QString();
        return name.isEmpty() ? id : name;
    }
    if (field == QLatin1String("lineItems")) {
        const QJsonArray items = v.toArray();
        qint64 total = 0;
        for (const QJsonValue &item : items)
            total += EventFormat::lineTotalCents(item.toObject());
        const QString tariff = doc.value(QLatin1String("tariffId")).toString();
        const QString currency = m_lookup
                                     ? m_lookup->details(QStringLiteral("tariffs"), tariff).value(0)
                                     : QString();
        return tr("%n item(s), total %1", nullptr, int(items.size()))
            .arg(EventFormat::money(total, currency));
    }
    if (field == QLatin1String("staffing")) {
        const QJsonArray staff = v.toArray();
        double hours = 0;
        for (const QJsonValue &s : staff)
            hours += s.toObject().value(QLatin1String("hours")).toDouble();
        return tr("%n person(s), %1 hours", nullptr, int(staff.size()))
            .arg(EventFormat::hours(hours));
    }
    return v.toString();
}

QString ConflictDialog::mineText(const QString &field) const
{
    return m_mineTexts.value(int(m_fields.indexOf(field)));
}

QString ConflictDialog::theirsText(const QString &field) const
{
    return m_theirsTexts.value(int(m_fields.indexOf(field)));
}

bool ConflictDialog::takesMine(const QString &field) const
{
    const qsizetype i = m_fields.indexOf(field);
    return i >= 0 && m_choices.at(i)->checkedId() == 0;
}

void ConflictDialog::setTakeMine(const QString &field, bool mine)
{
    const qsizetype i = m_fields.indexOf(field);
    if (i >= 0)
        m_choices.at(i)->button(mine ? 0 : 1)->setChecked(true);
}

qint64 ConflictDialog::theirVersion() const
{
    return m_theirs.value(QLatin1String("version")).toInteger();
}

QJsonObject ConflictDialog::merged() const
{
    QJsonObject out = m_mine;
    for (const QString &field : m_fields) {
        if (takesMine(field))
            continue;
        const QJsonValue theirs = m_theirs.value(field);
        // A PUT merges over the stored event: null removes what they removed.
        out.insert(field, theirs.isUndefined() ? QJsonValue(QJsonValue::Null) : theirs);
    }
    return out;
}
