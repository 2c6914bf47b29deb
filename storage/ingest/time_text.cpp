#include "storage/ingest/time_text.hpp"

#include <cctype>

#include "storage/ingest/event_time.hpp"

namespace spelunk {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "1709539200" or "1709539200.125": at most 12 integer digits (year 33658), fraction truncated
// past microseconds.
std::optional<std::int64_t> parse_epoch(std::string_view s) {
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (!all_digits(whole) || whole.size() > 12) return std::nullopt;
  if (dot != std::string_view::npos && !frac.empty() && !all_digits(frac)) return std::nullopt;
  std::int64_t secs = 0;
  for (char c : whole) secs = secs * 10 + (c - '0');
  std::int64_t micros = 0;
  for (std::size_t i = 0; i < 6; ++i) micros = micros * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  return secs * 1000000 + micros;
}

// "+01:00", "-0530", "+01" -> offset in seconds east of UTC.
std::optional<std::int64_t> parse_offset(std::string_view s) {
  int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  std::string_view hh = s.substr(0, 2), mm;
  if (s.size() == 5 && s[2] == ':') {
    mm = s.substr(3, 2);
  } else if (s.size() == 4) {
    mm = s.substr(2, 2);
  } else if (s.size() != 2) {
    return std::nullopt;
  }
  if (!all_digits(hh) || (!mm.empty() && !all_digits(mm))) return std::nullopt;
  int h = (hh[0] - '0') * 10 + (hh[1] - '0');
  int m = mm.empty() ? 0 : (mm[0] - '0') * 10 + (mm[1] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return sign * (h * 3600 + m * 60);
}

}  // namespace

std::optional<std::int64_t> parse_timestamp_text(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  if (text.size() <= 19 && text.find('-') == std::string_view::npos) return parse_epoch(text);
  // An offset can only start after the time of day ("YYYY-MM-DDTHH:MM:SS" is 19 characters).
  std::int64_t offset = 0;
  if (text.size() > 19) {
    std::size_t sign = text.find_first_of("+-", 19);
    if (sign != std::string_view::npos) {
      auto off = parse_offset(text.substr(sign));
      if (!off) return std::nullopt;
      offset = *off;
      text = text.substr(0, sign);
    }
  }
  auto t = parse_event_time(text);
  if (!t) return std::nullopt;
  return *t - offset * 1000000;
}

}  // namespace spelunk
