// strftime/strptime with Splunk's time format variables, in a named time zone.
// Supported: %Y %y %m %d %e %H %I %k %l %M %S %p %j %s %a %A %b %B %h %F %T %D %R %c %x %X
// %z %:z %::z %Z %w %u %N %3N %6N %9N (subseconds, %N = 9 digits) %Q (milliseconds) %f (micro)
// %n %t %%. Unknown variables are copied as written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace spelunk {

// epoch seconds (fractional allowed) -> text in tz.
std::string format_time(double epoch_seconds, std::string_view format, std::string_view tz);

// text -> epoch seconds, or nullopt when the text does not match the format. Fields the format
// lacks default to 1970-01-01 00:00:00; %z/%Z in the text override tz. Trailing text is ignored.
std::optional<double> parse_time(std::string_view text, std::string_view format, std::string_view tz);

}  // namespace spelunk
