#include "collectionfields.h"

#include "protocol.h"

#include <QHash>
#include <QSet>

namespace {

FieldDef field(const char *name,
               FieldDef::Kind kind = FieldDef::Kind::Text,
               const char *ref = nullptr)
{
    FieldDef f;
    f.name = QLatin1String(name);
    f.kind = kind;
    if (ref)
        f.referenceCollection = QLatin1String(ref);
    return f;
}

const QHash<QString, QList<FieldDef>> &allFields()
{
    using K = FieldDef::Kind;
    static const QHash<QString, QList<FieldDef>> fields{
        {QStringLiteral("events"),
         {field("title"),
          field("startsAt", K::Timestamp),
          field("endsAt", K::Timestamp),
          field("location"),
          field("clientId", K::Reference, "clients"),
          field("status"),
          field("tariffId", K::Reference, "tariffs")}},
        {QStringLiteral("users"),
         {field("name"), field("email"), field("roleId", K::Reference, "roles")}},
        {QStringLiteral("clients"),
         {field("name"), field("company"), field("email"), field("phone")}},
        {QStringLiteral("roles"), {field("name"), field("permissions", K::List)}},
        {QStringLiteral("tariffs"),
         {field("name"), field("currency"), field("amountCents", K::Money)}},
    };
    return fields;
}

} // namespace

const QList<FieldDef> &CollectionFields::forCollection(const QString &collection)
{
    static const QList<FieldDef> none;
    const auto &all = allFields();
    const auto it = all.constFind(collection);
    return it == all.constEnd() ? none : *it;
}

QString CollectionFields::defaultSortField(const QString &collection)
{
    // Events read best by start time; everything else by name.
    if (collection == QLatin1String("events"))
        return QStringLiteral("startsAt");
    return forCollection(collection).isEmpty() ? QString() : QStringLiteral("name");
}

QList<CollectionFields::ReferencingField> CollectionFields::referencesTo(const QString &collection)
{
    QList<ReferencingField> out;
    for (const QString &c : Protocol::collectionNames()) {
        for (const FieldDef &f : forCollection(c)) {
            if (f.kind == FieldDef::Kind::Reference && f.referenceCollection == collection)
                out.append({c, f});
        }
    }
    return out;
}

bool CollectionFields::isReferenced(const QString &collection)
{
    // Asked for every document written: worked out once.
    static const QSet<QString> referenced = [] {
        QSet<QString> out;
        for (const QString &c : Protocol::collectionNames()) {
            if (!referencesTo(c).isEmpty())
                out.insert(c);
        }
        return out;
    }();
    return referenced.contains(collection);
}

QStringList CollectionFields::syncOrder(const QStringList &collections)
{
    QStringList first;
    QStringList rest;
    for (const QString &c : collections)
        (isReferenced(c) ? first : rest).append(c);
    return first + rest;
}
