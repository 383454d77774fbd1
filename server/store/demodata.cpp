#include "demodata.h"

#include "protocol.h"

#include <QDateTime>
#include <QJsonArray>

namespace {

const char *const firstNames[] = {"Anna", "Ben",  "Clara", "David", "Emma",  "Felix", "Greta",
                                  "Hugo", "Ida",  "Jonas", "Lena",  "Marta", "Noah",  "Olga",
                                  "Paul", "Rosa", "Samir", "Tara",  "Umar",  "Vera"};
const char *const lastNames[] = {"Albers",
                                 "Berg",
                                 "Costa",
                                 "Dietz",
                                 "Engel",
                                 "Fischer",
                                 "Garcia",
                                 "Hansen",
                                 "Ivanova",
                                 "Jansen",
                                 "Keller",
                                 "Lopez",
                                 "Meyer",
                                 "Novak",
                                 "Olsen",
                                 "Petrov",
                                 "Richter",
                                 "Schmidt"};
const char *const companies[] = {"Northwind",
                                 "Blue Harbor",
                                 "Lindenhof",
                                 "Crescent Labs",
                                 "Atlas Freight",
                                 "Greenfield",
                                 "Kestrel Media",
                                 "Pioneer Bank",
                                 "Silverline",
                                 "Oakridge School",
                                 "Harbor Clinic",
                                 "Vela Tech"};
const char *const venues[] = {"Main Hall",
                              "Rooftop Terrace",
                              "Garden Pavilion",
                              "Conference Room B",
                              "Riverside Marquee",
                              "Old Brewery",
                              "City Museum Atrium",
                              "Lakeside Barn"};
const char *const kinds[] = {"Wedding",
                             "Corporate dinner",
                             "Product launch",
                             "Conference",
                             "Birthday party",
                             "Gala",
                             "Workshop",
                             "Summer party"};
const char *const words[] = {"guests",  "arrive",     "before",  "the",      "speeches", "and",
                             "need",    "vegetarian", "options", "stage",    "lighting", "checked",
                             "at",      "noon",       "parking", "for",      "vans",     "coffee",
                             "served",  "during",     "breaks",  "band",     "sound",    "check",
                             "late",    "finish",     "cleanup", "contract", "deposit",  "received",
                             "invoice", "client",     "wants"};
const char *const statuses[] = {"draft", "confirmed", "cancelled"};
const char *const roleNames[]
    = {"admin", "manager", "staff", "accountant", "coordinator", "technician", "sales", "viewer"};
const char *const currencies[] = {"EUR", "USD", "GBP"};

template<size_t N>
QString pick(std::mt19937 &rng, const char *const (&list)[N])
{
    return QString::fromLatin1(list[std::uniform_int_distribution<size_t>(0, N - 1)(rng)]);
}

int between(std::mt19937 &rng, int low, int high)
{
    return std::uniform_int_distribution<int>(low, high)(rng);
}

QString sentenceText(std::mt19937 &rng, int approxChars)
{
    QString text;
    while (text.size() < approxChars) {
        QString sentence = pick(rng, words);
        sentence[0] = sentence.at(0).toUpper();
        for (int w = between(rng, 6, 14); w > 0; --w)
            sentence += u' ' + pick(rng, words);
        text += sentence + QStringLiteral(". ");
    }
    return text;
}

// Notes are assembled from a pool of sentences made once: generating every
// word of 2.6 MB of notes costs seconds in a sanitizer build.
QString notesText(std::mt19937 &rng, int approxChars)
{
    static const QStringList pool = [] {
        std::mt19937 poolRng(7);
        QStringList sentences;
        for (int i = 0; i < 256; ++i)
            sentences << sentenceText(poolRng, 1);
        return sentences;
    }();
    QString text;
    text.reserve(approxChars + 200);
    while (text.size() < approxChars)
        text += pool.at(between(rng, 0, int(pool.size()) - 1));
    return text;
}

QString personName(std::mt19937 &rng)
{
    return pick(rng, firstNames) + u' ' + pick(rng, lastNames);
}

QString emailFor(const QString &name, int n)
{
    QString local = name.toLower();
    local.replace(u' ', u'.');
    return local + QString::number(n) + QStringLiteral("@example.com");
}

WriteCommand insert(const char *collection, const QString &id, QJsonObject fields)
{
    WriteCommand c;
    c.kind = WriteCommand::Kind::Insert;
    c.collection = collection;
    c.id = id.toStdString();
    c.fields = std::move(fields);
    return c;
}

QString id(char prefix, int n)
{
    return QChar::fromLatin1(prefix) + u'-' + QString::number(n);
}

} // namespace

namespace DemoData {

QStringList permissionsForRole(const QString &role)
{
    QStringList read;
    for (const QString &c : Protocol::collectionNames())
        read << c + QStringLiteral(":read");
    if (role == QLatin1String("admin"))
        return read << QStringLiteral("events:write") << QStringLiteral("users:write")
                    << QStringLiteral("admin");
    if (role == QLatin1String("manager") || role == QLatin1String("coordinator"))
        return read << QStringLiteral("events:write");
    for (const char *known : roleNames) {
        if (role == QLatin1String(known))
            return read;
    }
    return {};
}

QJsonObject eventFields(std::mt19937 &rng, int number, const QDateTime &around)
{
    // From half a year before the day of `around` to half a year after, so
    // the demo opens on upcoming events as well as past ones. The draw is
    // the one the seed always made (0..540), scaled onto that year: every
    // other field of the seed stays as it was.
    const QDate day = (around.isValid() ? around : QDateTime::currentDateTimeUtc()).toUTC().date();
    const QDateTime base(day, QTime(9, 0), Qt::UTC);
    const int drawn = between(rng, 0, 540);
    const QDateTime start
        = base.addDays(drawn * 365 / 540 - 182).addSecs(1800 * between(rng, 0, 20));
    const QDateTime end = start.addSecs(1800 * between(rng, 2, 16));
    QJsonArray staffing;
    for (int i = between(rng, 4, 9); i > 0; --i) {
        staffing.append(QJsonObject{{QStringLiteral("userId"), id('u', between(rng, 1, userCount))},
                                    {QStringLiteral("task"), pick(rng, words)},
                                    {QStringLiteral("hours"), between(rng, 2, 12)}});
    }
    QJsonArray lineItems;
    for (int i = between(rng, 5, 10); i > 0; --i) {
        lineItems.append(
            QJsonObject{{QStringLiteral("tariffId"), id('t', between(rng, 1, tariffCount))},
                        {QStringLiteral("description"), notesText(rng, 40)},
                        {QStringLiteral("quantity"), between(rng, 1, 120)},
                        {QStringLiteral("amountCents"), between(rng, 500, 250000)}});
    }
    return QJsonObject{
        {QStringLiteral("title"),
         QString(pick(rng, kinds) + QStringLiteral(" #") + QString::number(number))},
        {QStringLiteral("startsAt"), Protocol::formatTimestamp(start)},
        {QStringLiteral("endsAt"), Protocol::formatTimestamp(end)},
        {QStringLiteral("location"), pick(rng, venues)},
        {QStringLiteral("clientId"), id('c', between(rng, 1, clientCount))},
        {QStringLiteral("tariffId"), id('t', between(rng, 1, tariffCount))},
        {QStringLiteral("status"), pick(rng, statuses)},
        {QStringLiteral("notes"), notesText(rng, 3000)},
        {QStringLiteral("staffing"), staffing},
        {QStringLiteral("lineItems"), lineItems},
    };
}

std::vector<WriteCommand> seedCommands(const QDateTime &around)
{
    std::mt19937 rng(20250115);
    std::vector<WriteCommand> out;
    out.reserve(roleCount + tariffCount + clientCount + userCount + eventCount);
    for (int i = 1; i <= roleCount; ++i) {
        const QString name = QString::fromLatin1(roleNames[i - 1]);
        out.push_back(insert("roles",
                             id('r', i),
                             {{QStringLiteral("name"), name},
                              {QStringLiteral("permissions"),
                               QJsonArray::fromStringList(permissionsForRole(name))}}));
    }
    for (int i = 1; i <= tariffCount; ++i) {
        out.push_back(
            insert("tariffs",
                   id('t', i),
                   {{QStringLiteral("name"),
                     QString(pick(rng, kinds) + QStringLiteral(" tariff ") + QString::number(i))},
                    {QStringLiteral("currency"), pick(rng, currencies)},
                    {QStringLiteral("amountCents"), between(rng, 5000, 900000)}}));
    }
    for (int i = 1; i <= clientCount; ++i) {
        const QString name = personName(rng);
        out.push_back(insert("clients",
                             id('c', i),
                             {{QStringLiteral("name"), name},
                              {QStringLiteral("company"), pick(rng, companies)},
                              {QStringLiteral("email"), emailFor(name, i)},
                              {QStringLiteral("phone"),
                               QStringLiteral("+49 30 %1").arg(between(rng, 1000000, 9999999))}}));
    }
    for (int i = 1; i <= userCount; ++i) {
        const QString name = personName(rng);
        out.push_back(insert("users",
                             id('u', i),
                             {{QStringLiteral("name"), name},
                              {QStringLiteral("email"), emailFor(name, i)},
                              {QStringLiteral("roleId"), id('r', between(rng, 1, roleCount))},
                              {QStringLiteral("active"), between(rng, 0, 9) != 0}}));
    }
    for (int i = 1; i <= eventCount; ++i)
        out.push_back(insert("events", id('e', i), eventFields(rng, i, around)));
    return out;
}

} // namespace DemoData
