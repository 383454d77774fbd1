#include "tablewriter.h"

namespace TableWriter {

QString csvField(const QString &field)
{
    const bool needsQuotes = field.contains(QLatin1Char('"')) || field.contains(QLatin1Char(','))
                             || field.contains(QLatin1Char('\r'))
                             || field.contains(QLatin1Char('\n'));
    if (!needsQuotes)
        return field;
    QString quoted = field;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvRecord(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields)
        quoted.append(csvField(field));
    return quoted.join(QLatin1Char(',')) + QLatin1String("\r\n");
}

QString tsvLine(const QStringList &fields)
{
    QStringList cells;
    cells.reserve(fields.size());
    for (QString cell : fields) {
        // CRLF is one break: one space, not two.
        cell.replace(QLatin1String("\r\n"), QLatin1String(" "));
        for (QChar &c : cell) {
            if (c == QLatin1Char('\t') || c == QLatin1Char('\r') || c == QLatin1Char('\n'))
                c = QLatin1Char(' ');
        }
        cells.append(cell);
    }
    return cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
}

} // namespace TableWriter
