#include "csvexportjob.h"

#include "collectionmodel.h"
#include "tablewriter.h"

#include <QSaveFile>

struct CsvExportJob::Output
{
    std::unique_ptr<QSaveFile> file;

    // Reader thread: opens on first use, then appends.
    QString write(const QString &path, const QByteArray &bytes)
    {
        if (!file) {
            file = std::make_unique<QSaveFile>(path);
            if (!file->open(QIODevice::WriteOnly))
                return file->errorString();
        }
        if (!bytes.isEmpty() && file->write(bytes) != bytes.size())
            return file->errorString();
        return {};
    }
};

CsvExportJob::CsvExportJob(CacheReader *reader,
                           const CollectionModel *model,
                           const QList<int> &columns,
                           const QString &filePath,
                           QObject *parent)
    : QObject(parent)
    , m_reader(reader)
    , m_model(model)
    , m_columns(columns)
    , m_filePath(filePath)
    , m_query(model->query())
    , m_output(std::make_shared<Output>())
    , m_cancel(CacheReader::newCancel())
    , m_totalRows(model->totalCount())
{}

CsvExportJob::~CsvExportJob()
{
    // A job destroyed while running drops its file like a cancel; the
    // reader thread drops the QSaveFile (its destructor removes the temp).
    if (m_running) {
        m_cancel->store(true);
        m_reader->read(
            m_reader,
            [output = m_output](const QString &) {
                output->file.reset();
                return true;
            },
            [](bool) {});
    }
}

void CsvExportJob::start()
{
    m_running = true;
    requestPage(std::nullopt, headerRecord());
}

void CsvExportJob::cancel()
{
    if (!m_running)
        return;
    m_cancel->store(true);
    // Not cancellable itself, so it runs after the page being read.
    m_reader->read(
        this,
        [output = m_output](const QString &) {
            if (output->file)
                output->file->cancelWriting();
            output->file.reset();
            return true;
        },
        [this](bool) { finish(false, {}); });
}

void CsvExportJob::requestPage(const std::optional<CacheQuery::Key> &after,
                               const QByteArray &pending)
{
    m_reader->read(
        this,
        [query = m_query, output = m_output, path = m_filePath, after, pending, limit = m_pageSize](
            const QString &connection) mutable {
            PageResult result;
            result.error = output->write(path, pending);
            if (!result.error.isEmpty())
                return result;
            query.setConnectionName(connection);
            result.rows = query.page(after, limit);
            if (!result.rows)
                result.error = query.errorString();
            return result;
        },
        [this](const PageResult &result) { onPage(result); },
        m_cancel);
}

void CsvExportJob::onPage(const PageResult &result)
{
    if (!result.error.isEmpty() || !result.rows || !m_model) {
        m_cancel->store(true);
        const QString error = result.error.isEmpty() ? tr("The table was closed.") : result.error;
        m_reader->read(
            this,
            [output = m_output](const QString &) {
                output->file.reset();
                return true;
            },
            [this, error](bool) { finish(false, error); });
        return;
    }
    const QList<CacheQuery::Row> &rows = *result.rows;
    m_rowsWritten += rows.size();
    m_totalRows = qMax(m_totalRows, m_rowsWritten);
    const QByteArray text = records(rows);
    emit progressed(m_rowsWritten, m_totalRows);
    if (rows.size() < m_pageSize)
        commit(text);
    else
        requestPage(rows.constLast().key, text);
}

void CsvExportJob::commit(const QByteArray &pending)
{
    m_reader->read(
        this,
        [output = m_output, path = m_filePath, pending](const QString &) {
            QString error = output->write(path, pending);
            if (error.isEmpty() && !output->file->commit())
                error = output->file->errorString();
            output->file.reset();
            return error;
        },
        [this](const QString &error) { finish(error.isEmpty(), error); },
        m_cancel);
}

void CsvExportJob::finish(bool ok, const QString &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_errorString = error;
    emit finished(ok);
}

QByteArray CsvExportJob::headerRecord() const
{
    QStringList titles;
    for (int column : m_columns)
        titles.append(m_model->columns().at(column).title);
    return TableWriter::csvRecord(titles).toUtf8();
}

QByteArray CsvExportJob::records(const QList<CacheQuery::Row> &rows) const
{
    QString text;
    QStringList cells;
    for (const CacheQuery::Row &row : rows) {
        cells.clear();
        for (int column : m_columns)
            cells.append(m_model->displayText(row, column));
        text += TableWriter::csvRecord(cells);
    }
    return text.toUtf8();
}
