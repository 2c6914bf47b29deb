// `rex [field=_raw] "<PCRE with (?<name>...)>" [max_match=1]` and `rex [field=] mode=sed
// "s/re/repl/flags"` (R8.14). Extraction: each named group sets a field from the first match;
// max_match=N (0 = no limit) collects up to N matches into multi-values. A row where the regex
// does not match keeps its fields as they were. sed mode rewrites the field in place (flag g:
// every match; a number N: the Nth match only; `\N` in the replacement is the group N).
#include <re2/re2.h>

#include "evaluator/commands/commands.hpp"
#include "evaluator/regex.hpp"

namespace spelunk::commands {

std::shared_ptr<const re2::RE2> command_regex(const ast::Command& cmd, std::string_view pattern);  // regex.cpp

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

std::string sed_apply(const re2::RE2& re, const Sed& sed, std::string text) {
  if (sed.global) {
    re2::RE2::GlobalReplace(&text, re, sed.replacement);
    return text;
  }
  // The Nth match only: find it, then rewrite that span.
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
  std::size_t pos = 0;
  for (std::size_t n = 1; pos <= text.size(); ++n) {
    if (!re.Match(text, pos, text.size(), re2::RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size())))
      return text;
    std::size_t start = static_cast<std::size_t>(groups[0].data() - text.data());
    std::size_t end = start + groups[0].size();
    if (n == sed.nth) {
      std::string out;
      re.Rewrite(&out, sed.replacement, groups.data(), static_cast<int>(groups.size()));
      return text.substr(0, start) + out + text.substr(end);
    }
    pos = end > start ? end : end + 1;
  }
  return text;
}

Result run_sed(const ast::Command& cmd, const ast::RexCommand& rex, Result input) {
  Sed sed = parse_sed(cmd, rex.regex);
  auto re = command_regex(cmd, sed.pattern);
  std::string error;
  if (!re->CheckRewriteString(sed.replacement, &error))
    throw QueryError{"rex mode=sed: " + error, cmd.pos};
  int col = input.find(rex.field);
  if (col < 0) return input;
  std::vector<Value> values(input.size());
  for (std::size_t row = 0; row < input.size(); ++row) {
    Value v = input.get(static_cast<std::size_t>(col), row);
    if (v.is_multi()) {
      std::vector<std::string> out;
      for (auto& s : v.multi) out.push_back(sed_apply(*re, sed, std::move(s)));
      values[row] = Value::list(std::move(out));
    } else if (!v.is_null()) {
      values[row] = Value::of(sed_apply(*re, sed, v.to_string()));
    }
  }
  input.set_column(rex.field, std::move(values));
  return input;
}

}  // namespace

Result run_rex(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& rex = body_of<ast::RexCommand>(cmd);
  const std::string* mode = rex.options.get("mode");
  if (mode && *mode == "sed") return run_sed(cmd, rex, std::move(input));
  if (mode) throw QueryError{"rex: mode=" + *mode + " is not supported (only sed)", cmd.pos};
  const std::size_t max_match = option_size(cmd, rex.options, "max_match", 1);
  auto re = command_regex(cmd, rex.regex);

  const auto& named = re->NamedCapturingGroups();  // name -> group index
  if (named.empty()) return input;
  std::vector<std::pair<std::string, int>> groups(named.begin(), named.end());
  std::vector<std::vector<Value>> out(groups.size(), std::vector<Value>(input.size()));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    int existing = input.find(groups[g].first);
    if (existing >= 0)
      for (std::size_t row = 0; row < input.size(); ++row) out[g][row] = input.get(static_cast<std::size_t>(existing), row);
  }

  int col = input.find(rex.field);
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(re->NumberOfCapturingGroups()) + 1);
  for (std::size_t row = 0; col >= 0 && row < input.size(); ++row) {
    ctx.check_cancel(row);
    Value v = input.get(static_cast<std::size_t>(col), row);
    if (v.is_null()) continue;
    const std::string text = v.is_multi() ? v.multi.front() : v.to_string();
    std::vector<std::vector<std::string>> found(groups.size());
    std::size_t pos = 0, matches = 0;
    while (pos <= text.size() && (max_match == 0 || matches < max_match)) {
      if (!re->Match(text, pos, text.size(), re2::RE2::UNANCHORED, pieces.data(), static_cast<int>(pieces.size())))
        break;
      ++matches;
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& p = pieces[static_cast<std::size_t>(groups[g].second)];
        if (p.data() != nullptr) found[g].emplace_back(p.data(), p.size());
      }
      std::size_t start = static_cast<std::size_t>(pieces[0].data() - text.data());
      std::size_t end = start + pieces[0].size();
      pos = end > start ? end : end + 1;  // an empty match must still advance
    }
    if (matches == 0) continue;  // no match: the fields stay as they were
    for (std::size_t g = 0; g < groups.size(); ++g)
      if (!found[g].empty()) out[g][row] = Value::list(std::move(found[g]));
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    bool any = input.find(groups[g].first) >= 0;
    for (std::size_t row = 0; !any && row < input.size(); ++row) any = !out[g][row].is_null();
    if (any) input.set_column(groups[g].first, std::move(out[g]));  // no empty column for no match
  }
  return input;
}

}  // namespace spelunk::commands
