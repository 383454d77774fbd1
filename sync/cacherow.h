#pragma once

// One document as the cache stores it: the body, the sort key of every
// shown field (k_<field>, in CollectionFields order), the raw id behind
// every reference field (r_<field>), and the text the filter searches
// (ftext). CacheRowBuilder makes them; CacheSchema binds them.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariantList>

struct CacheRow
{
    QString id;
    qint64 seq = 0;
    qint64 version = 0;
    QString updatedAt;
    QByteArray body; // compact JSON, UTF-8
    QString ftext;
    QVariantList keys;
    QStringList refs;
};
