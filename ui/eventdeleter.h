#pragma once

// Deleting the events the user selected, one or many. Their titles and
// versions are read from the cache (on the reader thread); one question
// names the count (and the titles, when few) with a button that says what
// it does; then each event gets its DELETE with If-Match of the version the
// user saw, all sent at once. When every one has answered, finished() tells
// how it went, and if some were not deleted one message says which and why
// (changed by someone meanwhile, already gone, or the server's error).
// Nothing waits: the question and the message are opened, never exec()'d.

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

class ApiClient;
class ApiJob;
class CacheReader;
class QMessageBox;
class QWidget;

class EventDeleter : public QObject
{
    Q_OBJECT
public:
    // The question and the message are window-modal on `window`.
    EventDeleter(ApiClient *api, CacheReader *reader, QWidget *window);

    // Asks about `ids` (in that order) once they are read; a question still
    // open for an earlier call is closed unanswered. Ignored while deletes
    // are in flight.
    void start(const QStringList &ids);
    bool isDeleting() const { return m_pending > 0; }

    // While open (tests press their buttons).
    QPointer<QMessageBox> question() const { return m_question; }
    QPointer<QMessageBox> failureMessage() const { return m_failureMessage; }

signals:
    // Every DELETE answered: `summary` is one line for the status bar;
    // `notDeleted` the ids that are still there (or were already gone).
    void finished(const QString &summary, const QStringList &notDeleted);

private:
    struct Target
    {
        QString id;
        QString title;
        qint64 version = 0;
    };

    void ask(const QList<Target> &targets);
    void send();
    void onDeleted(const Target &target, ApiJob *job);
    void report();

    ApiClient *m_api;
    CacheReader *m_reader;
    QWidget *m_window;
    quint64 m_request = 0; // the read that may still ask; earlier ones are stale
    QList<Target> m_targets;
    int m_pending = 0;
    int m_deleted = 0;
    QHash<QString, QString> m_failures; // id -> why it was not deleted
    bool m_changedMeanwhile = false;    // a 412: worth a second look before trying again
    QPointer<QMessageBox> m_question;
    QPointer<QMessageBox> m_failureMessage;
};
