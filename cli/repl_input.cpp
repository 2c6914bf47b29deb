// The REPL's input rules: when a search continues on the next line, and what Tab completes.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "cli/repl.hpp"
#include "cli/session.hpp"
#include "evaluator/command.hpp"

namespace spelunk::cli {

bool input_is_complete(std::string_view text) {
  int parens = 0, brackets = 0;
  bool quoted = false;
  char last = 0;  // last non-space character outside quotes
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '\\' && i + 1 < text.size()) ++i;
      else if (c == '"') quoted = false;
      last = '"';
      continue;
    }
    switch (c) {
      case '"': quoted = true; break;
      case '(': ++parens; break;
      case ')': parens = std::max(0, parens - 1); break;
      case '[': ++brackets; break;
      case ']': brackets = std::max(0, brackets - 1); break;
      default: break;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) last = c;
  }
  return !quoted && parens == 0 && brackets == 0 && last != '|';
}

std::vector<std::string> known_command_names() {
  // The parser's own commands (some parse before the evaluator runs them) and the registry's.
  std::set<std::string> names = {
      "append", "appendpipe", "bin", "bucket", "chart", "collect", "convert", "dedup", "eval",
      "eventstats", "fields", "fillnull", "format", "head", "inputlookup", "join", "lookup",
      "makeresults", "mvexpand", "rare", "regex", "rename", "return", "reverse", "rex", "search",
      "sort", "spath", "stats", "streamstats", "table", "tail", "timechart", "top", "transaction",
      "where"};
  for (const auto& [name, fn] : command_registry()) names.insert(name);
  return {names.begin(), names.end()};
}

std::string history_file_path() {
  if (const char* env = std::getenv("SPELUNK_HISTORY"); env && *env) return env;
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.spelunk_history";
  return {};
}

namespace {

bool word_char(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) && c != '|' && c != '(' && c != ')' && c != '[' &&
         c != ']' && c != '=' && c != ',' && c != '"' && c != '<' && c != '>' && c != '!';
}

void add_matching(std::set<std::string>& out, std::string_view word, const std::vector<std::string>& names,
                  const std::string& prefix = {}) {
  for (const auto& n : names) {
    std::string full = prefix + n;
    if (full.size() >= word.size() && std::equal(word.begin(), word.end(), full.begin())) out.insert(full);
  }
}

}  // namespace

Completion complete_input(std::string_view text, const Session& session) {
  Completion c;
  std::size_t start = text.size();
  while (start > 0 && word_char(text[start - 1])) --start;
  c.word = std::string(text.substr(start));
  std::set<std::string> found;
  if (!c.word.empty() && c.word[0] == '`') {
    add_matching(found, c.word, session.macros().names(), "`");
    c.candidates.assign(found.begin(), found.end());
    return c;
  }
  // A command name goes right after a `|` (or `[` of a subsearch).
  std::size_t before = start;
  while (before > 0 && std::isspace(static_cast<unsigned char>(text[before - 1]))) --before;
  bool command_position = before > 0 && (text[before - 1] == '|' || text[before - 1] == '[');
  if (command_position) {
    add_matching(found, c.word, known_command_names());
  } else {
    std::vector<std::string> fields = {"_time", "_raw"};
    if (session.store())
      for (auto n : session.store()->field_names()) fields.emplace_back(n);
    for (auto& n : session.knowledge().calculated_field_names()) fields.push_back(n);
    add_matching(found, c.word, fields);
  }
  c.candidates.assign(found.begin(), found.end());
  return c;
}

}  // namespace spelunk::cli
