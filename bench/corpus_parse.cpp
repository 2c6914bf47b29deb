// Parses the SPL corpus and prints counts per kind: parsed / unsupported command / syntax
// error, the unsupported commands by use, and the most common syntax errors.
//   build/bench/corpus_parse [corpus-dir]     (default: ../shared/corpus from the source tree)
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "tests/corpus_runner.hpp"

int main(int argc, char** argv) {
  const char* shared = std::getenv("SPELUNK_SHARED");
  const std::string dir = argc > 1  ? argv[1]
                          : shared ? std::string(shared) + "/corpus"
                                   : std::string(SPELUNK_SOURCE_DIR) + "/../shared/corpus";
  spelunk::MacroTable macros;
  const std::size_t bad_macros = spelunk::corpus::load_macros(dir + "/macros.jsonl", macros);
  const auto report = spelunk::corpus::run(dir + "/queries.jsonl", macros);
  std::cout << "macros: " << macros.names().size() << " loaded, " << bad_macros << " unreadable lines\n";
  std::cout << "unreadable query lines: " << report.bad_lines << "\n\n";
  for (const auto& [kind, c] : report.kinds) {
    std::cout << kind << ": " << c.total << " searches, " << c.parsed << " parsed, " << c.unsupported
              << " parsed with an unsupported command, " << c.syntax_errors << " syntax errors\n";
    std::vector<std::pair<std::size_t, std::string>> cmds;
    for (const auto& [name, n] : c.unsupported_commands) cmds.emplace_back(n, name);
    std::sort(cmds.rbegin(), cmds.rend());
    std::cout << "  unsupported:";
    for (const auto& [n, name] : cmds) std::cout << " " << name << "=" << n;
    std::cout << "\n";
  }
  std::vector<std::pair<std::size_t, std::string>> errors;
  for (const auto& [message, n] : report.error_messages) errors.emplace_back(n, message);
  std::sort(errors.rbegin(), errors.rend());
  std::cout << "\nmost common syntax errors:\n";
  for (std::size_t i = 0; i < errors.size() && i < 25; ++i)
    std::cout << "  " << errors[i].first << " x " << report.error_examples.at(errors[i].second) << "\n";
  return 0;
}
