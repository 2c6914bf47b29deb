// `rename A AS B, Parent* AS P_*` (R8.5): renames columns; with wildcards the parts matched by
// each `*` carry over to the new name in order. Renaming onto an existing field replaces it; a
// field that does not exist is left alone.
#include <optional>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

// Matches `name` against a glob with `*`; returns the text each `*` matched (shortest first).
bool glob_match(std::string_view pattern, std::string_view name, std::vector<std::string>& parts) {
  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == name;
  if (name.substr(0, star) != pattern.substr(0, star)) return false;
  std::string_view rest_pattern = pattern.substr(star + 1);
  std::string_view rest_name = name.substr(star);
  for (std::size_t take = 0; take <= rest_name.size(); ++take) {
    std::vector<std::string> tail;
    if (glob_match(rest_pattern, rest_name.substr(take), tail)) {
      parts.emplace_back(rest_name.substr(0, take));
      parts.insert(parts.end(), tail.begin(), tail.end());
      return true;
    }
  }
  return false;
}

// Substitutes the matched parts into the `*`s of `to`, in order (missing parts: empty).
std::string fill_stars(std::string_view to, const std::vector<std::string>& parts) {
  std::string out;
  std::size_t next = 0;
  for (char c : to) {
    if (c != '*') { out += c; continue; }
    if (next < parts.size()) out += parts[next];
    ++next;
  }
  return out;
}

}  // namespace

Result run_rename(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& rename = body_of<ast::RenameCommand>(cmd);
  for (const auto& r : rename.renames) {
    if (r.from.find('*') == std::string::npos) {
      input.rename_column(r.from, r.to);
      continue;
    }
    std::vector<std::pair<std::string, std::string>> moves;
    for (const auto& col : input.columns()) {
      std::vector<std::string> parts;
      if (glob_match(r.from, col.name, parts)) moves.emplace_back(col.name, fill_stars(r.to, parts));
    }
    for (auto& [from, to] : moves) input.rename_column(from, std::move(to));
  }
  return input;
}

}  // namespace spelunk::commands
