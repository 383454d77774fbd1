#include "demowriter.h"

#include "apicontext.h"
#include "changelogstore.h"
#include "demodata.h"
#include "eventswritehandler.h"
#include "storeworker.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDemo, "deltadesk.server.demo")

DemoWriter::DemoWriter(ApiContext &context, int writesPerMinute)
    : m_context(context)
    , m_intervalMs(std::max(1, 60000 / std::max(1, writesPerMinute)))
    , m_timer(context.io)
    , m_rng(std::make_shared<std::mt19937>(std::random_device{}()))
{}

DemoWriter::~DemoWriter()
{
    *m_alive = false;
}

void DemoWriter::start()
{
    schedule();
}

void DemoWriter::stop()
{
    *m_alive = false;
    m_timer.cancel();
}

void DemoWriter::schedule()
{
    m_timer.expires_after(std::chrono::milliseconds(m_intervalMs));
    m_timer.async_wait([this, alive = m_alive](boost::system::error_code ec) {
        if (ec || !*alive)
            return;
        writeOne();
        schedule();
    });
}

void DemoWriter::writeOne()
{
    ApiContext &context = m_context;
    m_context.store.post([&context, rng = m_rng](ChangeLogStore &store) {
        std::mt19937 &r = *rng;
        const int roll = std::uniform_int_distribution<int>(0, 99)(r);
        const std::string id = "e-"
                               + std::to_string(
                                   std::uniform_int_distribution<int>(1, DemoData::eventCount)(r));
        const std::optional<StoredDocument> existing = store.document("events", id);
        WriteCommand command;
        command.collection = "events";
        if (roll < 15 || !existing || existing->deleted) {
            command.kind = WriteCommand::Kind::Insert;
            command.id = EventsWriteHandler::newEventId();
            command.fields = DemoData::eventFields(r, int(r() % 100000));
        } else if (roll < 30) {
            command.kind = WriteCommand::Kind::Delete;
            command.id = id;
            command.expectedVersion = existing->version;
        } else {
            command.kind = WriteCommand::Kind::Update;
            command.id = id;
            command.expectedVersion = existing->version;
            QJsonObject fields
                = QJsonDocument::fromJson(QByteArray::fromStdString(existing->json)).object();
            for (const char *meta : {"_id", "version", "updatedAt", "updatedBy"})
                fields.remove(QLatin1String(meta));
            const char *statuses[] = {"draft", "confirmed", "cancelled"};
            fields.insert(QStringLiteral("status"), QLatin1String(statuses[r() % 3]));
            fields.insert(QStringLiteral("location"),
                          DemoData::eventFields(r, 0).value(QStringLiteral("location")));
            command.fields = fields;
        }
        const HttpResponse response = EventsWriteHandler::commit(context, store, command, 200);
        if (response.afterResponding)
            response.afterResponding(); // the publish: nobody waits for an answer here
        if (response.status >= 400)
            qCWarning(lcDemo) << "demo write failed with" << response.status;
    });
}
