// Text functions: lower, upper, len/length, substr, trim, ltrim, rtrim, urldecode, like, spath,
// printf.
// Lengths and positions count characters (UTF-8 code points), not bytes.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/functions/operators.hpp"
#include "evaluator/structured.hpp"

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

// spath(value, path): the values at an spath location path in JSON or XML text (Text functions,
// spath; the same paths as the spath command). Several values make a multi-value.
Value fn_spath(const CallArgs& a) {
  auto text = string_arg(a, 0);
  auto path_text = string_arg(a, 1);
  if (!text || !path_text) return Value::null();
  std::string error;
  auto path = structured::parse_path(*path_text, error);
  if (!path) a.fail("cannot read the path `" + *path_text + "`: " + error);
  thread_local structured::Extractor extractor;
  return Value::list(extractor.extract(*text, *path));
}

// ---- printf (Search Reference, Conversion functions, printf): C-style conversions
// %[flags][width][.precision]<conversion>; flags - + space 0 # and ' (thousands separators);
// width and precision may be `*` (taken from the next argument); conversions d i u o x X c e E
// f F g G a A s, and the aliases %z (= %s) and %p (= %X). %n, %C, %S, %N$ and anything else are
// errors naming the specifier (the page lists them as unsupported).

struct PrintfSpec {
  std::string flags;           // of "-+ 0#", as written
  bool thousands = false;      // the ' flag
  std::optional<int> width;    // may be negative from `*` (left-justify)
  std::optional<int> precision;
  char conversion = 0;
};

constexpr int kMaxPrintfWidth = 1024;  // a hostile width must not allocate gigabytes

std::string utf8_encode(unsigned long cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Inserts ',' every three digits in the first run of digits of `text` (the integer part).
std::string group_thousands(std::string text) {
  std::size_t begin = text.find_first_of("0123456789");
  if (begin == std::string::npos) return text;
  std::size_t end = begin;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  for (std::size_t at = end; at > begin + 3; at -= 3) text.insert(at - 3, 1, ',');
  return text;
}

// Pads `text` to the spec's width with spaces (left or right).
std::string pad(std::string text, const PrintfSpec& spec) {
  if (!spec.width) return text;
  const bool left = *spec.width < 0 || spec.flags.find('-') != std::string::npos;
  const std::size_t width = static_cast<std::size_t>(std::min(std::abs(*spec.width), kMaxPrintfWidth));
  const std::size_t chars = char_offsets(text).size() - 1;
  if (chars >= width) return text;
  return left ? text + std::string(width - chars, ' ') : std::string(width - chars, ' ') + text;
}

std::string c_format(const PrintfSpec& spec, char conversion, const char* length, auto argument) {
  std::string f = "%" + spec.flags;
  if (spec.width) f += std::to_string(std::clamp(*spec.width, -kMaxPrintfWidth, kMaxPrintfWidth));
  if (spec.precision) f += "." + std::to_string(std::clamp(*spec.precision, 0, kMaxPrintfWidth));
  f += length;
  f += conversion;
  std::vector<char> buf(2 * kMaxPrintfWidth + 512);
  std::snprintf(buf.data(), buf.size(), f.c_str(), argument);
  return buf.data();
}

std::string format_one(const PrintfSpec& spec, const Value& v) {
  double d = 0;
  const bool numeric = v.as_number(d);
  switch (spec.conversion) {
    case 'c': {
      if (v.type == Value::Type::String && !numeric) {
        std::vector<std::size_t> offs = char_offsets(v.str);
        return pad(offs.size() > 1 ? v.str.substr(0, offs[1]) : std::string(), spec);
      }
      const long cp = numeric && std::isfinite(d) && d >= 0 && d < 0x110000 ? static_cast<long>(d) : 0;
      return pad(utf8_encode(static_cast<unsigned long>(cp)), spec);
    }
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
      if (!numeric || !std::isfinite(d)) d = 0;
      const long long n = static_cast<long long>(std::trunc(std::clamp(d, -9.2e18, 9.2e18)));
      std::string out = spec.conversion == 'd' || spec.conversion == 'i'
                            ? c_format(spec, 'd', "ll", n)
                            : c_format(spec, spec.conversion, "ll", static_cast<unsigned long long>(n));
      return spec.thousands ? group_thousands(out) : out;
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': {
      std::string out = c_format(spec, spec.conversion, "", numeric ? d : 0.0);
      return spec.thousands ? group_thousands(out) : out;
    }
    default: {  // 's'
      std::string text = v.to_string();
      if (spec.precision) {
        std::vector<std::size_t> offs = char_offsets(text);
        const auto keep = static_cast<std::size_t>(std::max(0, *spec.precision));
        if (keep + 1 < offs.size()) text.resize(offs[keep]);
      }
      return pad(std::move(text), spec);
    }
  }
}

Value fn_printf(const CallArgs& a) {
  auto fmt = string_arg(a, 0);
  if (!fmt) return Value::null();
  std::string out;
  std::size_t next_arg = 1;
  auto take = [&]() { return next_arg < a.size() ? a.value(next_arg++) : (++next_arg, Value::null()); };
  auto take_int = [&]() -> int {
    double d = 0;
    Value v = take();
    return v.as_number(d) && std::isfinite(d) ? static_cast<int>(std::clamp(d, -1e6, 1e6)) : 0;
  };
  const std::string& f = *fmt;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') { out += f[i]; continue; }
    const std::size_t start = i++;
    if (i < f.size() && f[i] == '%') { out += '%'; continue; }
    PrintfSpec spec;
    while (i < f.size() && std::string_view("-+ 0#'").find(f[i]) != std::string_view::npos) {
      if (f[i] == '\'') spec.thousands = true;
      else spec.flags += f[i];
      ++i;
    }
    if (i < f.size() && f[i] == '*') {
      spec.width = take_int();
      ++i;
    } else {
      std::size_t digits_start = i;
      while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) ++i;
      if (i < f.size() && f[i] == '$') a.fail("the argument selector %" + f.substr(start + 1, i - start) + " is not supported");
      if (i > digits_start) spec.width = std::min(std::stoi(f.substr(digits_start, std::min<std::size_t>(i - digits_start, 6))), kMaxPrintfWidth);
    }
    if (i < f.size() && f[i] == '.') {
      ++i;
      if (i < f.size() && f[i] == '*') {
        spec.precision = take_int();
        ++i;
      } else {
        std::size_t digits_start = i;
        while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) ++i;
        spec.precision = i > digits_start ? std::min(std::stoi(f.substr(digits_start, std::min<std::size_t>(i - digits_start, 6))), kMaxPrintfWidth) : 0;
      }
    }
    while (i < f.size() && (f[i] == 'l' || f[i] == 'h' || f[i] == 'L' || f[i] == 'q' || f[i] == 'j' || f[i] == 't'))
      ++i;  // length modifiers change nothing: every number is a double
    if (i >= f.size()) a.fail("the format ends inside the conversion `" + f.substr(start) + "`");
    char c = f[i];
    if (c == 'z') c = 's';
    if (c == 'p') c = 'X';
    if (std::string_view("diuoxXceEfFgGaAs").find(c) == std::string_view::npos)
      a.fail("the conversion `" + f.substr(start, i - start + 1) + "` is not supported");
    spec.conversion = c;
    out += format_one(spec, take());
  }
  return Value::of(out);
}

}  // namespace

void register_string(FunctionTable& t) {
  add(t, "lower", 1, 1, fn_lower);
  add(t, "upper", 1, 1, fn_upper);
  add(t, "len", 1, 1, fn_len);
  add(t, "length", 1, 1, fn_len);  // "you can use either len or length" (Text functions)
  add(t, "substr", 2, 3, fn_substr);
  add(t, "trim", 1, 2, fn_trim<TrimSide::Both>);
  add(t, "ltrim", 1, 2, fn_trim<TrimSide::Left>);
  add(t, "rtrim", 1, 2, fn_trim<TrimSide::Right>);
  add(t, "urldecode", 1, 1, fn_urldecode);
  add(t, "like", 2, 2, fn_like, true);
  add(t, "spath", 2, 2, fn_spath);
  add(t, "printf", 1, kAnyArity, fn_printf);
}

}  // namespace spelunk::functions
