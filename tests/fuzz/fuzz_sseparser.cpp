// SseParser fed in random pieces must see exactly what one whole feed sees:
// the same events (type, data, id), last event id, retry and comment count.
// The first byte gives the number of cuts (0..15), the next two bytes per
// cut their positions; the rest is the stream.

#include "fuzzcheck.h"
#include "sseparser.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const size_t cuts = data[0] % 16;
    size_t header = 1 + 2 * cuts;
    if (size < header)
        return 0;
    const QByteArray stream(reinterpret_cast<const char *>(data + header), qsizetype(size - header));

    std::vector<qsizetype> positions;
    for (size_t i = 0; i < cuts; ++i) {
        const size_t raw = size_t(data[1 + 2 * i]) << 8 | data[2 + 2 * i];
        positions.push_back(stream.isEmpty() ? 0 : qsizetype(raw % size_t(stream.size() + 1)));
    }
    std::sort(positions.begin(), positions.end());

    SseParser whole;
    const QList<SseEvent> expected = whole.feed(stream);

    SseParser pieces;
    QList<SseEvent> got;
    qsizetype from = 0;
    positions.push_back(stream.size());
    for (qsizetype to : positions) {
        // Empty pieces too: a read that returned nothing must change nothing.
        got.append(pieces.feed(stream.mid(from, to - from)));
        from = to;
    }

    FUZZ_CHECK(got == expected);
    FUZZ_CHECK(pieces.lastEventId() == whole.lastEventId());
    FUZZ_CHECK(pieces.retryMs() == whole.retryMs());
    FUZZ_CHECK(pieces.commentCount() == whole.commentCount());
    return 0;
}
