// Splunk time modifiers (R7.2): "now", "0", epoch numbers, "-24h@h", "@d", "-7d@w0",
// "+1mon@mon", "@q", "-h", chains like "-1d@d+8h", and absolute "%m/%d/%Y:%H:%M:%S".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace spelunk {

// Applies the modifier to now_us (epoch microseconds). Snapping and calendar units use the
// time zone tz. nullopt when the spec is not a valid modifier.
std::optional<std::int64_t> apply_time_modifier(std::string_view spec, std::int64_t now_us,
                                                std::string_view tz);

}  // namespace spelunk
