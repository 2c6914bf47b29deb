// A value as SPL sees it: null, a number, a string, a Boolean (only inside eval/where
// conditions: it cannot be stored in a field), or a multi-value (an ordered list of strings).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spelunk {

struct Value {
  enum class Type : unsigned char { Null, Number, String, Bool, Multi };

  Type type = Type::Null;
  double number = 0;               // Number; Bool uses 0/1
  std::string str;                 // String
  std::vector<std::string> multi;  // Multi (2+ values)

  static Value null() { return {}; }
  static Value of(double d) { Value v; v.type = Type::Number; v.number = d; return v; }
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
};

// Parses decimal text the way SPL does ("1", "-2.5", "1e3", " 7 " is not a number).
bool parse_number(std::string_view text, double& out);
// Formats a double as SPL prints it (no trailing ".0", no exponent for ordinary magnitudes).
std::string format_number(double d);

}  // namespace spelunk
