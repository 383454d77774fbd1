#include "gzipdecoder.h"

#include <zlib.h>

struct GzipDecoder::Stream
{
    z_stream z{};
    bool initialized = false;
};

GzipDecoder::GzipDecoder()
    : m_stream(std::make_unique<Stream>())
{
    // 16 + MAX_WBITS: gzip wrapper only.
    m_stream->initialized = inflateInit2(&m_stream->z, 16 + MAX_WBITS) == Z_OK;
    m_error = !m_stream->initialized;
}

GzipDecoder::~GzipDecoder()
{
    if (m_stream->initialized)
        inflateEnd(&m_stream->z);
}

bool GzipDecoder::feed(const QByteArray &compressed, QByteArray &out)
{
    if (m_error)
        return false;
    if (compressed.isEmpty())
        return true;
    if (m_complete) {
        // Bytes after the trailer: we never ask for concatenated members.
        m_error = true;
        return false;
    }
    z_stream &z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
    z.avail_in = uInt(compressed.size());
    char buffer[64 * 1024];
    while (z.avail_in > 0 || z.avail_out == 0) {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - z.avail_out));
        if (rc == Z_STREAM_END) {
            m_complete = true;
            if (z.avail_in > 0) {
                m_error = true;
                return false;
            }
            return true;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            break; // needs more input
        if (rc != Z_OK) {
            m_error = true;
            return false;
        }
        if (z.avail_in == 0 && z.avail_out != 0)
            break;
    }
    return true;
}

std::optional<QByteArray> GzipDecoder::decompress(const QByteArray &gzip)
{
    GzipDecoder decoder;
    QByteArray out;
    if (!decoder.feed(gzip, out) || !decoder.isComplete())
        return std::nullopt;
    return out;
}

QByteArray GzipDecoder::compress(const QByteArray &data, int level)
{
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&z, uLong(data.size()))) + 32);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return {};
    return out;
}
