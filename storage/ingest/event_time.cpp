#include "storage/ingest/event_time.hpp"

namespace spelunk {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

// Reads exactly `width` digits at `pos`; nullopt if any is not a digit.
std::optional<unsigned> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return v;
}

bool at(std::string_view s, std::size_t pos, char c) { return pos < s.size() && s[pos] == c; }

}  // namespace

std::optional<std::int64_t> parse_event_time(std::string_view s) {
  // YYYY-MM-DD?hh:mm:ss  (19 characters)
  auto year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  auto hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (!at(s, 4, '-') || !at(s, 7, '-') || !(at(s, 10, 'T') || at(s, 10, ' ')) ||
      !at(s, 13, ':') || !at(s, 16, ':')) {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (at(s, pos, '.')) {
    ++pos;
    std::int64_t scale = 100000;
    std::size_t first = pos;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
      micros += (s[pos] - '0') * scale;
      scale /= 10;  // digits beyond microseconds add 0 (truncation)
    }
    if (pos == first) return std::nullopt;
  }
  if (at(s, pos, 'Z')) ++pos;
  if (pos != s.size()) return std::nullopt;
  std::int64_t days = days_from_civil(*year, *month, *day);
  std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second;
  return seconds * 1'000'000 + micros;
}

}  // namespace spelunk
