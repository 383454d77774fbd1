#include "eventdetailspane.h"

#include "cachereader.h"
#include "cachestore.h"
#include "eventformat.h"
#include "namelookup.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <utility>

namespace {
const QString events = QStringLiteral("events");

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// A small table that is as tall as its rows: the pane scrolls, not it.
QTableWidget *newItemsTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    // One line a row, elided (the whole text in the tooltip): the table's
    // height is then known from the row count alone.
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < headers.size(); ++c)
        table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    return table;
}

QTableWidgetItem *cell(const QString &text, bool number = false, bool bold = false)
{
    auto *item = new QTableWidgetItem(text);
    if (!number)
        item->setToolTip(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (bold) {
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
    }
    return item;
}

void fitHeight(QTableWidget *table)
{
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    for (int r = 0; r < table->rowCount(); ++r)
        height += table->rowHeight(r);
    table->setFixedHeight(height);
}

QString scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QObject::tr("Yes") : QObject::tr("No");
    case QJsonValue::Double:
        return QLocale().toString(v.toDouble(), 'g', 12);
    case QJsonValue::String:
        return v.toString();
    default:
        return {};
    }
}
} // namespace

EventDetailsPane::EventDetailsPane(CacheReader *reader, NameLookup *lookup, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_lookup(lookup)
    , m_empty(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_title(new QLabel)
    , m_status(new QLabel)
    , m_edit(new QPushButton(tr("Edit…"))) // Alt+E is the Edit menu
    , m_fields(new QFormLayout)
    , m_client(new QLabel)
    , m_notesBox(new QGroupBox(tr("Notes")))
    , m_notes(new QLabel)
    , m_lineItems(nullptr)
    , m_staffing(nullptr)
{
    setObjectName(QStringLiteral("eventDetailsPane"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    auto *content = new QWidget;
    m_lineItems = newItemsTable({tr("Description"), tr("Qty"), tr("Unit price"), tr("Total")},
                                content);
    m_lineItems->setObjectName(QStringLiteral("lineItems"));
    m_staffing = newItemsTable({tr("Name"), tr("Task"), tr("Hours")}, content);
    m_staffing->setObjectName(QStringLiteral("staffing"));

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("eventStatus"));
    m_edit->setObjectName(QStringLiteral("editButton"));
    m_edit->setVisible(false);
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (isShowingEvent())
            emit editRequested(m_id);
    });

    m_client->setObjectName(QStringLiteral("clientCard"));
    m_client->setTextFormat(Qt::RichText);
    m_client->setOpenExternalLinks(true);
    m_client->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_client->setWordWrap(true);
    m_notes->setObjectName(QStringLiteral("notes"));
    m_notes->setTextFormat(Qt::PlainText);
    m_notes->setWordWrap(true);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_notes->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_status);
    header->addLayout(titles, 1);
    header->addWidget(m_edit, 0, Qt::AlignTop);

    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fields->setRowWrapPolicy(QFormLayout::WrapLongRows);

    auto *clientBox = new QGroupBox(tr("Client"));
    (new QVBoxLayout(clientBox))->addWidget(m_client);
    (new QVBoxLayout(m_notesBox))->addWidget(m_notes);
    auto *itemsBox = new QGroupBox(tr("Line items"));
    (new QVBoxLayout(itemsBox))->addWidget(m_lineItems);
    auto *staffBox = new QGroupBox(tr("Staffing"));
    (new QVBoxLayout(staffBox))->addWidget(m_staffing);

    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addLayout(header);
    contentLayout->addLayout(m_fields);
    // Long notes last: they would push the tables out of sight.
    contentLayout->addWidget(clientBox);
    contentLayout->addWidget(staffBox);
    contentLayout->addWidget(itemsBox);
    contentLayout->addWidget(m_notesBox);
    contentLayout->addStretch();
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::StrongFocus); // arrows and Page keys scroll the details
    m_scroll->setAccessibleName(tr("Event details"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(m_scroll);
    setFocusProxy(m_scroll);
    setMinimumWidth(fontMetrics().averageCharWidth() * 40);

    connect(m_reader, &CacheReader::documentsChanged, this, &EventDetailsPane::onDocumentsChanged);
    connect(m_reader, &CacheReader::collectionReset, this, &EventDetailsPane::onCollectionReset);
    if (m_lookup) {
        connect(m_lookup, &NameLookup::namesChanged, this, [this](const QString &collection) {
            if (collection == QLatin1String("users") && isShowingEvent())
                renderStaffing(*m_details.event);
        });
    }
    showEmpty(tr("No event selected"));
}

void EventDetailsPane::setEventId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    if (id.isEmpty()) {
        ++m_generation;
        m_details = {};
        showEmpty(tr("No event selected"));
        return;
    }
    // The previous event stays until this one is read: no flicker while
    // arrowing down the table.
    requestRead();
}

void EventDetailsPane::requestRead()
{
    const quint64 generation = ++m_generation;
    const QString id = m_id;
    m_reader->read(
        this,
        [id](const QString &connection) { return EventDetails::read(connection, id); },
        [this, generation](const EventDetails &details) {
            if (generation == m_generation)
                apply(details);
        });
}

void EventDetailsPane::apply(const EventDetails &details)
{
    if (!details.error.isEmpty()) {
        showEmpty(tr("The event cannot be read from the local copy: %1").arg(details.error));
        return;
    }
    m_details = details;
    if (!details.event) {
        showEmpty(tr("This event was deleted."));
        emit shown(m_id);
        return;
    }
    render();
    emit shown(m_id);
}

void EventDetailsPane::showEmpty(const QString &text)
{
    m_empty->setText(text);
    m_empty->show();
    m_scroll->hide();
    m_edit->setEnabled(false);
}

QString EventDetailsPane::emptyText() const
{
    return m_empty->isHidden() ? QString() : m_empty->text();
}

void EventDetailsPane::render()
{
    const QJsonObject &event = *m_details.event;
    m_empty->hide();
    m_scroll->show();
    if (std::exchange(m_focusWhenShown, false))
        m_scroll->setFocus(Qt::OtherFocusReason);
    m_title->setText(str(event, "title"));
    const QString status = str(event, "status");
    m_status->setText(EventFormat::statusWord(status));
    const bool cancelled = status == QLatin1String("cancelled");
    QFont font = m_status->font();
    font.setStrikeOut(cancelled);
    font.setBold(cancelled);
    m_status->setFont(font);
    // Red text that still reads in a dark palette; struck through for those
    // who cannot tell the colour.
    m_status->setStyleSheet(cancelled ? QStringLiteral("color: #c62828") : QString());
    m_title->setForegroundRole(cancelled ? QPalette::PlaceholderText : QPalette::WindowText);
    m_edit->setVisible(m_editVisible);
    renderFields(event);
    renderClient();
    const QString notes = str(event, "notes");
    m_notes->setText(notes);
    m_notesBox->setVisible(!notes.isEmpty());
    renderLineItems(event);
    renderStaffing(event);
}

void EventDetailsPane::renderFields(const QJsonObject &event)
{
    while (m_fields->rowCount() > 0)
        m_fields->removeRow(0);
    const auto add = [this](const QString &label, const QString &value) {
        auto *text = new QLabel(value);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_fields->addRow(label, text);
    };
    add(tr("Starts:"), EventFormat::dateTime(str(event, "startsAt")));
    add(tr("Ends:"), EventFormat::dateTime(str(event, "endsAt")));
    add(tr("Location:"), str(event, "location"));
    const QString tariffId = str(event, "tariffId");
    QString tariff = tariffId.isEmpty() ? tr("No tariff") : str(m_details.tariff, "name");
    if (tariff.isEmpty())
        tariff = tariffId; // not in the cache
    if (const QString currency = m_details.currency(); !currency.isEmpty())
        tariff += QStringLiteral(" (%1)").arg(currency);
    add(tr("Tariff:"), tariff);
    // Fields this version does not know are shown too, as they are.
    static const QSet<QString> known{QStringLiteral("_id"),
                                     QStringLiteral("title"),
                                     QStringLiteral("status"),
                                     QStringLiteral("startsAt"),
                                     QStringLiteral("endsAt"),
                                     QStringLiteral("location"),
                                     QStringLiteral("clientId"),
                                     QStringLiteral("tariffId"),
                                     QStringLiteral("notes"),
                                     QStringLiteral("staffing"),
                                     QStringLiteral("lineItems"),
                                     QStringLiteral("version"),
                                     QStringLiteral("updatedAt")};
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (!known.contains(it.key()) && !scalarText(it.value()).isEmpty())
            add(it.key() + QLatin1Char(':'), scalarText(it.value()));
    }
    add(tr("Updated:"),
        tr("%1 (version %2)")
            .arg(EventFormat::dateTime(str(event, "updatedAt")))
            .arg(event.value(QLatin1String("version")).toInteger()));
}

void EventDetailsPane::renderClient()
{
    const QJsonObject &c = m_details.client;
    if (c.isEmpty()) {
        const QString id = str(*m_details.event, "clientId");
        m_client->setText(id.isEmpty()
                              ? tr("No client").toHtmlEscaped()
                              : tr("Client %1 is not in the local copy.").arg(id).toHtmlEscaped());
        return;
    }
    QStringList lines;
    if (const QString name = str(c, "name"); !name.isEmpty())
        lines << QStringLiteral("<b>%1</b>").arg(name.toHtmlEscaped());
    if (const QString company = str(c, "company"); !company.isEmpty())
        lines << company.toHtmlEscaped();
    if (const QString email = str(c, "email"); !email.isEmpty()) {
        lines << QStringLiteral("<a href=\"mailto:%1\">%2</a>")
                     .arg(QString::fromUtf8(QUrl::toPercentEncoding(email, "@.+-_")),
                          email.toHtmlEscaped());
    }
    if (const QString phone = str(c, "phone"); !phone.isEmpty()) {
        QString dial = phone;
        dial.remove(QLatin1Char(' '));
        lines << QStringLiteral("<a href=\"tel:%1\">%2</a>")
                     .arg(QString::fromUtf8(QUrl::toPercentEncoding(dial, "+")),
                          phone.toHtmlEscaped());
    }
    m_client->setText(lines.join(QLatin1String("<br>")));
}

void EventDetailsPane::renderLineItems(const QJsonObject &event)
{
    const QJsonArray items = event.value(QLatin1String("lineItems")).toArray();
    const QString currency = m_details.currency();
    m_lineItems->setRowCount(0);
    m_lineItems->setRowCount(int(items.size()) + 1);
    qint64 total = 0;
    int row = 0;
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        const qint64 line = EventFormat::lineTotalCents(item);
        total += line;
        m_lineItems->setItem(row, 0, cell(str(item, "description")));
        m_lineItems->setItem(row,
                             1,
                             cell(QLocale().toString(EventFormat::quantity(item), 'g', 12), true));
        m_lineItems->setItem(row,
                             2,
                             cell(EventFormat::money(EventFormat::unitCents(item), currency), true));
        m_lineItems->setItem(row, 3, cell(EventFormat::money(line, currency), true));
        ++row;
    }
    m_lineItems->setItem(row, 0, cell(tr("Total"), false, true));
    m_lineItems->setItem(row, 3, cell(EventFormat::money(total, currency), true, true));
    fitHeight(m_lineItems);
}

void EventDetailsPane::renderStaffing(const QJsonObject &event)
{
    const QJsonArray staff = event.value(QLatin1String("staffing")).toArray();
    m_staffing->setRowCount(0);
    m_staffing->setRowCount(int(staff.size()) + 1);
    double total = 0;
    int row = 0;
    for (const QJsonValue &v : staff) {
        const QJsonObject s = v.toObject();
        const QString userId = str(s, "userId");
        QString name = m_lookup ? m_lookup->name(QStringLiteral("users"), userId) : QString();
        if (name.isEmpty())
            name = userId; // not read yet, or not in the cache
        const double hours = s.value(QLatin1String("hours")).toDouble();
        total += hours;
        m_staffing->setItem(row, 0, cell(name));
        m_staffing->setItem(row, 1, cell(str(s, "task")));
        m_staffing->setItem(row, 2, cell(EventFormat::hours(hours), true));
        ++row;
    }
    m_staffing->setItem(row, 0, cell(tr("Total"), false, true));
    m_staffing->setItem(row, 2, cell(EventFormat::hours(total), true, true));
    fitHeight(m_staffing);
}

QString EventDetailsPane::fieldText(const QString &label) const
{
    for (int r = 0; r < m_fields->rowCount(); ++r) {
        const auto *l = qobject_cast<QLabel *>(
            m_fields->itemAt(r, QFormLayout::LabelRole)
                ? m_fields->itemAt(r, QFormLayout::LabelRole)->widget()
                : nullptr);
        const auto *v = qobject_cast<QLabel *>(
            m_fields->itemAt(r, QFormLayout::FieldRole)
                ? m_fields->itemAt(r, QFormLayout::FieldRole)->widget()
                : nullptr);
        if (l && v && l->text() == label)
            return v->text();
    }
    return {};
}

void EventDetailsPane::setEditVisible(bool visible)
{
    m_editVisible = visible;
    m_edit->setVisible(visible && isShowingEvent());
}

void EventDetailsPane::setEditEnabled(bool enabled, const QString &reason)
{
    m_edit->setEnabled(enabled);
    m_edit->setToolTip(enabled ? tr("Edit this event (Ctrl+E)") : reason);
}

void EventDetailsPane::focusContent()
{
    // A hidden widget cannot take the focus: the details take it when shown.
    if (m_scroll->isHidden()) {
        m_focusWhenShown = true;
        return;
    }
    m_scroll->setFocus(Qt::OtherFocusReason);
}

void EventDetailsPane::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        emit escapePressed();
        return;
    }
    QWidget::keyPressEvent(event);
}

void EventDetailsPane::onDocumentsChanged(const QString &collection, const CacheChangeSet &changes)
{
    if (m_id.isEmpty())
        return;
    const auto touches = [&changes](const QString &id) {
        return !id.isEmpty()
               && (changes.updated.contains(id) || changes.inserted.contains(id)
                   || changes.removed.contains(id));
    };
    bool affected = false;
    if (collection == events)
        affected = touches(m_id);
    else if (m_details.event && collection == QLatin1String("clients"))
        affected = touches(str(*m_details.event, "clientId"));
    else if (m_details.event && collection == QLatin1String("tariffs"))
        affected = touches(str(*m_details.event, "tariffId"));
    if (affected)
        requestRead();
}

void EventDetailsPane::onCollectionReset(const QString &collection)
{
    if (!m_id.isEmpty()
        && (collection == events || collection == QLatin1String("clients")
            || collection == QLatin1String("tariffs")))
        requestRead();
}
