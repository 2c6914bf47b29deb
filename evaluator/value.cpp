#include "evaluator/value.hpp"

#include <charconv>
#include <cmath>
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

std::string Value::to_string() const {
  switch (type) {
    case Type::Null: return {};
    case Type::Number: return format_number(number);
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
  if (type == Type::String) return parse_number(str, out);
  return false;
}

}  // namespace spelunk
