// Timestamps as exported by Splunk and log shippers -> microseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace spelunk {

// Accepts epoch seconds with an optional fraction ("1709539200", "1709539200.125") and ISO-8601
// forms: "2024-03-04T08:00:00.000+00:00" (Splunk's export), "2024-03-04T08:00:00.000Z"
// (@timestamp), "2024-03-04 08:00:00.000" (Sysmon UtcTime). An offset is applied to give UTC.
std::optional<std::int64_t> parse_timestamp_text(std::string_view text);

}  // namespace spelunk
