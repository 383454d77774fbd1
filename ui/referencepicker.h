#pragma once

// A searchable choice of one document of a small collection (a client, a
// tariff, a user): an editable combo box whose completer matches any part
// of the entry, case-insensitively. Each entry shows the name with the
// fields that tell namesakes apart ("Emma Schmidt — Northwind,
// emma.schmidt3@example.com"). Filled from the NameLookup and refilled when
// its names change, keeping the choice. With no choice the placeholder
// shows; a `none` entry ("No tariff") makes "nothing" a choice of its own.

#include <QComboBox>

class NameLookup;

class ReferencePicker : public QComboBox
{
    Q_OBJECT
public:
    ReferencePicker(NameLookup *lookup,
                    const QString &collection,
                    const QString &none = {},
                    QWidget *parent = nullptr);

    // The chosen id; empty for none, no choice, or typed text that is no
    // entry.
    QString currentId() const;
    // Empty: the none entry if there is one, else no choice (placeholder).
    void setCurrentId(const QString &id);
    // There is a choice (the none entry counts), not just typed text.
    bool hasChoice() const;
    void setPlaceholder(const QString &text);
    // Entry text for an id as the list shows it.
    QString entryText(const QString &id) const;

private:
    void refill();

    NameLookup *m_lookup;
    QString m_collection;
    QString m_none;
};
