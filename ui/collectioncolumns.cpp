#include "collectioncolumns.h"

#include "protocol.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CollectionColumns", text);
}

struct Look
{
    const char *field;
    const char *title;
    int width;
};

// Titles and widths of the columns, by collection and field.
const QHash<QString, QList<Look>> &looks()
{
    static const QHash<QString, QList<Look>> all{
        {QStringLiteral("events"),
         {{"title", QT_TRANSLATE_NOOP("CollectionColumns", "Title"), 220},
          {"startsAt", QT_TRANSLATE_NOOP("CollectionColumns", "Start"), 130},
          {"endsAt", QT_TRANSLATE_NOOP("CollectionColumns", "End"), 130},
          {"location", QT_TRANSLATE_NOOP("CollectionColumns", "Location"), 185},
          {"clientId", QT_TRANSLATE_NOOP("CollectionColumns", "Client"), 170},
          {"status", QT_TRANSLATE_NOOP("CollectionColumns", "Status"), 90},
          {"tariffId", QT_TRANSLATE_NOOP("CollectionColumns", "Tariff"), 140}}},
        {QStringLiteral("users"),
         {{"name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 180},
          {"email", QT_TRANSLATE_NOOP("CollectionColumns", "Email"), 230},
          {"roleId", QT_TRANSLATE_NOOP("CollectionColumns", "Role"), 140}}},
        {QStringLiteral("clients"),
         {{"name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 180},
          {"company", QT_TRANSLATE_NOOP("CollectionColumns", "Company"), 180},
          {"email", QT_TRANSLATE_NOOP("CollectionColumns", "Email"), 230},
          {"phone", QT_TRANSLATE_NOOP("CollectionColumns", "Phone"), 140}}},
        {QStringLiteral("roles"),
         {{"name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 160},
          {"permissions", QT_TRANSLATE_NOOP("CollectionColumns", "Permissions"), 420}}},
        {QStringLiteral("tariffs"),
         {{"name", QT_TRANSLATE_NOOP("CollectionColumns", "Name"), 200},
          {"currency", QT_TRANSLATE_NOOP("CollectionColumns", "Currency"), 90},
          {"amountCents", QT_TRANSLATE_NOOP("CollectionColumns", "Amount"), 110}}},
    };
    return all;
}

} // namespace

QList<ColumnDef> CollectionColumns::forCollection(const QString &collection)
{
    QList<ColumnDef> columns;
    const QList<Look> shown = looks().value(collection);
    for (const FieldDef &field : CollectionFields::forCollection(collection)) {
        ColumnDef c;
        c.field = field.name;
        c.title = field.name;
        c.kind = field.kind;
        c.referenceCollection = field.referenceCollection;
        for (const Look &look : shown) {
            if (field.name == QLatin1String(look.field)) {
                c.title = tr(look.title);
                c.defaultWidth = look.width;
            }
        }
        columns.append(c);
    }
    return columns;
}

QString CollectionColumns::title(const QString &collection)
{
    // Marked where they stand alone: lupdate does not see a
    // QT_TRANSLATE_NOOP nested in a tr() call.
    static const QHash<QString, const char *> titles{
        {QStringLiteral("events"), QT_TRANSLATE_NOOP("CollectionColumns", "Events")},
        {QStringLiteral("users"), QT_TRANSLATE_NOOP("CollectionColumns", "Users")},
        {QStringLiteral("clients"), QT_TRANSLATE_NOOP("CollectionColumns", "Clients")},
        {QStringLiteral("roles"), QT_TRANSLATE_NOOP("CollectionColumns", "Roles")},
        {QStringLiteral("tariffs"), QT_TRANSLATE_NOOP("CollectionColumns", "Tariffs")},
    };
    const char *text = titles.value(collection);
    return text ? tr(text) : collection;
}

int CollectionColumns::defaultSortColumn(const QString &collection)
{
    const QString field = CollectionFields::defaultSortField(collection);
    const QList<FieldDef> &fields = CollectionFields::forCollection(collection);
    for (int i = 0; i < fields.size(); ++i) {
        if (fields.at(i).name == field)
            return i;
    }
    return 0;
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
