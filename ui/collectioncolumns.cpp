#include "collectioncolumns.h"

#include "protocol.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CollectionColumns", text);
}

ColumnDef col(const char *field,
              const char *title,
              int width,
              ColumnDef::Kind kind = ColumnDef::Kind::Text,
              const char *ref = nullptr)
{
    ColumnDef c;
    c.field = QLatin1String(field);
    c.title = tr(title);
    c.kind = kind;
    if (ref)
        c.referenceCollection = QLatin1String(ref);
    c.defaultWidth = width;
    return c;
}

} // namespace

QList<ColumnDef> CollectionColumns::forCollection(const QString &collection)
{
    using K = ColumnDef::Kind;
    if (collection == QLatin1String("events")) {
        return {col("title", QT_TRANSLATE_NOOP("CollectionColumns", "Title"), 220),
                col("startsAt", QT_TRANSLATE_NOOP("CollectionColumns", "Start"), 130, K::Timestamp),
                col("endsAt", QT_TRANSLATE_NOOP("CollectionColumns", "End"), 130, K::Timestamp),
                col("location", QT_TRANSLATE_NOOP("CollectionColumns", "Location"), 185),
                col("clientId",
                    QT_TRANSLATE_NOOP("CollectionColumns", "Client"),
                    170,
                    K::Reference,
                    "clients"),
                col("status", QT_TRANSLATE_NOOP("CollectionColumns", "Status"), 90),
                col("tariffId",
                    QT_TRANSLATE_NOOP("CollectionColumns", "Tariff"),
                    140,
                    K::Reference,
                    "tariffs")};
    }
    if (collection == QLatin1String("users")) {
        return {col("name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 180),
                col("email", QT_TRANSLATE_NOOP("CollectionColumns", "Email"), 230),
                col("roleId",
                    QT_TRANSLATE_NOOP("CollectionColumns", "Role"),
                    140,
                    K::Reference,
                    "roles")};
    }
    if (collection == QLatin1String("clients")) {
        return {col("name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 180),
                col("company", QT_TRANSLATE_NOOP("CollectionColumns", "Company"), 180),
                col("email", QT_TRANSLATE_NOOP("CollectionColumns", "Email"), 230),
                col("phone", QT_TRANSLATE_NOOP("CollectionColumns", "Phone"), 140)};
    }
    if (collection == QLatin1String("roles")) {
        return {col("name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 160),
                col("permissions",
                    QT_TRANSLATE_NOOP("CollectionColumns", "Permissions"),
                    420,
                    K::List)};
    }
    if (collection == QLatin1String("tariffs")) {
        return {col("name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 200),
                col("currency", QT_TRANSLATE_NOOP("CollectionColumns", "Currency"), 90),
                col("amountCents", QT_TRANSLATE_NOOP("CollectionColumns", "Amount"), 110, K::Money)};
    }
    return {};
}

QString CollectionColumns::title(const QString &collection)
{
    if (collection == QLatin1String("events"))
        return tr(QT_TRANSLATE_NOOP("CollectionColumns", "Events"));
    if (collection == QLatin1String("users"))
        return tr(QT_TRANSLATE_NOOP("CollectionColumns", "Users"));
    if (collection == QLatin1String("clients"))
        return tr(QT_TRANSLATE_NOOP("CollectionColumns", "Clients"));
    if (collection == QLatin1String("roles"))
        return tr(QT_TRANSLATE_NOOP("CollectionColumns", "Roles"));
    if (collection == QLatin1String("tariffs"))
        return tr(QT_TRANSLATE_NOOP("CollectionColumns", "Tariffs"));
    return collection;
}

int CollectionColumns::defaultSortColumn(const QString &collection)
{
    // Events read best by start time; everything else by name (column 0).
    return collection == QLatin1String("events") ? 1 : 0;
}

QString CollectionColumns::displayText(const ColumnDef &column, const QVariant &raw)
{
    if (raw.isNull())
        return {};
    switch (column.kind) {
    case ColumnDef::Kind::Timestamp: {
        const auto when = Protocol::parseTimestamp(raw.toString());
        if (!when)
            return raw.toString();
        return QLocale().toString(when->toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    case ColumnDef::Kind::Money: {
        bool ok = false;
        const qint64 cents = raw.toLongLong(&ok);
        if (!ok)
            return raw.toString();
        return QLocale().toString(double(cents) / 100.0, 'f', 2);
    }
    case ColumnDef::Kind::List: {
        // json_extract returns arrays as JSON text.
        const QJsonDocument doc = QJsonDocument::fromJson(raw.toString().toUtf8());
        if (!doc.isArray())
            return raw.toString();
        QStringList parts;
        const QJsonArray array = doc.array();
        for (const QJsonValue &v : array)
            parts.append(v.isString()
                             ? v.toString()
                             : QString::fromUtf8(
                                 QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)));
        return parts.join(QLatin1String(", "));
    }
    case ColumnDef::Kind::Text:
    case ColumnDef::Kind::Reference:
        break;
    }
    if (raw.metaType().id() == QMetaType::Double)
        return QLocale().toString(raw.toDouble());
    return raw.toString();
}
