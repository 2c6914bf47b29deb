// Prints the canonical AST (or the rendered error) of each query given on the command line,
// or of each line of stdin: a quick way to see how the parser reads a search.
#include <iostream>
#include <string>

#include "parser/parser.hpp"

namespace {

void explain(const std::string& query) {
  const spelunk::ParseResult result = spelunk::parse_query(query);
  if (result.pipeline) {
    std::cout << spelunk::to_string(*result.pipeline) << "\n";
  } else {
    std::cout << "error: " << result.error->render(result.expanded) << "\n";
  }
  for (const auto& w : result.warnings) std::cout << "warning: " << w.message << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    for (int i = 1; i < argc; ++i) explain(argv[i]);
    return 0;
  }
  std::string line;
  while (std::getline(std::cin, line)) explain(line);
  return 0;
}
