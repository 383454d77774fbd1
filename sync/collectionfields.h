#pragma once

// The fields the desktop shows of each collection and what kind of value
// each holds. The cache keeps, per shown field, a sort key of the value as
// shown (k_<field>) and, over all of them, the text the filter searches
// (ftext, in an FTS5 trigram index); the UI builds its columns on the same
// list. A Reference holds the id of a document of another (small)
// collection and is shown, sorted and searched by that document's name.

#include <QList>
#include <QString>
#include <QStringList>

struct FieldDef
{
    enum class Kind {
        Text,      // shown as is
        Timestamp, // ISO 8601 UTC on the wire, shown in local time
        Reference, // an id into another collection, shown as that document's name
        Money,     // integer cents, shown as a decimal amount
        List,      // a JSON array of strings, shown comma-separated
    };

    QString name; // top-level JSON field of the document
    Kind kind = Kind::Text;
    QString referenceCollection; // for Kind::Reference
};

class CollectionFields
{
public:
    // The shown fields of a collection, in column order; empty when unknown.
    static const QList<FieldDef> &forCollection(const QString &collection);
    // The field a tab sorts by when opened.
    static QString defaultSortField(const QString &collection);
    // The field of a referenced document shown in place of its id.
    static QString nameField() { return QStringLiteral("name"); }

    struct ReferencingField
    {
        QString collection; // holds the reference
        FieldDef field;
    };
    // Every field of every collection that refers to `collection`.
    static QList<ReferencingField> referencesTo(const QString &collection);
    static bool isReferenced(const QString &collection);
    // The collections with the referenced ones first, so a first sync has
    // the names before the documents that show them.
    static QStringList syncOrder(const QStringList &collections);
};
