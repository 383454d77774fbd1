#include "eventdeleter.h"

#include "apiclient.h"
#include "cachequery.h"
#include "cachereader.h"
#include "writejob.h"

#include <QHash>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace {
const QString eventsCollection = QStringLiteral("events");
// Titles named in the question and failures in the message; the rest are
// counted (a screenful of titles is read by nobody).
constexpr int maxNamed = 5;

// The locale's own quotation marks: “…” in English, „…“ in German.
QString quoted(const QString &title)
{
    return QLocale().quoteString(title);
}

// A server's message may end a sentence itself.
QString sentence(const QString &text)
{
    return text.endsWith(QLatin1Char('.')) ? text : text + QLatin1Char('.');
}
} // namespace

EventDeleter::EventDeleter(ApiClient *api, CacheReader *reader, QWidget *window)
    : QObject(window)
    , m_api(api)
    , m_reader(reader)
    , m_window(window)
{}

void EventDeleter::start(const QStringList &ids)
{
    if (ids.isEmpty() || isDeleting())
        return;
    if (m_question)
        m_question->close();
    const quint64 request = ++m_request;
    m_reader->read(
        this,
        [ids](const QString &connection) {
            CacheQuery query(connection, eventsCollection);
            query.setFields({QStringLiteral("title")});
            return query.rowsByIds(ids);
        },
        [this, ids, request](const std::optional<QList<CacheQuery::Row>> &rows) {
            if (request != m_request || !rows || isDeleting())
                return;
            QHash<QString, const CacheQuery::Row *> byId;
            for (const CacheQuery::Row &r : *rows)
                byId.insert(r.key.id, &r);
            // In the table's order; one deleted meanwhile is not asked about.
            QList<Target> targets;
            for (const QString &id : ids) {
                if (const CacheQuery::Row *r = byId.value(id)) {
                    QString title = r->values.value(0).toString();
                    if (title.isEmpty())
                        title = tr("(untitled)");
                    targets.append({id, title, r->version});
                }
            }
            if (!targets.isEmpty())
                ask(targets);
        });
}

void EventDeleter::ask(const QList<Target> &targets)
{
    const int count = int(targets.size());
    auto *box = new QMessageBox(m_window);
    box->setIcon(QMessageBox::Question);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *deleteButton = nullptr;
    if (count == 1) {
        box->setWindowTitle(tr("Delete event"));
        box->setText(tr("Delete %1?").arg(quoted(targets.constFirst().title)));
        deleteButton = box->addButton(tr("Delete Event"), QMessageBox::DestructiveRole);
    } else {
        box->setWindowTitle(tr("Delete events"));
        box->setText(tr("Delete %n events?", nullptr, count));
        QStringList lines;
        for (int i = 0; i < qMin(count, maxNamed); ++i)
            lines.append(QStringLiteral("• ") + targets.at(i).title);
        if (count > maxNamed)
            lines.append(tr("and %n more", nullptr, count - maxNamed));
        box->setInformativeText(lines.join(QLatin1Char('\n')));
        deleteButton = box->addButton(tr("Delete %n Events", nullptr, count),
                                      QMessageBox::DestructiveRole);
    }
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel); // Enter by habit deletes nothing
    box->setEscapeButton(cancel);
    connect(box, &QMessageBox::finished, this, [this, box, deleteButton, targets] {
        if (box->clickedButton() != deleteButton || isDeleting())
            return;
        m_targets = targets;
        send();
    });
    m_question = box;
    box->open();
}

void EventDeleter::send()
{
    m_deleted = 0;
    m_failures.clear();
    m_changedMeanwhile = false;
    m_pending = int(m_targets.size());
    // Copied: a job answering at once must not see the list change under it.
    const QList<Target> targets = m_targets;
    for (const Target &target : targets) {
        WriteJob *job = m_api->deleteEvent(target.id, target.version);
        connect(job, &ApiJob::finished, this, [this, target](ApiJob *j) { onDeleted(target, j); });
    }
}

void EventDeleter::onDeleted(const Target &target, ApiJob *job)
{
    switch (job->error()) {
    case ApiError::NoError:
        ++m_deleted;
        break;
    case ApiError::PreconditionFailed:
        m_changedMeanwhile = true;
        m_failures
            .insert(target.id,
                    tr("%1 not deleted: someone changed it meanwhile").arg(quoted(target.title)));
        break;
    case ApiError::NotFound:
        m_failures.insert(target.id,
                          tr("%1 not deleted: someone else deleted it already")
                              .arg(quoted(target.title)));
        break;
    default:
        m_failures.insert(target.id,
                          tr("%1 not deleted: %2").arg(quoted(target.title), job->errorString()));
        break;
    }
    if (--m_pending == 0)
        report();
}

void EventDeleter::report()
{
    const int count = int(m_targets.size());
    const int failed = int(m_failures.size());
    // In the table's order, whatever order the answers came in.
    QStringList notDeleted, failureLines;
    for (const Target &target : std::as_const(m_targets)) {
        if (const auto it = m_failures.constFind(target.id); it != m_failures.constEnd()) {
            notDeleted.append(target.id);
            failureLines.append(*it);
        }
    }
    if (failed == 0) {
        emit finished(count == 1 ? tr("Event deleted.") : tr("%n events deleted.", nullptr, count),
                      {});
        return;
    }
    auto *box = new QMessageBox(m_window);
    box->setIcon(QMessageBox::Warning);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setStandardButtons(QMessageBox::Ok);
    if (count == 1) {
        box->setWindowTitle(tr("Event not deleted"));
        box->setText(sentence(failureLines.constFirst()));
    } else {
        box->setWindowTitle(tr("Not all events deleted"));
        QStringList parts{tr("%n deleted", nullptr, m_deleted)};
        parts.append(failureLines.mid(0, maxNamed));
        if (failed > maxNamed)
            parts.append(tr("%n more not deleted", nullptr, failed - maxNamed));
        box->setText(sentence(parts.join(QStringLiteral("; "))));
        if (failed > maxNamed)
            box->setDetailedText(failureLines.join(QLatin1Char('\n')));
    }
    if (m_changedMeanwhile)
        box->setInformativeText(tr("Check the new version and try again."));
    m_failureMessage = box;
    box->open();
    emit finished(count == 1 ? box->text()
                             : tr("%n deleted", nullptr, m_deleted) + QStringLiteral("; ")
                                   + tr("%n not deleted", nullptr, failed),
                  notDeleted);
}
