#include "viewexporter.h"

#include "collectioncolumns.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "csvexportjob.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>

ViewExporter::ViewExporter(CacheReader *reader, CollectionTab *tab, QWidget *window)
    : QObject(window)
    , m_reader(reader)
    , m_tab(tab)
    , m_window(window)
{}

void ViewExporter::askPath()
{
    const QString collection = m_tab ? m_tab->model()->collection() : QString();
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    auto *dialog = new QFileDialog(m_window,
                                   tr("Export as CSV"),
                                   QDir(dir).filePath(collection + QLatin1String(".csv")),
                                   tr("CSV files (*.csv)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &ViewExporter::exportTo);
    connect(dialog, &QFileDialog::rejected, this, &QObject::deleteLater);
    dialog->open();
}

void ViewExporter::exportTo(const QString &filePath)
{
    if (!m_tab || m_job) {
        deleteLater();
        return;
    }
    m_job = new CsvExportJob(m_reader, m_tab->model(), m_tab->shownColumns(), filePath, this);
    m_progress = new QProgressDialog(tr("Exporting %1…").arg(QDir::toNativeSeparators(filePath)),
                                     tr("Cancel"),
                                     0,
                                     int(qMin<qint64>(m_job->totalRows(), INT_MAX)),
                                     m_window);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(500);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setValue(0); // starts the minimum-duration clock
    connect(m_progress, &QProgressDialog::canceled, m_job, &CsvExportJob::cancel);
    connect(m_job, &CsvExportJob::progressed, m_progress, [this](qint64 written, qint64 total) {
        m_progress->setMaximum(int(qMin<qint64>(total, INT_MAX)));
        m_progress->setValue(int(qMin<qint64>(written, INT_MAX)));
    });
    connect(m_job, &CsvExportJob::finished, this, &ViewExporter::onFinished);
    m_job->start();
}

void ViewExporter::onFinished(bool ok)
{
    m_progress->hide();
    m_progress->deleteLater();
    if (!ok && !m_job->errorString().isEmpty()) {
        auto *box
            = new QMessageBox(QMessageBox::Warning,
                              tr("Export failed"),
                              tr("The view could not be exported: %1").arg(m_job->errorString()),
                              QMessageBox::Ok,
                              m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit finished(ok);
    deleteLater();
}
