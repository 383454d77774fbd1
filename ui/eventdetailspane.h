#pragma once

// The current event, read-only, beside the events table: every field in
// local formats, the notes, the line items and the staffing with their
// totals, and a card of the client. It follows whatever event id it is
// given (the table's current row), reads the document on the reader thread
// and reads it again when the cache says the event, its client or its
// tariff changed; an event that goes away says so. Writers get an Edit
// button, which the window enables or disables (offline) with the reason.

#include "eventdetails.h"

#include <QWidget>

class CacheReader;
class NameLookup;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QTableWidget;
struct CacheChangeSet;

class EventDetailsPane : public QWidget
{
    Q_OBJECT
public:
    EventDetailsPane(CacheReader *reader, NameLookup *lookup, QWidget *parent = nullptr);

    // Empty: "No event selected". The pane shows the id's event once read.
    void setEventId(const QString &id);
    QString eventId() const { return m_id; }
    const EventDetails &details() const { return m_details; }
    bool isShowingEvent() const { return m_details.event.has_value() && m_details.id == m_id; }

    // The Edit button: shown for writers; disabled with `reason` as tooltip.
    void setEditVisible(bool visible);
    void setEditEnabled(bool enabled, const QString &reason = {});
    QPushButton *editButton() const { return m_edit; }

    // What the pane says instead of an event ("No event selected", "This
    // event was deleted."), empty while it shows one.
    QString emptyText() const;
    QLabel *titleLabel() const { return m_title; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *notesLabel() const { return m_notes; }
    QLabel *clientCard() const { return m_client; }
    QTableWidget *lineItemsTable() const { return m_lineItems; }
    QTableWidget *staffingTable() const { return m_staffing; }
    // The field rows as shown: label -> value text.
    QString fieldText(const QString &label) const;

    void focusContent(); // Enter on a row: the pane takes the keyboard

signals:
    void editRequested(const QString &id);
    void escapePressed();
    void shown(const QString &id); // a read for the current id was applied

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void requestRead();
    void apply(const EventDetails &details);
    void showEmpty(const QString &text);
    void render();
    void renderFields(const QJsonObject &event);
    void renderLineItems(const QJsonObject &event);
    void renderStaffing(const QJsonObject &event);
    void renderClient();
    void onDocumentsChanged(const QString &collection, const CacheChangeSet &changes);
    void onCollectionReset(const QString &collection);

    CacheReader *m_reader;
    NameLookup *m_lookup;
    QString m_id;
    EventDetails m_details;
    quint64 m_generation = 0; // answers for an earlier id or read are dropped
    bool m_editVisible = false;
    bool m_focusWhenShown = false; // Enter came before the event was read

    QLabel *m_empty;
    QScrollArea *m_scroll;
    QLabel *m_title;
    QLabel *m_status;
    QPushButton *m_edit;
    QFormLayout *m_fields;
    QLabel *m_client;
    QGroupBox *m_notesBox;
    QLabel *m_notes;
    QTableWidget *m_lineItems;
    QTableWidget *m_staffing;
};
