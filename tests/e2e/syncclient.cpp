#include "syncclient.h"

#include "testhttp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

QList<QJsonObject> SyncResult::lines() const
{
    QList<QJsonObject> out;
    const QList<QByteArray> text = this->out.split('\n');
    for (const QByteArray &line : text) {
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

SyncClient::SyncClient(const QString &serverUrl)
    : m_server(serverUrl)
{}

bool SyncClient::copyStateFrom(const SyncClient &other)
{
    for (const char *name : {"settings.ini", "cache.sqlite"}) {
        const QString file = QString::fromLatin1(name);
        QFile::remove(m_dir.filePath(file));
        if (!QFile::copy(other.m_dir.filePath(file), m_dir.filePath(file)))
            return false;
    }
    return true;
}

QString SyncClient::binaryPath()
{
    return qEnvironmentVariable("DELTADESK_SYNC_BIN");
}

QStringList SyncClient::baseArgs() const
{
    return {QStringLiteral("--server"), m_server, QStringLiteral("--state-dir"), m_dir.path()};
}

SyncResult SyncClient::run(const QStringList &args, int timeoutMs)
{
    SyncResult result;
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(binaryPath(), baseArgs() + args);
    if (!finished.wait(timeoutMs)) {
        process.kill();
        QSignalSpy(&process, &QProcess::finished).wait(5000);
        result.crashed = true;
    }
    result.exitCode = process.exitCode();
    result.crashed = result.crashed || process.exitStatus() != QProcess::NormalExit;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

bool SyncClient::startFollow(const QStringList &extraArgs)
{
    m_follow = std::make_unique<QProcess>();
    m_followOut.clear();
    QSignalSpy started(m_follow.get(), &QProcess::started);
    m_follow->start(binaryPath(), baseArgs() + QStringList{QStringLiteral("follow")} + extraArgs);
    return started.count() > 0 || started.wait(10000);
}

QByteArray SyncClient::followOutput()
{
    if (m_follow)
        m_followOut += m_follow->readAllStandardOutput();
    return m_followOut;
}

SyncResult SyncClient::finishFollow(int timeoutMs)
{
    SyncResult result;
    if (!m_follow)
        return result;
    QSignalSpy finished(m_follow.get(), &QProcess::finished);
    if (m_follow->state() != QProcess::NotRunning) {
        m_follow->terminate(); // SIGTERM: follow ends cleanly
        if (!finished.wait(timeoutMs)) {
            m_follow->kill();
            finished.wait(5000);
            result.crashed = true;
        }
    }
    result.exitCode = m_follow->exitCode();
    result.crashed = result.crashed || m_follow->exitStatus() != QProcess::NormalExit;
    result.out = followOutput();
    result.err = m_follow->readAllStandardError();
    m_follow.reset();
    return result;
}

QList<QJsonObject> SyncClient::dump(const QString &collection)
{
    const SyncResult r = run({QStringLiteral("dump"), collection});
    return r.exitCode == 0 ? r.lines() : QList<QJsonObject>{};
}

QList<QJsonObject> serverDocuments(const QString &baseUrl,
                                   const QByteArray &token,
                                   const QString &collection)
{
    TestHttp http{QUrl(baseUrl)};
    http.setToken(token);
    QList<QJsonObject> docs;
    QString cursor;
    for (int page = 0; page < 1000; ++page) {
        const QString path = QStringLiteral("/api/%1?limit=10000").arg(collection)
                             + (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor);
        const HttpResult r = http.get(path);
        if (r.status != 200)
            return {};
        const QJsonObject object = r.json();
        for (const QJsonValue &v : object.value(collection).toArray())
            docs.append(v.toObject());
        for (const QJsonValue &v : object.value(QStringLiteral("deleted")).toArray()) {
            const QString id = v.toString();
            docs.erase(std::remove_if(docs.begin(),
                                      docs.end(),
                                      [&id](const QJsonObject &d) {
                                          return d.value(QStringLiteral("_id")).toString() == id;
                                      }),
                       docs.end());
        }
        cursor = object.value(QStringLiteral("cursor")).toString();
        if (!object.value(QStringLiteral("hasMore")).toBool())
            break;
    }
    // A document written during paging shows up twice: keep the newest.
    std::stable_sort(docs.begin(), docs.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("_id")).toString()
               < b.value(QStringLiteral("_id")).toString();
    });
    QList<QJsonObject> unique;
    for (const QJsonObject &d : std::as_const(docs)) {
        if (!unique.isEmpty()
            && unique.last().value(QStringLiteral("_id")) == d.value(QStringLiteral("_id")))
            unique.last() = d;
        else
            unique.append(d);
    }
    return unique;
}

QString diffDocuments(const QList<QJsonObject> &client, const QList<QJsonObject> &server)
{
    if (client == server)
        return {};
    QString out
        = QStringLiteral("client has %1 documents, server %2").arg(client.size()).arg(server.size());
    const qsizetype n = qMin(client.size(), server.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (client.at(i) != server.at(i)) {
            out += QStringLiteral("; first difference at %1: client %2 server %3")
                       .arg(i)
                       .arg(QString::fromUtf8(
                                QJsonDocument(client.at(i)).toJson(QJsonDocument::Compact)),
                            QString::fromUtf8(
                                QJsonDocument(server.at(i)).toJson(QJsonDocument::Compact)));
            break;
        }
    }
    return out;
}

QByteArray cursorMarker(const QByteArray &cursor)
{
    return QByteArray("\"cursor\":\"") + cursor + QByteArray("\"");
}
