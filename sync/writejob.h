#pragma once

// POST/PUT/DELETE of an event. document(): the stored document on success,
// the server's current document on 412. cursor(): X-Sync-Cursor of the write.

#include "apijob.h"

#include <QJsonObject>

class WriteJob : public ApiJob
{
    Q_OBJECT
public:
    using ApiJob::ApiJob;

    QJsonObject document() const { return m_document; }
    QString cursor() const;

protected:
    void parseResult() override;
    void parseErrorBody() override;

private:
    QJsonObject m_document;
};
