#include "serverlog.h"

#include "protocol.h"
#include "responses.h"

#include <QDateTime>
#include <QString>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace {

std::atomic<ServerLog::Format> g_format{ServerLog::Format::Text};
std::mutex g_writeLock;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void jsonHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    ServerLog::writeJson(type,
                         context.category ? context.category : "default",
                         {},
                         message.toStdString());
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

namespace ServerLog {

void install(Format format)
{
    g_format = format;
    if (format == Format::Json)
        qInstallMessageHandler(jsonHandler);
}

Format format()
{
    return g_format;
}

void writeJson(QtMsgType type,
               std::string_view category,
               const JsonFields &fields,
               std::string_view message)
{
    std::string line = "{\"time\":\"";
    line += Protocol::formatTimestamp(QDateTime::currentDateTimeUtc()).toStdString();
    line += "\",\"level\":\"";
    line += levelName(type);
    line += "\",\"category\":";
    line += Responses::quoted(category);
    for (const auto &[name, value] : fields) {
        line += ",\"" + name + "\":";
        line += value;
    }
    line += ",\"message\":";
    // Client text in messages is escaped already (LogText); quoting keeps
    // the line one valid JSON object whatever it holds.
    line += Responses::quoted(message);
    line += "}\n";
    const std::lock_guard<std::mutex> lock(g_writeLock);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace ServerLog
