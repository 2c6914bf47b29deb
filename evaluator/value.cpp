#include "evaluator/value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <fmt/format.h>

namespace spelunk {

bool parse_number(std::string_view text, double& out) {
  if (text.empty()) return false;
  const char* b = text.data();
  const char* e = b + text.size();
  if (*b == '+') ++b;  // from_chars rejects a leading '+'
  if (b == e) return false;
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && std::isfinite(out);
}

std::string format_number(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == std::trunc(d) && std::fabs(d) < 1e15) return fmt::format("{}", static_cast<long long>(d));
  return fmt::format("{}", d);  // shortest round-trip form
}

int significant_digits(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  if (text.find('.') == std::string_view::npos || text.find_first_of("eE") != std::string_view::npos) return -1;
  int digits = 0;
  bool leading = true;
  for (char c : text) {
    if (c == '.') continue;
    if (c < '0' || c > '9') return -1;
    if (leading && c == '0') continue;  // leading zeros are not significant
    leading = false;
    ++digits;
  }
  if (digits == 0) {  // "0.00": as many digits as decimals, plus the units digit
    digits = static_cast<int>(text.size() - text.find('.'));
  }
  return digits;
}

int decimal_exponent(double d) {
  if (d == 0 || !std::isfinite(d)) return 0;
  return static_cast<int>(std::floor(std::log10(std::fabs(d))));
}

double round_significant(double d, int digits) {
  if (digits <= 0 || d == 0 || !std::isfinite(d)) return d;
  // Scientific text of the shortest round-trip form, rounded on its decimal digits.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
  if (ec != std::errc()) return d;
  std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  const std::size_t e = sci.find('e');
  std::string mantissa;
  for (char c : sci.substr(0, e))
    if (c != '.') mantissa += c;
  int exponent = std::stoi(std::string(sci.substr(e + 1)));
  if (static_cast<int>(mantissa.size()) <= digits) return d;
  bool up = mantissa[static_cast<std::size_t>(digits)] >= '5';
  mantissa.resize(static_cast<std::size_t>(digits));
  // Add one at the last kept digit, carrying.
  if (up) {
    int i = digits - 1;
    while (i >= 0 && mantissa[static_cast<std::size_t>(i)] == '9') mantissa[static_cast<std::size_t>(i--)] = '0';
    if (i < 0) {
      mantissa.insert(mantissa.begin(), '1');
      mantissa.pop_back();
      ++exponent;
    } else {
      ++mantissa[static_cast<std::size_t>(i)];
    }
  }
  double out = 0;
  std::string rebuilt = mantissa.substr(0, 1) + "." + mantissa.substr(1) + "e" + std::to_string(exponent);
  std::from_chars(rebuilt.data(), rebuilt.data() + rebuilt.size(), out);
  return d < 0 ? -out : out;
}

std::string format_significant(double d, int digits) {
  if (digits < 0 || !std::isfinite(d)) return format_number(d);
  // The digits decide how many decimals are shown; integer digits are never
  // rounded away (1.00*1111 shows 1111, 8.250*0.2 shows 2, 9.96 at two digits 10.0).
  const int exponent = decimal_exponent(d);
  const int decimals = std::max(0, digits - 1 - exponent);
  if (decimals > 17 || std::fabs(d) >= 1e16) return format_number(d);
  // Round on the shortest decimal text (1.65 at two digits is 1.7, not 1.6).
  const double rounded = round_significant(d, std::max(digits, exponent + 1));
  return fmt::format("{:.{}f}", rounded, decimals);
}

int Value::number_digits() const {
  if (type == Type::Number) return digits;
  if (type == Type::String) return significant_digits(str);
  return -1;
}

bool Value::is_real() const {
  if (type == Type::Number) return real || number != std::trunc(number);
  double d = 0;
  if (type == Type::String && as_number(d)) return str.find_first_of(".eE") != std::string::npos;
  return false;
}

std::string Value::to_string() const {
  switch (type) {
    case Type::Null: return {};
    case Type::Number: return format_significant(number, digits);
    case Type::String: return str;
    case Type::Bool: return number != 0 ? "true" : "false";
    case Type::Multi: {
      std::string out;
      for (std::size_t i = 0; i < multi.size(); ++i) {
        if (i) out += '\n';
        out += multi[i];
      }
      return out;
    }
  }
  return {};
}

std::vector<std::string> Value::values() const {
  switch (type) {
    case Type::Null: return {};
    case Type::Multi: return multi;
    default: return {to_string()};
  }
}

bool Value::as_number(double& out) const {
  if (type == Type::Number) { out = number; return true; }
  if (type != Type::String) return false;
  if (parse_number(str, out)) return true;
  // A field holding "NaN" is a number too (Informational functions, isnum: "When a field contains
  // a "NaN" string, the "NaN" behaves as both a string and a number").
  if (str == "NaN" || str == "nan") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  return false;
}

}  // namespace spelunk
