#include "benchsession.h"

#include "cachereader.h"
#include "namelookup.h"
#include "synccontroller.h"

#include <cstdio>

BenchSession::BenchSession(QObject *parent)
    : QObject(parent)
    , m_sync(new SyncController(this))
    , m_reader(new CacheReader(this))
    , m_lookup(new NameLookup(m_reader, this))
{
    m_reader->watch(m_sync->cache());
}

BenchSession::~BenchSession() = default;

void BenchSession::open(const QString &stateDir,
                        const QString &cachePath,
                        std::function<void(bool)> ready)
{
    connect(m_sync,
            &SyncController::opened,
            this,
            [this, cachePath, ready](bool ok, const QString &error) {
                if (!ok) {
                    std::fprintf(stderr, "cannot open the cache: %s\n", qPrintable(error));
                    ready(false);
                    return;
                }
                m_reader->open(cachePath);
            });
    connect(m_reader, &CacheReader::opened, this, [ready](bool ok) { ready(ok); });
    m_sync->open(stateDir, cachePath);
}
