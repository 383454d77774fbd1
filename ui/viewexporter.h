#pragma once

// File -> Export of a tab: asks for a .csv path (a window-modal file dialog
// opened, never exec()'d), then runs a CsvExportJob over the tab's current
// view with a cancellable progress dialog that shows once the export takes
// more than a moment. Deletes itself when done.

#include <QObject>
#include <QPointer>

class CacheReader;
class CollectionTab;
class CsvExportJob;
class QProgressDialog;
class QWidget;

class ViewExporter : public QObject
{
    Q_OBJECT
public:
    ViewExporter(CacheReader *reader, CollectionTab *tab, QWidget *window);

    // -> the file dialog; its accept starts exportTo().
    void askPath();
    void exportTo(const QString &filePath);
    CsvExportJob *job() const { return m_job; }
    QProgressDialog *progressDialog() const { return m_progress; }

signals:
    void finished(bool ok);

private:
    void onFinished(bool ok);

    CacheReader *m_reader;
    QPointer<CollectionTab> m_tab;
    QWidget *m_window;
    CsvExportJob *m_job = nullptr;
    QProgressDialog *m_progress = nullptr;
};
