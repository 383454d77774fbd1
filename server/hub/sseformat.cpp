#include "sseformat.h"

#include "protocol.h"
#include "responses.h"

#include <QDateTime>

namespace {

std::string timestamp(int64_t ms)
{
    return Protocol::formatTimestamp(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)).toStdString();
}

const char *operationName(ChangeOp op)
{
    switch (op) {
    case ChangeOp::Insert:
        return "insert";
    case ChangeOp::Update:
        return "update";
    case ChangeOp::Delete:
        return "delete";
    }
    return "update";
}

} // namespace

namespace SseFormat {

std::string retry(int ms)
{
    return "retry: " + std::to_string(ms) + "\n\n";
}

std::string connected(int64_t cursor, int64_t nowMs, const std::string &databaseId)
{
    std::string out = "event: connected\ndata: {\"type\":\"connected\",\"serverTimestamp\":\""
                      + timestamp(nowMs) + "\",\"cursor\":\"" + std::to_string(cursor) + "\"";
    if (!databaseId.empty())
        out += ",\"databaseId\":" + Responses::quoted(databaseId);
    return out + "}\n\n";
}

std::string change(const Change &c)
{
    const std::string cursor = std::to_string(c.seq);
    std::string out;
    out.reserve(c.documentJson.size() + 256);
    out += "id: " + cursor + "\nevent: change\ndata: {\"type\":\"change\",\"collection\":";
    out += Responses::quoted(c.collection);
    out += ",\"operationType\":\"";
    out += operationName(c.op);
    out += "\",\"documentId\":" + Responses::quoted(c.documentId);
    if (c.op != ChangeOp::Delete && !c.documentJson.empty())
        out += ",\"fullDocument\":" + c.documentJson;
    out += ",\"cursor\":\"" + cursor + "\",\"timestamp\":\"" + timestamp(c.timestampMs) + "\"}\n\n";
    return out;
}

std::string reset(const char *reason)
{
    return std::string("event: reset\ndata: {\"type\":\"reset\",\"reason\":\"") + reason
           + "\"}\n\n";
}

std::string heartbeat()
{
    return ": heartbeat\n\n";
}

} // namespace SseFormat
