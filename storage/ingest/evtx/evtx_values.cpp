#include "storage/ingest/evtx/evtx_values.hpp"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace spelunk::evtx {

void append_codepoint(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

void append_utf16(const std::uint8_t* p, std::size_t units, std::string& out, bool stop_at_nul) {
  // Writes into reserved space (at most 3 UTF-8 bytes per UTF-16 unit), then trims.
  const std::size_t start = out.size();
  out.resize(start + units * 3);
  char* o = out.data() + start;
  for (std::size_t i = 0; i < units; ++i) {
    std::uint32_t u = le16(p + 2 * i);
    if (u < 0x80) {  // fast path: ASCII
      if (u == 0 && stop_at_nul) break;
      *o++ = static_cast<char>(u);
      continue;
    }
    if (u < 0x800) {
      *o++ = static_cast<char>(0xc0 | (u >> 6));
      *o++ = static_cast<char>(0x80 | (u & 0x3f));
      continue;
    }
    if (u >= 0xd800 && u < 0xdc00 && i + 1 < units) {
      const std::uint32_t low = le16(p + 2 * (i + 1));
      if (low >= 0xdc00 && low < 0xe000) {  // a pair: 4 bytes for 2 units
        const std::uint32_t cp = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
        *o++ = static_cast<char>(0xf0 | (cp >> 18));
        *o++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        *o++ = static_cast<char>(0x80 | (cp & 0x3f));
        ++i;
        continue;
      }
    }
    if (u >= 0xd800 && u < 0xe000) u = 0xfffd;  // unpaired surrogate
    *o++ = static_cast<char>(0xe0 | (u >> 12));
    *o++ = static_cast<char>(0x80 | ((u >> 6) & 0x3f));
    *o++ = static_cast<char>(0x80 | (u & 0x3f));
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
}

namespace {

void append_fmt(std::string& out, const char* fmt, auto... args) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, fmt, args...);
  if (n > 0) out.append(buf, static_cast<std::size_t>(n) < sizeof buf ? n : sizeof buf - 1);
}

// Integer formatting without printf: values are formatted for every field of every event.
template <class T>
void append_decimal(std::string& out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}
void append_hex_fixed(std::string& out, std::uint64_t v, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += "0x";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kDigits[(v >> (4 * i)) & 15]);
}
void append_padded(std::string& out, unsigned v, int width) {
  char buf[16];
  for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  out.append(buf, static_cast<std::size_t>(width));
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

void append_hex_upper(std::string& out, std::uint64_t v, int digits) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kDigits[(v >> (4 * i)) & 15]);
}

void append_guid(const std::uint8_t* p, std::string& out) {
  out += '{';
  append_hex_upper(out, le32(p), 8);
  out += '-';
  append_hex_upper(out, le16(p + 4), 4);
  out += '-';
  append_hex_upper(out, le16(p + 6), 4);
  out += '-';
  append_hex_upper(out, (std::uint64_t{p[8]} << 8) | p[9], 4);
  out += '-';
  for (int i = 10; i < 16; ++i) append_hex_upper(out, p[i], 2);
  out += '}';
}

bool append_sid(std::span<const std::uint8_t> b, std::string& out) {
  if (b.size() < 8) return false;
  const unsigned count = b[1];
  if (b.size() < 8 + 4 * static_cast<std::size_t>(count)) return false;
  std::uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | b[i];
  append_fmt(out, "S-%u-%" PRIu64, static_cast<unsigned>(b[0]), authority);
  for (unsigned i = 0; i < count; ++i) append_fmt(out, "-%" PRIu32, le32(b.data() + 8 + 4 * i));
  return true;
}

void append_systemtime(const std::uint8_t* p, std::string& out) {
  // year, month, day-of-week, day, hour, minute, second, milliseconds (all uint16)
  append_fmt(out, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", unsigned{le16(p)}, unsigned{le16(p + 2)},
             unsigned{le16(p + 6)}, unsigned{le16(p + 8)}, unsigned{le16(p + 10)},
             unsigned{le16(p + 12)}, unsigned{le16(p + 14)});
}

void append_hex_bytes(std::span<const std::uint8_t> b, std::string& out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (auto byte : b) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
}

}  // namespace

std::int64_t filetime_to_unix_micros(std::uint64_t ticks) {
  constexpr std::int64_t kEpochDelta = 11644473600LL * 10'000'000LL;  // 1601 -> 1970 in ticks
  return (static_cast<std::int64_t>(ticks) - kEpochDelta) / 10;
}

void append_filetime(std::uint64_t ticks, std::string& out) {
  const std::uint64_t seconds = ticks / 10'000'000ULL;
  const auto fraction = static_cast<unsigned>(ticks % 10'000'000ULL);
  const std::int64_t unix_seconds = static_cast<std::int64_t>(seconds) - 11644473600LL;
  std::int64_t days = unix_seconds / 86400, rem = unix_seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y <= 9999) append_padded(out, static_cast<unsigned>(y), 4);
  else append_decimal(out, y);  // FILETIME reaches year 60056
  out += '-';
  append_padded(out, m, 2);
  out += '-';
  append_padded(out, d, 2);
  out += 'T';
  append_padded(out, static_cast<unsigned>(rem / 3600), 2);
  out += ':';
  append_padded(out, static_cast<unsigned>(rem / 60 % 60), 2);
  out += ':';
  append_padded(out, static_cast<unsigned>(rem % 60), 2);
  out += '.';
  append_padded(out, fraction, 7);
  out += "00Z";
}

namespace {

// ANSI strings are in the writing machine's code page; Western Windows uses windows-1252, which
// differs from Latin-1 only in 0x80-0x9F (euro sign, curly quotes, dashes ...). The five bytes
// 1252 leaves undefined map to the C1 code point of the same value, as Windows' own conversion does.
std::uint32_t windows_1252(std::uint8_t byte) {
  static constexpr std::uint16_t k80to9F[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
  };
  return byte >= 0x80 && byte <= 0x9F ? k80to9F[byte - 0x80] : byte;
}

}  // namespace

bool append_value(std::uint8_t type, std::span<const std::uint8_t> b, std::string& out) {
  const std::uint8_t* p = b.data();
  const std::size_t n = b.size();
  auto need = [&](std::size_t size) { return n >= size; };
  switch (type) {
    case kNull:
      return true;
    case kString:
      append_utf16(p, n / 2, out, true);
      return true;
    case kAnsiString:
      for (std::size_t i = 0; i < n && p[i] != 0; ++i) append_codepoint(windows_1252(p[i]), out);
      return true;
    case kInt8:
      if (!need(1)) return false;
      append_decimal(out, static_cast<int>(static_cast<std::int8_t>(p[0])));
      return true;
    case kUInt8:
      if (!need(1)) return false;
      append_decimal(out, static_cast<unsigned>(p[0]));
      return true;
    case kInt16:
      if (!need(2)) return false;
      append_decimal(out, static_cast<int>(static_cast<std::int16_t>(le16(p))));
      return true;
    case kUInt16:
      if (!need(2)) return false;
      append_decimal(out, static_cast<unsigned>(le16(p)));
      return true;
    case kInt32:
      if (!need(4)) return false;
      append_decimal(out, static_cast<std::int32_t>(le32(p)));
      return true;
    case kUInt32:
      if (!need(4)) return false;
      append_decimal(out, le32(p));
      return true;
    case kInt64:
      if (!need(8)) return false;
      append_decimal(out, static_cast<std::int64_t>(le64(p)));
      return true;
    case kUInt64:
      if (!need(8)) return false;
      append_decimal(out, le64(p));
      return true;
    case kReal32: {
      if (!need(4)) return false;
      float f;
      std::uint32_t bits = le32(p);
      std::memcpy(&f, &bits, 4);
      append_fmt(out, "%f", static_cast<double>(f));
      return true;
    }
    case kReal64: {
      if (!need(8)) return false;
      double v;
      std::uint64_t bits = le64(p);
      std::memcpy(&v, &bits, 8);
      append_fmt(out, "%f", v);
      return true;
    }
    case kBool:
      if (!need(4)) return false;
      out += le32(p) != 0 ? "true" : "false";
      return true;
    case kBinary:
      append_hex_bytes(b, out);
      return true;
    case kGuid:
      if (!need(16)) return false;
      append_guid(p, out);
      return true;
    case kSizeT:
      if (n == 4) append_hex_fixed(out, le32(p), 8);
      else if (n == 8) append_hex_fixed(out, le64(p), 16);
      else return false;
      return true;
    case kFileTime:
      if (!need(8)) return false;
      append_filetime(le64(p), out);
      return true;
    case kSystemTime:
      if (!need(16)) return false;
      append_systemtime(p, out);
      return true;
    case kSid:
      return append_sid(b, out);
    case kHexInt32:
      if (!need(4)) return false;
      append_hex_fixed(out, le32(p), 8);
      return true;
    case kHexInt64:
      if (!need(8)) return false;
      append_hex_fixed(out, le64(p), 16);
      return true;
    case kEvtHandle:
    case kEvtXml:
      append_hex_bytes(b, out);
      return true;
    default:
      return false;
  }
}

}  // namespace spelunk::evtx
