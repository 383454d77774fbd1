// The protocol's small parsers on any text: cursors (also what If-Match
// holds once its quotes are gone), wire timestamps (Protocol) and the
// lastSync forms (JsDateTime). Besides not crashing, what one accepts must
// survive a round trip through its formatter.

#include "fuzzcheck.h"
#include "jsdatetime.h"
#include "protocol.h"

#include <QTimeZone>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

// 0001-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z: the years the
// four-digit wire form can write.
constexpr int64_t firstWireMs = -62135596800000;
constexpr int64_t lastWireMs = 253402300799999;

void checkCursor(const QString &text)
{
    const std::optional<qint64> cursor = Protocol::parseCursor(text);
    if (!cursor)
        return;
    FUZZ_CHECK(*cursor >= 0);
    const QString formatted = Protocol::formatCursor(*cursor);
    FUZZ_CHECK(Protocol::parseCursor(formatted) == cursor);
    // The canonical form is the text without its leading zeros.
    qsizetype zeros = 0;
    while (zeros + 1 < text.size() && text.at(zeros) == u'0')
        ++zeros;
    FUZZ_CHECK(formatted == text.mid(zeros));
}

void checkTimestamp(const QString &text)
{
    const std::optional<QDateTime> parsed = Protocol::parseTimestamp(text);
    if (!parsed)
        return;
    FUZZ_CHECK(parsed->isValid());
    const qint64 ms = parsed->toMSecsSinceEpoch();
    if (ms < firstWireMs || ms > lastWireMs)
        return;
    const QString formatted = Protocol::formatTimestamp(*parsed);
    const std::optional<QDateTime> again = Protocol::parseTimestamp(formatted);
    FUZZ_CHECK(again && again->toMSecsSinceEpoch() == ms);
    FUZZ_CHECK(Protocol::formatTimestamp(*again) == formatted);
}

void checkJsDateTime(std::string_view text)
{
    const std::optional<int64_t> ms = JsDateTime::parseIso(text);
    if (!ms || *ms < firstWireMs || *ms > lastWireMs)
        return;
    // The wire form of that instant is one of the forms lastSync accepts,
    // and both parsers read it as the same instant.
    const QString wire = Protocol::formatTimestamp(
        QDateTime::fromMSecsSinceEpoch(*ms, QTimeZone::utc()));
    const QByteArray wireBytes = wire.toUtf8();
    FUZZ_CHECK(JsDateTime::parseIso(std::string_view(wireBytes.data(), size_t(wireBytes.size())))
               == ms);
    const std::optional<QDateTime> viaProtocol = Protocol::parseTimestamp(wire);
    FUZZ_CHECK(viaProtocol && viaProtocol->toMSecsSinceEpoch() == *ms);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const QString text = QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
    checkCursor(text);
    checkTimestamp(text);
    checkJsDateTime(bytes);
    return 0;
}
