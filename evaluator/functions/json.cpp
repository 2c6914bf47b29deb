// JSON functions (Search Reference, JSON functions): json_object, json_array, json, json_valid,
// json_keys, json_entries, json_extract, json_extract_exact, json_set, json_set_exact,
// json_append, json_extend, json_delete, json_has_key_exact, json_array_to_mv,
// mv_to_json_array.
//
// A JSON object or array is a value of text here, as a field shows it (compact). An argument
// becomes a JSON value this way: a string literal is a JSON string; a number a number; a Boolean
// true/false; null null; a multi-value an array of strings; other text (a field, a function's
// result) is embedded as JSON when it is a JSON object or array (so json_object("cooperative",
// gamelist) nests the array json_array() stored in gamelist) and is a string otherwise.
//
// Paths (json_extract, json_set, json_append, json_extend, json_delete) are spath-like: keys
// separated by '.', `{N}` an array element (from 0), `{}` every element.
#include <cmath>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/json_value.hpp"

namespace spelunk::functions {

namespace {

using JValue = json::Value;

// ------------------------------------------------------------------ conversions

JValue to_json(const spelunk::Value& v, const ast::Expr& written) {
  switch (v.type) {
    case spelunk::Value::Type::Null: return JValue::null();
    case spelunk::Value::Type::Bool: return JValue::of_bool(v.number != 0);
    case spelunk::Value::Type::Number: return JValue::of_number(v.number);
    case spelunk::Value::Type::Multi: {
      JValue array = JValue::array();
      for (const auto& s : v.multi) array.items.push_back(JValue::of_string(s));
      return array;
    }
    case spelunk::Value::Type::String:
      if (written.kind != ast::Expr::Kind::String)
        if (auto parsed = json::parse(v.str); parsed && parsed->is_container()) return *parsed;
      return JValue::of_string(v.str);
  }
  return JValue::null();
}

// A JSON value back into SPL: strings unquoted, numbers as numbers, true/false as Booleans,
// null as null, containers as their compact text.
spelunk::Value to_native(const JValue& j) {
  switch (j.kind) {
    case JValue::Kind::Null: return spelunk::Value::null();
    case JValue::Kind::Bool: return spelunk::Value::boolean(j.boolean);
    case JValue::Kind::Number: return spelunk::Value::of(j.number);
    case JValue::Kind::String: return spelunk::Value::of(j.text);
    default: return spelunk::Value::of(json::serialize(j));
  }
}

spelunk::Value text(const JValue& j) { return spelunk::Value::of(json::serialize(j)); }

// Argument i as a JSON document (text that parses); nullopt otherwise.
std::optional<JValue> document_arg(const CallArgs& a, std::size_t i) {
  spelunk::Value v = a.value(i);
  if (v.type == spelunk::Value::Type::Number) return JValue::of_number(v.number);
  if (v.type != spelunk::Value::Type::String) return std::nullopt;
  return json::parse(v.str);
}

// ------------------------------------------------------------------ paths

struct PathStep {
  enum class Kind { Key, Index, All } kind = Kind::Key;
  std::string key;
  std::size_t index = 0;
};

// "a.b{0}.c", "{}.name", "{2}.Bridges{0}.length"; nullopt when malformed.
std::optional<std::vector<PathStep>> parse_path(std::string_view path) {
  std::vector<PathStep> steps;
  std::string key;
  auto flush = [&]() {
    if (!key.empty()) steps.push_back({PathStep::Kind::Key, std::move(key), 0});
    key.clear();
  };
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.') {
      flush();
    } else if (c == '{') {
      flush();
      const std::size_t close = path.find('}', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view inside = path.substr(i + 1, close - i - 1);
      if (inside.empty()) {
        steps.push_back({PathStep::Kind::All, "", 0});
      } else {
        double d = 0;
        if (!parse_number(inside, d) || d < 0 || d != std::trunc(d)) return std::nullopt;
        steps.push_back({PathStep::Kind::Index, "", static_cast<std::size_t>(d)});
      }
      i = close;
    } else {
      key += c;
    }
  }
  flush();
  return steps;
}

bool has_wildcard(const std::vector<PathStep>& steps) {
  for (const auto& s : steps)
    if (s.kind == PathStep::Kind::All) return true;
  return false;
}

// Every node a path reaches (in document order).
void walk(const JValue& node, const std::vector<PathStep>& steps, std::size_t at, std::vector<const JValue*>& out) {
  if (at == steps.size()) {
    out.push_back(&node);
    return;
  }
  const PathStep& step = steps[at];
  switch (step.kind) {
    case PathStep::Kind::Key:
      if (const JValue* child = node.is_object() ? node.find(step.key) : nullptr) walk(*child, steps, at + 1, out);
      return;
    case PathStep::Kind::Index:
      if (node.is_array() && step.index < node.items.size()) walk(node.items[step.index], steps, at + 1, out);
      return;
    case PathStep::Kind::All:
      if (node.is_array())
        for (const auto& item : node.items) walk(item, steps, at + 1, out);
      return;
  }
}

// Applies `change` to every node the path reaches. With `create`, missing object keys along the
// way are created (json_set); a step that does not fit the document is skipped.
template <typename Change>
void update(JValue& node, const std::vector<PathStep>& steps, std::size_t at, bool create, const Change& change) {
  if (at == steps.size()) {
    change(node);
    return;
  }
  const PathStep& step = steps[at];
  switch (step.kind) {
    case PathStep::Kind::Key: {
      if (!node.is_object()) return;
      JValue* child = node.find(step.key);
      if (!child) {
        if (!create) return;
        // A key created on the way to a deeper step is an object; the last one takes the value.
        node.members.emplace_back(step.key, at + 1 == steps.size() ? JValue::null() : JValue::object());
        child = &node.members.back().second;
      }
      update(*child, steps, at + 1, create, change);
      return;
    }
    case PathStep::Kind::Index:
      if (node.is_array() && step.index < node.items.size()) update(node.items[step.index], steps, at + 1, create, change);
      return;
    case PathStep::Kind::All:
      if (node.is_array())
        for (auto& item : node.items) update(item, steps, at + 1, create, change);
      return;
  }
}

// ------------------------------------------------------------------ functions

void even_pairs(const ast::Expr& call) {
  if (call.args.size() % 2 != 0)
    throw EvalError{call.text + "() takes key-value pairs, got " + std::to_string(call.args.size()) + " argument(s)",
                    call.pos};
}

void document_then_pairs(const ast::Expr& call) {
  if (call.args.size() < 3 || call.args.size() % 2 != 1)
    throw EvalError{call.text + "() takes a JSON document and path-value pairs, got " + std::to_string(call.args.size()) +
                        " argument(s)",
                    call.pos};
}

spelunk::Value fn_json_object(const CallArgs& a) {
  JValue object = JValue::object();
  for (std::size_t i = 0; i + 1 < a.size(); i += 2) {
    spelunk::Value key = a.value(i);
    if (key.type != spelunk::Value::Type::String) a.fail("a key must be a string (argument " + std::to_string(i + 1) + ")");
    object.set(key.str, to_json(a.value(i + 1), a.expr(i + 1)));
  }
  return text(object);
}

spelunk::Value fn_json_array(const CallArgs& a) {
  JValue array = JValue::array();
  for (std::size_t i = 0; i < a.size(); ++i) array.items.push_back(to_json(a.value(i), a.expr(i)));
  return text(array);
}

// json(x): x when it is valid JSON (written compactly), else null.
spelunk::Value fn_json(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  return doc ? text(*doc) : spelunk::Value::null();
}

spelunk::Value fn_json_valid(const CallArgs& a) {
  spelunk::Value v = a.value(0);
  if (v.is_null()) return spelunk::Value::null();
  return spelunk::Value::boolean(v.type == spelunk::Value::Type::String && json::parse(v.str).has_value());
}

spelunk::Value fn_json_keys(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc || !doc->is_object()) return spelunk::Value::null();
  JValue keys = JValue::array();
  for (const auto& [key, value] : doc->members) keys.items.push_back(JValue::of_string(key));
  return text(keys);
}

spelunk::Value fn_json_entries(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc || !doc->is_object()) return spelunk::Value::null();
  JValue entries = JValue::array();
  for (const auto& [key, value] : doc->members) {
    JValue entry = JValue::object();
    entry.set("key", JValue::of_string(key));
    entry.set("value", value);
    entries.items.push_back(std::move(entry));
  }
  return text(entries);
}

// json_extract(j): j as a native value; (j, path): what the path reaches (an array when the path
// has `{}`); (j, path, path, ...): a JSON array of what each path reaches.
spelunk::Value fn_json_extract(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc) return spelunk::Value::null();
  if (a.size() == 1) return to_native(*doc);
  JValue all = JValue::array();
  for (std::size_t i = 1; i < a.size(); ++i) {
    auto path_text = string_arg(a, i);
    if (!path_text) continue;
    auto steps = parse_path(*path_text);
    if (!steps) a.fail("cannot read the path `" + *path_text + "`");
    std::vector<const JValue*> found;
    walk(*doc, *steps, 0, found);
    if (has_wildcard(*steps)) {
      JValue array = JValue::array();
      for (const JValue* f : found) array.items.push_back(*f);
      if (a.size() == 2) return text(array);
      all.items.push_back(std::move(array));
    } else {
      if (a.size() == 2) return found.empty() ? spelunk::Value::null() : to_native(*found.front());
      all.items.push_back(found.empty() ? JValue::null() : *found.front());
    }
  }
  return text(all);
}

// json_extract_exact: keys taken literally ("system.splunk.path" is one key).
spelunk::Value fn_json_extract_exact(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc) return spelunk::Value::null();
  if (a.size() == 1) return to_native(*doc);
  JValue all = JValue::array();
  for (std::size_t i = 1; i < a.size(); ++i) {
    auto key = string_arg(a, i);
    const JValue* found = key && doc->is_object() ? doc->find(*key) : nullptr;
    if (a.size() == 2) return found ? to_native(*found) : spelunk::Value::null();
    all.items.push_back(found ? *found : JValue::null());
  }
  return text(all);
}

spelunk::Value fn_json_has_key_exact(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  auto key = string_arg(a, 1);
  if (!doc || !key) return spelunk::Value::null();
  return spelunk::Value::boolean(doc->is_object() && doc->find(*key) != nullptr);
}

enum class Edit { Set, Append, Extend };

// json_set / json_append / json_extend: path-value pairs applied left to right.
template <Edit kEdit>
spelunk::Value edit_paths(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc || !doc->is_container()) return spelunk::Value::null();
  for (std::size_t i = 1; i + 1 < a.size(); i += 2) {
    auto path_text = string_arg(a, i);
    if (!path_text) continue;
    auto steps = parse_path(*path_text);
    if (!steps) a.fail("cannot read the path `" + *path_text + "`");
    JValue value = to_json(a.value(i + 1), a.expr(i + 1));
    if (kEdit == Edit::Extend && !value.is_array()) continue;  // json_extend appends an array's values
    update(*doc, *steps, 0, kEdit == Edit::Set, [&](JValue& target) {
      if (kEdit == Edit::Set) {
        target = value;
        return;
      }
      if (!target.is_array()) {  // a scalar or object is wrapped in an array first
        JValue wrapped = JValue::array();
        wrapped.items.push_back(std::move(target));
        target = std::move(wrapped);
      }
      if (kEdit == Edit::Append) target.items.push_back(value);
      else target.items.insert(target.items.end(), value.items.begin(), value.items.end());
    });
  }
  return text(*doc);
}

// json_set_exact: literal keys at the top of the object.
spelunk::Value fn_json_set_exact(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc || !doc->is_object()) return spelunk::Value::null();
  for (std::size_t i = 1; i + 1 < a.size(); i += 2) {
    auto key = string_arg(a, i);
    if (key) doc->set(*key, to_json(a.value(i + 1), a.expr(i + 1)));
  }
  return text(*doc);
}

void delete_path(JValue& node, const std::vector<std::string>& keys, std::size_t at) {
  if (!node.is_object()) return;
  if (at + 1 == keys.size()) {
    std::erase_if(node.members, [&](const auto& m) { return m.first == keys[at]; });
    return;
  }
  if (JValue* child = node.find(keys[at])) delete_path(*child, keys, at + 1);
}

// json_delete(obj, "a", "b.c") or json_delete(obj, json_array("a", "b.c")): keys, '.' nesting;
// no array indexing.
spelunk::Value fn_json_delete(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc || !doc->is_object()) return spelunk::Value::null();
  std::vector<std::string> keys;
  for (std::size_t i = 1; i < a.size(); ++i) {
    spelunk::Value v = a.value(i);
    if (v.type == spelunk::Value::Type::String && a.expr(i).kind != ast::Expr::Kind::String)
      if (auto parsed = json::parse(v.str); parsed && parsed->is_array()) {
        for (const auto& item : parsed->items)
          if (item.kind == JValue::Kind::String) keys.push_back(item.text);
        continue;
      }
    for (auto& s : v.values()) keys.push_back(std::move(s));
  }
  for (const auto& key : keys) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot = key.find('.'); ; dot = key.find('.', start)) {
      parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    delete_path(*doc, parts, 0);
  }
  return text(*doc);
}

// json_array_to_mv(array[, keep_quotes]): each element as a value; strings lose their quotes
// unless the second argument is true().
spelunk::Value fn_json_array_to_mv(const CallArgs& a) {
  auto doc = document_arg(a, 0);
  if (!doc || !doc->is_array()) return spelunk::Value::null();
  bool keep_quotes = false;
  if (a.size() > 1) {
    spelunk::Value flag = a.value(1);
    if (flag.type != spelunk::Value::Type::Bool) a.fail("the second argument must be true() or false()");
    keep_quotes = flag.number != 0;
  }
  std::vector<std::string> out;
  for (const auto& item : doc->items)
    out.push_back(item.kind == JValue::Kind::String && !keep_quotes ? item.text : json::serialize(item));
  return spelunk::Value::list(std::move(out));
}

// mv_to_json_array(mv[, infer]): without infer every value is a JSON string; with true() one
// pair of quotes is removed and the element's JSON type inferred, an element that is no JSON
// value becoming null (["\"Buttercup\"", "true", "null"] -> ["Buttercup",true,null]).
spelunk::Value fn_mv_to_json_array(const CallArgs& a) {
  spelunk::Value v = a.value(0);
  if (v.is_null()) return spelunk::Value::null();
  bool infer = false;
  if (a.size() > 1) {
    spelunk::Value flag = a.value(1);
    if (flag.type != spelunk::Value::Type::Bool) a.fail("the second argument must be true() or false()");
    infer = flag.number != 0;
  }
  JValue array = JValue::array();
  for (const auto& s : v.values()) array.items.push_back(infer ? json::infer(s) : JValue::of_string(s));
  return text(array);
}

}  // namespace

void register_json(FunctionTable& t) {
  add(t, "json_object", 0, kAnyArity, fn_json_object, false, even_pairs);
  add(t, "json_array", 0, kAnyArity, fn_json_array);
  add(t, "json", 1, 1, fn_json);
  add(t, "json_valid", 1, 1, fn_json_valid, true);
  add(t, "json_keys", 1, 1, fn_json_keys);
  add(t, "json_entries", 1, 1, fn_json_entries);
  add(t, "json_extract", 1, kAnyArity, fn_json_extract);
  add(t, "json_extract_exact", 1, kAnyArity, fn_json_extract_exact);
  add(t, "json_has_key_exact", 2, 2, fn_json_has_key_exact, true);
  add(t, "json_set", 3, kAnyArity, edit_paths<Edit::Set>, false, document_then_pairs);
  add(t, "json_append", 3, kAnyArity, edit_paths<Edit::Append>, false, document_then_pairs);
  add(t, "json_extend", 3, kAnyArity, edit_paths<Edit::Extend>, false, document_then_pairs);
  add(t, "json_set_exact", 3, kAnyArity, fn_json_set_exact, false, document_then_pairs);
  add(t, "json_delete", 2, kAnyArity, fn_json_delete);
  add(t, "json_array_to_mv", 1, 2, fn_json_array_to_mv);
  add(t, "mv_to_json_array", 1, 2, fn_mv_to_json_array);
}

}  // namespace spelunk::functions
