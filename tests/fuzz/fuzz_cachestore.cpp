// CacheStore under random write sequences, checked against a std::map model
// after every batch: the documents held, the stored cursor, and the exact
// ids each committed batch reports (inserted, updated, removed).
//
// The input is read as batches, each a head byte and its operands:
//   head % 4 == 0  delta page: n upserts, m deletes, a cursor (applyDelta)
//   head % 4 == 1  stream changes: n upserts/removes with seqs (applyChanges)
//   head % 4 == 2  full replace: n staged documents, m staged deletes, a cursor
//   head % 4 == 3  full replace begun and aborted (nothing may change)
// Ids come from a set of 8 so batches collide; at most 16 batches an input.

#include "cachestore.h"
#include "fuzzcheck.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>

namespace {

const QString collection = QStringLiteral("events");

class Reader
{
public:
    Reader(const uint8_t *data, size_t size)
        : m_data(data)
        , m_size(size)
    {}
    bool atEnd() const { return m_pos >= m_size; }
    uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

QString idFrom(uint8_t byte)
{
    return QStringLiteral("d%1").arg(byte % 8);
}

// A document with a small version (0 = unknown, always applied) and one of
// a few titles, so equal versions with equal and with other bodies occur.
QJsonObject documentFrom(Reader &in)
{
    const uint8_t shape = in.byte();
    QJsonObject doc{{QStringLiteral("_id"), idFrom(shape)},
                    {QStringLiteral("title"), QStringLiteral("t%1").arg(in.byte() % 3)}};
    const int version = (shape >> 3) % 5;
    if (version > 0)
        doc.insert(QStringLiteral("version"), version);
    return doc;
}

qint64 versionOf(const QJsonObject &doc)
{
    return doc.value(QLatin1String("version")).toInteger();
}

struct Model
{
    std::map<QString, QJsonObject> docs;
    qint64 cursor = 0;

    // What CacheStore::upsert promises: never back to an older version, and
    // the same version with the same body is no change.
    void upsert(const QJsonObject &doc, CacheChangeSet *expected)
    {
        const QString id = doc.value(QLatin1String("_id")).toString();
        const auto it = docs.find(id);
        if (it != docs.end()) {
            const qint64 version = versionOf(doc);
            if (version > 0 && version < versionOf(it->second))
                return;
            if (version == versionOf(it->second) && doc == it->second)
                return;
            it->second = doc;
            expected->updated.append(id);
            return;
        }
        docs.emplace(id, doc);
        expected->inserted.append(id);
    }
    void remove(const QString &id, CacheChangeSet *expected)
    {
        if (docs.erase(id) > 0)
            expected->removed.append(id);
    }
};

std::set<QString> asSet(const QStringList &ids)
{
    return std::set<QString>(ids.cbegin(), ids.cend());
}

struct Fixture
{
    QTemporaryDir dir;
    CacheStore store;
    CacheChangeSet reported;
    int reports = 0;

    Fixture()
    {
        FUZZ_CHECK(dir.isValid());
        FUZZ_CHECK(store.open(dir.filePath(QStringLiteral("cache.sqlite"))));
        QObject::connect(&store,
                         &CacheStore::documentsChanged,
                         &store,
                         [this](const QString &changed, const CacheChangeSet &set) {
                             FUZZ_CHECK(changed == collection);
                             reported = set;
                             ++reports;
                         });
    }
};

Fixture &fixture()
{
    static Fixture *made = new Fixture; // for the whole process
    return *made;
}

void checkAgainst(const Model &model, CacheStore &store)
{
    FUZZ_CHECK(store.count(collection) == qint64(model.docs.size()));
    FUZZ_CHECK(store.storedCursor(collection) == model.cursor);
    for (const auto &[id, doc] : model.docs) {
        const std::optional<QJsonObject> stored = store.document(collection, id);
        FUZZ_CHECK(stored);
        FUZZ_CHECK(stored->value(QLatin1String("title")) == doc.value(QLatin1String("title")));
        FUZZ_CHECK(versionOf(*stored) == versionOf(doc));
    }
}

// The set reported for one batch: none for an empty diff, else exactly it.
void checkReported(Fixture &f, int reportsBefore, const CacheChangeSet &expected)
{
    if (expected.isEmpty()) {
        FUZZ_CHECK(f.reports == reportsBefore || f.reported.isEmpty());
        return;
    }
    FUZZ_CHECK(f.reports == reportsBefore + 1);
    FUZZ_CHECK(asSet(f.reported.inserted) == asSet(expected.inserted));
    FUZZ_CHECK(asSet(f.reported.updated) == asSet(expected.updated));
    FUZZ_CHECK(asSet(f.reported.removed) == asSet(expected.removed));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv); // QSqlDatabase finds its plugins through it
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fixture &f = fixture();
    FUZZ_CHECK(f.store.wipe());
    Model model;
    model.cursor = f.store.storedCursor(collection);
    checkAgainst(model, f.store);

    Reader in(data, size);
    for (int batch = 0; batch < 16 && !in.atEnd(); ++batch) {
        const uint8_t head = in.byte();
        const int reportsBefore = f.reports;
        CacheChangeSet expected;
        switch (head % 4) {
        case 0: {
            QList<QJsonObject> documents;
            for (int i = (head >> 2) % 5; i > 0; --i)
                documents.append(documentFrom(in));
            QStringList deleted;
            for (int i = (head >> 5) % 3; i > 0; --i)
                deleted.append(idFrom(in.byte()));
            const qint64 cursor = in.byte();
            FUZZ_CHECK(f.store.applyDelta(collection, documents, deleted, cursor));
            for (const QJsonObject &doc : documents)
                model.upsert(doc, &expected);
            for (const QString &id : deleted)
                model.remove(id, &expected);
            model.cursor = std::max(model.cursor, cursor);
            break;
        }
        case 1: {
            QList<CacheChange> changes;
            for (int i = (head >> 2) % 6; i > 0; --i) {
                CacheChange change;
                const uint8_t kind = in.byte();
                change.seq = kind >> 1; // 0 (unknown) .. 127
                if (kind & 1) {
                    change.op = CacheChange::Op::Remove;
                    change.id = idFrom(in.byte());
                } else {
                    change.document = documentFrom(in);
                    change.id = change.document.value(QLatin1String("_id")).toString();
                }
                changes.append(change);
            }
            FUZZ_CHECK(f.store.applyChanges(collection, changes));
            for (const CacheChange &change : changes) {
                if (change.seq > 0 && change.seq <= model.cursor)
                    continue;
                if (change.op == CacheChange::Op::Remove)
                    model.remove(change.id, &expected);
                else
                    model.upsert(change.document, &expected);
                model.cursor = std::max(model.cursor, change.seq);
            }
            break;
        }
        case 2: {
            std::map<QString, QJsonObject> staged;
            FUZZ_CHECK(f.store.beginFullReplace(collection));
            QList<QJsonObject> documents;
            for (int i = (head >> 2) % 5; i > 0; --i)
                documents.append(documentFrom(in));
            QStringList deleted;
            for (int i = (head >> 5) % 3; i > 0; --i)
                deleted.append(idFrom(in.byte()));
            FUZZ_CHECK(f.store.stageDocuments(collection, documents, deleted));
            for (const QJsonObject &doc : documents)
                staged[doc.value(QLatin1String("_id")).toString()] = doc;
            for (const QString &id : deleted)
                staged.erase(id);
            const qint64 cursor = in.byte();
            FUZZ_CHECK(f.store.commitFullReplace(collection, cursor));
            for (const auto &[id, doc] : staged) {
                const auto old = model.docs.find(id);
                if (old == model.docs.end())
                    expected.inserted.append(id);
                else if (old->second != doc)
                    expected.updated.append(id);
            }
            for (const auto &[id, doc] : model.docs) {
                if (staged.count(id) == 0)
                    expected.removed.append(id);
            }
            model.docs = staged;
            model.cursor = cursor;
            break;
        }
        default: {
            FUZZ_CHECK(f.store.beginFullReplace(collection));
            FUZZ_CHECK(f.store.stageDocuments(collection, {documentFrom(in)}, {}));
            f.store.abortFullReplace(collection);
            break;
        }
        }
        checkAgainst(model, f.store);
        checkReported(f, reportsBefore, expected);
    }
    return 0;
}
