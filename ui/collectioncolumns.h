#pragma once

// What each collection's table shows: one ColumnDef per column, naming the
// document field it reads and how the value is turned into text. The
// fields and their kinds are the cache's (CollectionFields: the cache keeps
// a sort key and searchable text of exactly these); this adds titles and
// widths.

#include "collectionfields.h"

#include <QList>
#include <QString>
#include <QVariant>

struct ColumnDef
{
    using Kind = FieldDef::Kind;

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
