// Text functions: lower, upper, len, substr, trim, ltrim, rtrim, urldecode, like, printf.
// Lengths and positions count characters (UTF-8 code points), not bytes.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/functions/operators.hpp"

namespace spelunk::functions {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte offset of each code point start, plus the end.
std::vector<std::size_t> char_offsets(std::string_view s) {
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!is_continuation(static_cast<unsigned char>(s[i]))) offsets.push_back(i);
  offsets.push_back(s.size());
  return offsets;
}

Value fn_lower(const CallArgs& a) {
  return map_values(a.value(0), [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  });
}

Value fn_upper(const CallArgs& a) {
  return map_values(a.value(0), [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  });
}

Value fn_len(const CallArgs& a) {
  Value v = a.value(0);
  if (v.is_null() || v.is_multi()) return Value::null();
  return Value::of(static_cast<double>(char_offsets(v.to_string()).size() - 1));
}

// substr(s, start[, length]): 1-based; a negative start counts from the end.
Value fn_substr(const CallArgs& a) {
  auto s = string_arg(a, 0);
  auto start = number_arg(a, 1);
  if (!s || !start) return Value::null();
  std::vector<std::size_t> offs = char_offsets(*s);
  auto chars = static_cast<long long>(offs.size() - 1);
  auto begin = static_cast<long long>(std::trunc(*start));
  begin = begin < 0 ? chars + begin : (begin == 0 ? 0 : begin - 1);
  long long end = chars;
  if (a.size() > 2) {
    auto len = number_arg(a, 2);
    if (!len) return Value::null();
    end = begin + static_cast<long long>(std::trunc(*len));
  }
  begin = std::clamp(begin, 0LL, chars);
  end = std::clamp(end, begin, chars);
  return Value::of(s->substr(offs[begin], offs[end] - offs[begin]));
}

enum class TrimSide { Left, Right, Both };

template <TrimSide side>
Value fn_trim(const CallArgs& a) {
  std::string chars = " \t";
  if (a.size() > 1) {
    auto c = string_arg(a, 1);
    if (!c) return Value::null();
    chars = *c;
  }
  return map_values(a.value(0), [&](const std::string& s) {
    std::size_t b = 0, e = s.size();
    if (side != TrimSide::Right) while (b < e && chars.find(s[b]) != std::string::npos) ++b;
    if (side != TrimSide::Left) while (e > b && chars.find(s[e - 1]) != std::string::npos) --e;
    return s.substr(b, e - b);
  });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') { out += ' '; continue; }
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

Value fn_urldecode(const CallArgs& a) { return map_values(a.value(0), url_decode); }

Value fn_like(const CallArgs& a) { return like(a.value(0), a.value(1)); }

// ---- printf: C-style conversions, each argument formatted by snprintf with a vetted spec.

struct PrintfSpec {
  std::string flags;
  std::string width;
  std::string precision;  // with the '.'
  char conversion = 0;
};

std::string format_one(const PrintfSpec& spec, const Value& v) {
  std::string f = "%" + spec.flags + spec.width + spec.precision;
  char conv = spec.conversion;
  char buf[512];
  double d = 0;
  bool numeric = v.as_number(d);
  switch (conv) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c': {
      if (!numeric) d = 0;
      long long n = std::isfinite(d) ? static_cast<long long>(std::trunc(std::clamp(d, -9.2e18, 9.2e18))) : 0;
      if (conv == 'c') return std::string(1, static_cast<char>(n));
      f += (conv == 'i' || conv == 'u') ? "lld" : std::string("ll") + conv;
      std::snprintf(buf, sizeof buf, f.c_str(), n);
      return buf;
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
      f += conv;
      std::snprintf(buf, sizeof buf, f.c_str(), numeric ? d : 0.0);
      return buf;
    default: {  // 's'
      f += 's';
      std::string text = v.to_string();
      if (spec.width.empty() && spec.precision.empty()) return text;
      std::vector<char> big(text.size() + 256);
      std::snprintf(big.data(), big.size(), f.c_str(), text.c_str());
      return big.data();
    }
  }
}

bool parse_printf_spec(std::string_view fmt, std::size_t& i, PrintfSpec& spec) {
  while (i < fmt.size() && std::string_view("-+ 0#'").find(fmt[i]) != std::string_view::npos) {
    if (fmt[i] != '\'') spec.flags += fmt[i];
    ++i;
  }
  while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])) && spec.width.size() < 3) spec.width += fmt[i++];
  if (i < fmt.size() && fmt[i] == '.') {
    spec.precision.push_back('.');
    ++i;
    while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])) && spec.precision.size() < 3)
      spec.precision += fmt[i++];
  }
  while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h')) ++i;  // length modifiers: ignored
  if (i >= fmt.size()) return false;
  spec.conversion = fmt[i];
  return std::string_view("diuxXocfFeEgGaAs").find(spec.conversion) != std::string_view::npos;
}

Value fn_printf(const CallArgs& a) {
  auto fmt = string_arg(a, 0);
  if (!fmt) return Value::null();
  std::string out;
  std::size_t next_arg = 1;
  for (std::size_t i = 0; i < fmt->size(); ++i) {
    if ((*fmt)[i] != '%') { out += (*fmt)[i]; continue; }
    if (i + 1 < fmt->size() && (*fmt)[i + 1] == '%') { out += '%'; ++i; continue; }
    std::size_t start = i++;
    PrintfSpec spec;
    if (!parse_printf_spec(*fmt, i, spec)) {
      out += fmt->substr(start, i - start + 1);
      continue;
    }
    Value v = next_arg < a.size() ? a.value(next_arg) : Value::null();
    ++next_arg;
    out += format_one(spec, v);
  }
  return Value::of(out);
}

}  // namespace

void register_string(FunctionTable& t) {
  add(t, "lower", 1, 1, fn_lower);
  add(t, "upper", 1, 1, fn_upper);
  add(t, "len", 1, 1, fn_len);
  add(t, "substr", 2, 3, fn_substr);
  add(t, "trim", 1, 2, fn_trim<TrimSide::Both>);
  add(t, "ltrim", 1, 2, fn_trim<TrimSide::Left>);
  add(t, "rtrim", 1, 2, fn_trim<TrimSide::Right>);
  add(t, "urldecode", 1, 1, fn_urldecode);
  add(t, "like", 2, 2, fn_like, true);
  add(t, "printf", 1, kAnyArity, fn_printf);
}

}  // namespace spelunk::functions
