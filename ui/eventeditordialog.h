#pragma once

// Creates or edits one event. Validates the fields before sending, sends
// If-Match with the version it was opened on, and on 412 shows the server's
// current version with a choice: reload it into the form, or overwrite it.
// The stored change reaches the table through the stream like any other.

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

class ApiClient;
class ApiJob;
class NameLookup;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QWidget;
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

    QLineEdit *titleEdit() const { return m_title; }
    QDateTimeEdit *startEdit() const { return m_start; }
    QDateTimeEdit *endEdit() const { return m_end; }

    void save();             // validate, then POST/PUT
    void reloadFromServer(); // after a 412: take the server's version into the form
    void overwrite();        // after a 412: send the form again over the server's version

signals:
    void saved(const QJsonObject &document);
    void conflictDetected(const QJsonObject &serverDocument);
    void failed(const QString &message);

private:
    void loadDocument(const QJsonObject &doc);
    // `none`: the text of a first "no choice" entry, empty for none.
    void fillCombo(QComboBox *combo, const QString &collection, const QString &none);
    void fillCombos();
    void send(qint64 ifMatch);
    void onFinished(WriteJob *job);
    void showMessage(const QString &text, bool error);
    void setBusy(bool busy);

    ApiClient *m_api;
    NameLookup *m_lookup;
    QString m_id;
    qint64 m_version = 0;
    QJsonObject m_conflict;
    QPointer<WriteJob> m_job;
    bool m_filled = false; // the combos were filled once: refills keep the choice

    QLineEdit *m_title;
    QDateTimeEdit *m_start;
    QDateTimeEdit *m_end;
    QLineEdit *m_location;
    QComboBox *m_client;
    QComboBox *m_status;
    QComboBox *m_tariff;
    QPlainTextEdit *m_notes;
    QLabel *m_message;
    QWidget *m_conflictBox;
    QLabel *m_conflictText;
    QPushButton *m_reload;
    QPushButton *m_overwrite;
    QDialogButtonBox *m_buttons;
};
