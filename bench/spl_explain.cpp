// Prints the canonical AST (or the rendered error) of each query given on the command line,
// or of each line of stdin: a quick way to see how the parser reads a search.
//   spl_explain [-m macros.jsonl] [query...]
#include <iostream>
#include <string>

#include "parser/parser.hpp"
#include "tests/corpus_runner.hpp"

namespace {

spelunk::MacroTable macros;

void explain(const std::string& query) {
  const spelunk::ParseResult result = spelunk::parse_query(query, &macros);
  if (result.pipeline) {
    std::cout << spelunk::to_string(*result.pipeline) << "\n";
  } else {
    std::cout << "error: " << result.error->render(result.expanded) << "\n";
  }
  for (const auto& w : result.warnings) std::cout << "warning: " << w.message << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  if (argc > 2 && std::string(argv[1]) == "-m") {
    spelunk::corpus::load_macros(argv[2], macros);
    first = 3;
  }
  if (argc > first) {
    for (int i = first; i < argc; ++i) explain(argv[i]);
    return 0;
  }
  std::string line;
  while (std::getline(std::cin, line)) explain(line);
  return 0;
}
