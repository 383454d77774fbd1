#pragma once

// Writes a collection's current view (the model's filter and sort, every
// row in the cache, not only the fetched ones) to a CSV file. Pages are
// read on the reader thread, turned into the table's display text on the
// GUI thread (the model's own formatting and names), and written by the
// next job on the reader thread, so neither SQL nor file writes run on the
// GUI thread. The file is a QSaveFile: it appears only when complete, and
// a cancel or failure leaves nothing behind (nor touches a file it would
// have replaced).

#include "cachequery.h"
#include "cachereader.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class CollectionModel;

class CsvExportJob : public QObject
{
    Q_OBJECT
public:
    // columns: the model's columns to write, in this order (the view's).
    CsvExportJob(CacheReader *reader,
                 const CollectionModel *model,
                 const QList<int> &columns,
                 const QString &filePath,
                 QObject *parent = nullptr);
    ~CsvExportJob() override;

    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    // Returns at once. -> progressed()..., finished()
    void start();
    // Stops between pages and drops the partial file. -> finished(false)
    void cancel();

    QString filePath() const { return m_filePath; }
    qint64 totalRows() const { return m_totalRows; }
    QString errorString() const { return m_errorString; }

signals:
    void progressed(qint64 rowsWritten, qint64 totalRows);
    // ok false: failed (errorString()) or cancelled (empty errorString()).
    void finished(bool ok);

private:
    struct Output;
    struct PageResult
    {
        QString error;
        std::optional<QList<CacheQuery::Row>> rows;
    };
    void requestPage(const std::optional<CacheQuery::Key> &after, const QByteArray &pending);
    void onPage(const PageResult &result);
    void commit(const QByteArray &pending);
    void finish(bool ok, const QString &error);
    QByteArray headerRecord() const;
    QByteArray records(const QList<CacheQuery::Row> &rows) const;

    CacheReader *m_reader;
    QPointer<const CollectionModel> m_model;
    QList<int> m_columns;
    QString m_filePath;
    CacheQuery m_query;               // a copy: the export keeps the view it started from
    std::shared_ptr<Output> m_output; // touched on the reader thread only
    CacheReader::Cancel m_cancel;
    int m_pageSize = 1000;
    qint64 m_totalRows = 0;
    qint64 m_rowsWritten = 0;
    QString m_errorString;
    bool m_running = false;
};
