// Timestamps of Windows events -> microseconds since the Unix epoch, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace spelunk {

// Parses "2019-08-03 15:16:30.329" (Sysmon UtcTime) and "2020-10-23T21:57:29.217562500Z"
// (SystemTime): date, 'T' or ' ', time, optional fraction (digits past microseconds are
// truncated), optional 'Z'. Anything else (including trailing text) gives nullopt.
std::optional<std::int64_t> parse_event_time(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

}  // namespace spelunk
