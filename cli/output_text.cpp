// Shared by the output formats: time display and escaping of hostile text.
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>

#include "cli/output.hpp"

namespace spelunk::cli {

namespace {

bool g_utc = true;

// Length of the valid UTF-8 sequence at s[i] and its code point; 0 when invalid.
std::size_t utf8_next(std::string_view s, std::size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  static const char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Code points a terminal may act on: C0/C1 controls, DEL, bidirectional overrides.
bool dangerous(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

}  // namespace

bool set_display_time_zone(const std::string& zone) {
  if (zone == "UTC" || zone == "Etc/UTC" || zone == "GMT") {
    g_utc = true;
    return true;
  }
  if (zone.empty() || zone.find("..") != std::string::npos || zone[0] == '/') return false;
  const char* dir = std::getenv("TZDIR");
  std::string path = std::string(dir ? dir : "/usr/share/zoneinfo") + "/" + zone;
  struct stat st{};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  setenv("TZ", zone.c_str(), 1);
  tzset();
  g_utc = false;
  return true;
}

std::string format_time(double seconds) {
  double whole = std::floor(seconds);
  auto ms = static_cast<int>(std::llround((seconds - whole) * 1000));
  auto t = static_cast<std::time_t>(whole);
  if (ms >= 1000) { ms -= 1000; t += 1; }
  std::tm tm{};
  if (g_utc) gmtime_r(&t, &tm);
  else localtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

std::vector<std::string> cell_values(const Result& result, std::size_t col, std::size_t row) {
  Value v = result.get(col, row);
  if (result.columns()[col].name == "_time" && v.type == Value::Type::Number) return {format_time(v.number)};
  return v.values();
}

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    std::size_t len = utf8_next(text, i, cp);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (dangerous(cp)) {
      switch (cp) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += cp < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                           : fmt::format("\\u{{{:04x}}}", static_cast<unsigned>(cp));
      }
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool stdout_handles_unicode() {
  if (!isatty(STDOUT_FILENO)) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  // The locale the user's terminal runs in: the first of LC_ALL, LC_CTYPE, LANG that is set.
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* v = std::getenv(name);
    if (!v || !*v) continue;
    std::string s(v);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s.find("utf-8") != std::string::npos || s.find("utf8") != std::string::npos;
  }
  return false;
}

std::size_t terminal_width() {
  struct winsize ws {};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* cols = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(cols, &end, 10);
    if (end && *end == 0 && n >= 20 && n <= 1000) return static_cast<std::size_t>(n);
  }
  return 80;
}

std::size_t display_width(std::string_view text) {
  std::size_t w = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

}  // namespace spelunk::cli
