// `foreach [mode=multifield] <wildcard-field>... [fieldstr=] [matchstr=] [matchseg1..3=]
// [ <template pipeline> ]` (Search Reference, foreach): for each field whose name matches one of
// the wildcard patterns (fields present when foreach starts, in column order), the template has
// `<<FIELD>>` replaced by the field name, `<<MATCHSTR>>` by the part(s) matched by the wildcards
// and `<<MATCHSEG1>>`..`<<MATCHSEG3>>` by each wildcard's part, then runs over the results. The
// option values rename those tokens. `*` patterns skip internal fields (names starting with
// `_`) unless the pattern itself starts with `_`.
//
// `foreach mode=multivalue|json_array|auto_collections <field> [itemstr=] [iterstr=] [ eval ... ]`:
// per row, the template (one eval, as the page requires) runs once for each value of the field
// (a multi-value, the elements of a JSON array, or whichever the field holds), `<<ITEM>>` being
// that value and `<<ITER>>` its index (from 0). The field name is taken literally (no
// wildcards). An item replaces <<ITEM>> as it is written when it is a number, inside a quoted
// string, or joined to a name (`count_<<ITEM>>`); elsewhere as a quoted string literal.
#include <re2/re2.h>

#include <cctype>
#include <map>

#include "evaluator/commands/commands.hpp"
#include "evaluator/json_value.hpp"
#include "parser/parser.hpp"

namespace spelunk::commands {

namespace {

struct Tokens {
  std::string field = "<<FIELD>>", matchstr = "<<MATCHSTR>>";
  std::string matchseg[3] = {"<<MATCHSEG1>>", "<<MATCHSEG2>>", "<<MATCHSEG3>>"};
};

// A wildcard pattern as an anchored RE2 with one group per `*` (linear time, segment capture).
std::unique_ptr<re2::RE2> pattern_regex(const std::string& pattern) {
  std::string re;
  std::size_t start = 0;
  for (std::size_t star = pattern.find('*'); ; star = pattern.find('*', start)) {
    re += re2::RE2::QuoteMeta(pattern.substr(start, star == std::string::npos ? std::string::npos : star - start));
    if (star == std::string::npos) break;
    re += "(.*)";
    start = star + 1;
  }
  re2::RE2::Options options;
  options.set_dot_nl(true);
  return std::make_unique<re2::RE2>(re, options);
}

void replace_all(std::string& text, const std::string& token, const std::string& value) {
  if (token.empty()) return;
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
    text.replace(at, token.size(), value);
}

std::string fill_template(std::string body, const Tokens& tokens, const std::string& field,
                          const std::vector<std::string>& segments) {
  std::string matchstr;
  for (const auto& s : segments) matchstr += s;
  replace_all(body, tokens.field, field);
  replace_all(body, tokens.matchstr, matchstr);
  for (std::size_t i = 0; i < 3; ++i) replace_all(body, tokens.matchseg[i], i < segments.size() ? segments[i] : "");
  return body;
}

ast::Pipeline parse_template(const ast::Command& cmd, const std::string& text) {
  std::string query = text;
  std::size_t first = query.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw QueryError{"foreach: the [ ... ] template is empty", cmd.pos};
  if (query[first] != '|') query = "| " + query.substr(first);
  ParseResult parsed = parse_query(query);
  if (!parsed.pipeline)
    throw QueryError{"foreach: cannot parse the template `" + text + "`" +
                         (parsed.error ? ": " + parsed.error->message : std::string()),
                     cmd.pos};
  return std::move(*parsed.pipeline);
}

}  // namespace

namespace {

enum class Mode { Multifield, Multivalue, JsonArray, AutoCollections };

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether template[at] lies inside a double-quoted string.
bool inside_quotes(const std::string& text, std::size_t at) {
  bool in = false;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\\' && in) { ++i; continue; }
    if (text[i] == '"') in = !in;
  }
  return in;
}

std::string escape_in_quotes(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The template with every `token` replaced by `value`, written to fit where it stands.
std::string substitute(const std::string& text, const std::string& token, const std::string& value) {
  if (token.empty()) return text;
  std::string out;
  std::size_t copied = 0;
  double number = 0;
  const bool numeric = parse_number(value, number);
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + token.size())) {
    out.append(text, copied, at - copied);
    const std::size_t end = at + token.size();
    const bool joined = (at > 0 && is_name_char(text[at - 1])) || (end < text.size() && is_name_char(text[end]));
    if (inside_quotes(text, at)) out += escape_in_quotes(value);
    else if (numeric || joined) out += value;
    else out += "\"" + escape_in_quotes(value) + "\"";
    copied = end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

// The values one row iterates over.
std::vector<std::string> items_of(const Value& v, Mode mode) {
  std::vector<std::string> items;
  const bool as_json = mode == Mode::JsonArray || (mode == Mode::AutoCollections && !v.is_multi());
  if (!as_json) return v.values();
  if (v.type != Value::Type::String) return items;
  auto parsed = json::parse(v.str);
  if (!parsed || !parsed->is_array()) return items;
  for (const auto& item : parsed->items)
    items.push_back(item.kind == json::Value::Kind::String ? item.text : json::serialize(item));
  return items;
}

Result run_items(const ast::Command& cmd, Result input, ExecContext& ctx, Mode mode, const std::string& field,
                 const std::string& body, const std::string& item_token, const std::string& iter_token) {
  // Parsed once per distinct text (items repeat across rows).
  std::map<std::string, ast::Pipeline> parsed;
  auto pipeline_for = [&](const std::string& text) -> const ast::Pipeline& {
    auto it = parsed.find(text);
    if (it != parsed.end()) return it->second;
    ast::Pipeline p = parse_template(cmd, text);
    for (const auto& c : p.commands)
      if (c.name != "eval")
        throw QueryError{"foreach: with mode=multivalue, json_array or auto_collections the template may hold only "
                         "eval (found `" + c.name + "`)",
                         cmd.pos};
    return parsed.emplace(text, std::move(p)).first->second;
  };
  const int col = input.find(field);
  Result out;
  bool first = true;
  for (std::size_t r = 0; r < input.size(); ++r) {
    std::vector<std::string> names;
    std::vector<Value> values;
    for (std::size_t c = 0; c < input.columns().size(); ++c) {
      names.push_back(input.columns()[c].name);
      values.push_back(input.get(c, r));
    }
    Result row = Result::table(names);
    row.add_row(std::move(values));
    const std::vector<std::string> items = col < 0 ? std::vector<std::string>() : items_of(input.get(static_cast<std::size_t>(col), r), mode);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string text = substitute(substitute(body, item_token, items[i]), iter_token, std::to_string(i));
      row = run_pipeline_on(pipeline_for(text), std::move(row), ctx);
    }
    if (first) {
      out = std::move(row);
      first = false;
    } else {
      out.append(row);
    }
  }
  return first ? input : out;
}

}  // namespace

Result run_foreach(const ast::Command& cmd, Result input, ExecContext& ctx) {
  GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options,
                {"fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3", "mode", "itemstr", "iterstr"});
  Mode mode = Mode::Multifield;
  if (const std::string* m = args.options.get("mode")) {
    if (*m == "multifield") mode = Mode::Multifield;
    else if (*m == "multivalue") mode = Mode::Multivalue;
    else if (*m == "json_array") mode = Mode::JsonArray;
    else if (*m == "auto_collections") mode = Mode::AutoCollections;
    else
      throw QueryError{"foreach: mode=" + *m + " is not multifield, multivalue, json_array or auto_collections",
                       args.options.position_of("mode", cmd.pos)};
  }
  for (const char* key : {"fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3"})
    if (mode != Mode::Multifield && args.options.get(key))
      throw QueryError{std::string("foreach: ") + key + "= applies to mode=multifield only", args.options.position_of(key, cmd.pos)};
  for (const char* key : {"itemstr", "iterstr"})
    if (mode == Mode::Multifield && args.options.get(key))
      throw QueryError{std::string("foreach: ") + key + "= applies to mode=multivalue, json_array or auto_collections",
                       args.options.position_of(key, cmd.pos)};
  Tokens tokens;
  for (const auto& [key, value] : args.options.items) {
    if (key == "fieldstr") tokens.field = value;
    else if (key == "matchstr") tokens.matchstr = value;
    else if (key == "matchseg1") tokens.matchseg[0] = value;
    else if (key == "matchseg2") tokens.matchseg[1] = value;
    else if (key == "matchseg3") tokens.matchseg[2] = value;
  }
  std::vector<std::string> patterns;
  std::string body;
  for (std::size_t i = 0; i < args.raw.size(); ++i) {
    const std::string& raw = args.raw[i];
    if (!raw.empty() && raw.front() == '[') {
      if (!body.empty() || i + 1 != args.raw.size())
        throw QueryError{"foreach: expected one [ template ] after the fields", cmd.pos};
      body = raw.substr(1, raw.size() >= 2 && raw.back() == ']' ? raw.size() - 2 : std::string::npos);
    } else {
      patterns.push_back(args.words[i]);
    }
  }
  if (patterns.empty()) throw QueryError{"foreach: expected at least one field or wildcard pattern", cmd.pos};
  if (body.empty()) throw QueryError{"foreach: expected a [ template ] such as [ eval <<FIELD>>=... ]", cmd.pos};

  if (mode != Mode::Multifield) {
    if (patterns.size() != 1) throw QueryError{"foreach: this mode iterates over one field", cmd.pos};
    const std::string* item = args.options.get("itemstr");
    const std::string* iter = args.options.get("iterstr");
    return run_items(cmd, std::move(input), ctx, mode, patterns[0], body, item ? *item : "<<ITEM>>",
                     iter ? *iter : "<<ITER>>");
  }

  // Fields to visit, decided before any template runs (templates may add fields).
  struct Visit { std::string field; std::vector<std::string> segments; };
  std::vector<Visit> visits;
  for (const auto& pattern : patterns) {
    auto re = pattern_regex(pattern);
    if (!re->ok()) throw QueryError{"foreach: bad field pattern '" + pattern + "'", cmd.pos};
    const int groups = re->NumberOfCapturingGroups();
    std::vector<std::string> segments(static_cast<std::size_t>(groups));
    std::vector<re2::RE2::Arg> arg_storage(segments.size());
    std::vector<const re2::RE2::Arg*> arg_ptrs(segments.size());
    for (std::size_t g = 0; g < segments.size(); ++g) {
      arg_storage[g] = &segments[g];
      arg_ptrs[g] = &arg_storage[g];
    }
    for (const auto& column : input.columns()) {
      const std::string& name = column.name;
      if (!name.empty() && name[0] == '_' && pattern[0] != '_') continue;
      if (!re2::RE2::FullMatchN(name, *re, arg_ptrs.data(), groups)) continue;
      bool seen = false;
      for (const auto& v : visits) seen = seen || v.field == name;
      if (!seen) visits.push_back({name, segments});
    }
  }
  for (const auto& visit : visits) {
    ast::Pipeline pipeline = parse_template(cmd, fill_template(body, tokens, visit.field, visit.segments));
    input = run_pipeline_on(pipeline, std::move(input), ctx);
  }
  return input;
}

}  // namespace spelunk::commands
