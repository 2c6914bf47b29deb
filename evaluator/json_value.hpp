// A JSON document as a small tree that eval functions can read, change and write back
// (json_object, json_set, json_extract, ...; makeresults format=json). Parsing goes through
// simdjson (validating); writing is done here: compact, keys in document order, strings escaped
// per RFC 8259 (quote, backslash and control characters; other UTF-8 passes through).
//
// The text is attacker-controlled: invalid JSON gives nullopt, never an exception, and nesting
// deeper than kMaxJsonDepth is refused rather than recursed into.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spelunk::json {

inline constexpr std::size_t kMaxJsonDepth = 100;

struct Value {
  enum class Kind : unsigned char { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string text;                                   // String
  std::vector<Value> items;                           // Array
  std::vector<std::pair<std::string, Value>> members;  // Object, in document order

  Value();  // defined after the struct (see below)

  // Defined after the struct: clang 14 with libstdc++ 12 cannot build a Value by value inside
  // its own class body (std::pair<std::string, Value> is still incomplete there).
  static Value null();
  static Value of_bool(bool b);
  static Value of_number(double d);
  static Value of_string(std::string s);
  static Value array();
  static Value object();

  bool is_array() const { return kind == Kind::Array; }
  bool is_object() const { return kind == Kind::Object; }
  bool is_container() const { return is_array() || is_object(); }
  // The member `key` of an object (the last one when a key repeats), or null.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Sets member `key` (replacing it in place, or appending it).
  void set(std::string key, Value value);
};

inline Value::Value() = default;
inline Value Value::null() { return {}; }
inline Value Value::of_bool(bool b) { Value v; v.kind = Kind::Bool; v.boolean = b; return v; }
inline Value Value::of_number(double d) { Value v; v.kind = Kind::Number; v.number = d; return v; }
inline Value Value::of_string(std::string s) { Value v; v.kind = Kind::String; v.text = std::move(s); return v; }
inline Value Value::array() { Value v; v.kind = Kind::Array; return v; }
inline Value Value::object() { Value v; v.kind = Kind::Object; return v; }

// Parses a complete JSON text (any value at the top). nullopt when invalid or too deep.
std::optional<Value> parse(std::string_view text);
// Compact JSON text. Numbers print as SPL prints them (integral values without a decimal point).
std::string serialize(const Value& value);
// A JSON string literal, quotes included.
std::string quote(std::string_view text);
// A field value read as a JSON value, its type inferred (mv_to_json_array(mv, true)): one pair of
// bracketing quotes removed ("\"a\"" -> "a"), else a number, true, false or null; anything else
// (a bare word, an object) is null.
Value infer(std::string_view text);

}  // namespace spelunk::json
