#include "evaluator/time/strtime.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "evaluator/time/timezone.hpp"

namespace spelunk {

namespace {

using timeutil::CivilTime;

constexpr std::array<std::string_view, 7> kDays = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March", "April", "May", "June",
                                                      "July", "August", "September", "October", "November",
                                                      "December"};

std::string offset_text(long off, int colons) {
  char sign = off < 0 ? '-' : '+';
  long a = off < 0 ? -off : off;
  if (colons == 0) return fmt::format("{}{:02}{:02}", sign, a / 3600, a / 60 % 60);
  if (colons == 1) return fmt::format("{}{:02}:{:02}", sign, a / 3600, a / 60 % 60);
  return fmt::format("{}{:02}:{:02}:{:02}", sign, a / 3600, a / 60 % 60, a % 60);
}

int hour12(int h) { return h % 12 == 0 ? 12 : h % 12; }

// Subsecond digits: the first `width` digits of the fraction (truncated, like Splunk).
std::string subseconds(double fraction, int width) {
  if (width <= 0 || width > 9) width = 9;
  // Times are microsecond-precise (the store's unit); a double epoch carries ~0.1 us noise.
  auto nanos = static_cast<long long>(std::floor(fraction * 1e6 + 0.5)) * 1000;
  if (nanos > 999999999) nanos = 999999999;
  std::string digits = fmt::format("{:09}", nanos);
  return digits.substr(0, static_cast<std::size_t>(width));
}

struct Formatter {
  const CivilTime& c;
  double fraction;
  std::int64_t epoch;

  // Appends the expansion of the variable starting after '%' at f[i]; returns chars consumed.
  std::size_t expand(std::string_view f, std::size_t i, std::string& out) const {
    char v = f[i];
    // %3N, %6Q, ...: that many subsecond digits (%Q and %N differ only in their default width).
    if (std::isdigit(static_cast<unsigned char>(v)) && i + 1 < f.size() && (f[i + 1] == 'N' || f[i + 1] == 'Q')) {
      out += subseconds(fraction, v - '0');
      return 2;
    }
    // %:::z is the hours alone, "-05" (Date and time format variables, %z).
    if (v == ':' && f.substr(i).starts_with(":::z")) { out += offset_text(c.utc_offset, 0).substr(0, 3); return 4; }
    if (v == ':' && f.substr(i).starts_with(":z")) { out += offset_text(c.utc_offset, 1); return 2; }
    if (v == ':' && f.substr(i).starts_with("::z")) { out += offset_text(c.utc_offset, 2); return 3; }
    switch (v) {
      case 'Y': out += fmt::format("{:04}", c.year); break;
      case 'y': out += fmt::format("{:02}", ((c.year % 100) + 100) % 100); break;
      case 'm': out += fmt::format("{:02}", c.month); break;
      case 'd': out += fmt::format("{:02}", c.day); break;
      case 'e': out += fmt::format("{:2}", c.day); break;
      case 'H': out += fmt::format("{:02}", c.hour); break;
      case 'k': out += fmt::format("{:2}", c.hour); break;
      case 'I': out += fmt::format("{:02}", hour12(c.hour)); break;
      case 'l': out += fmt::format("{:2}", hour12(c.hour)); break;
      case 'M': out += fmt::format("{:02}", c.minute); break;
      case 'S': out += fmt::format("{:02}", c.second); break;
      case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'j': out += fmt::format("{:03}", c.yearday + 1); break;
      case 's': out += fmt::format("{}", epoch); break;
      case 'a': out += kDays[c.weekday].substr(0, 3); break;
      case 'A': out += kDays[c.weekday]; break;
      case 'b': case 'h': out += kMonths[c.month - 1].substr(0, 3); break;
      case 'B': out += kMonths[c.month - 1]; break;
      case 'w': out += fmt::format("{}", c.weekday); break;
      case 'u': out += fmt::format("{}", c.weekday == 0 ? 7 : c.weekday); break;
      case 'N': out += subseconds(fraction, 9); break;
      case 'Q': out += subseconds(fraction, 3); break;
      case 'f': out += subseconds(fraction, 6); break;
      case 'z': out += offset_text(c.utc_offset, 0); break;
      case 'Z': out += c.zone; break;
      case 'F': out += fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day); break;
      case 'T': case 'X': out += fmt::format("{:02}:{:02}:{:02}", c.hour, c.minute, c.second); break;
      case 'R': out += fmt::format("{:02}:{:02}", c.hour, c.minute); break;
      case 'D': case 'x':
        out += fmt::format("{:02}/{:02}/{:02}", c.month, c.day, ((c.year % 100) + 100) % 100);
        break;
      case 'c':
        out += fmt::format("{} {} {:2} {:02}:{:02}:{:02} {}", kDays[c.weekday].substr(0, 3),
                           kMonths[c.month - 1].substr(0, 3), c.day, c.hour, c.minute, c.second, c.year);
        break;
      case '+':  // %c with the zone: "Thu Jul 18 09:30:00 PDT 2019" (Date and time format variables)
        out += fmt::format("{} {} {:2} {:02}:{:02}:{:02} {} {}", kDays[c.weekday].substr(0, 3),
                           kMonths[c.month - 1].substr(0, 3), c.day, c.hour, c.minute, c.second, c.zone, c.year);
        break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += '%'; out += v; break;
    }
    return 1;
  }
};

// ------------------------------------------------------------------ parsing

struct Parsed {
  CivilTime civil;
  double fraction = 0;
  std::optional<long> offset;            // from %z / %Z
  std::optional<std::int64_t> epoch;     // from %s
  bool pm = false;
  bool has_ampm = false;
};

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool number(int max_digits, int& out, bool allow_space = false) {
    if (allow_space) while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
    bool negative = false;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) {
      negative = text_[pos_] == '-';
      ++pos_;
    }
    int digits = 0;
    long long value = 0;
    while (pos_ < text_.size() && digits < max_digits && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      value = value * 10 + (text_[pos_++] - '0');
      ++digits;
    }
    out = static_cast<int>(negative ? -value : value);
    return digits > 0;
  }
  bool digits(int max_digits, std::string& out) {
    out.clear();
    while (pos_ < text_.size() && static_cast<int>(out.size()) < max_digits &&
           std::isdigit(static_cast<unsigned char>(text_[pos_])))
      out += text_[pos_++];
    return !out.empty();
  }
  // Matches one of the names (full or 3-letter prefix), case-insensitive; returns its index.
  template <std::size_t N>
  bool name(const std::array<std::string_view, N>& names, int& out) {
    for (std::size_t full = 0; full < 2; ++full) {
      for (std::size_t k = 0; k < N; ++k) {
        std::string_view n = full == 0 ? names[k] : names[k].substr(0, 3);
        if (starts_with_nocase(n)) { pos_ += n.size(); out = static_cast<int>(k); return true; }
      }
    }
    return false;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) { ++pos_; return true; }
    return false;
  }
  bool starts_with_nocase(std::string_view s) const {
    if (text_.size() - pos_ < s.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(text_[pos_ + i])) != std::tolower(static_cast<unsigned char>(s[i])))
        return false;
    return true;
  }
  void skip_spaces() { while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void advance(std::size_t n) { pos_ += n; }
  std::string_view rest() const { return text_.substr(pos_); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool parse_offset(Scanner& s, Parsed& p) {
  if (s.starts_with_nocase("Z")) { s.advance(1); p.offset = 0; return true; }
  char sign = s.peek();
  if (sign != '+' && sign != '-') return false;
  s.advance(1);
  std::string hh, mm;
  if (!s.digits(2, hh)) return false;
  s.literal(':');
  s.digits(2, mm);
  long off = std::stol(hh) * 3600 + (mm.empty() ? 0 : std::stol(mm) * 60);
  p.offset = sign == '-' ? -off : off;
  return true;
}

bool parse_zone_name(Scanner& s, Parsed& p) {
  for (std::string_view z : {"UTC", "GMT", "Z"}) {
    if (s.starts_with_nocase(z)) { s.advance(z.size()); p.offset = 0; return true; }
  }
  return parse_offset(s, p);
}

bool parse_fraction(Scanner& s, int width, Parsed& p) {
  std::string d;
  if (!s.digits(width, d)) return false;
  p.fraction = std::stod("0." + d);
  return true;
}

bool parse_variable(std::string_view f, std::size_t& i, Scanner& s, Parsed& p) {
  char v = f[i];
  CivilTime& c = p.civil;
  if (std::isdigit(static_cast<unsigned char>(v)) && i + 1 < f.size() && (f[i + 1] == 'N' || f[i + 1] == 'Q')) {
    ++i;
    return parse_fraction(s, v - '0' == 0 ? 9 : v - '0', p);
  }
  if (v == ':') {
    while (i < f.size() && f[i] == ':') ++i;
    return i < f.size() && f[i] == 'z' && parse_offset(s, p);
  }
  int n = 0;
  switch (v) {
    case 'Y': return s.number(4, c.year);
    case 'y': if (!s.number(2, n)) return false; c.year = n < 69 ? 2000 + n : 1900 + n; return true;
    case 'm': return s.number(2, c.month, true);
    case 'd': case 'e': return s.number(2, c.day, true);
    case 'H': case 'k': return s.number(2, c.hour, true);
    case 'I': case 'l': p.has_ampm = true; return s.number(2, c.hour, true);
    case 'M': return s.number(2, c.minute);
    case 'S': return s.number(2, c.second);
    case 'j': if (!s.number(3, n)) return false; c.month = 1; c.day = n; return true;
    case 'p':
      if (s.starts_with_nocase("AM")) { s.advance(2); p.has_ampm = true; return true; }
      if (s.starts_with_nocase("PM")) { s.advance(2); p.has_ampm = true; p.pm = true; return true; }
      return false;
    case 's': {
      std::string d;
      bool negative = s.literal('-');
      if (!s.digits(12, d)) return false;
      p.epoch = std::stoll(d) * (negative ? -1 : 1);
      if (s.literal('.')) parse_fraction(s, 9, p);
      return true;
    }
    case 'a': case 'A': return s.name(kDays, n);
    case 'b': case 'B': case 'h': if (!s.name(kMonths, n)) return false; c.month = n + 1; return true;
    case 'N': return parse_fraction(s, 9, p);
    case 'Q': return parse_fraction(s, 3, p);
    case 'f': return parse_fraction(s, 6, p);
    case 'z': return parse_offset(s, p);
    case 'Z': return parse_zone_name(s, p);
    case 'F': return s.number(4, c.year) && s.literal('-') && s.number(2, c.month) && s.literal('-') && s.number(2, c.day);
    case 'T': return s.number(2, c.hour) && s.literal(':') && s.number(2, c.minute) && s.literal(':') && s.number(2, c.second);
    case 'R': return s.number(2, c.hour) && s.literal(':') && s.number(2, c.minute);
    case 'D': {
      if (!(s.number(2, c.month) && s.literal('/') && s.number(2, c.day) && s.literal('/') && s.number(2, n))) return false;
      c.year = n < 69 ? 2000 + n : 1900 + n;
      return true;
    }
    case 'n': case 't': s.skip_spaces(); return true;
    case '%': return s.literal('%');
    default: return false;
  }
}

bool plausible(const CivilTime& c) {
  return c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 366 && c.hour >= 0 && c.hour <= 24 &&
         c.minute >= 0 && c.minute <= 59 && c.second >= 0 && c.second <= 61;
}

}  // namespace

std::string format_time(double epoch_seconds, std::string_view format, std::string_view tz) {
  if (!std::isfinite(epoch_seconds)) return {};
  double whole = std::floor(epoch_seconds);
  auto epoch = static_cast<std::int64_t>(whole);
  CivilTime c = timeutil::to_civil(epoch, tz);
  Formatter formatter{c, epoch_seconds - whole, epoch};
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 >= format.size()) { out += format[i]; continue; }
    i += formatter.expand(format, i + 1, out);
  }
  return out;
}

std::optional<double> parse_time(std::string_view text, std::string_view format, std::string_view tz) {
  Scanner s(text);
  Parsed p;
  p.civil = CivilTime{};
  for (std::size_t i = 0; i < format.size(); ++i) {
    char f = format[i];
    if (f == '%' && i + 1 < format.size()) {
      ++i;
      if (!parse_variable(format, i, s, p)) return std::nullopt;
    } else if (std::isspace(static_cast<unsigned char>(f))) {
      s.skip_spaces();
    } else if (!s.literal(f)) {
      return std::nullopt;
    }
  }
  if (p.epoch) return static_cast<double>(*p.epoch) + p.fraction;
  CivilTime& c = p.civil;
  if (p.has_ampm) {
    if (c.hour < 1 || c.hour > 12) return std::nullopt;
    c.hour = c.hour % 12 + (p.pm ? 12 : 0);
  }
  if (!plausible(c)) return std::nullopt;
  std::int64_t seconds = p.offset ? timeutil::from_civil(c, "UTC") - *p.offset : timeutil::from_civil(c, tz);
  return static_cast<double>(seconds) + p.fraction;
}

}  // namespace spelunk
