// Event write bodies: StrictJson on any bytes, then the validator's whole
// path as POST and PUT take it (parseBody, the PUT merge over a stored
// event, checkBounds, check against a real SQLite store). What StrictJson
// accepts Qt's parser must read too; a refusal is a 400/413/422 with a
// message, never anything else.

#include "changelogstore.h"
#include "eventvalidator.h"
#include "fuzzcheck.h"
#include "fuzzstore.h"
#include "storebackend.h"
#include "strictjson.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

ChangeLogStore &store()
{
    static std::unique_ptr<StoreBackend> backend = FuzzStore::backend();
    static std::unique_ptr<ChangeLogStore> opened = FuzzStore::open(*backend);
    return *opened;
}

const QJsonObject &storedEvent()
{
    static const QJsonObject event = QJsonDocument::fromJson(
                                         R"({"title":"Seed","startsAt":"2025-01-15T10:00:00.000Z",
                                             "endsAt":"2025-01-15T12:00:00.000Z",
                                             "clientId":"c-fuzz","tariffId":"t-fuzz",
                                             "lineItems":[{"label":"Hall","amount":1}]})")
                                         .object();
    return event;
}

void checkProblem(const EventValidator::Problem &problem)
{
    FUZZ_CHECK(problem.status == 400 || problem.status == 413 || problem.status == 422);
    FUZZ_CHECK(!problem.message.empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string body(reinterpret_cast<const char *>(data), size);

    // Strict first, at a depth the input picks too (the validator uses 32).
    const int depth = size > 0 ? 1 + data[0] % 40 : 1;
    if (!StrictJson::check(body, depth)) {
        // Qt reads objects and arrays only; a scalar text is RFC 8259 JSON
        // that parseBody refuses as "not an object" by Qt's error instead.
        const size_t first = body.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && (body[first] == '{' || body[first] == '[')) {
            QJsonParseError error;
            QJsonDocument::fromJson(QByteArray::fromStdString(body), &error);
            FUZZ_CHECK(error.error == QJsonParseError::NoError);
        }
    }

    EventValidator::Problem problem;
    const std::optional<QJsonObject> fields = EventValidator::parseBody(body, &problem);
    if (!fields) {
        checkProblem(problem);
        return 0;
    }
    const uint64_t maxBytes = FuzzStore::config().maxBodyBytes;
    for (const QJsonObject &event : {*fields, EventValidator::merged(storedEvent(), *fields)}) {
        if (std::optional<EventValidator::Problem> bounds = EventValidator::checkBounds(event,
                                                                                        maxBytes)) {
            checkProblem(*bounds);
            continue;
        }
        if (std::optional<EventValidator::Problem> invalid = EventValidator::check(event, store()))
            checkProblem(*invalid);
    }
    return 0;
}
