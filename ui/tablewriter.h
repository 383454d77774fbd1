#pragma once

// Table text for other programs: CSV as RFC 4180 has it (CRLF after every
// record, a field quoted when it holds a quote, comma, CR or LF, quotes
// doubled) for files, and tab-separated text for the clipboard, where
// spreadsheets split on tabs and lines and a cell cannot hold either.

#include <QString>
#include <QStringList>

namespace TableWriter {

QString csvField(const QString &field);
// One record, CRLF included.
QString csvRecord(const QStringList &fields);
// One line, LF included; tabs and line breaks inside a cell become spaces.
QString tsvLine(const QStringList &fields);

} // namespace TableWriter
