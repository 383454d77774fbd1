#include "cacherowbuilder.h"

#include "cachenames.h"
#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
// Between the fields of ftext: a trigram never spans two fields unless the
// user types this character.
constexpr QChar fieldSeparator(0x1f);

QString jsonText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return value.toVariant().toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
    case QJsonValue::Object: {
        const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray())
                                                  : QJsonDocument(value.toObject());
        return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}
} // namespace

QString CacheRowBuilder::naturalKey(QStringView text)
{
    const QString folded = text.toString().toCaseFolded();
    QString key;
    key.reserve(folded.size() + 8);
    qsizetype i = 0;
    while (i < folded.size()) {
        const QChar c = folded.at(i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) {
            key += c;
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < folded.size() && folded.at(end) >= QLatin1Char('0')
               && folded.at(end) <= QLatin1Char('9'))
            ++end;
        qsizetype first = i;
        while (first + 1 < end && folded.at(first) == QLatin1Char('0'))
            ++first; // "007" sorts as "7"
        const qsizetype digits = qMin<qsizetype>(end - first, 99);
        key += QLatin1Char(char('0' + digits / 10));
        key += QLatin1Char(char('0' + digits % 10));
        key += QStringView(folded).mid(first, end - first);
        i = end;
    }
    return key;
}

QString CacheRowBuilder::displayValue(const FieldDef &field,
                                      const QJsonValue &value,
                                      CacheNames *names)
{
    switch (field.kind) {
    case FieldDef::Kind::Reference: {
        const QString id = jsonText(value);
        if (id.isEmpty() || !names)
            return id;
        const QString name = names->name(field.referenceCollection, id);
        return name.isEmpty() ? id : name; // not synced yet: the id, as the table shows it
    }
    case FieldDef::Kind::List: {
        if (!value.isArray())
            return jsonText(value);
        QStringList parts;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &v : array)
            parts.append(jsonText(v));
        return parts.join(QLatin1String(", "));
    }
    case FieldDef::Kind::Text:
    case FieldDef::Kind::Timestamp:
    case FieldDef::Kind::Money:
        break;
    }
    return jsonText(value);
}

QVariant CacheRowBuilder::sortKey(const FieldDef &field,
                                  const QJsonValue &value,
                                  const QString &shown)
{
    // Never NULL (a null QString binds as NULL): a missing field sorts as ''.
    if (shown.isEmpty() && field.kind != FieldDef::Kind::Money)
        return QStringLiteral("");
    switch (field.kind) {
    case FieldDef::Kind::Timestamp:
        // ISO 8601 UTC in one spelling sorts by time. The wire's own
        // spelling (2025-01-15T10:30:00.000Z) is that spelling already.
        if (shown.size() == 24 && shown.at(10) == QLatin1Char('T')
            && shown.at(19) == QLatin1Char('.') && shown.endsWith(QLatin1Char('Z')))
            return shown;
        if (const auto when = Protocol::parseTimestamp(shown))
            return Protocol::formatTimestamp(*when);
        return shown;
    case FieldDef::Kind::Money:
        if (value.isDouble())
            return value.toInteger();
        if (shown.isEmpty())
            return QStringLiteral("");
        break;
    case FieldDef::Kind::Text:
    case FieldDef::Kind::Reference:
    case FieldDef::Kind::List:
        break;
    }
    return naturalKey(shown);
}

bool CacheRowBuilder::build(
    const QString &collection, const QJsonObject &doc, qint64 seq, CacheNames *names, CacheRow *row)
{
    row->id = doc.value(QLatin1String("_id")).toString();
    if (row->id.isEmpty())
        return false;
    row->seq = seq;
    row->version = doc.value(QLatin1String("version")).toInteger();
    row->updatedAt = doc.value(QLatin1String("updatedAt")).toString();
    row->body = QJsonDocument(doc).toJson(QJsonDocument::Compact);
    row->keys.clear();
    row->refs.clear();
    QString text = row->id;
    for (const FieldDef &field : CollectionFields::forCollection(collection)) {
        const QJsonValue value = doc.value(field.name);
        const QString shown = displayValue(field, value, names);
        row->keys.append(sortKey(field, value, shown));
        if (field.kind == FieldDef::Kind::Reference)
            row->refs.append(jsonText(value));
        text += fieldSeparator;
        text += shown;
    }
    row->ftext = text.toCaseFolded();
    return true;
}
