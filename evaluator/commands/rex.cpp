// `rex [field=_raw] "<PCRE with (?<name>...)>" [max_match=1]` and `rex [field=] mode=sed
// "s/re/repl/flags"` (R8.14). Extraction: each named group sets a field from the first match;
// max_match=N (0 = no limit) collects up to N matches into multi-values. A row where the regex
// does not match keeps its fields as they were. sed mode rewrites the field in place (flag g:
// every match; a number N: the Nth match only; `\N` in the replacement is the group N).
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

struct Sed {
  std::string pattern, replacement;
  bool global = false;
  std::size_t nth = 1;
};

// Splits "s/re/repl/flags" on the (unescaped) delimiter that follows the `s`.
Sed parse_sed(const ast::Command& cmd, const std::string& text) {
  if (text.size() < 2 || text[0] != 's')
    throw QueryError{"rex mode=sed: expected s/regex/replacement/flags", cmd.pos};
  const char delim = text[1];
  std::vector<std::string> parts(1);
  for (std::size_t i = 2; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == delim) {
      parts.back() += delim;
      ++i;
    } else if (text[i] == delim) {
      parts.emplace_back();
    } else {
      parts.back() += text[i];
    }
  }
  if (parts.size() < 2 || parts.size() > 3)
    throw QueryError{"rex mode=sed: expected s/regex/replacement/flags", cmd.pos};
  Sed sed{parts[0], parts[1]};
  if (parts.size() == 3) {
    for (char f : parts[2]) {
      if (f == 'g') sed.global = true;
      else if (f >= '0' && f <= '9') sed.nth = 0;  // parsed below
      else if (f != 'i') throw QueryError{std::string("rex mode=sed: unknown flag ") + f, cmd.pos};
    }
    if (sed.nth == 0) {
      std::string digits;
      for (char f : parts[2]) if (f >= '0' && f <= '9') digits += f;
      sed.nth = std::max<std::size_t>(1, std::stoul(digits.substr(0, 6)));
    }
    if (parts[2].find('i') != std::string::npos) sed.pattern = "(?i)" + sed.pattern;
  }
  return sed;
}

Result run_sed(const ast::Command& cmd, const ast::RexCommand& rex, Result input) {
  Sed sed = parse_sed(cmd, rex.regex);
  auto re = command_regex(cmd, sed.pattern);
  Regex::Replacement with;
  try {
    with = re->sed_replacement(sed.replacement);
  } catch (const RegexError& e) {
    throw QueryError{"rex mode=sed: " + e.message, cmd.pos};
  }
  int col = input.find(rex.field);
  if (col < 0) return input;
  // g: every match; otherwise the Nth (first by default) only.
  auto apply = [&](const std::string& text) { return re->replace(text, with, sed.global, sed.global ? 0 : sed.nth); };
  std::vector<Value> values(input.size());
  try {
    for (std::size_t row = 0; row < input.size(); ++row) {
      Value v = input.get(static_cast<std::size_t>(col), row);
      if (v.is_multi()) {
        std::vector<std::string> out;
        for (const auto& s : v.multi) out.push_back(apply(s));
        values[row] = Value::list(std::move(out));
      } else if (!v.is_null()) {
        values[row] = Value::of(apply(v.to_string()));
      }
    }
  } catch (const RegexError& e) {
    throw QueryError{"rex: " + e.message, cmd.pos};
  }
  input.set_column(rex.field, std::move(values));
  return input;
}

}  // namespace

Result run_rex(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& rex = body_of<ast::RexCommand>(cmd);
  check_options(cmd, rex.options, {"mode", "max_match"});
  const std::string* mode = rex.options.get("mode");
  if (mode && *mode == "sed") return run_sed(cmd, rex, std::move(input));
  if (mode) throw QueryError{"rex: mode=" + *mode + " is not supported (only sed)", cmd.pos};
  const std::size_t max_match = option_size(cmd, rex.options, "max_match", 1);
  auto re = command_regex(cmd, rex.regex);

  const std::vector<std::pair<std::string, int>>& groups = re->named_groups();  // (name, group number)
  if (groups.empty()) return input;
  std::vector<std::vector<Value>> out(groups.size(), std::vector<Value>(input.size()));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    int existing = input.find(groups[g].first);
    if (existing >= 0)
      for (std::size_t row = 0; row < input.size(); ++row) out[g][row] = input.get(static_cast<std::size_t>(existing), row);
  }

  int col = input.find(rex.field);
  std::vector<Regex::Span> spans;
  try {
    for (std::size_t row = 0; col >= 0 && row < input.size(); ++row) {
      ctx.check_cancel(row);
      Value v = input.get(static_cast<std::size_t>(col), row);
      if (v.is_null()) continue;
      const std::string text = v.is_multi() ? v.multi.front() : v.to_string();
      std::vector<std::vector<std::string>> found(groups.size());
      std::size_t pos = 0, matches = 0;
      while (pos <= text.size() && (max_match == 0 || matches < max_match)) {
        if (!re->find(text, pos, spans)) break;
        ++matches;
        for (std::size_t g = 0; g < groups.size(); ++g) {
          const Regex::Span& p = spans[static_cast<std::size_t>(groups[g].second)];
          if (p.first != Regex::npos) found[g].push_back(text.substr(p.first, p.second - p.first));
        }
        const auto [start, end] = spans[0];
        pos = end > start ? end : end + 1;  // an empty match must still advance
      }
      if (matches == 0) continue;  // no match: the fields stay as they were
      for (std::size_t g = 0; g < groups.size(); ++g)
        if (!found[g].empty()) out[g][row] = Value::list(std::move(found[g]));
    }
  } catch (const RegexError& e) {
    throw QueryError{"rex: " + e.message, cmd.pos};
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    bool any = input.find(groups[g].first) >= 0;
    for (std::size_t row = 0; !any && row < input.size(); ++row) any = !out[g][row].is_null();
    if (any) input.set_column(groups[g].first, std::move(out[g]));  // no empty column for no match
  }
  return input;
}

}  // namespace spelunk::commands
