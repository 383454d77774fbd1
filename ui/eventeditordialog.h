#pragma once

// Creates or edits one event. Validates the fields before sending, sends
// If-Match with the version it was opened on, and on 412 opens the conflict
// dialog: mine against theirs field by field, saved merged over their
// version. While open it watches the cache (watchChanges): when the event
// changes on the server a banner says who and when and offers Review (the
// same dialog); when it is deleted the banner says so.
// The stored change reaches the table through the stream like any other.
// Nothing is chosen for the user: a new event has no client (saving asks for
// one at the field) and no tariff; clearing the tariff sends null, which
// removes it on the server. Line items and staffing are edited in tables of
// their own. Leaving with changes (Esc, Close, the window's close) asks
// whether to save or discard them.

#include "conflictdialog.h"

#include <QDialog>
#include <QJsonObject>
#include <QMessageBox>
#include <QPointer>

#include <optional>

class ApiClient;
class ApiJob;
class CacheReader;
class MessageBanner;
class EventItemsEditor;
class NameLookup;
class QComboBox;

class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QWidget;
class ReferencePicker;
class WriteJob;

class EventEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: the cached event to edit; empty for a new event. The client
    // and tariff choices come from `lookup` (no read of the cache here).
    EventEditorDialog(ApiClient *api,
                      NameLookup *lookup,
                      const QJsonObject &existing = {},
                      QWidget *parent = nullptr);

    bool isNew() const { return m_id.isEmpty(); }
    qint64 baseVersion() const { return m_version; }
    // The fields as they would be sent; errors() lists what is wrong.
    QJsonObject fields() const;
    QStringList validationErrors() const;
    QString messageText() const;
    QJsonObject conflictDocument() const { return m_conflict; }
    // Follows the event in the cache (reads on the reader thread): a newer
    // version or a deletion shows the banner.
    void watchChanges(CacheReader *reader);
    MessageBanner *banner() const { return m_banner; }
    // The open Review / 412 dialog, if any.
    ConflictDialog *conflictDialog() const { return m_conflictDialog; }
    // A write is on its way (save() sends at once when the form is valid).
    bool isSending() const { return !m_job.isNull(); }

    QLineEdit *titleEdit() const { return m_title; }
    QDateTimeEdit *startEdit() const { return m_start; }
    QDateTimeEdit *endEdit() const { return m_end; }
    QLineEdit *locationEdit() const { return m_location; }
    ReferencePicker *clientPicker() const { return m_client; }
    ReferencePicker *tariffPicker() const { return m_tariff; }
    QLabel *clientError() const { return m_clientError; }
    EventItemsEditor *lineItemsEditor() const { return m_lineItems; }
    EventItemsEditor *staffingEditor() const { return m_staffing; }
    QTabWidget *tabs() const { return m_tabs; }
    // The form differs from what it was opened (or last reloaded) with.
    bool isModified() const;
    // The open "Discard changes?" question, if any.
    QMessageBox *discardPrompt() const { return m_prompt; }

    void save();             // validate, then POST/PUT
    void reloadFromServer(); // take the server's version into the form
    void overwrite();        // send the form again over the server's version
    void review();           // mine against theirs, field by field

    void reject() override; // Esc and Close: asks first when modified

signals:
    void saved(const QJsonObject &document);
    void conflictDetected(const QJsonObject &serverDocument);
    void failed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void loadDocument(const QJsonObject &doc);
    void askDiscard();
    void updateCurrency();
    void send(qint64 ifMatch);
    void onFinished(WriteJob *job);
    void showMessage(const QString &text, bool error);
    void setBusy(bool busy);
    void onCacheChanged(const QString &id);
    void showServerChange(const std::optional<QJsonObject> &doc);
    void saveMerged();

    ApiClient *m_api;
    NameLookup *m_lookup;
    QString m_id;
    qint64 m_version = 0;
    QJsonObject m_conflict;
    QPointer<WriteJob> m_job;
    QJsonObject m_initial;    // fields() as opened: what "modified" compares with
    bool m_hadTariff = false; // clearing it must send null
    bool m_discarding = false;
    bool m_closeAfterSave = false;
    QPointer<QMessageBox> m_prompt;
    CacheReader *m_reader = nullptr;
    quint64 m_readGeneration = 0; // an older read's answer is dropped
    QPointer<ConflictDialog> m_conflictDialog;

    QLineEdit *m_title;
    QDateTimeEdit *m_start;
    QDateTimeEdit *m_end;
    QLineEdit *m_location;
    ReferencePicker *m_client;
    QLabel *m_clientError;
    QComboBox *m_status;
    ReferencePicker *m_tariff;
    QTabWidget *m_tabs;
    EventItemsEditor *m_lineItems;
    EventItemsEditor *m_staffing;
    QPlainTextEdit *m_notes;
    QLabel *m_message;
    MessageBanner *m_banner;
    QPushButton *m_review;
    QDialogButtonBox *m_buttons;
};
