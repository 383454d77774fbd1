#pragma once

// What each collection's table shows: one ColumnDef per column, naming the
// document field it reads and how the value is turned into text.

#include <QList>
#include <QString>
#include <QVariant>

struct ColumnDef
{
    enum class Kind {
        Text,      // shown as is
        Timestamp, // ISO 8601 UTC on the wire, shown in local time
        Reference, // an id into another collection, shown as that document's name
        Money,     // integer cents, shown as a decimal amount
        List,      // a JSON array of strings, shown comma-separated
    };

    QString field; // top-level JSON field of the document
    QString title; // translated header
    Kind kind = Kind::Text;
    QString referenceCollection; // for Kind::Reference
    int defaultWidth = 140;      // logical pixels before the user resizes
};

class CollectionColumns
{
public:
    // The columns of a collection; empty for an unknown one.
    static QList<ColumnDef> forCollection(const QString &collection);
    // The tab title of a collection ("Events").
    static QString title(const QString &collection);
    // The column the tab sorts by when opened.
    static int defaultSortColumn(const QString &collection);
    // The display text of a raw field value (reference names are resolved
    // by the caller, which knows the lookup).
    static QString displayText(const ColumnDef &column, const QVariant &raw);
};
