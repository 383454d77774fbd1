#pragma once

// Streaming gzip inflate over zlib, so a response can be decoded chunk by
// chunk while its compressed size is counted.

#include <QByteArray>

#include <memory>
#include <optional>

class GzipDecoder
{
public:
    GzipDecoder();
    ~GzipDecoder();
    GzipDecoder(const GzipDecoder &) = delete;
    GzipDecoder &operator=(const GzipDecoder &) = delete;

    // Appends the inflated bytes to `out`; false on corrupt data.
    bool feed(const QByteArray &compressed, QByteArray &out);
    // True once the gzip trailer was read (a body cut short never gets here).
    bool isComplete() const { return m_complete; }
    bool hasError() const { return m_error; }

    static std::optional<QByteArray> decompress(const QByteArray &gzip);
    static QByteArray compress(const QByteArray &data, int level = 6);

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    bool m_complete = false;
    bool m_error = false;
};
