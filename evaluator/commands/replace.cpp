// `replace <pattern> WITH <replacement> [, <pattern> WITH <replacement>]... [IN <fields>]`:
// a value equal to a pattern becomes the replacement. `*` in a pattern matches any run of
// characters, and the n-th `*` of the replacement is what the n-th `*` matched. Whole values
// only, case-sensitive, each value of a multi-value on its own. Without IN, every field but the
// internal `_` ones. Precedence (Search Reference): a later exact (wildcard-free) pattern wins
// over an earlier one; among wildcard patterns, the fuller match (more literal characters) wins,
// the earlier one on a tie; an exact pattern wins over wildcard ones.
#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"
#include "parser/lexemes.hpp"

namespace spelunk::commands {

namespace {

struct Replacement {
  std::vector<std::string> pattern_parts;  // literals between the pattern's `*`
  std::vector<std::string> with_parts;     // literals between the replacement's `*`
  std::size_t literal_length = 0;
  bool exact() const { return pattern_parts.size() == 1; }
};

std::vector<std::string> split_stars(const std::string& s) {
  std::vector<std::string> parts{""};
  for (char c : s) {
    if (c == '*') parts.emplace_back();
    else parts.back() += c;
  }
  return parts;
}

// The value's pieces matched by each `*`, or nothing when the value does not match.
std::optional<std::vector<std::string_view>> captures(const Replacement& r, std::string_view v) {
  const auto& parts = r.pattern_parts;
  if (parts.size() == 1) {
    if (v != parts[0]) return std::nullopt;
    return std::vector<std::string_view>{};
  }
  const std::string& first = parts.front();
  const std::string& last = parts.back();
  if (v.size() < first.size() + last.size() || !v.starts_with(first) || !v.ends_with(last)) return std::nullopt;
  std::vector<std::string_view> out;
  std::size_t at = first.size();
  const std::size_t end = v.size() - last.size();
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {  // middle literals, leftmost
    const std::size_t found = v.substr(0, end).find(parts[i], at);
    if (found == std::string_view::npos) return std::nullopt;
    out.push_back(v.substr(at, found - at));
    at = found + parts[i].size();
  }
  out.push_back(v.substr(at, end - at));
  return out;
}

std::string fill_in(const Replacement& r, const std::vector<std::string_view>& caps) {
  std::string out = r.with_parts[0];
  for (std::size_t i = 1; i < r.with_parts.size(); ++i) {
    if (i - 1 < caps.size()) out += caps[i - 1];
    out += r.with_parts[i];
  }
  return out;
}

std::optional<std::string> replace_value(const std::vector<Replacement>& rules, std::string_view v) {
  const Replacement* best = nullptr;
  std::vector<std::string_view> best_caps;
  for (const Replacement& r : rules) {
    auto caps = captures(r, v);
    if (!caps) continue;
    // Rules in the order written: a matching exact rule beats anything before it.
    const bool better = !best || r.exact() || (!best->exact() && r.literal_length > best->literal_length);
    if (better) {
      best = &r;
      best_caps = std::move(*caps);
    }
  }
  if (!best) return std::nullopt;
  return fill_in(*best, best_caps);
}

// A value as written, without the comma that separates it from the next pair, decoded as a
// search token (quotes removed, `\"` unescaped).
std::string word(std::string raw) {
  while (!raw.empty() && raw.back() == ',') raw.pop_back();
  return parser::decode_search_token(raw).text;
}

struct ReplaceArgs {
  std::vector<Replacement> rules;
  std::vector<std::string> fields;  // empty: every non-internal field
};

ReplaceArgs replace_args(const ast::Command& cmd) {
  std::vector<std::string> words;  // as written: a trailing comma must not reach a quoted value
  std::vector<ast::Position> positions;
  const auto& generic = body_of<ast::GenericCommand>(cmd);
  for (std::size_t k = 0; k < generic.args.size(); ++k)
    if (generic.args[k] != ",") {
      words.push_back(generic.args[k]);
      positions.push_back(k < generic.positions.size() ? generic.positions[k] : cmd.pos);
    }
  ReplaceArgs out;
  std::size_t i = 0;
  for (; i < words.size(); i += 3) {
    if (ascii_lower(words[i]) == "in") break;
    if (i + 2 >= words.size() || ascii_lower(words[i + 1]) != "with")
      throw QueryError{"replace: expected <value> WITH <replacement>, found `" + words[i] + "`", positions[i]};
    Replacement r;
    r.pattern_parts = split_stars(word(words[i]));
    r.with_parts = split_stars(word(words[i + 2]));
    if (r.with_parts.size() > 1 && r.with_parts.size() != r.pattern_parts.size())
      throw QueryError{"replace: `" + word(words[i + 2]) + "` must have as many wildcards as `" + word(words[i]) +
                           "`, or none",
                       cmd.pos};
    for (const auto& p : r.pattern_parts) r.literal_length += p.size();
    out.rules.push_back(std::move(r));
  }
  if (out.rules.empty()) throw QueryError{"replace needs <value> WITH <replacement>", cmd.pos};
  if (i < words.size()) {
    for (++i; i < words.size(); ++i) out.fields.push_back(word(words[i]));
    if (out.fields.empty()) throw QueryError{"replace: expected field names after IN", cmd.pos};
  }
  return out;
}

}  // namespace

Result run_replace(const ast::Command& cmd, Result input, ExecContext&) {
  const ReplaceArgs args = replace_args(cmd);
  std::vector<std::string> fields = args.fields;
  if (fields.empty())
    for (const auto& c : input.columns())
      if (!c.name.starts_with("_")) fields.push_back(c.name);
  for (const std::string& field : fields) {
    const int col = input.find(field);
    if (col < 0) continue;
    bool changed = false;
    std::vector<Value> values(input.size());
    for (std::size_t row = 0; row < input.size(); ++row) {
      Value v = input.get(static_cast<std::size_t>(col), row);
      if (v.is_null()) continue;
      std::vector<std::string> parts = v.values();
      bool row_changed = false;
      for (auto& p : parts)
        if (auto replaced = replace_value(args.rules, p)) {
          p = std::move(*replaced);
          row_changed = true;
        }
      values[row] = row_changed ? Value::list(std::move(parts)) : std::move(v);
      changed |= row_changed;
    }
    if (changed) input.set_column(field, std::move(values));
  }
  return input;
}

}  // namespace spelunk::commands
