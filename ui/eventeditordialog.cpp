#include "eventeditordialog.h"

#include "apiclient.h"
#include "cacherowbuilder.h"
#include "namelookup.h"
#include "protocol.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int maxTitle = 200;
constexpr int maxComboEntries = 5000;

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

EventEditorDialog::EventEditorDialog(ApiClient *api,
                                     NameLookup *lookup,
                                     const QJsonObject &existing,
                                     QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_lookup(lookup)
    , m_title(new QLineEdit(this))
    , m_start(new QDateTimeEdit(this))
    , m_end(new QDateTimeEdit(this))
    , m_location(new QLineEdit(this))
    , m_client(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_tariff(new QComboBox(this))
    , m_notes(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
    , m_conflictBox(new QWidget(this))
    , m_conflictText(new QLabel(m_conflictBox))
    , m_reload(new QPushButton(tr("&Reload their version"), m_conflictBox))
    , m_overwrite(new QPushButton(tr("&Overwrite with mine"), m_conflictBox))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    m_title->setMaxLength(maxTitle);
    for (QDateTimeEdit *edit : {m_start, m_end}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setTimeSpec(Qt::LocalTime);
    }
    m_status->addItem(tr("Draft"), QStringLiteral("draft"));
    m_status->addItem(tr("Confirmed"), QStringLiteral("confirmed"));
    m_status->addItem(tr("Cancelled"), QStringLiteral("cancelled"));
    fillCombos();
    if (m_lookup) {
        // Names still on their way from the cache fill in when they come.
        connect(m_lookup, &NameLookup::namesChanged, this, &EventEditorDialog::fillCombos);
    }
    m_notes->setTabChangesFocus(true);
    m_notes->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // A fixed five-line box: the scroll bar always shows, so longer notes
    // read as "more below" rather than as a line cut in half.
    m_notes->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 5 + 2 * m_notes->frameWidth()
                            + 8);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("editorMessage"));
    m_message->setVisible(false);

    m_conflictText->setWordWrap(true);
    m_conflictText->setTextFormat(Qt::PlainText);
    auto *conflictLayout = new QVBoxLayout(m_conflictBox);
    conflictLayout->setContentsMargins(0, 0, 0, 0);
    conflictLayout->addWidget(m_conflictText);
    auto *conflictButtons = new QHBoxLayout;
    conflictButtons->addStretch();
    conflictButtons->addWidget(m_reload);
    conflictButtons->addWidget(m_overwrite);
    conflictLayout->addLayout(conflictButtons);
    m_conflictBox->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Start:"), m_start);
    form->addRow(tr("&End:"), m_end);
    form->addRow(tr("&Location:"), m_location);
    form->addRow(tr("&Client:"), m_client);
    form->addRow(tr("St&atus:"), m_status);
    form->addRow(tr("T&ariff:"), m_tariff);
    form->addRow(tr("&Notes:"), m_notes);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_conflictBox);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &EventEditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EventEditorDialog::reject);
    connect(m_reload, &QPushButton::clicked, this, &EventEditorDialog::reloadFromServer);
    connect(m_overwrite, &QPushButton::clicked, this, &EventEditorDialog::overwrite);

    if (existing.isEmpty()) {
        setWindowTitle(tr("New event"));
        const QDateTime start = QDateTime::currentDateTime().addDays(1);
        m_start->setDateTime(QDateTime(start.date(), QTime(start.time().hour(), 0)));
        m_end->setDateTime(m_start->dateTime().addSecs(2 * 3600));
    } else {
        setWindowTitle(tr("Edit event"));
        loadDocument(existing);
    }
}

void EventEditorDialog::fillCombos()
{
    fillCombo(m_client, QStringLiteral("clients"), {});
    fillCombo(m_tariff, QStringLiteral("tariffs"), tr("(none)"));
    m_filled = true;
}

void EventEditorDialog::fillCombo(QComboBox *combo, const QString &collection, const QString &none)
{
    // Keeps the choice across a refill (a name that arrived or changed).
    const QString current = combo->currentData().toString();
    combo->clear();
    if (!none.isEmpty())
        combo->addItem(none, QString());
    if (m_lookup) {
        struct Entry
        {
            QString key, name, id;
        };
        QList<Entry> entries;
        const QHash<QString, QString> names = m_lookup->names(collection);
        for (auto it = names.cbegin(); it != names.cend(); ++it)
            entries.append({CacheRowBuilder::naturalKey(*it), *it, it.key()});
        // As the tables sort names: case-insensitive, numbers by value.
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
            return a.key != b.key ? a.key < b.key : a.id < b.id;
        });
        if (entries.size() > maxComboEntries)
            entries.resize(maxComboEntries);
        for (const Entry &e : std::as_const(entries))
            combo->addItem(e.name, e.id);
    }
    if (!m_filled) {
        // A new event starts on the first name (after "(none)").
        combo->setCurrentIndex(none.isEmpty() || combo->count() < 2 ? 0 : 1);
        return;
    }
    if (current.isEmpty() && !none.isEmpty()) {
        combo->setCurrentIndex(0);
        return;
    }
    if (current.isEmpty())
        return;
    int index = combo->findData(current);
    if (index < 0) {
        combo->addItem(current, current); // not in the cache yet: keep it
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

void EventEditorDialog::loadDocument(const QJsonObject &doc)
{
    m_id = str(doc, "_id");
    m_version = doc.value(QLatin1String("version")).toInteger();
    m_title->setText(str(doc, "title"));
    if (const auto start = Protocol::parseTimestamp(str(doc, "startsAt")))
        m_start->setDateTime(start->toLocalTime());
    if (const auto end = Protocol::parseTimestamp(str(doc, "endsAt")))
        m_end->setDateTime(end->toLocalTime());
    m_location->setText(str(doc, "location"));
    const int status = m_status->findData(str(doc, "status"));
    m_status->setCurrentIndex(status >= 0 ? status : 0);
    const QString clientId = str(doc, "clientId");
    int client = m_client->findData(clientId);
    if (client < 0 && !clientId.isEmpty()) {
        m_client->addItem(clientId, clientId); // not in the cache yet: keep it
        client = m_client->count() - 1;
    }
    m_client->setCurrentIndex(client);
    const int tariff = m_tariff->findData(str(doc, "tariffId"));
    m_tariff->setCurrentIndex(tariff >= 0 ? tariff : 0);
    m_notes->setPlainText(str(doc, "notes"));
}

QJsonObject EventEditorDialog::fields() const
{
    QJsonObject o;
    o.insert(QLatin1String("title"), m_title->text().trimmed());
    o.insert(QLatin1String("startsAt"), Protocol::formatTimestamp(m_start->dateTime().toUTC()));
    o.insert(QLatin1String("endsAt"), Protocol::formatTimestamp(m_end->dateTime().toUTC()));
    o.insert(QLatin1String("location"), m_location->text().trimmed());
    o.insert(QLatin1String("clientId"), m_client->currentData().toString());
    o.insert(QLatin1String("status"), m_status->currentData().toString());
    const QString tariff = m_tariff->currentData().toString();
    if (!tariff.isEmpty())
        o.insert(QLatin1String("tariffId"), tariff);
    o.insert(QLatin1String("notes"), m_notes->toPlainText());
    return o;
}

QStringList EventEditorDialog::validationErrors() const
{
    QStringList errors;
    if (m_title->text().trimmed().isEmpty())
        errors.append(tr("The title is empty."));
    if (m_end->dateTime() <= m_start->dateTime())
        errors.append(tr("The end must be after the start."));
    if (m_client->currentData().toString().isEmpty())
        errors.append(tr("Choose a client."));
    return errors;
}

QString EventEditorDialog::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void EventEditorDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
    m_message->setVisible(!text.isEmpty());
}

void EventEditorDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_reload->setEnabled(!busy);
    m_overwrite->setEnabled(!busy);
}

void EventEditorDialog::save()
{
    const QStringList errors = validationErrors();
    if (!errors.isEmpty()) {
        showMessage(errors.join(QLatin1Char('\n')), true);
        return;
    }
    send(m_version);
}

void EventEditorDialog::send(qint64 ifMatch)
{
    if (m_job)
        return;
    showMessage(tr("Saving…"), false);
    setBusy(true);
    m_job = isNew() ? m_api->createEvent(fields()) : m_api->updateEvent(m_id, ifMatch, fields());
    connect(m_job, &ApiJob::finished, this, [this](ApiJob *job) {
        onFinished(static_cast<WriteJob *>(job));
    });
}

void EventEditorDialog::onFinished(WriteJob *job)
{
    m_job.clear(); // finished: a new request may start before it is deleted
    setBusy(false);
    if (job->error() == ApiError::NoError) {
        showMessage({}, false);
        emit saved(job->document());
        accept();
        return;
    }
    if (job->error() == ApiError::PreconditionFailed && !job->document().isEmpty()) {
        m_conflict = job->document();
        const QString when = Protocol::parseTimestamp(str(m_conflict, "updatedAt"))
                                 .value_or(QDateTime())
                                 .toLocalTime()
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        m_conflictText->setText(
            tr("Someone else changed this event (version %1, %2). Theirs: \"%3\", %4 – %5, %6.\n"
               "Reload their version into the form, or overwrite it with yours.")
                .arg(QString::number(m_conflict.value(QLatin1String("version")).toInteger()),
                     when,
                     str(m_conflict, "title"),
                     str(m_conflict, "startsAt"),
                     str(m_conflict, "endsAt"),
                     str(m_conflict, "status")));
        m_conflictBox->setVisible(true);
        showMessage({}, false);
        emit conflictDetected(m_conflict);
        return;
    }
    const QString text = job->error() == ApiError::Validation
                             ? tr("The server refused the event: %1").arg(job->errorString())
                             : tr("Could not save: %1").arg(job->errorString());
    showMessage(text, true);
    emit failed(text);
}

void EventEditorDialog::reloadFromServer()
{
    if (m_conflict.isEmpty())
        return;
    loadDocument(m_conflict);
    m_conflict = {};
    m_conflictBox->setVisible(false);
    showMessage(tr("Loaded the server's version."), false);
}

void EventEditorDialog::overwrite()
{
    if (m_conflict.isEmpty())
        return;
    m_version = m_conflict.value(QLatin1String("version")).toInteger();
    m_conflict = {};
    m_conflictBox->setVisible(false);
    save();
}
