#include "eventeditordialog.h"

#include "apiclient.h"
#include "cachequery.h"
#include "cachereader.h"
#include "cachestore.h"
#include "conflictdialog.h"
#include "eventformat.h"
#include "eventitemseditor.h"
#include "eventitemsmodel.h"
#include "messagebanner.h"
#include "namelookup.h"
#include "protocol.h"
#include "referencepicker.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {
constexpr int maxTitle = 200;
const QString errorStyle = QStringLiteral("color: #b00020");

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
    , m_client(new ReferencePicker(lookup, QStringLiteral("clients"), {}, this))
    , m_clientError(new QLabel(this))
    , m_status(new QComboBox(this))
    , m_tariff(new ReferencePicker(lookup, QStringLiteral("tariffs"), tr("No tariff"), this))
    , m_tabs(new QTabWidget(this))
    , m_lineItems(new EventItemsEditor(new EventItemsModel(EventItemsModel::Kind::LineItems, lookup),
                                       lookup,
                                       this))
    , m_staffing(new EventItemsEditor(new EventItemsModel(EventItemsModel::Kind::Staffing, lookup),
                                      lookup,
                                      this))
    , m_notes(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
    , m_banner(new MessageBanner(this))
    , m_review(m_banner->addButton(tr("&Review…")))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this))
{
    m_title->setMaxLength(maxTitle);
    for (QDateTimeEdit *edit : {m_start, m_end}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateTimeFormat(QLocale::ShortFormat));
        edit->setTimeSpec(Qt::LocalTime);
    }
    m_status->addItem(tr("Draft"), QStringLiteral("draft"));
    m_status->addItem(tr("Confirmed"), QStringLiteral("confirmed"));
    m_status->addItem(tr("Cancelled"), QStringLiteral("cancelled"));
    m_client->setObjectName(QStringLiteral("clientPicker"));
    m_client->setPlaceholder(tr("Choose a client…"));
    m_client->setCurrentId({});
    m_tariff->setObjectName(QStringLiteral("tariffPicker"));
    m_clientError->setObjectName(QStringLiteral("clientError"));
    m_clientError->setStyleSheet(errorStyle);
    m_clientError->setVisible(false);
    connect(m_client, &QComboBox::currentIndexChanged, this, [this] {
        if (m_client->hasChoice())
            m_clientError->setVisible(false);
    });
    connect(m_tariff, &QComboBox::currentIndexChanged, this, &EventEditorDialog::updateCurrency);
    if (m_lookup) {
        connect(m_lookup, &NameLookup::namesChanged, this, [this](const QString &collection) {
            if (collection == QLatin1String("tariffs"))
                updateCurrency();
        });
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

    m_banner->setObjectName(QStringLiteral("serverChangeBanner"));
    m_review->setObjectName(QStringLiteral("reviewButton"));

    auto *clientField = new QVBoxLayout;
    clientField->setSpacing(2);
    clientField->addWidget(m_client);
    clientField->addWidget(m_clientError);
    auto *eventPage = new QWidget(m_tabs);
    auto *form = new QFormLayout(eventPage);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Start:"), m_start);
    form->addRow(tr("&End:"), m_end);
    form->addRow(tr("&Location:"), m_location);
    auto *clientLabel = new QLabel(tr("&Client:"), eventPage);
    clientLabel->setBuddy(m_client); // a layout row has no buddy of its own
    form->addRow(clientLabel, clientField);
    form->addRow(tr("St&atus:"), m_status);
    form->addRow(tr("T&ariff:"), m_tariff);
    form->addRow(tr("&Notes:"), m_notes);
    m_tabs->addTab(eventPage, tr("E&vent"));
    m_tabs->addTab(m_lineItems, tr("L&ine items"));
    m_tabs->addTab(m_staffing, tr("Sta&ffing"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 80);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &EventEditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EventEditorDialog::reject);
    connect(m_review, &QPushButton::clicked, this, &EventEditorDialog::review);

    if (existing.isEmpty()) {
        setWindowTitle(tr("New event"));
        const QDateTime start = QDateTime::currentDateTime().addDays(1);
        m_start->setDateTime(QDateTime(start.date(), QTime(start.time().hour(), 0)));
        m_end->setDateTime(m_start->dateTime().addSecs(2 * 3600));
    } else {
        setWindowTitle(tr("Edit event"));
        loadDocument(existing);
    }
    updateCurrency();
    m_initial = fields();
}

void EventEditorDialog::updateCurrency()
{
    const QStringList details = m_lookup ? m_lookup->details(QStringLiteral("tariffs"),
                                                             m_tariff->currentId())
                                         : QStringList();
    // The tariff's currency is its only detail.
    m_lineItems->model()->setCurrency(details.value(0));
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
    m_client->setCurrentId(str(doc, "clientId"));
    m_tariff->setCurrentId(str(doc, "tariffId"));
    m_hadTariff = !str(doc, "tariffId").isEmpty();
    m_notes->setPlainText(str(doc, "notes"));
    m_lineItems->model()->setItems(doc.value(QLatin1String("lineItems")).toArray());
    m_staffing->model()->setItems(doc.value(QLatin1String("staffing")).toArray());
}

QJsonObject EventEditorDialog::fields() const
{
    QJsonObject o;
    o.insert(QLatin1String("title"), m_title->text().trimmed());
    o.insert(QLatin1String("startsAt"), Protocol::formatTimestamp(m_start->dateTime().toUTC()));
    o.insert(QLatin1String("endsAt"), Protocol::formatTimestamp(m_end->dateTime().toUTC()));
    o.insert(QLatin1String("location"), m_location->text().trimmed());
    o.insert(QLatin1String("clientId"), m_client->currentId());
    o.insert(QLatin1String("status"), m_status->currentData().toString());
    const QString tariff = m_tariff->currentId();
    if (!tariff.isEmpty())
        o.insert(QLatin1String("tariffId"), tariff);
    else if (m_hadTariff)
        o.insert(QLatin1String("tariffId"), QJsonValue::Null); // a PUT merges: null removes it
    o.insert(QLatin1String("notes"), m_notes->toPlainText());
    o.insert(QLatin1String("lineItems"), m_lineItems->model()->items());
    o.insert(QLatin1String("staffing"), m_staffing->model()->items());
    return o;
}

QStringList EventEditorDialog::validationErrors() const
{
    QStringList errors;
    if (m_title->text().trimmed().isEmpty())
        errors.append(tr("The title is empty."));
    if (m_end->dateTime() <= m_start->dateTime())
        errors.append(tr("The end must be after the start."));
    if (m_client->currentId().isEmpty())
        errors.append(tr("Choose a client."));
    if (!m_tariff->hasChoice())
        errors.append(tr("Choose a tariff from the list, or \"No tariff\"."));
    const QJsonArray staff = m_staffing->model()->items();
    for (const QJsonValue &v : staff) {
        if (v.toObject().value(QLatin1String("userId")).toString().isEmpty()) {
            errors.append(tr("Every staffing row needs a person."));
            break;
        }
    }
    return errors;
}

bool EventEditorDialog::isModified() const
{
    return fields() != m_initial;
}

void EventEditorDialog::reject()
{
    if (m_discarding || !isModified()) {
        QDialog::reject();
        return;
    }
    askDiscard();
}

void EventEditorDialog::closeEvent(QCloseEvent *event)
{
    if (m_discarding || !isModified()) {
        QDialog::closeEvent(event);
        return;
    }
    event->ignore();
    askDiscard();
}

void EventEditorDialog::askDiscard()
{
    if (m_prompt) {
        m_prompt->raise();
        return;
    }
    m_prompt = new QMessageBox(QMessageBox::Question,
                               tr("Discard changes?"),
                               tr("This event has changes that are not saved."),
                               QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                               this);
    m_prompt->setDefaultButton(QMessageBox::Save);
    m_prompt->setEscapeButton(QMessageBox::Cancel);
    m_prompt->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_prompt, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Discard) {
            m_discarding = true;
            QDialog::reject();
        } else if (result == QMessageBox::Save) {
            save(); // closes once stored; a refusal stays in the form
        }
    });
    m_prompt->open();
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
    m_review->setEnabled(!busy);
}

void EventEditorDialog::save()
{
    const QStringList errors = validationErrors();
    if (m_client->currentId().isEmpty()) {
        // Said at the field, where the choice is made.
        m_clientError->setText(tr("Choose a client"));
        m_clientError->setVisible(true);
        m_tabs->setCurrentIndex(0);
        m_client->setFocus(Qt::OtherFocusReason);
    }
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
        m_initial = fields();
        emit saved(job->document());
        accept();
        return;
    }
    if (job->error() == ApiError::PreconditionFailed && !job->document().isEmpty()) {
        showMessage({}, false);
        showServerChange(job->document());
        emit conflictDetected(m_conflict);
        review();
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
    if (m_conflictDialog)
        m_conflictDialog->reject();
    loadDocument(m_conflict);
    updateCurrency();
    m_initial = fields(); // their version is now the one the form started from
    m_conflict = {};
    m_banner->hide();
    showMessage(tr("Loaded the server's version."), false);
}

void EventEditorDialog::overwrite()
{
    if (m_conflict.isEmpty())
        return;
    if (m_conflictDialog)
        m_conflictDialog->reject();
    m_version = m_conflict.value(QLatin1String("version")).toInteger();
    m_conflict = {};
    m_banner->hide();
    save();
}

void EventEditorDialog::review()
{
    if (m_conflict.isEmpty())
        return;
    if (m_conflictDialog) {
        m_conflictDialog->raise();
        return;
    }
    m_conflictDialog = new ConflictDialog(m_lookup, m_initial, fields(), m_conflict, this);
    m_conflictDialog->setAttribute(Qt::WA_DeleteOnClose);
    // Cancel leaves the form as it was: nothing to do but close.
    connect(m_conflictDialog, &QDialog::accepted, this, &EventEditorDialog::saveMerged);
    m_conflictDialog->open();
}

void EventEditorDialog::saveMerged()
{
    if (!m_conflictDialog || m_conflict.isEmpty())
        return;
    QJsonObject merged = m_conflictDialog->merged();
    merged.insert(QLatin1String("_id"), m_id);
    merged.insert(QLatin1String("version"), m_conflictDialog->theirVersion());
    const bool tariffKnown = m_hadTariff || m_conflict.contains(QLatin1String("tariffId"));
    // The form shows what is sent; a refusal leaves it there to fix.
    loadDocument(merged);
    m_hadTariff = tariffKnown; // their tariff exists on the server: clearing sends null
    updateCurrency();
    m_conflict = {};
    m_banner->hide();
    save();
}

void EventEditorDialog::watchChanges(CacheReader *reader)
{
    if (m_reader || !reader || isNew())
        return;
    m_reader = reader;
    connect(reader,
            &CacheReader::documentsChanged,
            this,
            [this](const QString &collection, const CacheChangeSet &changes) {
                if (collection == QLatin1String("events")
                    && (changes.updated.contains(m_id) || changes.inserted.contains(m_id)
                        || changes.removed.contains(m_id)))
                    onCacheChanged(m_id);
            });
    connect(reader, &CacheReader::collectionReset, this, [this](const QString &collection) {
        if (collection == QLatin1String("events"))
            onCacheChanged(m_id);
    });
}

void EventEditorDialog::onCacheChanged(const QString &id)
{
    const quint64 generation = ++m_readGeneration;
    m_reader->read(
        this,
        [id](const QString &connection) {
            return CacheQuery(connection, QStringLiteral("events")).document(id);
        },
        [this, generation](const std::optional<QJsonObject> &doc) {
            if (generation == m_readGeneration && !m_job)
                showServerChange(doc);
        });
}

void EventEditorDialog::showServerChange(const std::optional<QJsonObject> &doc)
{
    if (!doc) {
        m_conflict = {};
        m_review->setVisible(false);
        m_banner->showMessage(MessageBanner::Type::Error,
                              tr("This event was deleted on the server. Saving will fail; "
                                 "close the editor, or copy what you need first."));
        return;
    }
    // Our own save, or an older copy, is no news.
    if (doc->value(QLatin1String("version")).toInteger() <= m_version)
        return;
    m_conflict = *doc;
    const QString who = doc->value(QLatin1String("updatedBy")).toString();
    const QString at = doc->value(QLatin1String("updatedAt")).toString();
    const auto stamp = Protocol::parseTimestamp(at);
    // "at 14:05" today, with the date otherwise.
    const QString when = stamp && stamp->toLocalTime().date() == QDate::currentDate()
                             ? QLocale().toString(stamp->toLocalTime().time(), QLocale::ShortFormat)
                             : EventFormat::dateTime(at);
    m_review->setVisible(true);
    m_banner
        ->showMessage(MessageBanner::Type::Warning,
                      who.isEmpty()
                          ? tr("This event was changed on the server at %1.").arg(when)
                          : tr("This event was changed on the server by %1 at %2.").arg(who, when));
}
