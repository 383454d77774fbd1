#pragma once

// Makes a freshly opened cache file current: WAL and its pragmas, every
// table of CacheSchema::version, a schema-1 table migrated in place (rows
// copied with their sort keys and search text; the search index follows in
// steps), a staging table left by a crash dropped. One transaction; the
// writer runs it once per open.

#include <QString>

class CacheNames;

class CacheSchemaSetup
{
public:
    CacheSchemaSetup(const QString &connectionName, CacheNames *names);

    bool run(); // false + errorString(); the file is as it was
    QString errorString() const { return m_errorString; }

private:
    bool exec(const QString &sql);
    bool fail(const QString &error, const QString &sql);
    bool isVersion1(const QString &docsTable, bool *version1);
    bool migrateFromVersion1(const QString &collection);

    QString m_connectionName;
    CacheNames *m_names;
    QString m_errorString;
};
