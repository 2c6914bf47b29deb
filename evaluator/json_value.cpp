#include "evaluator/json_value.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "evaluator/value.hpp"

namespace spelunk::json {

const Value* Value::find(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

Value* Value::find(std::string_view key) {
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

void Value::set(std::string key, Value value) {
  if (Value* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  members.emplace_back(std::move(key), std::move(value));
}

namespace {

bool convert(simdjson::dom::element e, Value& out, std::size_t depth) {
  using simdjson::dom::element_type;
  if (depth > kMaxJsonDepth) return false;
  switch (e.type()) {
    case element_type::NULL_VALUE: out = Value::null(); return true;
    case element_type::BOOL: out = Value::of_bool(bool(e)); return true;
    case element_type::INT64: out = Value::of_number(static_cast<double>(int64_t(e))); return true;
    case element_type::UINT64: out = Value::of_number(static_cast<double>(uint64_t(e))); return true;
    case element_type::DOUBLE: out = Value::of_number(double(e)); return true;
    case element_type::STRING: out = Value::of_string(std::string(std::string_view(e))); return true;
    case element_type::ARRAY: {
      out = Value::array();
      for (simdjson::dom::element item : simdjson::dom::array(e)) {
        Value v;
        if (!convert(item, v, depth + 1)) return false;
        out.items.push_back(std::move(v));
      }
      return true;
    }
    case element_type::OBJECT: {
      out = Value::object();
      for (auto field : simdjson::dom::object(e)) {
        Value v;
        if (!convert(field.value, v, depth + 1)) return false;
        out.members.emplace_back(std::string(field.key), std::move(v));
      }
      return true;
    }
  }
  return false;
}

void write(const Value& v, std::string& out) {
  switch (v.kind) {
    case Value::Kind::Null: out += "null"; return;
    case Value::Kind::Bool: out += v.boolean ? "true" : "false"; return;
    case Value::Kind::Number: out += format_number(v.number); return;
    case Value::Kind::String: out += quote(v.text); return;
    case Value::Kind::Array:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        write(v.items[i], out);
      }
      out += ']';
      return;
    case Value::Kind::Object:
      out += '{';
      for (std::size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        out += quote(v.members[i].first);
        out += ':';
        write(v.members[i].second, out);
      }
      out += '}';
      return;
  }
}

}  // namespace

std::optional<Value> parse(std::string_view text) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size(), true).get(root) != simdjson::SUCCESS) return std::nullopt;
  Value out;
  if (!convert(root, out, 0)) return std::nullopt;
  return out;
}

std::string serialize(const Value& value) {
  std::string out;
  write(value, out);
  return out;
}

Value infer(std::string_view text) {
  std::optional<Value> parsed = parse(text);
  if (parsed && !parsed->is_container()) return *parsed;
  return Value::null();
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

}  // namespace spelunk::json
