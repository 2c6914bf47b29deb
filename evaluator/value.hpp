// A value as SPL sees it: null, a number, a string, a Boolean (only inside eval/where
// conditions: it cannot be stored in a field), or a multi-value (an ordered list of strings).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spelunk {

// Numbers carry the precision they were written with (Search Reference, eval, "Rounding": "The
// precision of the results can be no greater than the precision of the least-precise input":
// 8.250 * 0.2 shows 2, 8.250 * 0.20 shows 1.7, 8.250 * exact(0.2) shows 1.650). `digits` is the
// number of significant digits a Number carries, -1 when it carries all a double holds (integer
// literals, counts, times, results of exact() and of the statistical functions).
struct Value {
  enum class Type : unsigned char { Null, Number, String, Bool, Multi };

  Type type = Type::Null;
  double number = 0;               // Number; Bool uses 0/1
  std::string str;                 // String
  std::vector<std::string> multi;  // Multi (2+ values)
  std::int16_t digits = -1;        // Number: significant digits carried; -1: all
  bool real = false;               // Number: a double (written or computed with a fraction)

  static Value null() { return {}; }
  static Value of(double d) { Value v; v.type = Type::Number; v.number = d; return v; }
  // A Number with `digits` significant digits (-1: all), flagged as a double when `real`.
  static Value number_with(double d, int digits, bool real) {
    Value v = of(d);
    v.digits = static_cast<std::int16_t>(digits < 0 ? -1 : digits > 17 ? 17 : digits);
    v.real = real;
    return v;
  }
  static Value of(std::string s) { Value v; v.type = Type::String; v.str = std::move(s); return v; }
  static Value of(std::string_view s) { return of(std::string(s)); }
  static Value of(const char* s) { return of(std::string(s)); }
  static Value boolean(bool b) { Value v; v.type = Type::Bool; v.number = b ? 1 : 0; return v; }
  // A list of values: null when empty, a String when one, a Multi when several.
  static Value list(std::vector<std::string> values) {
    if (values.empty()) return {};
    if (values.size() == 1) return of(std::move(values[0]));
    Value v; v.type = Type::Multi; v.multi = std::move(values); return v;
  }

  bool is_null() const { return type == Type::Null; }
  bool is_multi() const { return type == Type::Multi; }

  // Text as Splunk shows it: integral numbers without a decimal point, others with up to
  // the digits needed; Multi joined by "\n"; null as "".
  std::string to_string() const;
  // Each value as text: {} for null, one for a single value, all for a Multi.
  std::vector<std::string> values() const;
  // A number if the value is a Number, or a String that parses fully as a number.
  bool as_number(double& out) const;
  // The significant digits this value carries as a number (a String: those of its text).
  int number_digits() const;
  // Whether this value is a double rather than an integer (isdouble/typeof/toint).
  bool is_real() const;
};

// Significant digits of decimal text: "8.250" -> 4, "0.20" -> 2, "1.00" -> 3; -1 for text without
// a decimal point ("1111" is exact) and for exponent notation.
int significant_digits(std::string_view text);
// floor(log10(|d|)), 0 for 0: the decimal exponent of the leading digit.
int decimal_exponent(double d);
// `d` rounded half away from zero to `digits` significant digits (on its shortest decimal text,
// so 1.65 rounds to 1.7 although it is stored as 1.6499...).
double round_significant(double d, int digits);
// `d` with `digits` significant digits, trailing zeros kept ("1.650", "-1.00000000000", "2").
std::string format_significant(double d, int digits);

// Parses decimal text the way SPL does ("1", "-2.5", "1e3", " 7 " is not a number).
bool parse_number(std::string_view text, double& out);
// Formats a double as SPL prints it (no trailing ".0", no exponent for ordinary magnitudes).
std::string format_number(double d);

}  // namespace spelunk
