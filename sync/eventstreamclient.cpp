#include "eventstreamclient.h"

#include "apiclient.h"
#include "protocol.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

Q_LOGGING_CATEGORY(lcStream, "deltadesk.sync.stream")

EventStreamClient::EventStreamClient(ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_watchdog(new QTimer(this))
    , m_reconnect(new QTimer(this))
{
    qRegisterMetaType<StreamChange>();
    qRegisterMetaType<QList<StreamChange>>();
    // Named, so tests can read when they fire instead of waiting them out.
    m_watchdog->setObjectName(QStringLiteral("watchdog"));
    m_reconnect->setObjectName(QStringLiteral("reconnect"));
    m_watchdog->setSingleShot(true);
    connect(m_watchdog, &QTimer::timeout, this, &EventStreamClient::onWatchdog);
    m_reconnect->setSingleShot(true);
    connect(m_reconnect, &QTimer::timeout, this, &EventStreamClient::connectNow);
}

EventStreamClient::~EventStreamClient()
{
    stop();
}

void EventStreamClient::start()
{
    m_running = true;
    m_failures = 0;
    m_reconnect->stop();
    connectNow();
}

void EventStreamClient::stop()
{
    m_running = false;
    m_reconnect->stop();
    m_watchdog->stop();
    dropReply();
    setStatus(Status::Disconnected);
}

void EventStreamClient::dropReply()
{
    if (!m_reply)
        return;
    // Disconnect first: abort() emits finished, which must not look like a drop.
    QNetworkReply *old = m_reply;
    m_reply = nullptr;
    old->disconnect(this);
    old->abort();
    old->deleteLater();
}

void EventStreamClient::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    emit statusChanged(status);
}

void EventStreamClient::connectNow()
{
    if (!m_running)
        return;
    dropReply();
    m_parser.reset();
    m_checkedStatus = false;
    m_reply = m_api->networkAccessManager()->get(m_api->streamRequest(m_collections, m_resumeId));
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::readyRead, this, &EventStreamClient::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &EventStreamClient::onFinished);
    connect(reply, &QNetworkReply::metaDataChanged, m_watchdog, [this] { m_watchdog->start(); });
    m_watchdog->start(2 * m_heartbeatMs);
    setStatus(Status::Connecting);
}

void EventStreamClient::onReadyRead()
{
    if (!m_reply)
        return;
    m_watchdog->start(2 * m_heartbeatMs); // anything heard, even a heartbeat comment
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = m_reply->readAll();
    m_wireBytes += bytes.size();
    if (status != 200)
        return; // an error body; onFinished reports the status
    if (!m_checkedStatus) {
        m_checkedStatus = true;
        setStatus(Status::Connected);
    }
    const QList<SseEvent> events = m_parser.feed(bytes);
    if (m_parser.retryMs() >= 0)
        m_retryMs = m_parser.retryMs();
    QList<StreamChange> changes;
    bool ok = true;
    const QPointer<QNetworkReply> current = m_reply;
    for (const SseEvent &event : events) {
        if (!handleEvent(event, changes)) {
            ok = false;
            break;
        }
        // A receiver of connected() stopped or restarted us (e.g. the
        // server's database changed): what follows is not for this client.
        if (!current || current != m_reply)
            return;
    }
    // Deliver what came before a bad message; it resumes after them.
    if (!changes.isEmpty()) {
        m_failures = 0;
        const QPointer<QNetworkReply> guard = m_reply;
        emit changesReceived(changes);
        if (!guard || guard != m_reply)
            return; // the receiver stopped or restarted us
    }
    if (!ok && m_reply) {
        // Reconnecting would get the same message again (the server replays
        // from the last good id): stop, and let the owner decide when.
        stop();
        emit invalidMessageReceived(m_invalidReason);
    }
}

bool EventStreamClient::handleEvent(const SseEvent &event, QList<StreamChange> &changes)
{
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(event.data.toUtf8(), &parseError);
    const QJsonObject object = json.object();
    if (parseError.error != QJsonParseError::NoError || !json.isObject()) {
        qCWarning(lcStream) << "stream message is not a JSON object:" << parseError.errorString();
        m_invalidReason
            = parseError.error != QJsonParseError::NoError
                  ? tr("a stream message is not valid JSON (%1)").arg(parseError.errorString())
                  : tr("a stream message is not a JSON object");
        return false;
    }
    // The original design sends data-only messages: the type is in the JSON.
    QString type = event.type;
    if (type == QLatin1String("message"))
        type = object.value(QLatin1String("type")).toString();

    if (type == QLatin1String("connected")) {
        m_failures = 0;
        const QString cursor = object.value(QLatin1String("cursor")).toString();
        const QDateTime at = Protocol::parseTimestamp(
                                 object.value(QLatin1String("serverTimestamp")).toString())
                                 .value_or(QDateTime());
        emit connected(cursor,
                       at,
                       object.value(QLatin1String(Protocol::databaseIdField)).toString());
    } else if (type == QLatin1String("change")) {
        StreamChange change;
        change.collection = object.value(QLatin1String("collection")).toString();
        change.operationType = object.value(QLatin1String("operationType")).toString();
        change.fullDocument = object.value(QLatin1String("fullDocument")).toObject();
        change.documentId = object.value(QLatin1String("documentId")).toString();
        if (change.documentId.isEmpty())
            change.documentId = change.fullDocument.value(QLatin1String("_id")).toString();
        const QString cursor = object.value(QLatin1String("cursor")).toString(event.lastEventId);
        change.seq = Protocol::parseCursor(cursor).value_or(0);
        change.timestamp = Protocol::parseTimestamp(
                               object.value(QLatin1String("timestamp")).toString())
                               .value_or(QDateTime());
        const bool known = Protocol::isKnownCollection(change.collection);
        const bool hasDoc = change.isDelete() || !change.fullDocument.isEmpty();
        if (!known || change.documentId.isEmpty() || !hasDoc) {
            // Skipping a change silently would leave a gap: reconnect instead.
            qCWarning(lcStream) << "invalid change message" << change.collection
                                << change.documentId;
            m_invalidReason = tr("a change message has no known collection, id or document");
            return false;
        }
        if (change.fullDocument.value(QLatin1String("_id")).toString().isEmpty()
            && !change.isDelete())
            change.fullDocument.insert(QStringLiteral("_id"), change.documentId);
        changes.append(change);
    } else if (type == QLatin1String("reset")) {
        if (!changes.isEmpty()) {
            emit changesReceived(changes);
            changes.clear();
        }
        emit resetRequested(object.value(QLatin1String("reason")).toString());
        return true; // the receiver decides; the id does not advance
    }
    if (!event.lastEventId.isEmpty())
        m_resumeId = event.lastEventId;
    return true;
}

void EventStreamClient::onFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString reason = status != 0 && status != 200 ? tr("The server answered %1.").arg(status)
                                                        : reply->errorString();
    reply->disconnect(this);
    reply->deleteLater();
    dropped(status == 200 ? 0 : status, reason);
}

void EventStreamClient::onWatchdog()
{
    qCInfo(lcStream) << "nothing heard for" << 2 * m_heartbeatMs << "ms; reconnecting";
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    dropped(0, tr("Nothing heard from the server for %1 seconds.").arg(2 * m_heartbeatMs / 1000.0));
}

void EventStreamClient::dropped(int httpStatus, const QString &reason)
{
    m_watchdog->stop();
    setStatus(Status::Disconnected);
    ++m_failures;
    const bool authProblem = httpStatus == 401 || httpStatus == 403;
    if (m_running && m_autoReconnect && !authProblem) {
        // The server's retry: first, then doubling while it keeps failing,
        // with jitter so a fleet of clients does not reconnect in step.
        const qint64 base = qMax(m_retryMs, 50);
        const qint64 grown = base << qMin(m_failures - 1, 10);
        const qint64 delay = qMin<qint64>(grown, m_maxRetryMs);
        const qint64 jitter = QRandomGenerator::global()->bounded(int(delay / 4) + 1);
        const int wait = int(qMin<qint64>(delay + jitter, m_maxRetryMs));
        m_reconnectDue = QDateTime::currentDateTimeUtc().addMSecs(wait);
        m_reconnect->start(wait);
    }
    emit disconnected(httpStatus, reason);
}

QDateTime EventStreamClient::reconnectDue() const
{
    return m_reconnect->isActive() ? m_reconnectDue : QDateTime();
}
