#pragma once

// Plain values that cross the store interface. They carry JSON as compact
// UTF-8 text so that a delta page of thousands of documents is assembled by
// concatenation, never parsed and re-serialised.

#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

enum class ChangeOp { Insert, Update, Delete };

// One entry of the change log: the state of a document after the write with
// this seq (documentJson is empty for a delete).
struct Change
{
    int64_t seq = 0;
    std::string collection;
    std::string documentId;
    ChangeOp op = ChangeOp::Insert;
    std::string documentJson;
    int64_t timestampMs = 0;
};

struct StoredDocument
{
    std::string id;
    int64_t seq = 0;
    int64_t version = 0;
    int64_t updatedAtMs = 0;
    bool deleted = false;
    std::string json; // empty for a tombstone
};

// One page of a delta fetch of one collection.
struct DeltaPage
{
    bool expired = false; // the cursor is older than the purged tombstones
    std::vector<std::string> documents;
    std::vector<std::string> deletedIds;
    int64_t head = 0;
    int64_t lastSeq = 0; // seq of the page's last item (0 if none)
    bool hasMore = false;
    int64_t total = 0; // live documents in the collection at read time
};

// Changes across collections after a cursor, for the stream's replay.
struct ChangeBatch
{
    bool expired = false;
    std::vector<Change> changes;
    int64_t scannedThrough = 0; // the next read starts after this seq
    bool hasMore = false;
    int64_t head = 0;
};

// A write as the store applies it. The store sets _id, version and updatedAt.
struct WriteCommand
{
    enum class Kind { Insert, Update, Delete };
    Kind kind = Kind::Insert;
    std::string collection;
    std::string id;
    QJsonObject fields;                     // the whole document body (no meta fields)
    std::optional<int64_t> expectedVersion; // If-Match; nullopt = unconditional
};

struct WriteResult
{
    enum class Status { Ok, NotFound, VersionMismatch, Conflict, Failed };
    Status status = Status::Failed;
    Change change;               // on Ok
    std::string currentDocument; // on VersionMismatch
};

struct Account
{
    std::string username;
    std::string name;
    std::string role;
    std::string salt;
    std::string hash;
    int iterations = 0;
    int64_t tokenExpiresAtMs = 0; // set by accountForToken
    bool disabled = false;        // cannot log in; holds no tokens
};

// One line of `deltadesk-server user list`.
struct AccountSummary
{
    std::string username;
    std::string name;
    std::string role;
    bool disabled = false;
    int liveTokens = 0;
};
