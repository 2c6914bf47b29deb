// `spelunk lint PATH...`: checks searches without running them.
//   - always: parse errors (with file, line and column), commands this engine does not run,
//     unknown eval functions and wrong arities;
//   - with data (-d): every field a search names that no event has, with the closest names
//     (the seed's own caveat, "some fields may not match your environment").
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace spelunk::cli {

class Session;

struct LintFinding {
  std::string file;
  std::size_t line = 1, column = 1;
  bool error = true;  // false: a warning
  std::string message;
  std::string render() const;  // "file:line:col: error: message"
};

// Lints one search whose first character is at `first_line` of `file`. `session` (may be null)
// gives the data and knowledge for the field check.
std::vector<LintFinding> lint_search(const std::string& query, const std::string& file, std::size_t first_line,
                                     const Session* session);

// The subcommand: argv[0] is "lint". Exit status 0 clean (warnings allowed unless --strict),
// 1 findings, 2 bad arguments.
int run_lint_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace spelunk::cli
