#pragma once

// Turns a document into the CacheRow the cache stores: the sort key and
// searchable text of every field the desktop shows, references resolved
// to the names shown in their place. Plain functions of the document and
// the names; no SQL of its own.

#include "cacherow.h"
#include "collectionfields.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>
#include <QVariant>

class CacheNames;

class CacheRowBuilder
{
public:
    // false when the document has no _id.
    static bool build(const QString &collection,
                      const QJsonObject &doc,
                      qint64 seq,
                      CacheNames *names,
                      CacheRow *row);
    // Case-folded text whose byte order is the natural order: every run of
    // digits becomes its length (two digits) and the digits without leading
    // zeros, so "#12" sorts before "#119" and "Event 2" before "Event 10".
    static QString naturalKey(QStringView text);
    // The text of a field as shown (a reference: the name, else the id).
    static QString displayValue(const FieldDef &field, const QJsonValue &value, CacheNames *names);
    static QVariant sortKey(const FieldDef &field, const QJsonValue &value, const QString &shown);
};
